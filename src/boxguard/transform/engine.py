"""Desensitize text and table cells by policy: detect, decide per finding, transform.

A column rule that names its kind transforms the whole cell without detection
(column-wise, fast); any other cell or text is scanned and each finding gets
the operator the policy decides for its kind, column and role.

>>> from boxguard import Scanner
>>> from boxguard.transform.policy import load_policy
>>> from boxguard.transform.base import Context
>>> m = Desensitizer(Scanner(kinds=["cn_mobile"]), load_policy("default: mask"), Context())
>>> m.text("客户手机：13812345678，谢谢")
'客户手机：138****5678，谢谢'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from boxguard.detect.finding import Finding
from boxguard.detect.scanner import Scanner
from boxguard.detect.table import hinted_kinds
from boxguard.errors import ConfigError, CryptoError
from boxguard.kinds import Kind, get_kind
from boxguard.text import fold
from boxguard.transform.apply import apply_to_text, with_repeats
from boxguard.transform.base import Context, Operator
from boxguard.transform.policy import Policy

#: Cells of personal columns that no rule of the policy masked (each got its kind's
#: display mask), per column: a run says so, or refuses with --strict.
Residue = Counter[str]


@dataclass
class Desensitizer:
    scanner: Scanner
    policy: Policy
    ctx: Context
    role: str | None = None
    _ops: dict[tuple[str, str | None], Operator] = field(default_factory=dict)
    _hints: dict[str, frozenset[str]] = field(default_factory=dict)

    def operator(self, kind_id: str, column: str | None = None) -> Operator:
        key = (kind_id, column)
        if key not in self._ops:
            self._ops[key] = self.policy.decide(kind_id, column=column, role=self.role).build()
        return self._ops[key]

    def text(self, text: str, column: str | None = None) -> str:
        """Transform every finding in ``text`` (a line, a JSONL field, a free-text cell)."""
        if column is None:
            found = self.scanner.scan(text)
        else:
            hinted = self._hints.get(column)
            if hinted is None:
                hinted = self._hints[column] = frozenset(hinted_kinds(column))
            found = self.scanner.scan_cell(text, hinted)
        found = with_repeats(text, found)
        return apply_to_text(text, found, lambda f: self.operator(f.kind, column), self.ctx)

    def texts(self, texts: Sequence[str]) -> list[str]:
        """``[self.text(t) for t in texts]``, detecting the whole batch at once (faster).

        >>> from boxguard import Scanner
        >>> from boxguard.transform.policy import load_policy
        >>> m = Desensitizer(Scanner(kinds=["cn_mobile"]), load_policy("default: mask"), Context())
        >>> m.texts(["手机13812345678", "无"])
        ['手机138****5678', '无']
        """
        return [
            apply_to_text(t, with_repeats(t, found), lambda f: self.operator(f.kind), self.ctx)
            for t, found in zip(texts, self.scanner.scan_many(texts), strict=True)
        ]

    def stream(self) -> TextMasker:
        """Transform one text that arrives in pieces (a line too long to hold in memory).

        >>> from boxguard import Scanner
        >>> from boxguard.transform.policy import load_policy
        >>> m = Desensitizer(Scanner(kinds=["cn_mobile"]), load_policy("default: mask"), Context())
        >>> s = m.stream()
        >>> s.feed("手机1381234") + s.feed("5678，完") + s.close()
        '手机138****5678，完'
        """
        return TextMasker(self)

    def cell(self, value: str, column: str) -> str:
        """A table cell: column-wise when the policy names the column's kind, else detected."""
        rule = self.policy.columns.get(column)
        if rule is not None and rule.kind is not None:
            return self.whole_cell(rule.kind, column)(value)
        return self.text(value, column)

    def whole_cell(
        self, kind_id: str, column: str, residue: Residue | None = None
    ) -> Callable[[str], str]:
        """A function that transforms a whole cell as a value of ``kind_id``, leaving
        nothing in clear.

        A cell that does not validate as the kind is scanned first (a passport in a column
        of IDs gets the passport's rule); a reversible operator (encrypt_fpe, tokenize)
        takes only valid cells, so that unmask gets them back; a cell nothing recognises
        gets the kind's display mask and is counted in ``residue`` (per column).

        >>> from boxguard import Scanner
        >>> from boxguard.transform.policy import load_policy
        >>> m = Desensitizer(Scanner(kinds=["cn_mobile"]), load_policy("default: mask"), Context())
        >>> fn = m.whole_cell("cn_mobile", "手机")
        >>> fn("13812345678"), fn(" 13912345678 "), fn("未登记"), fn("")
        ('138****5678', ' 139****5678 ', '未**', '')
        """
        kind = get_kind(kind_id)
        op = self.operator(kind_id, column)
        allow = self.scanner.allow
        left = residue if residue is not None else Residue()

        def transform(value: str) -> str:
            core = value.strip()
            if not core or (allow and allow.allows(core)):
                return value  # empty, or on the allow list: not personal information here
            if kind.validate is not None and not _whole_value(kind, fold(core)):
                scanned = self.text(value, column)
                if scanned != value:
                    return scanned
                if op.reversible:
                    left[column] += 1
                    return value.replace(core, kind.mask(core), 1)
            try:
                out = op.apply(core, kind, self.ctx)
            except (ConfigError, CryptoError):
                scanned = self.text(value, column)
                if scanned != value:
                    return scanned
                left[column] += 1
                out = kind.mask(core)
            return value.replace(core, out, 1) if core != value else out

        return transform


def _whole_value(kind: Kind, value: str) -> bool:
    """Whether a cell is one value of ``kind``: valid, and for a custom kind (whose check
    is a checksum of the digits alone: 卡8888… passes Luhn) one its pattern matches whole."""
    return kind.is_valid(value) and (kind.fpe_shape is None or kind.fpe_shape(value) is not None)


class TextMasker:
    """What :meth:`Desensitizer.text` makes of a text fed in pieces, handed out as soon as
    it is settled; memory stays bounded by a piece plus the scanner's window."""

    def __init__(self, engine: Desensitizer) -> None:
        self._engine = engine
        self._scan = engine.scanner.stream()
        self._parts: list[str] = []  # the text not handed out yet
        self._base = 0  # its offset in the whole text

    def feed(self, piece: str) -> str:
        """Add the next piece; return the next part of the transformed text (may be empty)."""
        self._parts.append(piece)
        return self._out(self._scan.feed(piece))

    def close(self) -> str:
        """The text has ended: the rest of the transformed text."""
        return self._out(self._scan.close())

    def _out(self, found: list[Finding]) -> str:
        upto = self._scan.settled
        if upto == self._base:
            return ""
        text = "".join(self._parts)
        cut = upto - self._base
        self._parts, base, self._base = [text[cut:]], self._base, upto
        choose = self._engine.operator
        return apply_to_text(text[:cut], found, lambda f: choose(f.kind), self._engine.ctx, base)
