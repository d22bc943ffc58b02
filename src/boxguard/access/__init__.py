"""CORE: access rules — users, roles, purposes, grants, consent, limits → a Decision.

``decide(request, state, clock)`` allows a request only with a grant for
every field AND the person's consent to the purpose AND within the role's
limits, and names the rule that denied it. Pure functions over plain
dataclasses; the rules file (YAML or TOML) is pydantic-validated. This package
never reads a database, the clock of the machine, or a personal value.
"""

from boxguard.access.model import (
    ACTIONS,
    ANY,
    AccessState,
    Action,
    Decision,
    FieldRef,
    Grant,
    Limits,
    Purpose,
    Request,
    Role,
    User,
    can_approve,
    decide,
)
from boxguard.access.rules import (
    AccessRules,
    check_description,
    check_line,
    check_name,
    hours_spec,
    load_rules,
    make_role,
    parse_hours,
)

__all__ = [
    "ACTIONS",
    "ANY",
    "AccessRules",
    "AccessState",
    "Action",
    "Decision",
    "FieldRef",
    "Grant",
    "Limits",
    "Purpose",
    "Request",
    "Role",
    "User",
    "can_approve",
    "check_description",
    "check_line",
    "check_name",
    "decide",
    "hours_spec",
    "load_rules",
    "make_role",
    "parse_hours",
]
