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


def mask_text(
    text: str,
    policy: str | None = None,
    role: str | None = None,
    keys: str | None = None,
    use_model: bool = True,
) -> str:
    """``text`` desensitized as ``boxguard mask`` would: ``policy`` is a shipped policy's
    name or a YAML file (default: each kind's display mask); ``keys`` a key file for keyed
    operators (default: ``BOXGUARD_KEYSET`` or ``./boxguard.keys``).

    >>> mask_text("客户手机：13812345678", use_model=False)
    '客户手机：138****5678'
    """
    from pathlib import Path

    from boxguard import services
    from boxguard.jobs.mask import masker

    engine = masker(
        services, policy, role, None if keys is None else Path(keys), use_model=use_model
    )
    return engine.text(text)


def mask_record(
    record: dict[str, object],
    policy: str | None = None,
    role: str | None = None,
    keys: str | None = None,
    use_model: bool = True,
) -> dict[str, object]:
    """A JSON record (nested objects and lists too) desensitized value by value, each read
    with its key's hints (``证件号码``, ``phone``); keys, shape and other values kept.

    >>> mask_record({"guest": {"证件号码": "G12345678", "room": 1203}}, use_model=False)
    {'guest': {'证件号码': 'G*****678', 'room': 1203}}
    """
    from pathlib import Path

    from boxguard import services
    from boxguard.jobs.mask import mask_record_with, masker

    engine = masker(
        services, policy, role, None if keys is None else Path(keys), use_model=use_model
    )
    return mask_record_with(engine, record)


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
    "mask_record",
    "mask_text",
    "scan_text",
]
