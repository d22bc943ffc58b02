"""ADAPTER: how bytes become text — BOMs, UTF-8, GB18030, Big5, and telling binary apart.

>>> sniff(b"\\xef\\xbb\\xbfhello")
'utf-8-sig'
>>> sniff("手机号码".encode("gb18030"))
'gb18030'
>>> sniff("客戶姓名：陳美玲，手機：0912345678".encode("big5"))
'cp950'
>>> sniff(b"\\x00\\x01\\x02binary\\x00") is None
True
>>> sniff("手机：13812345678\\n".encode("utf-16-le")), sniff("Tel 138".encode("utf-16-be"))
('utf-16-le', 'utf-16-be')
>>> sniff("手机".encode() + "张伟".encode("gbk") + b" and more text after it")
'utf-8'
>>> sniff(b"ok \\xc3\\x28 " + "手机号码13812345678".encode())  # one bad byte first
'utf-8'
>>> sniff(b"log \\xff\\xff\\xff " + b"a" * 400 + "张".encode())  # a few bad bytes: not cp1251
'utf-8'

"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable

#: Bad bytes a UTF-8 file may hold and still be read as UTF-8 (when nothing fits better).
FEW_BAD_BYTES = 16

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


#: Control characters text holds (tab, line ends, form feed).
_TEXT_CONTROLS = frozenset("\t\n\r\f")


def _utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM (a Windows export), told from binary by its NUL bytes: on one
    side of the byte pairs (ASCII characters: at least a quarter of them), four times as
    many as on the other (一 is U+4E00), and the sample decoding to text without other
    control characters; else None (binary)."""
    pairs = sample[: len(sample) // 2 * 2]
    low, high = pairs[0::2].count(0), pairs[1::2].count(0)
    for name, nul, other in (("utf-16-le", high, low), ("utf-16-be", low, high)):
        if nul < 4 * other or nul * 4 < len(pairs) // 2:
            continue
        try:
            text = pairs.decode(name)
        except UnicodeDecodeError:  # a pair cut at the end of the sample, or not UTF-16
            try:
                text = pairs[:-2].decode(name)
            except UnicodeDecodeError:
                continue
        if not any(c < " " and c not in _TEXT_CONTROLS for c in text):
            return name
    return None


def sniff(head: bytes) -> str | None:
    """The encoding of a file from its first bytes, or None when it looks binary."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head[:8192]:
        return _utf16(head[:8192])
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
    chinese = _chinese(head)
    if chinese is not None:
        return chinese
    lenient = head.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= FEW_BAD_BYTES and bad * 100 <= len(head) and len(lenient) - bad < len(head) - bad:
        return "utf-8"  # UTF-8 with a few bad bytes (read replaced and counted), not cp1251
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        return None
    return str(best.encoding)


def _decodes(head: bytes, encoding: str) -> str | None:
    """``head`` decoded strictly, a character cut at its end aside; None when it is not."""
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode(encoding)
        except UnicodeDecodeError as err:
            if err.start < len(head) - 4:
                return None
    return None


def _wide(text: str) -> list[str]:
    """The first non-ASCII characters of ``text`` (a sample to score a reading by)."""
    return [c for c in text if c > "\x7f"][:4096]


#: Chinese punctuation and full-width forms: everyday in either encoding.
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u00b7]")


def _everyday(chars: list[str], common: Callable[[str], bool]) -> float:
    """Share of ``chars`` that are Chinese punctuation or ``common`` characters (kana, box
    drawing and rare characters are what a wrong decoder makes)."""
    ok = sum(1 for c in chars if _PUNCTUATION.match(c) or ("\u4e00" <= c <= "\u9fff" and common(c)))
    return ok / len(chars)


def _in_gb2312(c: str) -> bool:
    """One of GB2312's 6,763 everyday simplified characters."""
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _in_big5_frequent(c: str) -> bool:
    """One of Big5's 5,401 frequent characters (lead bytes A4–C6)."""
    return 0xA4 <= c.encode(BIG5)[0] <= 0xC6


#: Big5 as Windows writes it (Microsoft's superset, the usual Big5 of files in Taiwan).
BIG5 = "cp950"


def _chinese(head: bytes) -> str | None:
    """GB18030 or Big5, whichever decodes ``head`` into everyday characters; None: neither.

    Almost any Big5 byte pair is also a GB18030 one (a rare or unassigned character), so
    decoding alone cannot tell them apart: each reading is scored by the share of its
    characters that are common in that encoding, and Big5 wins only when it reads better.

    >>> t = "客戶王小明，手機號碼0912345678，地址臺北市信義區忠孝東路五段100號"
    >>> _chinese(t.encode("cp950")), _chinese("客户王小明，手机号码".encode("gbk"))
    ('cp950', 'gb18030')
    >>> _chinese("客戶王小明，手機號碼".encode("gbk"))  # traditional characters written in GBK
    'gb18030'
    """
    gb = _decodes(head, "gb18030")
    big5 = _decodes(head, BIG5)
    if (
        big5 is not None
        and (b5 := _wide(big5))
        and (
            gb is None
            or not (wide := _wide(gb))
            or _everyday(b5, _in_big5_frequent) > _everyday(wide, _in_gb2312)
        )
    ):
        return BIG5
    return None if gb is None else "gb18030"


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
