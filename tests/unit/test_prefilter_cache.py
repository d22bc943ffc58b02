"""The compiled prefilter is kept between runs and never changes what is found."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from boxguard import Scanner
from boxguard.detect import prefilter
from boxguard.detect.prefilter import Prefilter
from boxguard.io.cache import DirectoryCache, default_cache

PATTERNS = [r"1[3-9]\d{9}", r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}", r"@qq\.com"]
TEXTS = ["手机13812345678", "aa:bb:cc:dd:ee:ff", "z@qq.com", "无"]


def _hits(pf: Prefilter) -> list[list[int]]:
    return [sorted(pf.candidates(t)) for t in TEXTS] + [
        sorted(h) for h in pf.candidates_many(TEXTS)
    ]


def test_second_prefilter_loads_what_the_first_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    cache: dict[str, bytes] = {}
    first = Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache)
    expected = _hits(first)
    assert expected[0] == [0]
    assert expected[3] == []
    assert len(cache) == 2  # the one-match-per-pattern database and the joined-batch one

    def no_compiling(*_: object) -> None:
        raise AssertionError("compiled although the cache holds the database")

    monkeypatch.setattr(prefilter, "_build", no_compiling)
    second = Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache)
    assert second.accelerated
    assert _hits(second) == expected


def test_a_damaged_blob_is_rebuilt() -> None:
    cache: dict[str, bytes] = {}
    expected = _hits(Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache))
    for key in cache:
        cache[key] = b"not a database"
    assert _hits(Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache)) == expected
    assert all(blob != b"not a database" for blob in cache.values())


def test_other_patterns_do_not_share_a_blob() -> None:
    cache: dict[str, bytes] = {}
    Prefilter(PATTERNS, [re.ASCII] * 3, cache=cache)
    other = Prefilter([r"@163\.com"], [re.ASCII], cache=cache)
    assert sorted(other.candidates("a@163.com")) == [0]
    assert other.candidates("13812345678") == set()
    assert len(cache) == 2  # one single-match database each


def test_directory_cache_is_private_and_survives_a_new_scanner(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = Scanner(kinds=["cn_mobile", "email"], cache=DirectoryCache(folder))
    assert [f.value for f in first.scan("电话13812345678")] == ["13812345678"]
    files = sorted(p.name for p in folder.iterdir())
    assert files
    assert all(name.startswith("hyperscan-single-") for name in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    second = Scanner(kinds=["cn_mobile", "email"], cache=DirectoryCache(folder))
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
