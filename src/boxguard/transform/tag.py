"""``tag``: replace the value with its kind, numbered per distinct value.

>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx, k = Context(), get_kind("cn_mobile")
>>> [Tag(style="zh").apply(v, k, ctx) for v in ("13812345678", "13912345678", "13812345678")]
['[手机号1]', '[手机号2]', '[手机号1]']
>>> Tag(style="id", numbered=False).apply("13812345678", k, ctx)
'<cn_mobile>'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from boxguard.kinds import Kind
from boxguard.transform.base import Context


@dataclass(frozen=True)
class Tag:
    style: Literal["id", "zh"] = "zh"
    numbered: bool = True

    name: ClassVar[str] = "tag"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        n = str(ctx.tag_number(kind.id, value)) if self.numbered else ""
        return f"[{kind.zh}{n}]" if self.style == "zh" else f"<{kind.id}{n}>"
