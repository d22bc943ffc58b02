"""Default display masks shared by kinds (common Chinese practice).

>>> keep_ends(3, 4)("13812345678")
'138****5678'
>>> keep_ends(1, 0)("张三")
'张*'
>>> keep_ends(3, 4, sep_aware=True)("138 1234 5678")
'138 **** 5678'
"""

from __future__ import annotations

from dataclasses import dataclass

from boxguard.accel import native as _native  # KeepEnds' twin (a differential test)

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
            return _native.keep_ends(value, self.first, self.last, self.char, self.sep_aware)
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


def keep_ends(first: int, last: int, char: str = "*", sep_aware: bool = True) -> KeepEnds:
    """The :class:`KeepEnds` mask (kept as a function for the kinds' tables)."""
    return KeepEnds(first, last, char, sep_aware)


def email_mask(value: str) -> str:
    """``zhangsan@qq.com`` → ``z***@qq.com``.

    >>> email_mask("zhangsan@qq.com")
    'z***@qq.com'
    """
    user, _, domain = value.partition("@")
    return (user[:1] + "***@" + domain) if domain else keep_ends(1, 0)(value)


def hide_all(value: str) -> str:
    """Show only the length: ``******``.

    >>> hide_all("abc12")
    '*****'
    """
    return "*" * len(value)
