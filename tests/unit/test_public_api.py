from __future__ import annotations

import boxguard


def test_all_is_exactly_the_public_api() -> None:
    import types

    public = {
        n
        for n, v in vars(boxguard).items()
        if not n.startswith("_") and not isinstance(v, types.ModuleType) and n != "annotations"
    }
    public -= {"Iterable"}  # a typing import, not API
    assert set(boxguard.__all__) - {"__version__"} == public


def test_scan_text_filters_kinds_and_threshold() -> None:
    bare = "13812345678"
    (found,) = boxguard.scan_text(bare, kinds=["cn_mobile"])
    assert found.kind == "cn_mobile"
    assert found.score < 1.0
    assert (
        boxguard.scan_text(bare, kinds=["cn_mobile"], threshold=min(1.0, found.score + 0.01)) == []
    )
    (labelled,) = boxguard.scan_text("手机：" + bare, kinds=["cn_mobile"])
    assert labelled.score > found.score
    assert any(e.startswith("context:") for e in labelled.evidence)


def test_unknown_kind_is_a_config_error() -> None:
    import pytest

    from boxguard.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown kind"):
        boxguard.scan_text("x", kinds=["no_such_kind"])
