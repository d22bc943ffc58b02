"""``mask``: keep the first N and last M characters, hide the rest.

Without parameters the kind's default display mask applies (身份证
``110***********123X``, 手机 ``138****5678``, 姓名 ``张*``...).

>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> Mask().apply("13812345678", get_kind("cn_mobile"), Context())
'138****5678'
>>> Mask(keep_first=0, keep_last=4, char="#").apply("13812345678", get_kind("cn_mobile"), Context())
'#######5678'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from boxguard.kinds import Kind
from boxguard.kinds._masks import keep_ends
from boxguard.transform.base import Context


@dataclass(frozen=True)
class Mask:
    keep_first: int | None = None
    keep_last: int | None = None
    char: str = "*"

    name: ClassVar[str] = "mask"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        return self.function(kind)(value)

    def function(self, kind: Kind) -> Callable[[str], str]:
        """The plain function this mask applies to ``kind`` (a table adapter may vectorise it)."""
        if self.keep_first is None and self.keep_last is None and self.char == "*":
            return kind.mask
        return keep_ends(self.keep_first or 0, self.keep_last or 0, self.char)
