"""Network identities: email addresses, WeChat ids, QQ numbers."""

from __future__ import annotations

import random
import re

from boxguard.kinds._checks import FormatError, require
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import email_mask, keep_ends
from boxguard.kinds._model import ALNUM_AFTER, ALNUM_BEFORE, Category, Kind, Pattern

_EMAIL = lazy_re(
    r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_])?@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}",
    re.ASCII,
)


def validate_email(value: str) -> str:
    """A user part and a domain with a real shape (labels, a letters-only TLD).

    >>> validate_email("Zhang.San@Example.com.cn")
    'zhang.san@example.com.cn'
    """
    require(
        bool(_EMAIL.fullmatch(value)) and ".." not in value, FormatError, "not an email address"
    )
    return value.lower()


def generate_email(rng: random.Random) -> str:
    """A synthetic address at a common Chinese or global mail domain.

    >>> "@" in validate_email(generate_email(random.Random(2)))
    True
    """
    user = rng.choice(["zhang", "li.wei", "wangfang", "chen_jie", "liu88", "yang.yang"])
    if rng.random() < 0.4:
        user = str(rng.randrange(10**5, 10**10))
    domain = rng.choice(["qq.com", "163.com", "126.com", "gmail.com", "sina.com", "example.com.cn"])
    return f"{user}{rng.randrange(100)}@{domain}" if not user.isdigit() else f"{user}@{domain}"


def validate_wechat_id(value: str) -> str:
    """6–20 characters starting with a letter (letters, digits, _ and -), or ``wxid_…``.

    >>> validate_wechat_id("wxid_abc123xyz"), validate_wechat_id("zhang_san-88")
    ('wxid_abc123xyz', 'zhang_san-88')
    """
    ok = bool(re.fullmatch(r"wxid_[a-z0-9]{6,22}|[A-Za-z][A-Za-z0-9_-]{5,19}", value, re.ASCII))
    require(ok, FormatError, "not a WeChat id")
    return value


def validate_qq_number(value: str) -> str:
    """5–11 digits, not starting with 0.

    >>> validate_qq_number("123456789")
    '123456789'
    """
    require(
        bool(re.fullmatch(r"[1-9][0-9]{4,10}", value, re.ASCII)), FormatError, "not a QQ number"
    )
    return value


def generate_wechat_id(rng: random.Random) -> str:
    """A synthetic WeChat id: a letter-led handle of 7–15 characters.

    >>> validate_wechat_id(generate_wechat_id(random.Random(1))) != ""
    True
    """
    head = rng.choice(["zhang", "wx", "li", "chen"])
    return head + "".join(rng.choice("abcdefghjk0123456789_") for _ in range(rng.randrange(5, 12)))


def generate_qq_number(rng: random.Random) -> str:
    """A synthetic QQ number of 6–10 digits.

    >>> validate_qq_number(generate_qq_number(random.Random(1))) != ""
    True
    """
    return str(rng.randrange(10**5, 10**10))


_WECHAT_CONTEXT = ("微信号", "微信", "加微", "vx", "wx", "加V", "V信", "威信", "weixin", "WeChat")

KINDS = (
    Kind(
        id="email",
        en="email address",
        zh="电子邮箱",
        category=Category.BASIC,
        sensitive=False,
        patterns=(Pattern("email", ALNUM_BEFORE + _EMAIL.pattern + r"(?![A-Za-z0-9-])", 0.9),),
        validate=validate_email,
        check="format:email",
        context=("邮箱", "电子邮箱", "邮件", "email", "e-mail", "mail"),
        column_hints=("邮箱", "电子邮箱", "email", "e_mail", "mail"),
        mask=email_mask,
        generate=generate_email,
        examples=(
            "zhangsan@qq.com",
            "123456789@qq.com",
            "li.wei88@163.com",
            "A.B-c@example.com.cn",
        ),
        counterexamples=("zhangsan@qq", "@qq.com", "a..b@qq.com", "zhang@qq.c0m"),
        priority=1,
    ),
    Kind(
        id="wechat_id",
        en="WeChat id",
        zh="微信号",
        category=Category.NETWORK_IDENTITY,
        sensitive=False,
        patterns=(
            Pattern("wxid", ALNUM_BEFORE + r"wxid_[a-z0-9]{6,22}" + ALNUM_AFTER, 0.85),
            Pattern(
                "wechat_labelled",
                r"(?:微信号?|加微|V信|威信|(?<![A-Za-z0-9])[Vv](?=\s*[:：])|"
                r"(?<![A-Za-z0-9])(?i:vx|wx|weixin|wechat|加V)"
                r"(?:[ _]?(?i:id))?(?![A-Za-z0-9]))(?:号)?\s*[:：=]?\s*"
                r"(?P<value>[A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-]|@|\.[A-Za-z0-9])",
                0.8,
            ),
        ),
        validate=validate_wechat_id,
        check="format:wechat",
        context=_WECHAT_CONTEXT,
        column_hints=("微信", "微信号", "wechat", "weixin", "wx"),
        mask=keep_ends(2, 1),
        generate=generate_wechat_id,
        examples=("wxid_abc123xyz", "zhang_san-88", "Lily2024"),
        counterexamples=("1abcdef", "abc", "zhang san"),
    ),
    Kind(
        id="qq_number",
        en="QQ number",
        zh="QQ号",
        category=Category.NETWORK_IDENTITY,
        sensitive=False,
        patterns=(
            Pattern(
                "qq_labelled",
                r"(?:(?<![A-Za-z0-9])(?i:qq)|扣扣|Q号|企鹅号)\s*(?:号|号码)?\s*[:：=]?\s*"
                r"(?P<value>[1-9][0-9]{4,10})(?![0-9])",
                0.8,
            ),
            # chat shorthand: ``Q: 12345678``, ``q：12345678`` (a bare Q needs its colon)
            Pattern(
                "qq_short",
                r"(?<![A-Za-z0-9])[Qq]\s*[:：]\s*(?P<value>[1-9][0-9]{4,10})(?![0-9])",
                0.8,
            ),
            # a QQ chat export's message header: ``2023-01-19 07:09:11 昵称(12345678)``
            Pattern(
                "qq_export_header",
                r"(?<![^\n])[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{2}:[0-9]{2} "
                r"[^\n()（）]{1,40}[(（](?P<value>[1-9][0-9]{4,10})[)）][ \t]*(?![^\n])",
                0.8,
            ),
        ),
        validate=validate_qq_number,
        check="format:qq",
        context=("QQ号", "QQ", "扣扣", "Q号"),
        column_hints=("qq", "qq号", "QQ号码"),
        mask=keep_ends(2, 2),
        generate=generate_qq_number,
        examples=("123456789", "10001", "2876543210"),
        counterexamples=("012345", "1234", "123456789012"),
    ),
)
