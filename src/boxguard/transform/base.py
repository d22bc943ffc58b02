"""What an operator is, and the context it runs in.

>>> from boxguard.kinds import get_kind
>>> ctx = Context()
>>> Keep().apply("13812345678", get_kind("cn_mobile"), ctx)
'13812345678'
>>> Null().apply("13812345678", get_kind("cn_mobile"), ctx)
''
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol, runtime_checkable

from boxguard.crypto.keys import Keyset
from boxguard.errors import ConfigError
from boxguard.kinds import Kind


@runtime_checkable
class TokenStore(Protocol):
    """A port: the token table behind ``tokenize`` (SQLite by default)."""

    def token_for(self, kind_id: str, value: str, new_token: str) -> str:
        """The token already given to ``value`` of ``kind_id``, or store ``new_token``."""
        ...

    def value_of(self, token: str) -> str | None:
        """The value a token stands for, or None."""
        ...


class MemoryTokenStore:
    """An in-memory token table (tests, one-shot runs)."""

    def __init__(self) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_token: dict[str, str] = {}

    def token_for(self, kind_id: str, value: str, new_token: str) -> str:
        key = (kind_id, value)
        if key not in self._by_value:
            self._by_value[key] = new_token
            self._by_token[new_token] = value
        return self._by_value[key]

    def value_of(self, token: str) -> str | None:
        return self._by_token.get(token)


@dataclass
class Context:
    """What operators may need beyond the value: keys, tokens, numbering, a subject."""

    keyset: Keyset | None = None
    tokens: TokenStore = field(default_factory=MemoryTokenStore)
    #: The person a record is about (date_shift shifts all their dates alike).
    subject: str | None = None
    _tags: dict[tuple[str, str], int] = field(default_factory=dict)

    def require_keyset(self, operator: str) -> Keyset:
        if self.keyset is None:
            raise ConfigError(f"operator {operator!r} needs a keyset and none was given")
        return self.keyset

    def tag_number(self, kind_id: str, value: str) -> int:
        """1, 2, 3... per distinct value of a kind, stable within this context."""
        key = (kind_id, value)
        if key not in self._tags:
            self._tags[key] = 1 + sum(1 for k, _ in self._tags if k == kind_id)
        return self._tags[key]


class Operator(Protocol):
    """Transforms one value of a kind."""

    name: ClassVar[str]
    #: True when `boxguard unmask` can give the value back.
    reversible: ClassVar[bool]

    def apply(self, value: str, kind: Kind, ctx: Context) -> str: ...


@dataclass(frozen=True)
class Keep:
    """Leave the value as it is."""

    name: ClassVar[str] = "keep"
    reversible: ClassVar[bool] = True

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        return value


@dataclass(frozen=True)
class Null:
    """Replace the value with nothing (tables: an empty cell)."""

    name: ClassVar[str] = "null"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        return ""
