"""The native core finds exactly what the Python reference finds (issue 19's drift test).

The Python implementation of the pattern pass (``Scanner._pattern_candidates`` and
``Scanner._assess``) stays as the test oracle: ``Scanner(native=False)``. Every corpus
here is scanned both ways and the findings (spans, kinds, scores, evidence, values)
must be equal: the synthetic corpora, the blind held-out corpus (written apart from the
project), CLUENER's held-out split, one-line dumps (the windowed stream), and
hypothesis-generated text built from the kinds' own labels, digits and odd characters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.corpus_support import BLIND, CLUENER

from boxguard import services
from boxguard.detect import Finding, Scanner
from boxguard.models.cluener import split
from boxguard.synth.corpus import corpus
from boxguard.text import fold


@cache
def scanners(model: bool) -> tuple[Scanner, Scanner]:
    models = services.default_models() if model else ()
    return Scanner(models=models, native=True), Scanner(models=models, native=False)


def assert_same(texts: Sequence[str], model: bool = False) -> int:
    """Scan ``texts`` both ways; assert equal findings; return how many were compared."""
    native, python = scanners(model)
    got, want = native.scan_many(texts), python.scan_many(texts)
    for text, g, w in zip(texts, got, want, strict=True):
        assert g == w, f"native and Python differ on a text of {len(text)} characters"
    return sum(map(len, want))


@pytest.mark.parametrize("seed", [20261125, 20261206])
@pytest.mark.parametrize("model", [False, True])
def test_the_synthetic_corpora(seed: int, model: bool) -> None:
    assert assert_same([d.text for d in corpus(400, seed)], model) > 1000


@pytest.mark.parametrize("model", [False, True])
def test_the_blind_held_out_corpus(model: bool) -> None:
    texts = [json.loads(line)["text"] for line in BLIND.read_text("utf-8").splitlines()]
    assert assert_same(texts[:600], model) > 1000


@pytest.mark.skipif(not CLUENER.exists(), reason="CLUENER2020 is not beside the repository")
@pytest.mark.parametrize("model", [False, True])
def test_the_cluener_held_out_split(model: bool) -> None:
    _train, heldout = split(CLUENER)
    assert assert_same([r.text for r in heldout[:1500]], model) > 100


def test_a_one_line_dump_read_in_windows() -> None:
    line = "','".join(d.text.replace("\n", " ") for d in corpus(3600, 11))
    assert len(line) > 3 * 65536  # several windows of the stream
    native, python = scanners(False)
    got, want = native.scan(line), python.scan(line)
    assert got == want
    assert len(want) > 1000


def test_the_python_oracle_is_what_the_scanner_ran_before() -> None:
    """The oracle is not the native core under another name: it runs Python's ``re``."""
    _native, python = scanners(False)
    assert python._native is None
    assert _native._native is not None


_PIECES = st.sampled_from(
    "手机 电话: 身份证号 订单号: SKU: 金额 邮编 QQ 微信: 密码: 验证码 护照号 银行卡 IP: Tel ID: "
    "password:_ PNR_ \t | \n _ - , = ip= ： １３８ 〇 ſ K İ ١٢٣ x X @qq.com 138 1 0 9 110105 "
    "19900307 2345 6222 粤B A12345 E G C 京 省 市 路 号".replace("_", " ").split(" ")
)
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=19)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, _DIGITS, st.text(max_size=4)), max_size=30))
def test_generated_text(parts: list[str]) -> None:
    text = "".join(parts)
    native, python = scanners(False)
    assert native.scan(text) == python.scan(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, _DIGITS), max_size=20))
def test_generated_text_with_the_model(parts: list[str]) -> None:
    text = "".join(parts)
    native, python = scanners(True)
    assert native.scan(text) == python.scan(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.one_of(_PIECES, _DIGITS, st.text(max_size=4)), max_size=12), max_size=8)
)
def test_generated_batches(docs: list[list[str]]) -> None:
    """``scan_many`` without a model runs the batch in the core (``NativeEngine.scan_batch``)."""
    texts = ["".join(parts) for parts in docs]
    native, python = scanners(False)
    assert native.scan_many(texts) == python.scan_many(texts)
    assert native.scan_many(texts) == [native.scan(t) for t in texts]


