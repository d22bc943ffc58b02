"""Encoding sniffing: never raises, and valid UTF-8 is always read as UTF-8."""

from __future__ import annotations

import contextlib

from hypothesis import assume, given
from hypothesis import strategies as st

from boxguard.io.decode import sniff

_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\x00\ufeff", blacklist_categories=("Cs",))
)


@given(st.binary(max_size=300))
def test_sniff_never_raises(data: bytes) -> None:
    enc = sniff(data)
    if enc is not None:
        data.decode(enc, errors="replace")  # a codec Python knows


@given(_TEXT)
def test_valid_utf8_is_utf8(text: str) -> None:
    assert sniff(text.encode("utf-8")) == "utf-8"


@given(_TEXT, st.integers(0, 50), st.binary(min_size=1, max_size=2))
def test_a_few_bad_bytes_in_chinese_utf8_keep_it_utf8(text: str, at: int, junk: bytes) -> None:
    body = ("手机号码是多少，收件人地址" * 3 + text).encode("utf-8")
    damaged = body[:at] + bytes(b | 0x80 for b in junk) + body[at:]
    assume(not damaged.startswith((b"\xff\xfe", b"\xfe\xff")))  # junk that makes a UTF-16 BOM
    assert sniff(damaged) == "utf-8"


def _gb2312_han() -> list[str]:
    out = []
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.append(bytes((lead, trail)).decode("gb2312"))
    return out


_SIMPLIFIED = st.text(alphabet=st.sampled_from([*_gb2312_han(), "，", "。", "：", "1", " "]))


@given(_SIMPLIFIED)
def test_simplified_chinese_in_gbk_is_never_read_as_big5(text: str) -> None:
    """Big5 is chosen only when it reads better than GB18030 (issue 15: Big5 read as GBK)."""
    assume(not text.isascii())
    assert sniff(text.encode("gbk")) != "cp950"


_TEXTLIKE = st.text(
    alphabet=st.sampled_from("abc 123:,.\n\t手机号码张伟😀é"), min_size=4, max_size=200
)


@given(_TEXTLIKE, st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_without_a_bom_is_utf16_when_a_quarter_is_ascii(text: str, name: str) -> None:
    """(😀's low surrogate DE00 holds a NUL on the other side: a few are allowed.)"""
    ascii_ = sum(c.isascii() for c in text)
    assume(ascii_ * 4 >= len(text) + 4 and ascii_ >= 4 * text.count("😀"))
    assert sniff(text.encode(name)) == name
