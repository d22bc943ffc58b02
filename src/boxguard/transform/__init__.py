"""Desensitizing operators and their application to text (issue 4).

Each operator is one module; all share the :class:`Operator` protocol and
take a :class:`Context` (keys, token store, per-document tag numbering).
This package is pure: no files, databases or CLI.
"""

from boxguard.transform.apply import apply_to_text
from boxguard.transform.base import Context, Operator, TokenStore
from boxguard.transform.registry import make_operator, operator_names

__all__ = ["Context", "Operator", "TokenStore", "apply_to_text", "make_operator", "operator_names"]
