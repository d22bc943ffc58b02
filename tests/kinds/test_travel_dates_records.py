"""Airline displays, birth dates in records and document fields, and record columns."""

from __future__ import annotations

import pytest

from boxguard import Scanner
from boxguard.kinds import get_kind

ALL = Scanner(models=())


def found(text: str, kind: str) -> list[str]:
    return [f.value for f in ALL.scan(text) if f.kind == kind]


# -- airline: GDS displays, ticket numbers -------------------------------------------

GDS = (
    ">RT\n"
    " 1.WANG/XIAOMING MR 2.LIU/FANG MS 7KQ2MX\n"
    " 3.  CA1234 Y   MO12JAN  PEKSHA HK2   0800 1010          E\n"
    " 4.SSR DOCS CA HK1 P/CN/E23456789/CN/14AUG85/M/20MAR31/WANG/XIAOMING/P1\n"
    " 5.SSR TKNE CA HK1 PEKSHA 1234 Y12JAN 9995123456789/1/P1\n"
    " 6.RMK CA/NP3R8D\n"
    " 7.TN/9995123456790/P2\n"
    ">DETR:TN/9995123456791\n"
    "ETKT 999 5123456792  PASSENGER: WANG/XIAOMING\n"
)


def test_gds_locators_after_names_and_in_rmk() -> None:
    assert found(GDS, "pnr_code") == ["7KQ2MX", "NP3R8D"]


def test_gds_locator_after_a_chinese_name() -> None:
    assert found(">RT\n 1.张小明 3MZ8QA\n 2.  MU5101 Y   TU14MAR", "pnr_code") == ["3MZ8QA"]


@pytest.mark.parametrize(
    "label", ["Reservation code", "Booking code", "Confirmation No.", "订座编码"]
)
def test_locator_labels(label: str) -> None:
    assert found(f"{label}: W7TK2Y | Flight: CA1501", "pnr_code") == ["W7TK2Y"]


def test_gds_ticket_numbers_without_label_words() -> None:
    tickets = found(GDS, "air_ticket_no")
    assert tickets == ["9995123456789", "9995123456790", "9995123456791", "999 5123456792"]


def test_tkne_coupon_and_passenger_stay_outside() -> None:
    f = next(x for x in ALL.scan(GDS) if x.kind == "air_ticket_no")
    assert GDS[f.end : f.end + 5] == "/1/P1"


def test_a_tkne_line_never_cuts_a_longer_number() -> None:
    assert found("SSR TKNE CA HK1 99951234567890123/1", "air_ticket_no") == []


# -- birth dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("姓 名 王小明\n出 生 1987 年 6 月 5 日\n住 址", "1987 年 6 月 5 日"),  # OCR spacing
        ("姓名 陳小美\n出生 民國76年6月5日\n性別 女", "民國76年6月5日"),
        ("<xm>王小明</xm><csrq>19870605</csrq>", "19870605"),
        ("Date of Birth: 5 Jun 1987；Nationality: CHN", "5 Jun 1987"),
        ("DOB: 5 June 1987", "5 June 1987"),
        ("Date of birth: June 5, 1987", "June 5, 1987"),
    ],
)
def test_birth_date_forms_and_labels(text: str, value: str) -> None:
    assert found(text, "birth_date") == [value]


def test_docs_birth_date_not_expiry() -> None:
    assert found(GDS, "birth_date") == ["14AUG85"]


def test_docs_two_digit_year_is_never_in_the_future() -> None:
    v = get_kind("birth_date").validate
    assert v is not None
    assert v("14AUG85") == "1985-08-14"
    assert v("03FEB07") == "2007-02-03"


def test_a_date_without_birth_context_is_not_a_birth_date() -> None:
    assert found("入住日期：1987 年 6 月 5 日 有效期 5 Jun 2031", "birth_date") == []


# -- record columns: a header names the cells below ----------------------------------


def test_tsv_columns_name_postal_codes_and_birth_dates() -> None:
    text = (
        "收件人\t出生日期\t邮编\t备注\n王小明\t1987/06/05\t310012\t无\n李芳\t19900102\t518000\t无\n"
    )
    assert found(text, "postal_code") == ["310012", "518000"]
    assert found(text, "birth_date") == ["1987/06/05", "19900102"]


def test_pipe_table_and_csv_password_column() -> None:
    text = "序号 | 姓名 | 出生日期\n1 | 王小明 | 1987-06-05\n"
    assert found(text, "birth_date") == ["1987-06-05"]
    csv = "uid,nick,password,last_ip\n1001,xm,Qw#48213,10.0.0.1\n1002,ff,778899,10.0.0.2\n"
    assert found(csv, "credential") == ["Qw#48213", "778899"]


def test_a_row_with_another_field_count_ends_the_record() -> None:
    text = "id,邮编,备注\n1,310012,无\n\n统计,共1条,邮编 2,518000,x,y\n"
    assert found(text, "postal_code") == ["310012"]


def test_unquoted_thousands_keep_the_columns_aligned() -> None:
    csv = "name,amount,post_code\nxm,12,345.60,310012\n"
    assert found(csv, "postal_code") == ["310012"]
    sql = (
        "INSERT INTO `o` (`id`,`amount`,`post_code`,`waybill_no`) VALUES "
        "(1,23,794.05,'310012','7712345678901'),(2,5.00,'518000','7712345678902');"
    )
    assert found(sql, "postal_code") == ["310012", "518000"]
    assert found(sql, "waybill_no") == ["7712345678901", "7712345678902"]


def test_sql_password_column() -> None:
    sql = (
        "INSERT INTO `u` (`id`,`name`,`password`) VALUES\n"
        "(7, 'xm', 'aB3$kk9z'),\n(8, 'ff', 'zz@1111');"
    )
    assert found(sql, "credential") == ["aB3$kk9z", "zz@1111"]


def test_a_column_not_named_for_the_kind_claims_nothing() -> None:
    assert found("id,code_name,price\n1,310012,20\n", "postal_code") == []


# -- waybills ----------------------------------------------------------------------------


def test_numeric_waybill_glued_after_letters_is_someone_elses_number() -> None:
    assert found("投诉单号：SN519070353539", "waybill_no") == []
    assert found("工单号 512345678901", "waybill_no") == []
    assert found("快递单号 773412345678", "waybill_no") == ["773412345678"]
