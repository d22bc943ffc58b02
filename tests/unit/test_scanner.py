from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boxguard import Scanner
from boxguard.detect import scanner as scanner_mod
from boxguard.detect.resolve import resolve
from boxguard.errors import ConfigError
from boxguard.kinds import all_kinds
from boxguard.text import fold

FAST = Scanner(models=())
PLAIN = Scanner(models=(), prefilter=False)


def _sample_text(seed: int) -> str:
    rng = random.Random(seed)
    parts = []
    for kind in all_kinds():
        if kind.generate is None:
            continue
        label = kind.context[0] if kind.context else ""
        parts.append(f"{label}：{kind.generate(rng)}；")
    rng.shuffle(parts)
    return "客户资料 " + "".join(parts) + " 订单号20261125000123 版本1.2.3.4"


def test_prefilter_is_active_where_hyperscan_is_installed() -> None:
    pytest.importorskip("hyperscan")
    assert FAST._prefilter.accelerated


@pytest.mark.parametrize("seed", range(20))
def test_prefilter_never_changes_results_on_generated_records(seed: int) -> None:
    text = _sample_text(seed)
    assert FAST.scan(text) == PLAIN.scan(text)


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 -:：手机号码QQ@.abcX身份证密码")), max_size=60
    )
)
def test_prefilter_never_changes_results_on_fuzz(text: str) -> None:
    assert FAST.scan(text) == PLAIN.scan(text)


def test_windowed_scan_equals_whole_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(_sample_text(s) + "\n" for s in range(40))
    whole = FAST.scan(text)
    monkeypatch.setattr(scanner_mod, "WINDOW", 300)
    monkeypatch.setattr(scanner_mod, "MARGIN", 120)
    assert FAST.scan(text) == whole
    assert whole, "the sample holds findings"


LONG = "".join(_sample_text(s) + "，" for s in range(40))  # one line, no newline


@settings(max_examples=40)
@given(st.lists(st.integers(0, len(LONG)), max_size=12))
def test_a_text_fed_in_any_pieces_gives_the_findings_of_the_whole(cuts: list[int]) -> None:
    saved = scanner_mod.WINDOW, scanner_mod.MARGIN
    scanner_mod.WINDOW, scanner_mod.MARGIN = 300, 120  # many windows, every cut a new place
    try:
        whole = FAST.scan(LONG)
        stream = FAST.stream()
        found = []
        bounds = [0, *sorted(cuts), len(LONG)]
        for a, b in itertools.pairwise(bounds):
            found += stream.feed(LONG[a:b])
        found += stream.close()
    finally:
        scanner_mod.WINDOW, scanner_mod.MARGIN = saved
    assert found == whole
    assert len(whole) > 100


def test_a_stream_holds_a_window_not_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanner_mod, "WINDOW", 300)
    monkeypatch.setattr(scanner_mod, "MARGIN", 120)
    stream, piece, settled = FAST.stream(), 50, 0
    for at in range(0, len(LONG), piece):
        settled += len(stream.feed(LONG[at : at + piece]))
        assert stream._held <= piece + 300 + 2 * 120
    assert settled > 0, "findings come out before the text ends"
    assert settled + len(stream.close()) == len(FAST.scan(LONG))


def test_windowed_scan_is_the_windows_findings_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    """The definition: each window reads MARGIN more on both sides and reports what starts in
    its own range; overlaps across windows are resolved once over all of them."""
    monkeypatch.setattr(scanner_mod, "WINDOW", 300)
    monkeypatch.setattr(scanner_mod, "MARGIN", 120)
    kept = []
    for lo in range(0, len(LONG), 300):
        a, b = max(0, lo - 120), min(len(LONG), lo + 300 + 120)
        kept += [
            replace(f, start=f.start + a, end=f.end + a)
            for f in FAST.scan(LONG[a:b])
            if lo <= f.start + a < lo + 300
        ]
    assert FAST.scan(LONG) == resolve(kept, FAST._priority, FAST._tier)


