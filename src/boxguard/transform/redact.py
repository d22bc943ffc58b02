"""``redact``: remove the value.

>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> Redact().apply("13812345678", get_kind("cn_mobile"), Context())
''
>>> Redact(replacement="█").apply("13812345678", get_kind("cn_mobile"), Context())
'█'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from boxguard.kinds import Kind
from boxguard.transform.base import Context


@dataclass(frozen=True)
class Redact:
    replacement: str = ""

    name: ClassVar[str] = "redact"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        return self.replacement
