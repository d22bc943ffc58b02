"""The vectorised mask twins equal the kinds' Python masks wherever they claim to apply."""

from __future__ import annotations

import random
from collections.abc import Callable

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard.detect.table import ColumnClass
from boxguard.io.table_masks import vector_mask
from boxguard.kinds import all_kinds
from boxguard.kinds._masks import KeepEnds, email_mask, hide_all
from boxguard.kinds.address import mask_address
from boxguard.kinds.dates import mask_birth_date
from boxguard.kinds.person import mask_name
from boxguard.kinds.vehicle import mask_plate
from boxguard.transform.policy import load_policy
from boxguard.transform.table_plan import plan_columns

TWINNED = [k for k in all_kinds() if vector_mask(k.mask, pl.col("v")) is not None]
TEXT = st.text(
    alphabet=st.sampled_from("张欧阳省市区县 -·.:/()（）@a1Z京A＊１９\n\t"), max_size=24
) | st.text(max_size=24)


def twin_output(mask: Callable[[str], str], values: list[str]) -> list[str | None]:
    twin = vector_mask(mask, pl.col("v"))
    assert twin is not None
    applies, expr = twin
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    return frame.select(pl.when(applies).then(expr).otherwise(None).alias("m"))["m"].to_list()


def test_the_common_kinds_have_twins() -> None:
    ids = {k.id for k in TWINNED}
    assert {"cn_resident_id", "cn_mobile", "bank_card", "email", "person_name"} <= ids
    assert {"address", "birth_date"} <= ids
    assert "cn_license_plate" in ids


@pytest.mark.parametrize("kind", TWINNED, ids=lambda k: k.id)
def test_twin_equals_mask_on_generated_values(kind) -> None:  # type: ignore[no-untyped-def]
    assert kind.generate is not None
    rng = random.Random(kind.id)
    values = [kind.generate(rng) for _ in range(300)]
    got = twin_output(kind.mask, values)
    assert sum(g is not None for g in got) >= 250, "the twin applies to most real values"
    for value, masked in zip(values, got, strict=True):
        if masked is not None:
            assert masked == kind.mask(value), value


MASKS = [KeepEnds(3, 4), KeepEnds(1, 0), KeepEnds(0, 4, "#"), KeepEnds(2, 2, sep_aware=False)]


@pytest.mark.parametrize(
    "mask",
    [*MASKS, email_mask, mask_name, mask_plate, hide_all, mask_address, mask_birth_date],
    ids=repr,
)
@settings(max_examples=150, deadline=None)
@given(values=st.lists(TEXT, min_size=1, max_size=8))
def test_twin_equals_mask_on_any_text(mask: Callable[[str], str], values: list[str]) -> None:
    for value, masked in zip(values, twin_output(mask, values), strict=True):
        if masked is not None:
            assert masked == mask(value), repr(value)


def test_plan_precedence_policy_over_classification() -> None:
    cols = [
        ColumnClass("电话", "cn_mobile", 0.85, 0.9, 100, 90, True),
        ColumnClass("客户", None, 0.0, 0.0, 100, 0, False),
        ColumnClass("手机", "cn_mobile", 0.95, 1.0, 100, 95, True),
    ]
    policy = load_policy("default: mask\ncolumns: {客户: {kind: person_name, op: tag}}\n")
    plans = {p.column: (p.action, p.kind) for p in plan_columns(cols, policy)}
    assert plans == {
        "电话": ("detect", None),  # 85 % is not a whole column: cell by cell
        "客户": ("kind", "person_name"),  # the policy says what the column holds
        "手机": ("kind", "cn_mobile"),
    }
    strict = plan_columns([ColumnClass("x", None, 0, 0, 10, 0, False)], policy, keep_clean=False)
    assert strict[0].action == "detect"
