"""Regexes compiled on first use: a kinds module's module-level patterns cost nothing at import.

Importing the kinds registry used to compile 79 regexes of its own (Chinese label and
lexicon alternations among them: person.py 34, organization.py 13) before a one-line
``boxguard scan`` could read its line; most belong to finders and validators that the line
never reaches. :func:`lazy_re` declares
such a regex where ``re.compile`` stood; the first call of ``search``, ``match``,
``fullmatch``, ``finditer``, ``findall``, ``sub``, ``subn`` or ``split`` compiles it and binds
the compiled pattern's own methods to the object, so every later call costs what a call
on the ``re.Pattern`` costs.

This module must never import anything but the standard library.

>>> rx = lazy_re(r"1[3-9][0-9]{9}")
>>> rx.compiled_yet
False
>>> rx.search("手机13812345678").group()
'13812345678'
>>> rx.compiled_yet, rx.pattern
(True, '1[3-9][0-9]{9}')
>>> lazy_re("a+").sub("-", "caab")
'c-b'
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["LazyRegex", "lazy_re"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

_END = sys.maxsize

#: a pattern's global inline flags, ``(?im)``, and what each letter means
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_FLAG_OF = {
    "a": re.ASCII,
    "i": re.IGNORECASE,
    "L": re.LOCALE,
    "m": re.MULTILINE,
    "s": re.DOTALL,
    "u": re.UNICODE,
    "x": re.VERBOSE,
}


class LazyRegex:
    """A ``re.Pattern[str]`` that is compiled at its first use (same methods, same results)."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self._flags = int(flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def flags(self) -> int:
        """The compiled pattern's flags, as ``re.Pattern.flags`` gives them (inline flags and
        ``re.UNICODE`` included): the native twins read them. Read off the pattern without
        compiling it (a twin's regexes are compiled by the core): Python takes global inline
        flags only at a pattern's start.

        >>> lazy_re("(?i)abc").flags == re.compile("(?i)abc").flags, lazy_re("a").compiled_yet
        (True, False)
        """
        if self._compiled is not None:
            return self._compiled.flags
        flags, at = self._flags, 0
        while inline := _GLOBAL_FLAGS.match(self.pattern, at):
            for letter in inline[1]:
                flags |= _FLAG_OF[letter]
            at = inline.end()
        return flags if flags & (re.ASCII | re.LOCALE) else flags | re.UNICODE

    @property
    def compiled_yet(self) -> bool:
        """Whether the regex has been compiled (by a use or by :attr:`compiled`)."""
        return self._compiled is not None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:  # instance attributes shadow the methods below
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"lazy_re({self.pattern!r})"


def lazy_re(pattern: str, flags: int | re.RegexFlag = 0) -> LazyRegex:
    """``re.compile(pattern, flags)``, compiled at its first use."""
    return LazyRegex(pattern, flags)
