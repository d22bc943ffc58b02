"""Shortcuts taken for speed give exactly what the plain version gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.accel import native as core
from boxguard.detect.prefilter import Prefilter
from boxguard.kinds import address
from boxguard.kinds import organization as person
from boxguard.synth.corpus import corpus

# Chinese text dense in organization suffixes, stop words, division names and brackets.
_PIECES = st.sampled_from(
    [
        *person._ORG_SUFFIX.split("|"),
        "在",
        "于",
        "的",
        "任职",
        "北京",
        "呼和浩特",
        "和田",
        "华信",
        "科技",
        "（",
        ")",
        "，",
        "1",
        "a",
        "\n",
    ]
)
_ORG_TEXT = st.lists(
    st.one_of(_PIECES, st.characters(min_codepoint=0x4E00, max_codepoint=0x4E2F)), max_size=90
).map("".join)


@settings(max_examples=1500)
@given(_ORG_TEXT)
def test_organization_matches_from_suffixes_equal_the_regex(text: str) -> None:
    full = [m.span() for m in person._ORG_RX.finditer(text)]
    assert person._org_matches(text) == full


def _division_by_every_length(text: str, i: int) -> int:
    names = address.division_names()
    return next(
        (n for n in range(13, 1, -1) if len(text[i : i + n]) == n and text[i : i + n] in names), 0
    )


@given(_ORG_TEXT, st.integers(0, 100))
def test_division_lookup_equals_trying_every_length(text: str, i: int) -> None:
    assert address.starts_with_division(text, i) == _division_by_every_length(text, i)


# Address-shaped Chinese: optional parts in an address's order, with noise between them.
_NOISE = st.one_of(
    st.just(""),
    st.sampled_from(["，", "a", "-", "5", "十", "的", "里", "城", "同", "道", "场", "家住"]),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E2F),
)
_PART = [
    ["广东省", "内蒙古自治区"],
    ["深圳市", "呼和浩特", "黔南布依族苗族自治州"],
    ["南山区", "和田县"],
    ["粤海街道", "沙河镇"],
    ["科技园南路", "长安大街", "一二三胡同", "8弄", "深南大道"],
    ["18号", "3号院", "十二号"],
    ["阳光花园", "华信小区", "国贸大厦", "新村", "东方广场", "会展中心", "建国里"],
    ["3栋", "2单元", "1201室", "5号楼", "6层"],
]
_ADDRESS_TEXT = st.lists(
    st.tuples(
        _NOISE, *(st.one_of(st.just(""), st.sampled_from(options)) for options in _PART), _NOISE
    ).map("".join),
    max_size=3,
).map("".join)


@settings(max_examples=1500)
@given(_ADDRESS_TEXT)
def test_guarded_address_regex_equals_the_plain_one(text: str) -> None:
    plain = re.compile(address._ADDRESS_BODY)
    assert [m.span() for m in address._ADDRESS.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


_SCANNER = Scanner(models=())
_REGEXES = [re.compile(c.pattern.regex, c.flags) for c in _SCANNER._compiled]
_PREFILTERS = {
    native: Prefilter([rx.pattern for rx in _REGEXES], [rx.flags for rx in _REGEXES], native=native)
    for native in (True, False)
}
_RECORDS = st.lists(
    st.one_of(
        st.sampled_from(
            ["13812345678", "aa:bb:cc:dd:ee:ff", "11010519491231002X", "收件人", "公司"]
        ),
        st.text(max_size=12),
    ),
    max_size=6,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_RECORDS, max_size=150))
def test_joined_prefilter_flags_every_pattern_a_single_text_would(texts: list[str]) -> None:
    pf: Prefilter = _SCANNER._prefilter
    for one, many in zip([pf.candidates(t) for t in texts], pf.candidates_many(texts), strict=True):
        assert one <= many


_DOCS = [d.text for d in corpus(60, 7)]
# slices of synthetic records glued together: every value cut at each of its edges and
# butted against digits, letters, dots, newlines and the text's own start and end
_GLUED = st.lists(
    st.tuples(st.sampled_from(_DOCS), st.integers(0, 400), st.integers(0, 60)).map(
        lambda d: d[0][d[1] : d[1] + d[2]]
    )
    | st.sampled_from(["1", "a", "Z", ".", "-", " ", "\n", "/", ":", "_", "号"]),
    max_size=6,
).map("".join)


@pytest.mark.parametrize("native", [True, False], ids=["core", "package"])
@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_GLUED, min_size=1, max_size=80))
def test_the_prefilter_passes_every_pattern_a_text_matches(texts: list[str], native: bool) -> None:
    """The prefilter (its patterns' edges rewritten for one text at a time, see ``_edged``)
    passes each pattern whose regex matches: one at a time and in a batch, dense or not."""
    pf = _PREFILTERS[native]
    for text, one, many in zip(
        texts, [pf.candidates(t) for t in texts], pf.candidates_many(texts), strict=True
    ):
        for i, rx in enumerate(_REGEXES):
            if rx.search(text):
                assert i in one, (i, rx.pattern)
                assert i in many, (i, rx.pattern)


def test_anchored_patterns_always_run_on_a_joined_batch() -> None:
    pf = Prefilter([r"^abc", r"xyz$", r"1[3-9]\d{9}"], [re.ASCII] * 3)
    hits = pf.candidates_many(["无", "x abc", "13812345678"])
    assert all({0, 1} <= h for h in hits)
    assert [2 in h for h in hits] == [False, False, True]


@settings(max_examples=40, deadline=None)
@given(st.lists(_RECORDS, max_size=40))
def test_scan_many_equals_scanning_one_by_one(texts: list[str]) -> None:
    assert _SCANNER.scan_many(texts) == [_SCANNER.scan(t) for t in texts]


@given(st.lists(st.one_of(st.text(), _ORG_TEXT), max_size=20))
def test_folding_a_batch_equals_folding_each(texts: list[str]) -> None:
    from boxguard.text import fold, fold_many

    assert fold_many(texts) == [fold(t) for t in texts]


def test_a_batch_database_that_does_not_compile_means_text_by_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pattern Hyperscan takes only with its edges (``_edged``) has no joined database:
    a batch is then prefiltered one text at a time, with the same hits (the Python
    package's prefilter: the core's has no joined scan)."""
    native = False
    rx = [r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", r"@qq\.com"]
    texts = ["电话13812345678", "无", "a@qq.com", "113812345678", "138123456789"]
    expected = [Prefilter(rx, [re.ASCII] * 2, native=native).candidates(t) for t in texts]
    pf = Prefilter(rx, [re.ASCII] * 2, native=native)
    load = pf._load
    tries: list[str] = []

    def no_batch(name: str, *args: object, **kw: object) -> object:
        tries.append(name)
        return None if name == "batch" else load(name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pf, "_load", no_batch)
    assert [set(h) for h in pf.candidates_many(texts)] == expected
    assert [set(h) for h in pf.candidates_many(texts)] == expected
    assert tries.count("batch") == 1  # tried once, not at every batch
    assert expected[0] == {0}
    assert expected[3] == expected[4] == set()  # a longer digit run: the edges hold


_ONE_CLASS = st.sampled_from(
    ["[0-9]", "[^\\n]", "[A-Za-z]", "\\d", "\\w", "\\s", "[]a]", "[^]a]", "[\\]x]", "[-.]", "[号]"]
)
#: a body and a text it matches
_BODIES = [("[0-9]{3}", "123"), ("a+b", "aab"), ("号码", "号码"), ("x", "x"), ("[0-9]{2}|ab", "12")]
_AROUND = st.text(alphabet="0123456789ab]x.-号码\n z", max_size=3)


@st.composite
def _edged_cases(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A pattern with one-character-class lookarounds (and maybe more lookaheads after), and
    texts holding its body between arbitrary characters."""
    body, sample = draw(st.sampled_from(_BODIES))
    more = draw(st.sampled_from(["", "(?!\\.[0-9])", "(?![0-9]|z)", "(?=[a-z])"]))
    pattern = f"(?<!{draw(_ONE_CLASS)}){body}(?!{draw(_ONE_CLASS)}){more}"
    texts = draw(st.lists(st.tuples(_AROUND, _AROUND), min_size=1, max_size=8))
    return pattern, [a + sample + b for a, b in texts]


@settings(max_examples=150, deadline=None)
@given(case=_edged_cases())
def test_edges_of_any_one_character_class_keep_the_prefilter_a_superset(
    case: tuple[str, list[str]],
) -> None:
    """``_edged`` on lookarounds of any one-character class (``]`` first, negated, escaped,
    ``\\d``-like, multibyte), with other lookaheads after: nothing the regex matches is lost."""
    pattern, texts = case
    rx = re.compile(pattern, re.ASCII)
    for native in (True, False):
        pf = Prefilter([pattern], [re.ASCII], native=native)
        many = pf.candidates_many(texts)
        for text, hits in zip(texts, many, strict=True):
            if rx.search(text):
                assert 0 in pf.candidates(text), (pattern, text)
                assert 0 in hits, (pattern, text)


_ATOMS = st.sampled_from(
    ["a", "b", "A", "1", "2", ".", "-", "号", " ", "\\n", "\\.", "\\-", "\\号", "K", "ſ", "&",
     "[ab]", "[^a]", "[0-9]", "[^\\d]", "[\\w-]", "[]a]", "[a&&b]", "[\\s号]", "[^A-Z]", "[~]",
     "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", ".", "^", "$", "\\A", "\\Z",
     "\\x41", "\\u53f7", "\\t"]
)  # fmt: skip


@st.composite
def _python_regexes(draw: st.DrawFn, depth: int = 0) -> str:
    """A regex in Python's syntax from atoms, groups of every kind, lookarounds, inline
    flags, quantifiers and alternations (it may not compile: the test skips it)."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.booleans()):
            inner = draw(_python_regexes(depth + 1))
            opener = draw(
                st.sampled_from(
                    ["(", "(?:", "(?P<g{}>", "(?=", "(?!", "(?i:", "(?s:", "(?-i:", "(?m:"]
                )
            )
            part = opener.format(draw(st.integers(0, 10**6))) + inner + ")"
        elif draw(st.integers(0, 5)) == 0:  # a look-behind of one character
            part = draw(st.sampled_from(["(?<=", "(?<!"])) + draw(_ATOMS) + ")"
        else:
            part = draw(_ATOMS)
        # a group repeats a fixed number of times at most: nested variable repeats
        # (`(a*)*`) take Python's backtracking exponential time on a miss
        quantifier = draw(
            st.sampled_from(
                ["", "?", "{2}"]
                if part.startswith("(")
                else ["", "", "", "*", "+", "?", "{2}", "{1,3}", "{,2}", "*?"]
            )
        )
        parts.append(part + quantifier)
    body = "".join(parts)
    if draw(st.integers(0, 4)) == 0:
        body += "|" + draw(_python_regexes(depth + 1)) if depth < 2 else ""
    return body


def _python_takes(pattern: str, flags: int) -> re.Pattern[str] | None:
    """``pattern`` compiled, or None when it is no regex."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # FutureWarning: a set operation ahead in a class
        try:
            return re.compile(pattern, flags)
        except re.error:
            return None


_REGEX_TEXT = st.text(alphabet="ab AB12.-号\n\tKk\u212aſs&~]_", max_size=12)


@settings(max_examples=600, deadline=None)
@given(
    pattern=_python_regexes(),
    flags=st.sampled_from([0, re.IGNORECASE, re.DOTALL, re.MULTILINE]),
    texts=st.lists(_REGEX_TEXT, min_size=1, max_size=8),
)
def test_a_pattern_rewritten_for_the_core_matches_wherever_python_does(
    pattern: str, flags: int, texts: list[str]
) -> None:
    """``_for_core`` on any regex: the core's prefilter passes it on every text Python's
    regex matches (Python's ASCII mode against the regex crate's Unicode one: case
    folding, ``$`` before a final newline, classes with ``&&`` or ``]``, lookarounds)."""
    rx = _python_takes(pattern, re.ASCII | flags)
    if rx is None:
        return  # not a regex: nothing to hold
    pf = Prefilter([pattern], [re.ASCII | flags], native=True)
    for text, many in zip(texts, pf.candidates_many(texts), strict=True):
        if rx.search(text):
            assert 0 in pf.candidates(text), (pattern, text)
            assert 0 in many, (pattern, text)


def test_most_patterns_are_rewritten_for_the_core() -> None:
    """The kinds' patterns all run in the core's DFA but for those it cannot read."""
    from boxguard.detect.prefilter import _for_core

    missed = [c.pattern.regex for c in _SCANNER._compiled if not _for_core(c.pattern.regex)]
    assert not missed
    regexes = [c.pattern.regex for c in _SCANNER._compiled]
    assert not Prefilter(regexes, [re.ASCII] * len(regexes), native=True)._always


@settings(max_examples=400, deadline=None)
@given(pattern=_python_regexes(), texts=st.lists(_REGEX_TEXT, min_size=1, max_size=8))
def test_a_pattern_searched_within_the_prefilters_bounds_finds_what_it_finds_everywhere(
    pattern: str, texts: list[str]
) -> None:
    """The core searches a pattern only from the first of its DFA match ends less its
    longest match to the last less its shortest (``_core_pair``): the same candidates as
    searching the whole text, for any regex PCRE2 takes."""
    from boxguard import _native

    kind = ("k", [], [], (4, 4), 0.9, False, 0, False, None)
    try:
        engine = _native.NativeEngine([kind], [(0, "p", pattern, 0.6, False)])
    except ValueError:
        return  # not a regex PCRE2 takes
    if _python_takes(pattern, re.ASCII) is None:
        return
    pf = Prefilter([pattern], [re.ASCII], native=True)
    bounded = pf.candidates_many(texts)
    plan = _native.NativePlan(1, [])
    everywhere = [{0} for _ in texts]
    assert engine.scan_batch(plan, texts, bounded, 0.0) == engine.scan_batch(
        plan, texts, everywhere, 0.0
    ), pattern


# Records under headers and SQL inserts: delimiters, quotes, spaces Python strips, the
# letters Python's case-insensitive INSERT also takes (İ, ı, ſ), names a column may have.
_COLUMN = st.sampled_from(["姓名", "手机", "订单号", "备注", "id", "Name", "a1", "x(y)", ""])
_QUOTE = st.sampled_from(["", "`", '"', "'", "[", " ", "\u3000", "\x1c"])
_SPACE = st.sampled_from(["", " ", "\t", "\u3000", "\n"])


@st.composite
def _table(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.tuples(_QUOTE, _COLUMN, _QUOTE).map("".join), min_size=1, max_size=4))
    if draw(st.booleans()):  # a header, rows under it
        sep = draw(st.sampled_from(["\t", "|", ",", "，", ";"]))
        value = st.sampled_from(["1", "张伟", "'x'", "", "23"])
        width = len(names) + draw(st.sampled_from([0, 0, 0, 1, -1]))
        rows = draw(st.lists(st.lists(value, min_size=width, max_size=width), max_size=3))
        lines = [sep.join(names), *(sep.join(r) for r in rows)]
    else:  # an insert
        words = [draw(st.sampled_from(w)) for w in (["INSERT", "insert", "İnſert", "InSeRt"],
                                                    ["INTO", "into", "ınto"],
                                                    ["VALUES", "values", "vaLueſ"])]  # fmt: skip
        ws = [draw(_SPACE) for _ in range(4)]
        head = f"{words[0]}{ws[0]}{words[1]}{ws[1]}`t`{ws[2]}({','.join(names)}){ws[3]}{words[2]}"
        values = ",".join(draw(st.sampled_from(["1", "'张伟'", "NULL"])) for _ in names)
        lines = [head + f" ({values})" * draw(st.integers(0, 2))]
    noise = draw(st.lists(st.sampled_from(["备注", "a,b", "\n", " "]), max_size=3))
    return "".join(noise[:1]) + "\n".join(lines) + "".join(noise[1:])


@settings(max_examples=400)
@given(texts=st.lists(_table(), min_size=1, max_size=12), wanted=st.sets(_COLUMN, min_size=3))
def test_the_cores_table_filter_keeps_every_text_with_cells(
    texts: list[str], wanted: set[str]
) -> None:
    """``Folded.tabular`` (the core's filter before ``record_cells``) keeps every text in
    which Python finds a cell of a wanted column."""
    from boxguard.detect.records import record_cells

    if core is None:
        pytest.skip("the core is not built")
    folded, _ = core.NativePrefilter([("x", "x")]).fold_candidates_many(texts)

    def asked(name: str) -> bool:
        return name in wanted

    kept = set(folded.tabular(list(range(len(texts))), asked))
    for row, text in enumerate(texts):
        if any(record_cells(folded[row] or text, asked)):
            assert row in kept, text


@settings(max_examples=1000)
@given(st.text(st.sampled_from("0123456789,，\t|;；\na张"), max_size=40))
def test_the_record_names_trigger_matches_where_its_plain_spelling_does(text: str) -> None:
    from boxguard.kinds.person import _RECORD_TRIGGER, _RECORD_TRIGGER_PLAIN

    plain = re.search(_RECORD_TRIGGER_PLAIN, text) is not None
    assert (re.search(_RECORD_TRIGGER, text) is not None) == plain
