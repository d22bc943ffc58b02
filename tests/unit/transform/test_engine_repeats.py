"""A value found once in a text is masked wherever the text writes it again."""

from __future__ import annotations

from boxguard import Scanner
from boxguard.transform.base import Context
from boxguard.transform.engine import Desensitizer
from boxguard.transform.policy import load_policy


def _engine() -> Desensitizer:
    return Desensitizer(
        Scanner(kinds=["pnr_code", "sms_code"], models=()), load_policy("default: mask"), Context()
    )


def test_a_repeated_value_is_masked_everywhere() -> None:
    text = "PNR 5UEZ8M 订座成功。备注：5UEZ8M 已出票"
    out = _engine().text(text)
    assert "5UEZ8M" not in out
    assert _engine().texts([text]) == [out]


def test_a_short_value_or_one_inside_a_longer_run_is_not_a_repeat() -> None:
    text = "验证码：4821，订单 14821 已发货"
    out = _engine().text(text)
    assert "14821" in out
    assert "：4821" not in out
