"""``scan -f jsonl`` spells each finding's JSON out by hand, in Python and in the core: both
must be ``json.dumps``'s."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boxguard.accel import native
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
    # the core's rendering (or, for what it cannot write, the reference's)
    assert out.render_all([(finding, column)] * 2) == [json.dumps(d, ensure_ascii=False)] * 2


@pytest.mark.skipif(native is None, reason="the core is not built")
def test_the_core_writes_what_it_can_and_hands_back_what_it_cannot() -> None:
    assert native is not None
    f = Finding(3, 14, "cn_mobile", 0.99, ("context:手机",), "13812345678")
    assert native.render_findings([(f, "$.tel")], ["138****5678"], True) == [
        '{"path": "$.tel", "start": 3, "end": 14, "kind": "cn_mobile", "score": 0.99, '
        '"evidence": ["context:手机"], "preview": "138****5678", "value": "13812345678"}'
    ]
    surrogate = Finding(3, 14, "cn_mobile", 0.99, ("context:\ud800",), "13812345678")
    int_score = Finding(3, 14, "cn_mobile", 1, (), "13812345678")  # type: ignore[arg-type]
    for other in (surrogate, int_score):
        assert native.render_findings([(f, None), (other, None)], ["x", "y"], False) is None
    with pytest.raises(ValueError, match="one preview per finding"):
        native.render_findings([(f, None)], [], False)
