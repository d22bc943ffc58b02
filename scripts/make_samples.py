"""Write the bundled synthetic samples under samples/ (deterministic; no real people).

Usage: .venv/bin/python scripts/make_samples.py
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from openpyxl import Workbook

from boxguard.kinds import get_kind
from boxguard.synth import people

OUT = Path(__file__).resolve().parent.parent / "samples"


def gen(kind: str, rng: random.Random) -> str:
    g = get_kind(kind).generate
    assert g is not None
    return g(rng)


def main() -> None:
    rng = random.Random(20261125)
    OUT.mkdir(exist_ok=True)
    # 1. a courier franchise outlet's waybill export, leaked as CSV
    with open(OUT / "waybill_export.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["运单号", "收件人", "收件人电话", "收件地址", "寄件人", "备注"])
        for _ in range(40):
            w.writerow(
                [
                    gen("waybill_no", rng),
                    people.chinese_name(rng),
                    gen("cn_mobile", rng),
                    people.address(rng),
                    people.chinese_name(rng),
                    rng.choice(
                        ["易碎", "到付", "放门卫", "", "订单号20261125" + str(rng.randrange(10**5))]
                    ),
                ]
            )
    # 2. a hotel front desk's check-in sheet
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "入住登记"
    ws.append(["姓名", "证件号码", "手机", "入住日期", "房号", "同住人", "车牌"])
    for _ in range(25):
        ws.append(
            [
                people.chinese_name(rng),
                gen("cn_resident_id", rng),
                gen("cn_mobile", rng),
                f"2026-11-{rng.randrange(1, 25):02d}",
                str(rng.randrange(801, 1899)),
                people.chinese_name(rng) if rng.random() < 0.4 else None,
                gen("cn_license_plate", rng) if rng.random() < 0.5 else None,
            ]
        )
    wb.save(OUT / "hotel_checkin.xlsx")
    # 3. chat messages selling "phone + SMS code" and doxxing posts
    with open(OUT / "chat_messages.jsonl", "w", encoding="utf-8") as fh:
        for i in range(30):
            name = people.chinese_name(rng)
            text = rng.choice(
                [
                    f"出号：{gen('cn_mobile', rng)} 验证码 {gen('sms_code', rng)}，五分钟内有效",
                    f"开盒 {name}，身份证{gen('cn_resident_id', rng)}，住{people.address(rng)}",
                    f"查到了，{name}的QQ号{gen('qq_number', rng)}，微信 {gen('wechat_id', rng)}",
                    f"航班信息：{people.pinyin_name(rng)} PNR {gen('pnr_code', rng)} "
                    f"票号{gen('air_ticket_no', rng)}",
                    "今天天气不错，晚上一起吃饭？客服热线400-810-8888，订单号202611250001",
                ]
            )
            fh.write(
                json.dumps(
                    {"id": f"msg-{i + 1}", "sender": f"user{rng.randrange(999)}", "text": text},
                    ensure_ascii=False,
                )
                + "\n"
            )
    # 4. a police-system query log: who looked up whom
    with open(OUT / "query_log.txt", "w", encoding="utf-8") as fh:
        for _ in range(30):
            day, hour, minute = rng.randrange(1, 25), rng.randrange(0, 24), rng.randrange(60)
            fh.write(
                f"2026-11-{day:02d} {hour:02d}:{minute:02d} "
                f"officer={rng.randrange(1000, 9999)} query=人员信息 "
                f"sfz={gen('cn_resident_id', rng)} result=户籍地址 {people.address(rng)} "
                f"车辆 {gen('vin', rng)} ip={gen('ip_address', rng)}\n"
            )


if __name__ == "__main__":
    main()
