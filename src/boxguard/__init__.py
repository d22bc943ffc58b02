"""boxguard: keep personal information in the box.

Find, desensitize, guard, watch and trace Chinese personal information.

>>> from boxguard import scan_text
>>> [(f.kind, f.preview) for f in scan_text("客户手机：13812345678", kinds=["cn_mobile"])]
[('cn_mobile', '138****5678')]
"""

from __future__ import annotations

from collections.abc import Iterable

from boxguard.detect import EntityModel, Finding, Scanner
from boxguard.detect.scanner import DEFAULT_THRESHOLD
from boxguard.errors import BoxguardError
from boxguard.kinds import Category, Kind, all_kinds, get_kind, kind_ids

__version__ = "0.1.0"


def scan_text(
    text: str,
    kinds: Iterable[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    use_model: bool = True,
    allow: Iterable[str] = (),
) -> list[Finding]:
    """Find personal information in ``text`` with the default scanner.

    The default scanner (and its name model) is built once and reused; for
    other settings build a :class:`Scanner` yourself. ``allow``: values never
    reported (see :class:`boxguard.detect.allow.AllowList`).

    >>> [f.kind for f in scan_text("客服13800138000 客户13812345678", use_model=False,
    ...                            allow=["138-0013-8000"])]
    ['cn_mobile']
    """
    from boxguard import services

    return services.scanner(
        kinds=None if kinds is None else tuple(kinds),
        threshold=threshold,
        use_model=use_model,
        allow=tuple(allow),
    ).scan(text)


__all__ = [
    "DEFAULT_THRESHOLD",
    "BoxguardError",
    "Category",
    "EntityModel",
    "Finding",
    "Kind",
    "Scanner",
    "__version__",
    "all_kinds",
    "get_kind",
    "kind_ids",
    "scan_text",
]
