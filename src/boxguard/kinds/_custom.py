"""Kinds an organization adds for itself: employee numbers, member IDs, case numbers.

What Google DLP calls a custom infoType and Presidio a ``PatternRecognizer``: one or
more patterns, context words that raise the score (or that a candidate needs), a
GB/T 35273 category, whether it is sensitive, an optional check digit, and a display
mask that keeps a few characters at each end. Declared in boxguard.toml as
``[[kind]]`` tables, or in Python::

    >>> k = custom_kind({"id": "employee_no", "zh": "工号", "pattern": r"EMP\\d{6}",
    ...                  "context": ["工号"], "category": "education & work"})
    >>> k.category.value, k.mask("EMP204817"), k.patterns[0].score
    ('education & work', 'EM*****17', 0.6)
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from boxguard.errors import ChecksumError, ConfigError
from boxguard.kinds._checks import luhn_ok, require
from boxguard.kinds._masks import keep_ends
from boxguard.kinds._model import Category, Kind, Pattern
from boxguard.text import fold


def _luhn(value: str) -> str:
    """Luhn over the value's digits (a prefix such as ``MC`` is not part of the number)."""
    digits = "".join(c for c in value if c.isascii() and c.isdigit())
    require(luhn_ok(digits), ChecksumError, "Luhn check digit does not match")
    return value


#: The longest match a custom pattern may make: the scanner reads 512 characters beyond
#: each window's edge, for a value and its context words.
MAX_WIDTH = 256


def _width(pattern: str) -> tuple[int, int]:
    """The fewest and most characters ``pattern`` can match."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
    low, high = sre_parse.parse(pattern, re.ASCII).getwidth()
    return int(low), int(high)


#: Checks a custom kind may ask for, by name.
CHECKS = {"luhn": (_luhn, "checksum:Luhn")}


class CustomKindSpec(BaseModel):
    """One ``[[kind]]`` table; unknown keys are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    pattern: list[str] = Field(min_length=1)
    en: str | None = None
    zh: str | None = None
    category: Category = Category.BASIC
    sensitive: bool = False
    context: list[Annotated[str, Field(min_length=1)]] = []
    #: Report a candidate only with a context word near it (a bare 8-digit pattern).
    context_required: bool = False
    score: float = Field(default=0.6, ge=0.0, le=1.0)
    check: Literal["luhn"] | None = None
    #: Characters the display mask keeps at the start and at the end.
    keep: tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]] = (2, 2)
    column_hints: list[str] = []

    @field_validator("pattern", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p, re.ASCII)
            except re.error as err:
                raise ValueError(f"pattern does not compile ({err})") from None
            low, high = _width(p)
            if low == 0:
                raise ValueError("pattern matches the empty string (it would never be found)")
            if high > MAX_WIDTH:
                most = "any number of" if high > 1 << 30 else f"up to {high}"
                raise ValueError(
                    f"pattern may match {most} characters; at most {MAX_WIDTH} "
                    "(bound its repeats, e.g. {8,64})"
                )
        return patterns

    @model_validator(mode="after")
    def _can_fire(self) -> CustomKindSpec:
        if self.context_required and not (self.context or self.column_hints):
            raise ValueError("context_required needs context words or column_hints")
        return self


def _fixed_digits(rx: re.Pattern[str]) -> int:
    r"""The digits a pattern spells literally at its start, before anything else that takes
    a digit (letters and ``\b`` are passed over: FPE changes digits only).

    >>> patterns = (r"\b8888\d{12}\b", r"SF-12\d{9}", r"\d{12}", r"1[3-9]\d")
    >>> [_fixed_digits(re.compile(p)) for p in patterns]
    [4, 2, 0, 1]
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    n = 0
    for op, arg in _parser.parse(rx.pattern, rx.flags):
        if op is c.AT or (op is c.LITERAL and not chr(arg).isdigit()):
            continue
        if op is not c.LITERAL:
            break
        n += 1
    return n


def custom_kind(spec: dict[str, Any]) -> Kind:
    """A :class:`Kind` from one ``[[kind]]`` table (a ConfigError says what is wrong)."""
    try:
        s = CustomKindSpec.model_validate(spec)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "kind"
        raise ConfigError(f"{where}: {first['msg']}") from None
    validate, check = CHECKS[s.check] if s.check else (None, "pattern")
    compiled = [re.compile(p, re.ASCII) for p in s.pattern]

    fixed = [_fixed_digits(rx) for rx in compiled]

    def fpe_shape(value: str) -> int | None:
        """The digits the first pattern matching ``value`` whole fixes (``Kind.fpe_shape``)."""
        return next((n for rx, n in zip(compiled, fixed, strict=True) if rx.fullmatch(value)), None)

    def cell_shape(value: str) -> bool:
        """A cell of a column whose name hints the kind is the kind when a pattern
        matches it whole (and its check passes)."""
        folded = fold(value)
        return fpe_shape(folded) is not None and (validate is None or kind.is_valid(folded))

    kind = Kind(
        id=s.id,
        en=s.en or s.id.replace("_", " "),
        zh=s.zh or s.id,
        category=s.category,
        sensitive=s.sensitive,
        patterns=tuple(
            Pattern(f"custom_{n}", p, s.score, s.context_required) for n, p in enumerate(s.pattern)
        ),
        validate=validate,
        check=check,
        context=tuple(s.context),
        column_hints=tuple(s.column_hints),
        mask=keep_ends(*s.keep),
        validated_score=max(s.score, 0.95) if validate else 0.95,
        cell_shape=cell_shape,
        fpe_shape=fpe_shape,
    )
    return kind
