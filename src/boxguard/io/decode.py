"""ADAPTER: how bytes become text — BOMs, UTF-8, GB18030, and telling binary apart.

>>> sniff(b"\\xef\\xbb\\xbfhello")
'utf-8-sig'
>>> sniff("手机号码".encode("gb18030"))
'gb18030'
>>> sniff(b"\\x00\\x01\\x02binary\\x00") is None
True
>>> sniff("手机".encode() + "张伟".encode("gbk") + b" and more text after it")
'utf-8'
>>> sniff(b"ok \\xc3\\x28 " + "手机号码13812345678".encode())  # one bad byte first
'utf-8'
>>> sniff(b"log \\xff\\xff\\xff " + b"a" * 400 + "张".encode())  # a few bad bytes: not cp1251
'utf-8'

"""

from __future__ import annotations

import codecs
import threading

#: Bad bytes a UTF-8 file may hold and still be read as UTF-8 (when nothing fits better).
FEW_BAD_BYTES = 16

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def sniff(head: bytes) -> str | None:
    """The encoding of a file from its first bytes, or None when it looks binary."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head[:8192]:
        return None
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(head) - 4:  # a character cut at the end of the sample
            return "utf-8"
        lenient = head.decode("utf-8", errors="replace")
        bad = lenient.count("\ufffd")
        if (
            any(b >= 0x80 for b in head[: err.start])
            or sum(1 for c in lenient if c > "\x7f") - bad >= 2 * bad
        ):
            # valid multi-byte UTF-8 first, or mostly: UTF-8 with bad bytes (mixed encodings,
            # a damaged file), not GBK, whose byte pairs are almost never valid UTF-8; strict
            # readers fail loudly on it, lenient ones replace the bad bytes
            return "utf-8"
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    lenient = head.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= FEW_BAD_BYTES and bad * 100 <= len(head) and len(lenient) - bad < len(head) - bad:
        return "utf-8"  # UTF-8 with a few bad bytes (read replaced and counted), not cp1251
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        return None
    return str(best.encoding)


#: An ``errors=`` handler name: bad bytes become U+FFFD, as "replace" does, and are counted
#: (:func:`replaced`) so that the user hears about them.
REPLACE_COUNTED = "boxguard-replace-counted"
_REPLACED = threading.local()


def _replace_and_count(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    _REPLACED.bytes = getattr(_REPLACED, "bytes", 0) + err.end - err.start
    return "\ufffd", err.end


codecs.register_error(REPLACE_COUNTED, _replace_and_count)


def replaced(reset: bool = False) -> int:
    """Bytes replaced by :data:`REPLACE_COUNTED` in this thread since the last reset.

    >>> _ = replaced(reset=True)
    >>> b"ok \\xff\\xfe ok".decode("utf-8", REPLACE_COUNTED)
    'ok \\ufffd\\ufffd ok'
    >>> replaced()
    2
    """
    n: int = getattr(_REPLACED, "bytes", 0)
    if reset:
        _REPLACED.bytes = 0
    return n


def line_end(head: bytes) -> str:
    """The line end a file uses, from its first bytes (``\\r\\n`` or ``\\n``).

    >>> line_end(b"a,b\\r\\nc,d\\r\\n"), line_end(b"a,b\\nc")
    ('\\r\\n', '\\n')
    >>> line_end("a\\r\\n".encode("utf-16-le"))
    '\\r\\n'
    """
    nl = head.find(b"\n")
    return "\r\n" if (nl > 0 and head[nl - 1 : nl] == b"\r") or b"\r\x00\n" in head[:4096] else "\n"
