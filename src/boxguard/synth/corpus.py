"""A labelled synthetic evaluation corpus: realistic documents with gold spans.

Dump lines, chat messages selling "phone + SMS code", doxxing posts, courier
waybills, hotel check-ins, airline records, police-query logs, telecom shop
messages, English manifests, property records — and hard negatives (order
numbers, hotlines, amounts, flight numbers, broken checksums, timestamps,
version strings, ISBNs) that must stay silent. Deterministic by seed.

>>> docs = list(corpus(3, seed=1))
>>> all(d.text[s:e] for d in docs for s, e, _ in d.spans)
True
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from boxguard.kinds import get_kind, kind_ids
from boxguard.synth import people

Part = tuple[str, str | None]  # (text, kind or None)


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "text": self.text, "spans": [list(s) for s in self.spans]},
            ensure_ascii=False,
        )


def _v(kind: str, rng: random.Random) -> Part:
    gen = get_kind(kind).generate
    assert gen is not None
    return gen(rng), kind


def _doc(doc_id: str, parts: list[Part]) -> Document:
    text, spans, pos = [], [], 0
    for piece, kind in parts:
        if kind is not None and kind in kind_ids():
            spans.append((pos, pos + len(piece), kind))
        text.append(piece)
        pos += len(piece)
    return Document(doc_id, "".join(text), tuple(spans))


def _name(rng: random.Random) -> Part:
    return people.chinese_name(rng), "person_name"


def _addr(rng: random.Random) -> Part:
    return people.address(rng), "address"


def _org(rng: random.Random) -> Part:
    return people.organization(rng), "organization"


def _t(text: str) -> Part:
    return text, None


def dump_line(r: random.Random) -> list[Part]:
    return [
        _name(r),
        _t(","),
        _v("cn_resident_id", r),
        _t(","),
        _v("cn_mobile", r),
        _t(","),
        _addr(r),
    ]


def sql_dump(r: random.Random) -> list[Part]:
    """A leaked table as mysqldump writes it: one INSERT with several quoted tuples."""
    parts: list[Part] = [_t(f"INSERT INTO `{r.choice(['customers', 'orders', 't_user'])}` VALUES ")]
    for n in range(r.randint(2, 4)):
        parts += [
            _t(f"{',' if n else ''}({r.randint(1, 99999)},'"),
            _name(r),
            _t("','"),
            _v("cn_mobile", r),
            _t("','"),
            _v("cn_resident_id", r),
            _t("','"),
            _addr(r),
            _t(f"',{r.choice(['NULL', '0', '1'])})"),
        ]
    return [*parts, _t(";")]


def chat_code(r: random.Random) -> list[Part]:
    return [
        _t(r.choice(["出号：", "手机号 ", "新号"])),
        _v("cn_mobile", r),
        _t(" 验证码 "),
        _v("sms_code", r),
        _t("，五分钟内有效"),
    ]


def doxxing(r: random.Random) -> list[Part]:
    return [
        _t("开盒 姓名："),
        _name(r),
        _t("，身份证"),
        _v("cn_resident_id", r),
        _t("，住址："),
        _addr(r),
        _t("，QQ号"),
        _v("qq_number", r),
        _t("，微信号："),
        _v("wechat_id", r),
    ]


def waybill(r: random.Random) -> list[Part]:
    return [
        _t("运单号："),
        _v("waybill_no", r),
        _t(" 收件人："),
        _name(r),
        _t(" 电话："),
        _v("cn_mobile", r),
        _t(" 地址："),
        _addr(r),
        _t(" 邮编："),
        _v("postal_code", r),
    ]


def hotel(r: random.Random) -> list[Part]:
    return [
        _t("入住登记：姓名 "),
        _name(r),
        _t("，证件号码 "),
        _v("cn_resident_id", r),
        _t("，车牌 "),
        _v("cn_license_plate", r),
        _t("，同住人："),
        _name(r),
        _t("，入住"),
        _org(r),
    ]


def airline(r: random.Random) -> list[Part]:
    return [
        _t("旅客 "),
        _pinyin(r),
        _t(" PNR："),
        _v("pnr_code", r),
        _t(" 票号："),
        _v("air_ticket_no", r),
        _t(" 护照："),
        _v("cn_passport", r),
        _t(" 出生日期："),
        _v("birth_date", r),
    ]


def _pinyin(r: random.Random) -> Part:
    sur = r.choice(list(people.PINYIN.values()))
    return f"{sur}/{r.choice(people.GIVEN_PINYIN)}{r.choice(people.GIVEN_PINYIN)}", "person_name"


def police_log(r: random.Random) -> list[Part]:
    return [
        _t(f"2026-11-{r.randrange(1, 28):02d} 查询 sfz="),
        _v("cn_resident_id", r),
        _t(" 户籍地址 "),
        _addr(r),
        _t(" 车架号 "),
        _v("vin", r),
        _t(" 登录IP "),
        _v("ip_address", r),
    ]


def telecom(r: random.Random) -> list[Part]:
    return [
        _t("机主姓名："),
        _name(r),
        _t(" 手机"),
        _v("cn_mobile", r),
        _t(" IMEI "),
        _v("imei", r),
        _t(" 银行卡号"),
        _v("bank_card", r),
        _t(" 服务密码："),
        _v("credential", r),
    ]


def manifest(r: random.Random) -> list[Part]:
    given = r.choice(people.GIVEN_PINYIN).title()
    sur = r.choice(list(people.PINYIN.values())).title()
    return [
        _t("Passenger name: "),
        (f"{given} {sur}", "person_name"),
        _t("; Email: "),
        _v("email", r),
        _t("; Phone: "),
        _v("intl_phone", r),
        _t("; IP address "),
        _v("ip_address", r),
    ]


def property_record(r: random.Random) -> list[Part]:
    return [
        _t("业主"),
        _name(r),
        _t("，不动产权证号"),
        _v("property_cert_no", r),
        _t("，统一社会信用代码"),
        _v("cn_uscc", r),
        _t("，联系电话"),
        _v("cn_landline", r),
    ]


def device_travel(r: random.Random) -> list[Part]:
    return [
        _t("MAC地址 "),
        _v("mac_address", r),
        _t("，定位坐标 "),
        _v("geo_coordinate", r),
        _t("，港澳通行证"),
        _v("cn_hk_macau_permit", r),
        _t("，台胞证"),
        _v("cn_taiwan_permit", r),
        _t("，香港身份证"),
        _v("hk_id_card", r),
        _t("，台湾身分证字号"),
        _v("tw_national_id", r),
    ]


def hard_negative(r: random.Random) -> list[Part]:
    bad_id, _ = _v("cn_resident_id", r)
    bad_id = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")  # a broken check character
    card, _ = _v("bank_card", r)
    card = card[:-1] + str((int(card[-1]) + 1) % 10)  # a broken Luhn digit
    order = (
        f"订单号{r.randrange(10**13, 10**14)}，金额¥{r.randrange(10, 9999)}.{r.randrange(100):02d}"
    )
    hotline = f"客服热线400-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}"
    flight = f"航班CA{r.randrange(1000, 9999)}于{r.randrange(1, 12)}月{r.randrange(1, 28)}日起飞"
    stamp = f"时间戳{r.randrange(1_600_000_000_000, 1_800_000_000_000)}"
    version = f"软件版本 v{r.randrange(1, 9)}.{r.randrange(10)}.{r.randrange(10)}.{r.randrange(10)}"
    isbn = f"ISBN 978-7-{r.randrange(100, 999)}-{r.randrange(10000, 99999)}-{r.randrange(10)}"
    broken = f"身份证号{bad_id}（校验位错误，已驳回），卡号{card}无效，请拨打95588或10086"
    day = f"2026-11-{r.randrange(1, 28):02d}"
    office = f"请于{day}前到深圳市南山区办理，工单号{r.randrange(10**9, 10**10)}"
    invoice = f"发票号码{r.randrange(10**7, 10**8)}"
    choices = [
        f"{order}，{hotline}",
        f"{flight}，{stamp}",
        f"{version}，{isbn}，{invoice}",
        broken,
        office,
    ]
    return [_t(r.choice(choices))]


TEMPLATES: tuple[Callable[[random.Random], list[Part]], ...] = (
    dump_line,
    sql_dump,
    chat_code,
    doxxing,
    waybill,
    hotel,
    airline,
    police_log,
    telecom,
    manifest,
    property_record,
    device_travel,
    hard_negative,
    hard_negative,
)


def corpus(n: int, seed: int = 20261125) -> Iterator[Document]:
    """``n`` labelled documents, deterministic for ``seed``."""
    rng = random.Random(seed)
    for i in range(n):
        yield _doc(f"doc-{i + 1}", rng.choice(TEMPLATES)(rng))
