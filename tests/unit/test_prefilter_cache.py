"""The compiled prefilter is kept between runs and never changes what is found."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from boxguard import Scanner
from boxguard.accel import native as _native
from boxguard.detect.prefilter import Prefilter
from boxguard.io.cache import DirectoryCache, default_cache
from boxguard.text import fold

#: the core's prefilter (the regex crate's lazy DFA) is built in milliseconds and keeps
#: nothing: these are the Python package's Hyperscan databases (``Scanner(native=False)``)
BACKENDS = pytest.mark.parametrize("native", [False], ids=["package"])

PATTERNS = [r"1[3-9]\d{9}", r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}", r"@qq\.com"]
TEXTS = ["手机13812345678", "aa:bb:cc:dd:ee:ff", "z@qq.com", "无"]


def _hits(pf: Prefilter) -> list[list[int]]:
    return [sorted(pf.candidates(t)) for t in TEXTS] + [
        sorted(h) for h in pf.candidates_many(TEXTS)
    ]


@BACKENDS
def test_second_prefilter_loads_what_the_first_compiled(
    monkeypatch: pytest.MonkeyPatch, native: bool
) -> None:
    cache: dict[str, bytes] = {}
    first = Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache, native=native)
    expected = _hits(first)
    assert expected[0] == [0]
    assert expected[3] == []
    assert len(cache) == 2  # the one-match-per-pattern database and the joined-batch one

    def no_compiling(*_: object) -> None:
        raise AssertionError("compiled although the cache holds the database")

    monkeypatch.setattr(Prefilter, "_build", no_compiling)
    second = Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache, native=native)
    assert second.accelerated
    assert _hits(second) == expected


@BACKENDS
def test_a_process_compiles_a_database_once_without_a_cache(
    monkeypatch: pytest.MonkeyPatch, native: bool
) -> None:
    """A scanner built without a disk cache compiled its databases again each time (2.6 s
    for the default kinds); the process keeps the last few it compiled."""
    patterns = [*PATTERNS, r"@163\.com"]  # none of the other tests' sets
    first = Prefilter(patterns, [re.ASCII] * 4, native=native)
    expected = _hits(first)

    def no_compiling(*_: object) -> None:
        raise AssertionError("compiled again in the same process")

    monkeypatch.setattr(Prefilter, "_build", no_compiling)
    again = Prefilter(patterns, [re.ASCII] * 4, native=native)
    assert _hits(again) == expected
    cache: dict[str, bytes] = {}
    assert _hits(Prefilter(patterns, [re.ASCII] * 4, cache=cache, native=native)) == expected
    assert len(cache) == 2, "a disk cache that lacked them gets what the process had"


@BACKENDS
def test_a_damaged_blob_is_rebuilt(native: bool) -> None:
    cache: dict[str, bytes] = {}
    expected = _hits(Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache, native=native))
    for key in cache:
        cache[key] = b"not a database"
    assert _hits(Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache, native=native)) == expected
    assert all(blob != b"not a database" for blob in cache.values())


@BACKENDS
def test_other_patterns_do_not_share_a_blob(native: bool) -> None:
    cache: dict[str, bytes] = {}
    Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache, native=native)
    other = Prefilter([r"@163\.com"], [re.ASCII], cache=cache, native=native)
    assert sorted(other.candidates("a@163.com")) == [0]
    assert other.candidates("13812345678") == set()
    assert len(cache) == 2  # one single-match database each


def test_the_core_prefilter_keeps_nothing_and_passes_what_the_package_does() -> None:
    cache: dict[str, bytes] = {}
    package = _hits(Prefilter(PATTERNS, [re.ASCII] * 3))
    core = Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache, native=True)
    assert core.accelerated
    assert _hits(core) == package
    assert cache == {}


def test_directory_cache_is_private_and_survives_a_new_scanner(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = Scanner(kinds=["cn_mobile", "email"], cache=DirectoryCache(folder), native=False)
    assert [f.value for f in first.scan("电话13812345678")] == ["13812345678"]
    files = sorted(p.name for p in folder.iterdir())
    assert files
    assert all(name.startswith("hyperscan-single-") for name in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    second = Scanner(kinds=["cn_mobile", "email"], cache=DirectoryCache(folder), native=False)
    assert second.scan_many(["电话13812345678", "z@qq.com"]) == [
        first.scan("电话13812345678"),
        first.scan("z@qq.com"),
    ]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no temporary left"


def test_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    scanner = Scanner(kinds=["cn_mobile"], cache=DirectoryCache(blocker / "cache"))
    assert [f.kind for f in scanner.scan("13812345678")] == ["cn_mobile"]


def test_default_cache_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BOXGUARD_CACHE_DIR", str(tmp_path / "c"))
    cache = default_cache()
    assert cache is not None
    assert cache.folder == tmp_path / "c"
    monkeypatch.setenv("BOXGUARD_CACHE_DIR", "")
    assert default_cache() is None
    monkeypatch.delenv("BOXGUARD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache = default_cache()
    assert cache is not None
    assert cache.folder == tmp_path / "xdg" / "boxguard"


def test_keys_cannot_leave_the_folder(tmp_path: Path) -> None:
    cache = DirectoryCache(tmp_path)
    with pytest.raises(ValueError, match="plain file name"):
        cache["../escape"] = b"x"
    with pytest.raises(ValueError, match="plain file name"):
        cache.get(".hidden")


def test_a_native_scanner_prefilters_in_the_core() -> None:
    """With the native core, the scanner's prefilter is the core's: it passes every pattern
    that matches, and its batches find what the Python reference (the package's Hyperscan)
    finds."""
    from boxguard.synth.corpus import corpus

    cells = [  # a record's cells: scanned whole in Python, found out through the core's fold
        "序号 | QQ | 邮编 | 密码\n1 | 12345678 | 100080 | x@12345\n2 | 87654321 | 200030 | y#6789",
        "ＩＮＳＥＲＴ INTO u (id, qq, zip) VALUES (1, '12345678', '100080');",
        "insert into u (id, qq) values (2, '87654321');",
    ]
    texts = [d.text for d in corpus(300, 7)] + cells + ["", "无", "手机13812345678\ud800"]
    core = Scanner(native=True)
    assert core._prefilter._core is not None
    hits = core._prefilter.candidates_many(texts)
    assert isinstance(hits, _native.Hits)
    assert hits[-1] == hits[len(texts) - 1]
    with pytest.raises(IndexError):
        hits[len(texts)]
    folded_pair = core._prefilter.fold_candidates_many(texts)
    assert folded_pair is not None
    folded, again = folded_pair
    by_python = core._prefilter.candidates_many([fold(t) for t in texts])
    assert [sorted(h) for h in again] == [sorted(h) for h in by_python]
    assert folded[-1] is None  # the lone surrogate: Python folds it
    assert folded[0] == fold(texts[0])
    with pytest.raises(IndexError):
        folded[-len(texts) - 1]
    reference = Scanner(native=False)
    assert reference._prefilter._core is None
    regexes = [re.compile(c.pattern.regex, re.ASCII) for c in core._compiled]
    for text, got in zip(texts, again, strict=True):
        norm = fold(text)
        assert {i for i, rx in enumerate(regexes) if rx.search(norm)} <= got
    found = core.scan_many(texts)
    assert found == reference.scan_many(texts)
    assert [f.kind for f in found[300]] == ["qq_number", "postal_code", "credential"] * 2
