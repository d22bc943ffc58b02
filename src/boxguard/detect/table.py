"""Classify table columns: which kind a column holds, the share of its cells, confidence.

As Google DLP and AWS Glue do: cells are scanned, a cell "is" a kind when one
finding of that kind covers most of it, and the column name's hint (``手机``,
``身份证号``, ``email``) adds confidence. Pure: no table library here.

>>> c = ColumnStats("收件人电话")
>>> for _ in range(9): c.add(11, [("cn_mobile", 11)])
>>> c.add(3, [])
>>> r = c.classify()
>>> (r.kind, r.share, r.confidence)
('cn_mobile', 0.9, 0.97)
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from boxguard.detect.finding import Finding
from boxguard.kinds import all_kinds, registry_version

#: A finding covering at least this share of a cell makes the cell that kind.
CELL_COVERAGE = 0.6
#: A column is reported as a kind when at least this share of its cells are.
MIN_SHARE = 0.5
#: With a matching column-name hint, a lower share suffices.
MIN_SHARE_WITH_HINT = 0.2


@dataclass(frozen=True)
class ColumnClass:
    column: str
    kind: str | None
    share: float
    confidence: float
    cells: int
    #: Cells holding personal information of any kind (free-text columns too).
    cells_with_findings: int
    hint: bool


#: Generic nouns that, inside a compound column name, belong to the word they follow:
#: ``product_code`` is a product's code and ``file_name`` a file's name, not an SMS code
#: or a person's name. As hints they match only a column named by the word alone; a kind
#: that wants a compound declares it whole (``sms_code``, ``full_name``).
GENERIC_HINTS = frozenset({"code", "name"})


def _words(name: str) -> str:
    """A column name in lower snake case: ``firstName``, ``First Name`` → ``first_name``.

    >>> _words("verifyCode"), _words("Verification-Code"), _words("IPAddress"), _words(" 电话 ")
    ('verify_code', 'verification_code', 'ip_address', '电话')
    """
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name.strip())
    return re.sub(r"[\s\-.]+", "_", name).lower()


#: Words after a Chinese hint that make the column another attribute of what the hint
#: names (客户|编号, 单位|电话, 联系人|手机); 号/号码/名称/姓名 keep the hint's kind
#: (身份证号码), and so does 地址 (邮箱地址 is an email).
_OTHER_ATTRIBUTE = re.compile(
    "编号|编码|代码|类型|类别|等级|级别|状态|数量|人数|来源|备注|电话|手机|座机|邮箱|"
    "ID|id|_id|账号|单位|年龄|性别"
)


def _hint_matches(hint: str, name: str) -> bool:
    """Chinese hints match as substrings (收件人电话); ASCII hints as whole words, and a
    generic one (:data:`GENERIC_HINTS`) only as the whole name. ``name`` is in
    :func:`_words` form.

    >>> _hint_matches("ip", "client_ip"), _hint_matches("ip", "recipient")
    (True, False)
    >>> _hint_matches("tel", "hotel")
    False
    >>> _hint_matches("code", "code"), _hint_matches("code", "product_code")
    (True, False)
    >>> _hint_matches("sms_code", "user_sms_code")
    True
    >>> _hint_matches("客户", "客户姓名"), _hint_matches("客户", "客户编号")
    (True, False)
    >>> _hint_matches("收件人", "收件人电话"), _hint_matches("电话", "收件人电话")
    (False, True)
    """
    hint = _words(hint)
    if not hint.isascii():
        # 收件人电话 is the recipient's phone, 客户编号 a customer's number: a hint followed
        # by another attribute names whose attribute it is, not the column's content
        return any(
            not _OTHER_ATTRIBUTE.match(name, m.end()) for m in re.finditer(re.escape(hint), name)
        )
    if hint in GENERIC_HINTS:
        return name == hint
    return re.search(rf"(?<![a-z0-9]){re.escape(hint)}(?![a-z0-9])", name) is not None


#: Column names that say the column holds identity documents of any kind (证件号码 holds
#: resident IDs, passports, permits): every identity kind with a check is hinted there.
DOCUMENT_HINTS = ("证件号", "证件号码", "证件", "document_no", "id_document", "doc_no")


def column_matches(hint: str, column: str) -> bool:
    """Whether a column hint names the column (any spelling of the column's name).

    >>> column_matches("postal_code", "Postal Code"), column_matches("code", "product_code")
    (True, False)
    """
    return bool(hint) and _hint_matches(hint, _words(column))


#: A JSON key written after a dot in a path (``$.customer.手机``); others are quoted.
_PLAIN_KEY = re.compile(r"[^\W\d]\w*")
#: The last key of a JSON path, past its list indices (``$.items[0]`` → ``items``).
_LAST_KEY = re.compile(r"(?:\.([^\W\d]\w*)|\['((?:[^'\\]|\\.)*)'\])(?:\[\d+\])*$")


def json_step(path: str, key: str | int) -> str:
    """``path`` one step down: into object key ``key`` or list index ``key`` (JSONPath).

    >>> json_step(json_step("$", "customer"), "mobile"), json_step(json_step("$", 3), "手机")
    ('$.customer.mobile', '$[3].手机')
    >>> json_step("$", "a b")
    "$['a b']"
    """
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    return path + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']"


def path_key(column: str) -> str:
    """The key a JSON path ends in (a list's items: the list's key); any other column name
    as it is. Hints are read from it, as from a table's column name.

    >>> path_key("$.customer.mobile"), path_key("$[3].items[0]"), path_key("$['a b']")
    ('mobile', 'items', 'a b')
    >>> path_key("$[0]"), path_key("手机")
    ('', '手机')
    """
    if not column.startswith("$"):
        return column
    m = _LAST_KEY.search(column)
    if m is None:
        return ""
    if m.group(1) is not None:
        return m.group(1)
    return re.sub(r"\\(.)", r"\1", m.group(2))


def hinted_kinds(column: str) -> set[str]:
    """Kinds whose column hints match the column name (case-insensitive); a JSON path's
    hints are its last key's (``$.customer.mobile``: ``mobile``).

    >>> sorted(hinted_kinds("verify_code")), sorted(hinted_kinds("product_code"))
    (['sms_code'], [])
    >>> sorted(hinted_kinds("customerName")), sorted(hinted_kinds("product_name"))
    (['person_name'], [])
    >>> {"cn_resident_id", "cn_passport"} <= hinted_kinds("证件号码")
    True
    >>> sorted(hinted_kinds("$.guest[0].mobile")) == sorted(hinted_kinds("mobile"))
    True
    """
    return set(_hinted(path_key(column), registry_version()))


@functools.lru_cache(maxsize=4096)
def _hinted(key: str, _version: int) -> frozenset[str]:
    """:func:`hinted_kinds` of a column's last key, once per key and set of kinds (a wide
    table asks for each column's at every row: 180 hints, ~1 ms)."""
    name = _words(key)
    found = {k.id for k in all_kinds() if any(_hint_matches(h, name) for h in k.column_hints if h)}
    if any(_hint_matches(h, name) for h in DOCUMENT_HINTS):
        found |= {
            k.id
            for k in all_kinds()
            if k.category.name == "IDENTITY" and k.validate is not None and k.sensitive
        }
    return frozenset(found)


#: A cell that looks like a value rather than a name (9 digits in a row: a phone, an ID, a
#: card; an @). 8 digits are left to headers (20231201 of a pivot table).
_VALUE_LIKE = re.compile(r"[0-9０-９]{9}|@")
#: Rows looked at to find a table's header (title and notes rows may come first).
HEADER_REACH = 20


def looks_like_values(cells: Sequence[object]) -> bool:
    """Whether a row holds values (a phone number, an ID, an email) and so is no header.

    >>> looks_like_values(["姓名", "手机", None]), looks_like_values(["张伟", "13812345678"])
    (False, True)
    >>> looks_like_values(["地区", "20231201"])
    False
    """
    return any(_VALUE_LIKE.search(str(v)) for v in cells if v is not None)


def shown_name(
    name: str, scan: Callable[[str], Sequence[object]] | None = None, quote: bool = True
) -> str:
    """A name (a column, field, user, role, purpose) as an error may show it: ``…`` for
    one that may be a value typed in the wrong place (a phone, an ID, an email; with
    ``scan``, anything it finds: a person's name), or that is long or not printable.

    >>> shown_name("手机"), shown_name("13812345678"), shown_name("邮编", quote=False)
    ("'手机'", '…', '邮编')
    >>> from boxguard.detect.scanner import Scanner
    >>> scan = Scanner(kinds=["cn_passport"]).scan
    >>> shown_name("a@b.cn"), shown_name("E12345678"), shown_name("E12345678", scan)
    ('…', "'E12345678'", '…')
    """
    if len(name) > 40 or not name.isprintable() or looks_like_values([name]):
        return "…"
    if scan is not None and scan(name):
        return "…"
    return repr(name) if quote else name


def _filled(row: Sequence[object]) -> int:
    return sum(1 for v in row if v is not None and str(v).strip() != "")


def find_header(
    rows: Sequence[Sequence[object]],
    scan_cell: Callable[[str, frozenset[str]], Iterable[Finding]] | None = None,
) -> tuple[int, bool]:
    """Where a table starts among its first rows, and whether that row is its header.

    As spreadsheet tools and ``csv.Sniffer`` guess it: rows above the table (a title, notes)
    fill fewer than half of its columns; the table's first row is a header unless a cell
    holds a value — a number, a date, a phone number or ID, or (with ``scan_cell``) a
    personal value a detector finds filling the cell. A row naming a kind's column
    (姓名, 手机) is a header whatever else it holds.

    >>> find_header([["姓名", "手机"], ["张伟", "13812345678"]])
    (0, True)
    >>> find_header([["张伟", "13812345678"], ["李娜", "13912345678"]])
    (0, False)
    >>> find_header([["2026年11月入住登记表", None, None], ["姓名", "证件号码", "手机"],
    ...              ["张伟", "11010519491231002X", "13812345678"]])
    (1, True)
    >>> find_header([[1, 2.5], [3, 4.0]])
    (0, False)
    >>> find_header([])
    (0, False)
    """
    head = [list(r) for r in rows[:HEADER_REACH]]
    width = max((_filled(r) for r in head), default=0)
    start = next(
        (i for i, r in enumerate(head) if _filled(r) * 2 >= width and _filled(r) > 0), None
    )
    if start is None:
        return 0, False
    if width <= 1:
        start = 0  # one column: nothing tells a title from a header; the first row decides
    first = head[start]
    texts = [str(v).strip() for v in first if v is not None and str(v).strip()]
    if any(hinted_kinds(t) for t in texts) and not looks_like_values(first):
        return start, True
    if looks_like_values(first) or any(
        not isinstance(v, str) for v in first if v is not None and v != ""
    ):
        return start, False
    if any(_numeric(t) for t in texts):
        return start, False
    if scan_cell is not None:
        for t in texts:
            found = scan_cell(t, frozenset())
            if any((f.end - f.start) >= CELL_COVERAGE * len(t) for f in found):
                return start, False
    if len(head) > start + 1 and len(set(texts)) < len(texts):
        return start, False  # a header names each column once
    return start, True


_NUMBER = re.compile(r"[-+]?[0-9０-９]+(?:[.,][0-9]+)*%?")


def _numeric(text: str) -> bool:
    """A number or a date, which a header does not hold (a pivot table's 20231201 does).

    >>> _numeric("12.5"), _numeric("2026-11-01"), _numeric("20231201"), _numeric("一月")
    (True, True, False, False)
    """
    if re.fullmatch(r"[0-9]{8}", text):
        return False
    return bool(_NUMBER.fullmatch(text) or re.fullmatch(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.*", text))


@dataclass
class ColumnStats:
    """Accumulates one column's cells as they stream by."""

    column: str
    cells: int = 0
    with_findings: int = 0
    whole: Counter[str] = field(default_factory=Counter)

    def add(self, cell_length: int, findings: Iterable[tuple[str, int]]) -> None:
        """One non-empty cell of ``cell_length`` characters and its (kind, span length) findings."""
        self.cells += 1
        found = list(findings)
        if found:
            self.with_findings += 1
        best = max(found, key=lambda f: f[1], default=None)
        if best is not None and best[1] >= CELL_COVERAGE * max(1, cell_length):
            self.whole[best[0]] += 1

    def classify(self) -> ColumnClass:
        hints = hinted_kinds(self.column)
        kind, share = None, 0.0
        if self.cells and self.whole:
            top, count = max(
                self.whole.items(), key=lambda kv: kv[1] + (0.5 if kv[0] in hints else 0)
            )
            share = count / self.cells
            threshold = MIN_SHARE_WITH_HINT if top in hints else MIN_SHARE
            if share >= threshold:
                kind = top
        hint = kind is not None and kind in hints
        confidence = min(1.0, share * 0.8 + (0.25 if hint else 0.0)) if kind else 0.0
        return ColumnClass(
            self.column,
            kind,
            round(share, 4),
            round(confidence, 2),
            self.cells,
            self.with_findings,
            hint,
        )


def classify_sample(
    scan_cell: Callable[[str, frozenset[str]], Iterable[Finding]],
    sample: Mapping[str, Sequence[str]],
) -> list[ColumnClass]:
    """Classify each column from sampled non-empty cells with a scanner's ``scan_cell``.

    >>> from boxguard.detect.scanner import Scanner
    >>> s = Scanner(kinds=["cn_mobile"])
    >>> [c.kind for c in classify_sample(s.scan_cell, {"电话": ["13812345678"], "x": ["a"]})]
    ['cn_mobile', None]
    """
    classes = []
    for name, values in sample.items():
        column = name.strip()
        stats = ColumnStats(column)
        hinted = frozenset(hinted_kinds(column))
        for value in values:
            found = scan_cell(value, hinted)
            stats.add(len(value.strip()), [(f.kind, f.end - f.start) for f in found])
        classes.append(stats.classify())
    return classes