def test_offsets_point_into_original_full_width_text() -> None:
    text = "手机：１３８ １２３４ ５６７８"
    (f,) = Scanner(kinds=["cn_mobile"]).scan(text)
    assert text[f.start : f.end] == "１３８ １２３４ ５６７８"


def test_threshold_out_of_range_is_a_config_error() -> None:
    from boxguard.errors import ConfigError

    with pytest.raises(ConfigError):
        Scanner(threshold=1.5)


@pytest.mark.parametrize(
    "text",
    [
        "地址：阳光花园3房",
        "家住北京市朝阳区建国路88号院3号楼2单元1201室",
        "收件人：欧阳娜娜",
        "同住人帕提古丽·吐尔逊",
        "任职于北京华信科技有限公司",
        "沪(2021)浦东新区不动产权第1234567号",
        "京房权证海字第123456号",
    ],
)
def test_finder_triggers_are_supersets(text: str) -> None:
    assert FAST.scan(text) == PLAIN.scan(text)
    assert FAST.scan(text), "each text holds a finding"


class _Silent:
    """An entity model (the port) that found nothing in the text it was shown."""

    name = "silent"
    kinds = ("person_name", "organization")

    def find(self, text: str) -> list[tuple[str, object]]:
        return []


def test_a_structural_organization_guess_stands_only_anchored_when_a_model_runs() -> None:
    prose = "市民对商业银行的服务不满"
    record = "同住人：李薇，入住华信大酒店"
    bare = Scanner(kinds=["organization"])
    with_model = Scanner(kinds=["organization"], models=[_Silent()])
    assert [prose[f.start : f.end] for f in bare.scan(prose)] == ["市民对商业银行"]
    assert with_model.scan(prose) == []  # the model read this sentence and named no one
    (f,) = with_model.scan(record)
    assert record[f.start : f.end] == "华信大酒店"
    assert "anchor:入住" in f.evidence


BLOBS: dict[str, bytes] = {}  # compiled prefilters shared by the scanners made below


def _compact(value: str) -> str:
    return "".join(c for c in fold(value) if not c.isspace() and c != "-").casefold()


@settings(max_examples=30)
@given(st.integers(0, 39), st.data())
def test_an_allowed_value_is_dropped_and_nothing_else(seed: int, data: st.DataObject) -> None:
    text = _sample_text(seed)
    found = FAST.scan(text)
    chosen = data.draw(st.sampled_from(found))
    spaced = " ".join(chosen.value)  # compared without spaces
    allowed = Scanner(models=(), allow=[spaced], cache=BLOBS).scan(text)
    assert allowed == [f for f in found if _compact(f.value) != _compact(chosen.value)]
    assert chosen not in allowed


def test_allow_patterns_match_whole_values_and_a_bad_one_is_a_config_error() -> None:
    text = "手机：13812345678，备用 13912345670"
    kept = Scanner(kinds=["cn_mobile"], allow=[r"re:138\d{8}"], cache=BLOBS).scan(text)
    assert [f.value for f in kept] == ["13912345670"]
    assert len(Scanner(kinds=["cn_mobile"], allow=[r"re:138"]).scan(text)) == 2  # not a prefix
    with pytest.raises(ConfigError, match="does not compile"):
        Scanner(allow=["re:(unclosed"])


def test_a_column_claim_keeps_to_the_threshold() -> None:
    """QA: with --threshold 0.9 a table's phone cells (0.85) came back at 0.75, claimed by
    their column's name: a claim scores 0.75 and is not made above that threshold."""
    from boxguard.detect.scanner import COLUMN_HINT_SCORE

    hinted = frozenset({"qq_number"})
    low = Scanner(kinds=["qq_number"], models=())
    assert [f.score for f in low.scan_cell("12345678", hinted)] == [COLUMN_HINT_SCORE]
    high = Scanner(kinds=["qq_number"], models=(), threshold=0.9)
    assert high.scan_cell("12345678", hinted) == []
