"""Operators by name, built from policy parameters with clear errors.

>>> make_operator("mask", keep_first=3, keep_last=4).name
'mask'
>>> make_operator("scramble")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
boxguard.errors.ConfigError: unknown operator 'scramble' (known: date_shift, ...)
"""

from __future__ import annotations

from typing import Any

from boxguard.errors import ConfigError
from boxguard.transform.base import Keep, Null, Operator
from boxguard.transform.date_shift import DateShift
from boxguard.transform.fpe import EncryptFPE
from boxguard.transform.generalize import Generalize
from boxguard.transform.mask import Mask
from boxguard.transform.pseudonymize import Pseudonymize
from boxguard.transform.redact import Redact
from boxguard.transform.surrogate import Surrogate
from boxguard.transform.tag import Tag
from boxguard.transform.tokenize import Tokenize

_OPERATORS: dict[str, type[Any]] = {
    cls.name: cls
    for cls in (
        DateShift,
        EncryptFPE,
        Generalize,
        Keep,
        Mask,
        Null,
        Pseudonymize,
        Redact,
        Surrogate,
        Tag,
        Tokenize,
    )
}


def operator_names() -> tuple[str, ...]:
    return tuple(sorted(_OPERATORS))


def make_operator(name: str, **params: Any) -> Operator:
    """Build operator ``name`` with ``params``; unknown names or parameters are ConfigErrors."""
    try:
        cls = _OPERATORS[name]
    except KeyError:
        known = ", ".join(operator_names())
        raise ConfigError(f"unknown operator {name!r} (known: {known})") from None
    try:
        op: Operator = cls(**params)
    except TypeError:
        fields = ", ".join(getattr(cls, "__dataclass_fields__", {})) or "none"
        raise ConfigError(f"operator {name!r} takes the parameters: {fields}") from None
    return op
