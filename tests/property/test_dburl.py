from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boxguard.dburl import SCHEMES, is_db_url, scheme, sqlalchemy_url

rests = st.text(st.characters(codec="ascii", exclude_characters=":"), max_size=30).map(
    lambda s: "//" + s
)


@given(st.sampled_from(sorted(SCHEMES)), rests)
def test_normalizing_is_idempotent_and_keeps_the_rest(name: str, rest: str) -> None:
    url = name + ":" + rest
    once = sqlalchemy_url(url)
    assert sqlalchemy_url(once) == once
    assert once.endswith(rest)
    assert is_db_url(url)
    assert is_db_url(once)


@given(st.text(st.characters(codec="utf-8", exclude_characters=":"), max_size=40))
def test_a_path_is_not_a_url(path: str) -> None:
    assert scheme(path) == ""
    assert not is_db_url(path)
    assert sqlalchemy_url(path) == path
