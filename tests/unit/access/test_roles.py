"""Roles and purposes at run time, pure: names, working hours, and how the database's
definitions merge with the rules file's (the database's role wins, whole)."""

from __future__ import annotations

import re
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.vault_support import RULES

from boxguard.access import (
    Limits,
    Purpose,
    Role,
    check_description,
    check_name,
    hours_spec,
    load_rules,
    make_role,
    parse_hours,
)
from boxguard.errors import ConfigError

FILE = load_rules(RULES, source="rules.yaml")


@st.composite
def hours(draw: st.DrawFn) -> tuple[int, int, int, int]:
    start = draw(st.integers(0, 23 * 60 + 58))
    end = draw(st.integers(start + 1, 24 * 60))
    return divmod(start, 60) + divmod(end, 60)


@given(hours())
def test_working_hours_round_trip(hm: tuple[int, int, int, int]) -> None:
    h1, m1, h2, m2 = hm
    text = f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"
    start, end = parse_hours(text)
    assert start == time(h1, m1)
    assert end == (time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2))
    assert hours_spec((start, end)) == text
    # what a role keeps is what it was given
    assert make_role("r", working_hours=text).limits == Limits(None, (start, end))


@given(st.text(max_size=12) | st.sampled_from(["09:00-18:00\n", "00:00-24:00", "23:59-24:01"]))
def test_parse_hours_accepts_only_the_hh_mm_form(text: str) -> None:
    shaped = re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)", text)
    if shaped is None:
        with pytest.raises(ConfigError, match=r"HH:MM-HH:MM|24:00"):
            parse_hours(text)
        return
    start, end = parse_hours(text)
    assert hours_spec((start, end)) == text


@pytest.mark.parametrize("bad", ["9-18", "09:00-18", "25:00-26:00", "09:60-10:00", "09:00-24:30"])
def test_bad_working_hours_are_refused(bad: str) -> None:
    with pytest.raises(ConfigError, match="working hours"):
        make_role("r", working_hours=bad)


@given(st.text(min_size=0, max_size=70) | st.sampled_from(["night\n", "*", "a b", "快递员"]))
def test_names_are_letters_digits_and_a_few_marks(name: str) -> None:
    ok = 1 <= len(name) <= 64 and all(
        (c.isascii() and (c.isalnum() or c in "_.@-")) or "一" <= c <= "龥" for c in name
    )
    if ok:
        assert check_name(name, "role") == name
    else:
        with pytest.raises(ConfigError, match="a role name is 1-64"):
            check_name(name, "role")


def test_make_role_refuses_what_a_person_can_mistype() -> None:
    with pytest.raises(ConfigError, match="0 or more"):
        make_role("r", reveals_per_hour=-1)
    with pytest.raises(ConfigError, match="start before they end"):
        make_role("r", working_hours="18:00-09:00")
    with pytest.raises(ConfigError, match="unknown time zone"):
        make_role("r", timezone="Mars/Olympus")
    with pytest.raises(ConfigError, match="one line"):
        make_role("r", "two\nlines")
    with pytest.raises(ConfigError, match="one line"):
        check_description("x" * 201)
    assert make_role("r").limits is None
    assert make_role("r", timezone="Europe/Paris").limits == Limits(timezone="Europe/Paris")


def test_the_database_role_wins_whole_and_adds_to_the_file() -> None:
    assert FILE.limits["courier"].reveals_per_hour == 3
    merged = FILE.with_stored(
        [Role("courier", "by bike", Limits(30)), Role("night", limits=Limits(5))],
        [Purpose("returns", "sent back"), Purpose("delivery")],
    )
    assert merged.roles == FILE.roles | {"night"}
    assert merged.purposes == FILE.purposes | {"returns"}
    # the stored definition replaces the file's: no working hours left
    assert merged.role("courier") == Role("courier", "by bike", Limits(30))
    assert merged.role("night") == Role("night", "", Limits(5))
    assert merged.purpose_descriptions == {"returns": "sent back"}
    # a stored role without limits has none, whatever the file said
    assert "courier" not in FILE.with_stored([Role("courier")], []).limits
    # users and grants are the file's; the merged rules check against the merged names
    assert merged.grants == FILE.grants
    assert merged.users == FILE.users
    merged.check_purposes(["returns"])
    with pytest.raises(ConfigError):
        FILE.check_purposes(["returns"])
    # the state a decision reads carries the stored limits
    assert merged.state().limits["night"] == Limits(5)


@given(
    st.lists(st.sampled_from(["courier", "dpo", "night", "owl"]), unique=True),
    st.integers(0, 100),
)
def test_merging_is_a_union_and_the_store_decides_limits(names: list[str], cap: int) -> None:
    stored = [Role(n, limits=Limits(cap)) for n in names]
    merged = FILE.with_stored(stored, [])
    assert merged.roles == FILE.roles | set(names)
    for n in merged.roles:
        expected = Limits(cap) if n in names else FILE.limits.get(n)
        assert merged.limits.get(n) == expected


def test_a_bare_role_is_one_with_nothing_to_say() -> None:
    r = load_rules("roles: {a: {}, b: {description: x}, c: {limits: {reveals_per_hour: 1}}}")
    assert [n for n in sorted(r.roles) if r.is_bare(n)] == ["a"]
    assert not r.is_bare("zzz")
