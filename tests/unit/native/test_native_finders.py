"""The native core's finder twins find exactly what the Python finders find (issue 19).

Each finder that declares a native twin (``native_twin``: the address finders) is run
both ways on the same folded text — the Python finder is the oracle — and the spans
(offsets, scores, evidence) must be equal: on both synthetic corpora, the blind held-out
corpus, CLUENER's held-out split, a one-line dump, and hypothesis-generated address-like
text. The scanner's own differential tests (test_native_engine.py) cover the findings
the twins lead to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boxguard.accel import native
from boxguard.detect.scanner import _twin
from boxguard.kinds import Span, all_kinds
from boxguard.kinds.address import division_names, find_addresses, find_english_addresses
from boxguard.models.cluener import split
from boxguard.synth.corpus import corpus
from boxguard.text import fold, replace_surrogates

pytestmark = pytest.mark.skipif(native is None, reason="the native core is not built")

ROOT = Path(__file__).resolve().parents[3]
CLUENER = next(
    (
        p / "shared" / "data" / "cluener2020" / "train.jsonl"
        for p in (ROOT.parent, ROOT.parent.parent)  # beside the repository, or a worktree's
        if (p / "shared" / "data" / "cluener2020" / "train.jsonl").exists()
    ),
    ROOT.parent / "shared" / "data" / "cluener2020" / "train.jsonl",
)
BLIND = ROOT / "bench" / "blind" / "heldout.jsonl"

Finder = Callable[[str], Iterable[Span]]
TWINNED: list[Finder] = [
    f for k in all_kinds() for f in k.finders if getattr(f, "native_twin", None) is not None
]


def _spans(finder: Finder, norm: str) -> list[tuple[int, int, float, tuple[str, ...]]]:
    return [(s.start, s.end, s.score, s.evidence) for s in finder(norm)]


def assert_same(texts: Sequence[str]) -> int:
    """Run every twinned finder both ways on each folded text; return the spans compared."""
    n = 0
    for finder in TWINNED:
        twin = _twin(finder)
        assert twin is not None, f"{finder.__name__}'s twin was not built"
        for text in texts:
            norm = replace_surrogates(fold(text))[0]
            want = _spans(finder, norm)
            assert twin.find(native.Text(norm)) == want, f"{finder.__name__} differs"
            n += len(want)
    return n


def test_the_address_finders_have_twins() -> None:
    assert {f.__name__ for f in TWINNED} >= {"find_addresses", "find_english_addresses"}


@pytest.mark.parametrize("seed", [20261125, 20261206])
def test_the_synthetic_corpora(seed: int) -> None:
    assert assert_same([d.text for d in corpus(1500, seed)]) > 300


def test_the_blind_held_out_corpus() -> None:
    texts = [json.loads(line)["text"] for line in BLIND.read_text("utf-8").splitlines()]
    assert assert_same(texts) > 50


@pytest.mark.skipif(not CLUENER.exists(), reason="CLUENER2020 is not beside the repository")
def test_the_cluener_held_out_split() -> None:
    _train, heldout = split(CLUENER)
    assert assert_same([r.text for r in heldout]) >= 10  # news: few addresses


def test_a_one_line_dump() -> None:
    line = "','".join(d.text.replace("\n", " ") for d in corpus(2000, 11))
    assert assert_same([line]) > 100


_DIVISIONS = sorted(division_names())
_WORDS = (
    "地址： 住址: 家住 收货 address ADDRESS addreſs 省 市 区 县 镇 街道 乡 路 街 大道 巷 弄 里 "
    "道 胡同 号 号院 栋 幢 座 单元 室 房 层 楼 组 小区 花园 苑 园 公寓 大厦 村 社区 广场 中心 城 "
    "旁 对面 东侧 医院 卫生 服务中心 派出所 居委会 - , ， 。 一 二 十 百 零 Room Flat No. Road "
    "Street Ave Rd. St Lane Building Unit : ： Fuzhou Jinyuan Haidian Beijing 100020 350001 15B"
)
_PIECES = st.sampled_from([*_WORDS.split(" "), "\n", "\t", " "])
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6)
_HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(_PIECES, _DIGITS, _HAN, st.sampled_from(_DIVISIONS), st.text(max_size=3)),
        max_size=24,
    )
)
def test_generated_address_like_text(parts: list[str]) -> None:
    assert_same(["".join(parts)])


def test_python_whitespace_is_read_as_python_reads_it() -> None:
    """``\\s`` in a Unicode-mode pattern: every code point Python's ``re`` takes for a space,
    and no other (the core spells the class out)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    twin = native.NativeFinder.regex(r"\s", re.UNICODE, 1.0, [])
    got = [s for s, _e, _sc, _ev in twin.find(native.Text(every))]
    assert got == [m.start() for m in re.finditer(r"\s", every)]
    assert len(got) == 29


@pytest.mark.parametrize("pattern", [r"\d", r"\w+", r"\bx", r"[\S]", r"\N{DIGIT ONE}"])
def test_what_the_engines_read_differently_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="Unicode-mode"):
        native.NativeFinder.regex(pattern, re.UNICODE, 1.0, [])
    assert native.NativeFinder.regex(pattern.replace("\\N{DIGIT ONE}", "1"), re.ASCII, 1.0, [])


def test_a_refused_twin_leaves_the_python_finder() -> None:
    def finder(text: str) -> list[Span]:
        return [Span(0, len(text), 1.0)]

    finder.native_twin = lambda: native.NativeFinder.regex(r"\d", re.UNICODE, 1.0, [])  # type: ignore[attr-defined]
    assert _twin(finder) is None
    assert _twin(find_addresses) is not None
    assert _twin(find_english_addresses) is not None