#: One text for each way a text of a batch goes: found whole in the core (patterns,
#: finder twins, ``key=value`` siblings), finished in Python (a sibling value that is not
#: ASCII), scanned whole in Python (a record's cells, delimited or SQL; lone surrogates),
#: windowed (long), empty, nothing found.
_BRANCHES = [
    "手机13812345678，身份证110105199003078778",
    "Passenger: ZHANG San, mobile 13812345678, 不动产权第0012345号",
    "ip=10.0.20716.2838\nip=4.10.40.194 mobile=13812345678",
    "ip=8.8.4.4 ip=٣.٣.٣.٣ mobile=13812345678",
    "姓名,手机,邮编\n张伟,13812345678,100020\n李娜,13912345678,200030",
    "INSERT INTO `u` (`mobile`,`pwd`) VALUES ('13812345678','x@12345'),('13912345678','y#67890');",
    "手机13812345678\ud800 QQ:12345678",
    "无",
    "",
    "电话13812345678，" * 6000,
    "阿依古丽·买买提 13812345678",
]


@pytest.mark.parametrize("allow", [(), ("13812345678",)])
def test_every_branch_of_a_batch(allow: tuple[str, ...]) -> None:
    native = Scanner(models=(), native=True, allow=allow)
    python = Scanner(models=(), native=False, allow=allow)
    got = native.scan_many(_BRANCHES)
    assert got == python.scan_many(_BRANCHES)
    assert got == [python.scan(t) for t in _BRANCHES]
    assert sum(map(len, got)) > (5 if allow else 6000)
    # every branch was taken: done in the core, finished in Python, scanned whole
    assert native._plan is not None
    assert native._native is not None
    short = [t for t in _BRANCHES if 0 < len(t) < 60000]
    norms = [fold(t) for t in short]
    hits = native._prefilter.candidates_many(norms)
    out = native._native.scan_batch(native._plan, norms, hits, native.threshold)
    assert {type(o).__name__ for _, o in out} == {"list", "tuple", "bool"}
    rows = [row for row, _ in out]
    assert rows == sorted(set(rows))  # in order, one item a text at most
    assert len(rows) < len(short)  # none for a text with nothing found


def test_findings_compare_every_field() -> None:
    """Equality of findings covers score and evidence, so a drift in either shows."""
    a = Finding(0, 11, "cn_mobile", 0.95, ("pattern:x",), "13812345678")
    assert a != Finding(0, 11, "cn_mobile", 0.9, ("pattern:x",), "13812345678")
    assert a != Finding(0, 11, "cn_mobile", 0.95, ("pattern:y",), "13812345678")


@settings(max_examples=2000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 -·.:/()（）ab张X\u00a0é😀"), max_size=24),
    st.integers(0, 8),
    st.integers(0, 8),
    st.sampled_from("*#✱"),
    st.booleans(),
)
def test_the_keep_ends_mask(value: str, first: int, last: int, char: str, sep: bool) -> None:
    from boxguard.kinds._masks import KeepEnds

    mask = KeepEnds(first, last, char, sep)
    assert mask(value) == mask.reference(value)


_SPANS = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.integers(0, 12),
        st.sampled_from(["cn_mobile", "cn_resident_id", "person_name", "address"]),
        st.sampled_from([0.5, 0.6, 0.75, 0.95, 1.0]),
        st.sampled_from([(), ("model:crf",), ("label",), ("field",)]),
    ),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(_SPANS, st.booleans())
