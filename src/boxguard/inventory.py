"""A data inventory by GB/T 35273 category: which sources and columns hold which kinds.

What a data-protection officer hands an auditor. Pure: built from findings
and column classes; rendered as JSON-ready dicts or Markdown.

>>> inv = Inventory()
>>> inv.add("crm.csv", "cn_mobile", column="手机")
>>> inv.add("crm.csv", "cn_resident_id", column="身份证号")
>>> inv.to_dict()["categories"]["identity"]["kinds"]["cn_resident_id"]["count"]
1
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from boxguard.detect.table import ColumnClass
from boxguard.kinds import Category, get_kind


class Inventory:
    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()
        self._columns: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._classes: dict[str, list[ColumnClass]] = {}
        self.records = 0

    def add(self, source: str, kind: str, column: str | None = None, count: int = 1) -> None:
        """``count`` findings of ``kind`` in ``source`` (and ``column``)."""
        self._counts[(source, kind)] += count
        if column is not None:
            self._columns[source][kind].add(column)

    def add_columns(self, source: str, classes: Iterable[ColumnClass]) -> None:
        self._classes[source] = list(classes)

    def to_dict(self) -> dict[str, Any]:
        categories: dict[str, Any] = {}
        for cat in Category:
            kinds: dict[str, Any] = {}
            for (source, kind_id), n in sorted(self._counts.items()):
                kind = get_kind(kind_id)
                if kind.category is not cat:
                    continue
                entry = kinds.setdefault(
                    kind_id,
                    {"zh": kind.zh, "sensitive": kind.sensitive, "count": 0, "sources": []},
                )
                entry["count"] += n
                entry["sources"].append(
                    {
                        "source": source,
                        "count": n,
                        "columns": sorted(self._columns[source][kind_id]),
                    }
                )
            if kinds:
                categories[cat.value] = {"zh": cat.zh, "kinds": kinds}
        sensitive = sum(n for (_, k), n in self._counts.items() if get_kind(k).sensitive)
        return {
            "standard": "GB/T 35273-2020 Appendix A/B",
            "records_scanned": self.records,
            "findings": sum(self._counts.values()),
            "sensitive_findings": sensitive,
            "categories": categories,
            "columns": {
                src: [
                    {
                        "column": c.column,
                        "kind": c.kind,
                        "share": c.share,
                        "confidence": c.confidence,
                    }
                    for c in classes
                    if c.kind
                ]
                for src, classes in sorted(self._classes.items())
            },
        }

    def to_markdown(self) -> str:
        doc = self.to_dict()
        lines = [
            "# Personal information inventory",
            "",
            f"Records scanned: {doc['records_scanned']} · findings: {doc['findings']} · "
            f"sensitive (GB/T 35273 Appendix B): {doc['sensitive_findings']}",
            "",
        ]
        for cat, body in doc["categories"].items():
            lines += [
                f"## {cat} ({body['zh']})",
                "",
                "| kind | 中文 | S | count | where |",
                "|---|---|---|---|---|",
            ]
            for kind_id, e in body["kinds"].items():
                where = "; ".join(
                    _cell(s["source"])
                    + (f" [{', '.join(map(_cell, s['columns']))}]" if s["columns"] else "")
                    + f" ×{s['count']}"
                    for s in e["sources"]
                )
                mark = "S" if e["sensitive"] else ""
                lines.append(f"| `{kind_id}` | {e['zh']} | {mark} | {e['count']} | {where} |")
            lines.append("")
        if doc["columns"]:
            lines += [
                "## Column classification",
                "",
                "| source | column | kind | share | confidence |",
                "|---|---|---|---|---|",
            ]
            for src, cols in doc["columns"].items():
                for c in cols:
                    share = f"{c['share']:.0%}"
                    lines.append(
                        f"| {_cell(src)} | {_cell(c['column'])} | `{c['kind']}` | {share} "
                        f"| {c['confidence']} |"
                    )
            lines.append("")
        return "\n".join(lines)


def _cell(text: str) -> str:
    r"""``text`` (a file, table or column name) as one Markdown table cell that renders as
    text: a ``|`` or line break no longer splits the row, HTML is shown, not run.

    >>> _cell("a|b\nc"), _cell("<script>x</script>"), _cell("手机")
    ('a\\|b c', '&lt;script&gt;x&lt;/script&gt;', '手机')
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(escaped.replace("|", "\\|").splitlines())
