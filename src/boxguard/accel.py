"""The native core (``boxguard._native``, Rust built by maturin), or None.

None in a source tree that was never compiled, or when ``BOXGUARD_NATIVE`` is ``0`` (or
false, no, off: the Python reference then runs everywhere, the oracle the differential tests
compare with). The one place that imports the extension, at the bottom of the layers.

>>> native is None or native.fold("１２３") == "123"
True
"""

from __future__ import annotations

import os

try:
    from boxguard import _native as native
except ImportError:  # pragma: no cover - a source tree that was never built
    native = None  # type: ignore[assignment]
if os.environ.get("BOXGUARD_NATIVE", "").strip().lower() in ("0", "false", "no", "off"):
    native = None  # type: ignore[assignment]

__all__ = ["native"]
