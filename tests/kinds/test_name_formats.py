"""Name and organization formats of records written outside the project (classes, not examples)."""

from __future__ import annotations

import pytest

from boxguard import Scanner
from boxguard.kinds.person import is_bare_name

RULES = Scanner(kinds=["person_name", "organization"], models=())


def names(text: str) -> list[str]:
    return [f.value for f in RULES.scan(text) if f.kind == "person_name"]


def orgs(text: str) -> list[str]:
    return [f.value for f in RULES.scan(text) if f.kind == "organization"]


@pytest.mark.parametrize("name", ["王小明", "林潇雪", "周沐晨", "陆思语", "宋雨桐"])
def test_given_names_beyond_the_generators_characters(name: str) -> None:
    assert is_bare_name(name)
    assert names(f"收件人：{name} 电话13812345678") == [name]
    assert names(f"A-100231 | {name} | Mate 60 | 2025-01-02") == [name]