def test_overlap_resolution(
    spans: list[tuple[int, int, str, float, tuple[str, ...]]], model: bool
) -> None:
    """The native ranking keeps what the Python one keeps, in the same order (both sides of
    the 256-candidate cut of the Python one)."""
    from boxguard import _native
    from boxguard.detect.resolve import resolve

    native, _python = scanners(model)
    found = [Finding(s, s + n, k, sc, ev, "x" * n) for s, n, k, sc, ev in spans]
    pri, tier = native._priority, native._tier
    ranked = [(f.start, f.end, tier(f), pri.get(f.kind, 0), f.score) for f in found]
    assert [found[i] for i in _native.resolve(ranked)] == resolve(found, pri, tier)


@pytest.mark.skipif(not CLUENER.exists(), reason="CLUENER2020 is not beside the repository")
def test_crf_decoding_in_the_core() -> None:
    """The native emissions are NumPy's bit for bit (the same additions in the same order); the
    native Viterbi gives NumPy's paths; the marginals agree to 1e-12 (the order of a
    dot product's sums is BLAS's own, so bit-equality is not promised; findings round the
    score to 4 decimals and the corpus tests above compare them exactly)."""
    import numpy as np

    from boxguard.models.crf import _segments
    from boxguard.models.fastcrf import FastCrf

    path = services.default_models()[0]._path  # type: ignore[attr-defined]
    _train, heldout = split(CLUENER)
    segs = [s.group() for r in heldout[:1500] for s in _segments(r.text)]
    native, numpy = FastCrf(path, native=True), FastCrf(path, native=False)
    assert np.array_equal(native.emissions(segs)[0], numpy.emissions(segs)[0])  # bit for bit
    got, want = native.tag_many(segs), numpy.tag_many(segs)
    assert len(got) == len(want) == len(segs) > 1000
    for (gp, gm), (wp, wm) in zip(got, want, strict=True):
        assert np.array_equal(gp, wp)
        assert np.allclose(gm, wm, rtol=0, atol=1e-12)
    assert sum(bool(p.any()) for p, _m in want) > 300  # names were decoded, marginals run


