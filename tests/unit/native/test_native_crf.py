"""The default name model in the native core finds what the Python reference finds.

``CrfEntityModel(native=False)`` is the oracle: segments cut by ``_SEGMENT`` in Python,
features and decoding by ``FastCrf`` with NumPy, spans read and scored in Python. The core
(``_native.CrfModel``) does all of it in Rust. Both must give the same spans and kinds, and
scores equal to the 4 decimals the findings round to (NumPy's marginals and the core's
sum in a different order: they agree to 1e-12, not bit for bit), on the synthetic corpora,
CLUENER's held-out split, and hypothesis-generated text (long runs cut at their breaks,
person labels, digits, full-width and odd characters, lone surrogates).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.corpus_support import CLUENER

from boxguard.accel import native as _native
from boxguard.detect import Scanner
from boxguard.kinds import Span
from boxguard.models.cluener import split
from boxguard.models.crf import ALONE_MIN_CHARS, BATCH_MIN_CHARS, DEFAULT_PATH, CrfEntityModel
from boxguard.synth.corpus import corpus

pytestmark = pytest.mark.skipif(_native is None, reason="the native core is not built")


Found = list[list[tuple[str, Span]]]


@cache
def models() -> tuple[CrfEntityModel, CrfEntityModel]:
    core = CrfEntityModel(DEFAULT_PATH)
    core.build_after = 0  # the core from the first batch (not after 65,536 characters)
    return core, CrfEntityModel(DEFAULT_PATH, native=False)


def _key(found: Found) -> list[list[tuple[str, int, int, float]]]:
    return [[(k, s.start, s.end, round(s.score, 4)) for k, s in spans] for spans in found]


def assert_same(texts: Sequence[str]) -> int:
    """Find with the core and with the reference; assert equal; return the span count."""
    core, reference = models()
    got, want = core.find_many(texts), reference.find_many(texts)
    assert core._core is not None  # each ran its own path
    assert reference._core is None
    assert _key(got) == _key(want)
    for g, w in zip(got, want, strict=True):
        assert all(abs(a.score - b.score) < 1e-9 for (_, a), (_, b) in zip(g, w, strict=True))
    return sum(map(len, want))


@pytest.mark.parametrize("seed", [20261125, 20261206])
def test_the_synthetic_corpora(seed: int) -> None:
    assert assert_same([d.text for d in corpus(1500, seed)]) > 1000


@pytest.mark.skipif(not CLUENER.exists(), reason="CLUENER2020 is not beside the repository")
def test_the_cluener_held_out_split() -> None:
    _train, heldout = split(CLUENER)
    texts = [r.text for r in heldout]
    assert len(texts) > 2000
    assert assert_same(texts) > 2000


def test_the_scanner_finds_the_same_with_either() -> None:
    """Through the scanner (refined, assessed, resolved): identical findings."""
    core, reference = models()
    texts = [d.text for d in corpus(600, 7)]
    got = Scanner(models=(core,)).scan_many(texts)
    want = Scanner(models=(reference,)).scan_many(texts)
    assert got == want
    assert sum(f.kind == "person_name" for fs in want for f in fs) > 300


def test_a_small_batch_goes_to_python_crfsuite_on_both_sides() -> None:
    core, reference = models()
    texts = ["记者张伟报道", "无", "李娜说"]
    assert sum(map(len, texts)) < BATCH_MIN_CHARS
    assert (
        core.find_many(texts) == reference.find_many(texts) == [list(core.find(t)) for t in texts]
    )


#: Filler that puts a generated batch over BATCH_MIN_CHARS, so both sides run their batch path.
_FILLER = [d.text for d in corpus(60, 3)]
_WORDS = (
    "张 伟 李 娜 王 芳 欧阳 司马 诸葛 明 华 记者 报道 姓名 姓名： 收件人 旅客 联系人 法人 "
    "公司 集团 银行 有限公司 中心 局 的 在 和 说 北京 上海 。 ！ ？ ! ? ； ; , ， 、 ' \" ( ) "
    "（ ） [ ] _ \t \n \r 0 7 ١ ² ① ： : @ # / | = ＡＢ Ab x 〇 \u3000 \x02 \x03 \ud83d 😀 é"
)
_PIECES = st.sampled_from(_WORDS.replace("_", " ").split(" "))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=60).map("".join),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from("张伟李娜明华的在说,， "), min_size=380, max_size=420).map("".join),
)
def test_generated_text(texts: list[str], long_run: str) -> None:
    """Generated texts, and a run near the 400-character cut (where it is cut at a break)."""
    assert sum(map(len, _FILLER)) > 2 * BATCH_MIN_CHARS  # segments enough for the batch path
    batch = [*texts, long_run, "记者" + long_run + "说。" + long_run[::-1], *_FILLER]
    assert_same(batch)


def test_a_long_text_alone_is_a_batch_of_one() -> None:
    """``find`` of one long text (a window of a long line) runs the core as ``find_many``
    does; python-crfsuite (the reference's ``find``) tags the same spans, its marginals
    within 1e-9 (both read the same weights). A shorter text alone stays with python-crfsuite
    (no model to build)."""
    core, reference = models()
    text = "。".join(d.text for d in corpus(800, 5))
    assert len(text) >= ALONE_MIN_CHARS
    got = list(core.find(text))
    assert got == core.find_many([text])[0]
    want = list(reference.find(text))
    assert [(k, s.start, s.end) for k, s in got] == [(k, s.start, s.end) for k, s in want]
    assert all(abs(a.score - b.score) < 1e-9 for (_, a), (_, b) in zip(got, want, strict=True))
    assert len(want) > 50
    short = text[: ALONE_MIN_CHARS - 1]
    assert list(core.find(short)) == list(reference.find(short))


def test_the_core_is_built_once_python_crfsuite_has_tagged_build_after_characters() -> None:
    """A fresh model tags batches with python-crfsuite until it has tagged ``build_after``
    characters counting the batch at hand, then builds the core's model: same findings
    either side of the switch."""
    fresh, (_core, reference) = CrfEntityModel(DEFAULT_PATH), models()
    texts = [d.text for d in corpus(40, 11)]
    size = sum(map(len, texts))
    assert BATCH_MIN_CHARS <= size < fresh.build_after // 4
    assert _key(fresh.find_many(texts)) == _key(reference.find_many(texts))
    assert fresh._core is None  # a small input never builds it
    while fresh._tagged + size < fresh.build_after:
        assert _key(fresh.find_many(texts)) == _key(reference.find_many(texts))
        assert fresh._core is None
    assert _key(fresh.find_many(texts)) == _key(reference.find_many(texts))
    assert fresh._core is not None
