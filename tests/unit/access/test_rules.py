from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.vault_support import RULES

from boxguard.access import Grant, Limits, User, load_rules
from boxguard.errors import ConfigError

TOML = """
purposes = ["delivery", "audit"]

[roles.courier.limits]
reveals_per_hour = 20
working_hours = "09:00-18:00"
timezone = "Asia/Shanghai"

[roles.supervisor]

[[grants]]
role = "courier"
fields = ["cn_mobile", "address"]
purposes = ["delivery"]

[[grants]]
role = "supervisor"
action = "approve_export"
purposes = ["audit"]

[[users]]
name = "li.courier"
role = "courier"
"""


def test_yaml_and_toml_give_plain_rules() -> None:
    r = load_rules(TOML, source="access.toml")
    assert r.purposes == {"delivery", "audit"}
    assert r.roles == {"courier", "supervisor"}
    assert r.limits == {"courier": Limits(20, (time(9), time(18)), "Asia/Shanghai")}
    assert r.grants == (
        Grant("courier", "cn_mobile", "delivery"),
        Grant("courier", "address", "delivery"),
        Grant("supervisor", "*", "audit", "approve_export"),
    )
    assert r.users == (User("li.courier", "courier"),)
    y = load_rules(RULES, source="access.yaml")
    assert len(y.users) == 5
    assert "dpo" in y.roles


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("purposes: [a]\nroles: {r: {}}\ncolour: red\n", "rules.yaml: colour: Extra inputs"),
        (
            "purposes: [a]\nroles: {r: {limits: {per_day: 3}}}\n",
            "rules.yaml: roles.r.limits.per_day: Extra inputs",
        ),
        (
            "purposes: [a]\nroles: {r: {}}\ngrants: [{role: r, purposes: [a], scope: x}]\n",
            "rules.yaml: grants.0.scope: Extra inputs",
        ),
        (
            "purposes: [a]\nroles: {r: {}}\ngrants: [{role: q, purposes: [a]}]\n",
            "grants[0]: role 'q' is not declared",
        ),
        (
            "purposes: [a]\nroles: {r: {}}\ngrants: [{role: r, purposes: [b]}]\n",
            "grants[0]: purpose 'b' is not declared",
        ),
        (
            "purposes: [a]\nroles: {r: {}}\ngrants: [{role: r, action: peek, purposes: [a]}]\n",
            "rules.yaml: grants.0.action",
        ),
        (
            "purposes: [a]\nroles: {r: {limits: {working_hours: '9-18'}}}\n",
            "roles.r.limits.working_hours: working hours are HH:MM-HH:MM",
        ),
        (
            "purposes: [a]\nroles: {r: {limits: {working_hours: '18:00-09:00'}}}\n",
            "working hours must start before they end",
        ),
        (
            "purposes: [a]\nroles: {r: {limits: {timezone: Mars/Olympus}}}\n",
            "unknown time zone 'Mars/Olympus'",
        ),
        (
            "purposes: [a]\nroles: {r: {limits: {reveals_per_hour: -1}}}\n",
            "roles.r.limits.reveals_per_hour",
        ),
        ("purposes: ['*']\n", "purposes: purpose '*' is not a name"),
        ("- a\n- b\n", "rules.yaml: access rules are a mapping"),
        ("purposes: [a\n", "rules.yaml line 2: not valid YAML"),
    ],
)
def test_errors_name_the_file_and_the_field(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_rules(text, source="rules.yaml")
    assert message in str(err.value)


def test_bad_toml_names_the_file() -> None:
    with pytest.raises(ConfigError, match=r"^access.toml: not valid TOML"):
        load_rules("purposes = [", source="access.toml")


def test_run_time_additions_are_checked_against_the_rules() -> None:
    r = load_rules(RULES)
    r.check_grant(Grant("courier", "email", "delivery"))
    with pytest.raises(ConfigError, match="role 'pilot' is not declared"):
        r.check_grant(Grant("pilot", "email", "delivery"))
    with pytest.raises(ConfigError, match="purpose 'marketing' is not declared"):
        r.check_grant(Grant("courier", "email", "marketing"))
    with pytest.raises(ConfigError, match="role 'pilot'"):
        r.check_user(User("x", "pilot"))
    with pytest.raises(ConfigError, match="a user name"):
        r.check_user(User("x y", "courier"))
    with pytest.raises(ConfigError, match="purpose 'marketing'"):
        r.check_purposes(["delivery", "marketing"])


def test_state_merges_stored_users_and_grants() -> None:
    r = load_rules(RULES)
    s = r.state(
        users=[User("li.courier", "courier", active=False), User("new", "dpo")],
        grants=[Grant("dpo", "*", "audit")],
        consent={"v1": frozenset({"audit"})},
        reveals_last_hour={"new": 2},
    )
    assert s.users["li.courier"].active is False  # the store overrides the file
    assert s.users["new"].role == "dpo"
    assert Grant("dpo", "*", "audit") in s.grants
    assert s.consent == {"v1": frozenset({"audit"})}
    assert s.reveals_last_hour == {"new": 2}


def _rules_or_located_error(text: str) -> None:
    error: ConfigError | None = None
    try:
        load_rules(text, source="fuzz.yaml")
    except ConfigError as err:
        error = err
    assert error is None or str(error).startswith("fuzz.yaml")


@given(st.text(max_size=200))
def test_any_text_is_rules_or_a_config_error(text: str) -> None:
    _rules_or_located_error(text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: (
            st.lists(c, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "purposes",
                        "roles",
                        "grants",
                        "users",
                        "limits",
                        "role",
                        "fields",
                        "name",
                        "x",
                    ]
                ),
                c,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_any_structure_is_rules_or_a_config_error(doc: object) -> None:
    import yaml

    _rules_or_located_error(yaml.safe_dump(doc, allow_unicode=True))