_KEYS = st.sampled_from(["ip", "ip", "ip", "mobile", "tel", "a" * 24, "a" * 25, "1ip", "_k"])
_VALUES = st.sampled_from(
    [
        "4.10.40.194",
        "10.0.20716.2838",
        "8.8.4.4",
        "13812345678",
        "12345678901",
        "+852 92143063",
        "+852-9214-3063",
        "+1 415-818-3897",
        "+99 1234",
        "110105199003078778",
        "张伟",
        "１３８１２３４５６７８",
        "４.１０.４０.１９４",
        "1.2.3.4.5",
        "٣.٣.٣.٣",
        "a=b",
        "",
    ]
)
_GLUE = st.sampled_from(["", " ", "\n", "&", ";", ",", "'", '"', "\t", "\x1c", "\u3000", "x", "="])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_GLUE, _KEYS, _VALUES), min_size=1, max_size=8), st.integers(1, 4))
def test_generated_key_value_siblings(pairs: list[tuple[str, str, str]], split: int) -> None:
    """``key=value`` texts: the core marks siblings down (or hands a text with a value that
    is not ASCII back to Python) exactly as ``_siblings`` does."""
    text = "".join(f"{glue}{key}={value}" for glue, key, value in pairs)
    texts = [text, text[: len(text) // split], "ip=" + text]
    native, python = scanners(False)
    assert native.scan_many(texts) == python.scan_many(texts)


def test_siblings_are_marked_down_in_the_core() -> None:
    """A version under the same key marks an IP address down below the threshold, and the
    core does it: the text comes back done, not handed to Python."""
    alone = "ap=4.10.40.194\nip=8.8.4.4"
    text = "ap=4.10.40.194\nap=10.0.20716.2838\nip=8.8.4.4"
    native, python = scanners(False)
    assert native._native is not None
    got = native.scan_many([alone, text])
    assert got == python.scan_many([alone, text])
    ips = [[f.value for f in fs if f.kind == "ip_address"] for fs in got]
    assert ips == [["4.10.40.194", "8.8.4.4"], ["8.8.4.4"]]
    norms = [fold(alone), fold(text)]
    hits = native._prefilter.candidates_many(norms)
    assert native._plan is not None
    out = native._native.scan_batch(native._plan, norms, hits, native.threshold)
    assert [(row, type(o)) for row, o in out] == [(0, list), (1, list)]
    # a row Python scans whole (a record's cells) is skipped: no item for it
    skipped = native._native.scan_batch(native._plan, norms, hits, native.threshold, [0])
    assert [(row, type(o)) for row, o in skipped] == [(1, list)]
    with pytest.raises(ValueError, match="past the batch"):
        native._native.scan_batch(native._plan, norms, hits, native.threshold, [2])


def test_a_sibling_value_that_is_not_ascii_goes_to_python() -> None:
    """Python's classes decide a value with other digits (``٣`` is a digit to ``str``):
    the core hands the text back rather than guess."""
    text = "ip=8.8.4.4 ip=٣.٣.٣.٣"
    native, python = scanners(False)
    assert native.scan_many([text]) == python.scan_many([text]) == [[]]  # marked down
    assert [f.value for f in native.scan_many(["ip=8.8.4.4"])[0]] == ["8.8.4.4"]
    norm = fold(text)
    assert native._plan is not None
    assert native._native is not None
    hits = native._prefilter.candidates_many([norm])
    ((row, out),) = native._native.scan_batch(native._plan, [norm], hits, native.threshold)
    assert row == 0
    assert isinstance(out, tuple)


def test_the_core_builds_findings_as_finding_does() -> None:
    """With ``findings`` given, the core builds the ``Finding``s itself (no ``__init__``
    call): each is what ``Finding(...)`` builds from the same fields, frozen as ever; a class
    that is not the six-slot dataclass is refused; the garbage collector, paused while they
    are built, is on again after (and stays off if it was off), and does not track them."""
    import dataclasses
    import gc

    native = Scanner(models=(), native=True)
    texts = [t for t in _BRANCHES if 0 < len(t) < 60000] + [d.text for d in corpus(40, 7)]
    native.scan_many(texts)
    native.scan_many(texts)  # builds the plan, with the twins the first scan built
    assert native._native is not None
    assert native._plan is not None
    norms = [fold(t) for t in texts]
    hits = native._prefilter.candidates_many(norms)
    ids = list(native._kind_ids)
    args = (native._plan, norms, hits, native.threshold)
    plain = dict(native._native.scan_batch(*args))
    built, rest = native._native.scan_batch(*args, [], (Finding, texts, ids))
    rows = [row for row, got in plain.items() if isinstance(got, list)]
    assert len(rows) >= 30
    # one list per text, the texts Python finishes handed back as they are
    assert len(built) == len(texts)
    assert rest == [(row, got) for row, got in plain.items() if row not in rows]
    assert all(built[row] == [] for row in range(len(texts)) if row not in rows)
    for row in rows:
        want = [Finding(s, e, ids[k], sc, ev, texts[row][s:e]) for s, e, k, sc, ev in plain[row]]
        got = built[row]
        assert got == want
        assert [repr(f) for f in got] == [repr(f) for f in want]
        assert all(
            type(f) is Finding and hash(f) == hash(w) for f, w in zip(got, want, strict=False)
        )
        # untracked by the collector: nothing a Finding holds can refer back to it
        assert not any(gc.is_tracked(f) for f in got)
        with pytest.raises(dataclasses.FrozenInstanceError):
            got[0].start = 1  # type: ignore[misc]

    @dataclasses.dataclass
    class Other:
        start: int

    for cls in (Other, tuple):
        with pytest.raises(ValueError, match="slotted"):
            native._native.scan_batch(*args, [], (cls, texts, ids))
    with pytest.raises(ValueError, match="one text given per text"):
        native._native.scan_batch(*args, [], (Finding, texts[:1], ids))
    assert gc.isenabled()
    gc.disable()
    try:
        native._native.scan_batch(*args, [], (Finding, texts, ids))
        assert not gc.isenabled()
    finally:
        gc.enable()
