"""Default display masks shared by kinds (common Chinese practice).

Each mask runs in the native core when it is built (``boxguard._native``) and keeps its
Python reference (``KeepEnds.reference``, ``*_reference`` functions) as the oracle the
differential tests compare with; a value the core cannot take (a lone surrogate, which
has no UTF-8) goes to the reference. Never import a kind module here (kinds import this).

>>> keep_ends(3, 4)("13812345678")
'138****5678'
>>> keep_ends(1, 0)("张三")
'张*'
>>> keep_ends(3, 4, sep_aware=True)("138 1234 5678")
'138 **** 5678'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from boxguard.accel import native as _native  # the masks' twins (differential tests)

#: Characters a separator-aware mask keeps in place.
SEPARATORS = frozenset(" -·.:/()（）")


@dataclass(frozen=True)
class KeepEnds:
    """A mask that keeps the first ``first`` and last ``last`` significant characters.

    Separators (space, dash, middle dot...) are kept in place when ``sep_aware``,
    so ``6222 0212 3456 7890`` masks as ``6222 **** **** 7890``. A value too
    short to show both ends keeps only its first character. Declarative, so a
    table adapter can run the same mask as a vectorised expression.
    """

    first: int
    last: int
    char: str = "*"
    sep_aware: bool = True

    def __call__(self, value: str) -> str:
        if _native is not None and len(self.char) == 1:
            try:
                return _native.keep_ends(value, self.first, self.last, self.char, self.sep_aware)
            except UnicodeEncodeError:  # a lone surrogate: not UTF-8, the reference takes it
                pass
        return self.reference(value)

    def reference(self, value: str) -> str:
        """The Python reference of the native mask (the test oracle)."""
        sep = self.sep_aware
        positions = [i for i, c in enumerate(value) if not (sep and c in SEPARATORS)]
        n = len(positions)
        keep_f = min(self.first, n)
        keep_l = min(self.last, max(n - keep_f, 0))
        if keep_f + keep_l >= n:  # too short to show anything: hide all but one end
            keep_f, keep_l = min(1, n - 1) if n > 1 else 0, 0
        hidden = set(positions[keep_f : n - keep_l])
        return "".join(self.char if i in hidden else c for i, c in enumerate(value))


def run_twin(twin: Callable[[str], str] | None, value: str, reference: Callable[[str], str]) -> str:
    """A mask's native ``twin`` on ``value`` when the core is built (``twin`` not None) and
    ``value`` is UTF-8 (a lone surrogate is not); else its Python ``reference``.

    >>> run_twin(None, "张三", hide_all_reference), run_twin(str.upper, "ab", hide_all_reference)
    ('**', 'AB')
    """
    if twin is not None:
        try:
            return twin(value)
        except UnicodeEncodeError:  # a lone surrogate: not UTF-8, the reference takes it
            pass
    return reference(value)


def keep_ends(first: int, last: int, char: str = "*", sep_aware: bool = True) -> KeepEnds:
    """The :class:`KeepEnds` mask (kept as a function for the kinds' tables)."""
    return KeepEnds(first, last, char, sep_aware)


def email_mask(value: str) -> str:
    """``zhangsan@qq.com`` → ``z***@qq.com``.

    >>> email_mask("zhangsan@qq.com")
    'z***@qq.com'
    """
    return run_twin(None if _native is None else _native.mask_email, value, email_mask_reference)


def email_mask_reference(value: str) -> str:
    """The Python reference of :func:`email_mask` (the test oracle).

    >>> email_mask_reference("a@b@c"), email_mask_reference("abc")
    ('a***@b@c', 'a**')
    """
    user, _, domain = value.partition("@")
    return (user[:1] + "***@" + domain) if domain else keep_ends(1, 0).reference(value)


def hide_all(value: str) -> str:
    """Show only the length: ``******``.

    >>> hide_all("abc12")
    '*****'
    """
    return run_twin(None if _native is None else _native.mask_hide_all, value, hide_all_reference)


def hide_all_reference(value: str) -> str:
    """The Python reference of :func:`hide_all` (the test oracle).

    >>> hide_all_reference("张三")
    '**'
    """
    return "*" * len(value)


def isdigit_ranges() -> tuple[tuple[int, int], ...]:
    """The code points where Python's ``str.isdigit`` holds, as ranges (shipped, or
    computed once: :func:`boxguard.kinds._classes.table`).

    >>> (0x30, 0x39) in isdigit_ranges(), any(lo <= 0xB2 <= hi for lo, hi in isdigit_ranges())
    (True, True)
    """
    from boxguard.kinds._classes import table  # at first use: a one-line scan needs none

    return table("isdigit")
