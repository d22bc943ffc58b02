"""kinds._lazy.lazy_re: the same answers as ``re.compile``, compiled only when first used."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from boxguard.kinds import _lazy
from boxguard.kinds._lazy import LazyRegex, lazy_re

PATTERNS = [
    r"1[3-9][0-9]{9}",
    r"(?P<label>手机|电话)[:：]?(?P<value>[0-9]+)",
    r"[\u4e00-\u9fff]{2,4}",
    r"(a)|(b)",
    r"\s*",
    r"(?i)name",
]
TEXT = st.text(alphabet=st.sampled_from("ab 1389手机电话：:张伟NAMEname\n"), max_size=40)


def _same(a: object, b: object) -> bool:
    if isinstance(a, re.Match) and isinstance(b, re.Match):
        return (a.span(), a.groups(), a.groupdict()) == (b.span(), b.groups(), b.groupdict())
    return a == b


@given(st.sampled_from(PATTERNS), TEXT, st.integers(0, 5), st.integers(0, 45))
def test_every_method_answers_as_re(pattern: str, text: str, pos: int, endpos: int) -> None:
    rx, lazy = re.compile(pattern), lazy_re(pattern)
    assert _same(lazy.search(text, pos, endpos), rx.search(text, pos, endpos))
    assert _same(lazy.match(text, pos), rx.match(text, pos))
    assert _same(lazy.fullmatch(text), rx.fullmatch(text))
    assert [m.span() for m in lazy.finditer(text, pos)] == [
        m.span() for m in rx.finditer(text, pos)
    ]
    assert lazy.findall(text) == rx.findall(text)
    assert lazy.sub("#", text, 2) == rx.sub("#", text, 2)
    assert lazy.subn(lambda m: m.group().upper(), text) == rx.subn(
        lambda m: m.group().upper(), text
    )
    assert lazy.split(text, 3) == rx.split(text, 3)


def test_it_compiles_at_first_use_only_once_then_calls_re_directly() -> None:
    lazy = lazy_re(r"[0-9]+", re.ASCII)
    assert not lazy.compiled_yet
    assert lazy.findall("a1b22") == ["1", "22"]
    assert lazy.compiled_yet
    assert lazy.compiled.flags & re.ASCII
    # the compiled pattern's own method, bound on the object: no wrapper call any more
    assert lazy.search.__self__ is lazy.compiled  # type: ignore[attr-defined]
    assert lazy.compiled is lazy.compiled


def test_a_bad_pattern_fails_at_first_use_with_res_error() -> None:
    lazy = LazyRegex("(")
    try:
        lazy.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("a bad pattern compiled")


def test_the_kinds_declare_their_module_regexes_lazily() -> None:
    from boxguard.kinds import organization, person

    lazies = [
        v for m in (person, organization) for v in vars(m).values() if isinstance(v, LazyRegex)
    ]
    assert len(lazies) >= 40
    assert _lazy.__all__ == ["LazyRegex", "lazy_re"]


_FLAGS = st.sampled_from([0, re.ASCII, re.IGNORECASE, re.MULTILINE | re.DOTALL, re.VERBOSE])
_INLINE = st.lists(st.sampled_from(["(?i)", "(?a)", "(?ms)", "(?x)", "(?iu)", "(?s)"]), max_size=3)


@given(st.sampled_from(PATTERNS), _FLAGS, _INLINE)
def test_flags_are_res_without_compiling(pattern: str, flags: int, inline: list[str]) -> None:
    pattern = "".join(inline) + pattern
    try:
        expected = re.compile(pattern, flags).flags
    except (re.error, ValueError):  # (?a) with (?u): re refuses them together
        return
    lazy = lazy_re(pattern, flags)
    assert lazy.flags == expected
    assert not lazy.compiled_yet


def test_every_kinds_regex_reads_its_flags_as_re_does() -> None:
    import importlib
    import pkgutil

    from boxguard import kinds

    lazies = [
        v
        for info in pkgutil.iter_modules(kinds.__path__)
        for v in vars(importlib.import_module(f"boxguard.kinds.{info.name}")).values()
        if isinstance(v, LazyRegex)
    ]
    assert len(lazies) >= 60
    for lazy in lazies:
        assert lazy.flags == re.compile(lazy.pattern, lazy._flags).flags, lazy.pattern
