"""``scan -f jsonl`` spells each finding's JSON out by hand: it must be ``json.dumps``'s."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from boxguard.adapters.cli.output import JsonlRecords
from boxguard.detect import Finding
from boxguard.kinds import kind_ids

_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\x00\x7f\u2028\ud800'))


@given(
    finding=st.builds(
        Finding,
        st.integers(0, 1 << 40),
        st.integers(0, 1 << 40),
        st.sampled_from(kind_ids()),
        st.floats(0, 1) | st.sampled_from([1, 0.123456789, 1e-7]),
        st.lists(_TEXT, max_size=4).map(tuple),
        _TEXT,
    ),
    column=st.none() | _TEXT | st.sampled_from(["$", "$.a.b", "$[3]", "手机"]),
    show_values=st.booleans(),
)
def test_a_rendered_finding_is_json_dumps_of_its_dict(
    finding: Finding, column: str | None, show_values: bool
) -> None:
    d = finding.to_dict(show_value=show_values)
    if column is not None:
        where = "path" if column == "$" or column.startswith(("$.", "$[")) else "column"
        d = {where: column, **d}
    out = JsonlRecords(io.StringIO(), show_values, False, False)
    assert out.render(finding, column) == json.dumps(d, ensure_ascii=False)
