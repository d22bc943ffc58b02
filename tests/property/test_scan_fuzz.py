"""Fuzz the whole scanner: arbitrary Unicode never raises and offsets stay inside the text."""

from __future__ import annotations

import contextlib
import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.kinds import all_kinds
from boxguard.text import fold

_SCANNER = Scanner(models=())

# Text that looks like what we scan: digits, separators, labels, CJK, emoji, full-width.
_ALPHABET = st.sampled_from(
    [
        *list("0123456789０１２３４５６７８９Xx-+ ()（）:：@._/·\t\n"),
        "手机",
        "身份证",
        "验证码",
        "QQ",
        "微信",
    ]
)
_realistic = st.lists(st.one_of(_ALPHABET, st.characters()), max_size=80).map("".join)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), _realistic))
def test_scan_never_raises_and_offsets_point_into_text(text: str) -> None:
    findings = _SCANNER.scan(text)
    last_end = 0
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.value == text[f.start : f.end]
        assert 0.0 <= f.score <= 1.0
        assert f.start >= last_end, "findings never overlap and come in order"
        last_end = f.end


#: Any code point, lone surrogates too (JSON's "\ud83d" of a cut emoji), beside Chinese words
#: so that the name model reads them.
_ANY_CODE_POINT = st.lists(
    st.one_of(
        st.sampled_from(["记者", "张伟", "报道", "华信公司"]),
        st.characters(blacklist_categories=()),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, blacklist_categories=()),
    ),
    max_size=30,
).map("".join)


@functools.cache
def _with_model() -> Scanner:
    from boxguard import services

    return Scanner(models=services.default_models(False))


@settings(max_examples=80, deadline=None)
@given(st.one_of(_ANY_CODE_POINT, _realistic))
def test_scan_with_the_name_model_takes_any_code_point(text: str) -> None:
    scanner = _with_model()
    single, batch = scanner.scan(text), scanner.scan_many([text, text * 40])
    assert batch[0] == single
    for found, n in ((single, len(text)), (batch[1], 40 * len(text))):
        assert all(0 <= f.start < f.end <= n for f in found)


@given(st.text())
def test_fold_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)


_FULL_WIDTH = st.lists(
    st.one_of(
        st.characters(min_codepoint=0xFF00, max_codepoint=0xFF60), _ALPHABET, st.characters()
    ),
    max_size=60,
).map("".join)


@given(st.one_of(st.text(), _FULL_WIDTH))
def test_fold_equals_translating_every_character(text: str) -> None:
    from boxguard.text import _TABLE

    assert fold(text) == text.translate(_TABLE)


@given(st.text(), st.sampled_from([k for k in all_kinds() if k.validate is not None]))
def test_validators_raise_only_validation_errors(text: str, kind) -> None:  # type: ignore[no-untyped-def]
    from boxguard.errors import ValidationError

    with contextlib.suppress(ValidationError):
        kind.validate(text)


@given(st.text())
def test_masks_never_raise(text: str) -> None:
    for kind in all_kinds():
        assert isinstance(kind.mask(text), str)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(max_size=80), max_size=12))
def test_scan_many_is_scan_per_text(texts: list[str]) -> None:
    scanner = Scanner(models=())
    assert scanner.scan_many(texts) == [scanner.scan(t) for t in texts]
