"""The kinds' masks in the native core give exactly what their Python references give.

Every ported mask is a dispatcher (native when ``boxguard._native`` is built, else the
reference) and keeps its reference (``*_reference``) as the oracle. hypothesis draws values
shaped like each kind's (digits, full-width digits, separators, CJK, Latin, odd Unicode,
lone surrogates) and compares the native twin, the dispatcher and the reference; the
synthetic corpus's findings are masked both ways too.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boxguard.accel import native as _native
from boxguard.detect import Scanner
from boxguard.kinds import get_kind
from boxguard.kinds._masks import (
    KeepEnds,
    email_mask,
    email_mask_reference,
    hide_all,
    hide_all_reference,
)
from boxguard.kinds.address import _native_address, mask_address, mask_address_reference
from boxguard.kinds.dates import _native_birth_date, mask_birth_date, mask_birth_date_reference
from boxguard.kinds.device import (
    mask_ip_address,
    mask_ip_address_reference,
    mask_mac_address,
    mask_mac_address_reference,
)
from boxguard.kinds.finance import mask_property_cert_no, mask_property_cert_no_reference
from boxguard.kinds.organization import mask_organization, mask_organization_reference
from boxguard.kinds.person import _native_name, mask_name, mask_name_reference
from boxguard.kinds.phone import _native_landline, mask_cn_landline, mask_cn_landline_reference
from boxguard.kinds.place import _native_geo, mask_geo_coordinate, mask_geo_coordinate_reference
from boxguard.kinds.vehicle import mask_plate, mask_plate_reference
from boxguard.synth.corpus import corpus

pytestmark = pytest.mark.skipif(_native is None, reason="the native core is not built")

Mask = Callable[[str], str]
Twin = Callable[[str], str | None]

#: Characters whose Unicode classes differ between engines, or that break naive code:
#: Arabic-Indic and mathematical digits, superscripts, circled digits, full-width digits,
#: combining marks, U+FFFD, odd spaces, a lone surrogate, an astral emoji, a final newline.
ODD = "٣𝟘²①０１２９\u0301\u0345\ufffd\u00a0\u3000\x1c\u2028\ud800\udfff😀İı\n\tKſ"
DIGITS = "0123456789"
WIDE = "０１２３４５６７８９"
HEX = "0123456789abcdefABCDEF"


def _built(twin: Mask | None) -> Mask:
    assert twin is not None, "a native mask was not built"
    return twin


def _twins() -> dict[str, tuple[Twin, Mask, Mask]]:
    """Each ported mask: its raw native twin, its dispatcher, its Python reference."""
    assert _native is not None
    name, landline, birth, address, geo = (
        _built(_native_name()),
        _built(_native_landline()),
        _built(_native_birth_date()),
        _built(_native_address()),
        _built(_native_geo()),
    )
    return {
        "email": (_native.mask_email, email_mask, email_mask_reference),
        "hide_all": (_native.mask_hide_all, hide_all, hide_all_reference),
        "mac": (_native.mask_mac_address, mask_mac_address, mask_mac_address_reference),
        "ip": (_native.mask_ip_address, mask_ip_address, mask_ip_address_reference),
        "property": (
            _native.mask_property_cert_no,
            mask_property_cert_no,
            mask_property_cert_no_reference,
        ),
        "organization": (
            _native.mask_organization,
            mask_organization,
            mask_organization_reference,
        ),
        "plate": (_native.mask_plate, mask_plate, mask_plate_reference),
        "birth_date": (birth, mask_birth_date, mask_birth_date_reference),
        "landline": (landline, mask_cn_landline, mask_cn_landline_reference),
        "name": (name, mask_name, mask_name_reference),
        "address": (address, mask_address, mask_address_reference),
        "geo": (geo, mask_geo_coordinate, mask_geo_coordinate_reference),
    }


def _outcome(f: Callable[[str], str | None], value: str) -> object:
    """What ``f(value)`` gives, or the class of the ValueError it raises."""
    try:
        return f(value)
    except ValueError as e:
        return type(e)


def _encodable(value: str) -> bool:
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def check(which: str, value: str) -> None:
    """The dispatcher gives the reference's outcome; so does the raw twin on UTF-8 values
    (or None, only where it leaves the value to the reference)."""
    twin, mask, reference = _twins()[which]
    want = _outcome(reference, value)
    assert _outcome(mask, value) == want, f"{which}: dispatcher differs on {value!r}"
    if _encodable(value):
        got = twin(value)
        if got is None:
            assert which == "ip", f"{which}: the twin gave up on {value!r}"
        else:
            assert got == want, f"{which}: native differs on {value!r}"


def _mix(*alphabets: str, max_size: int = 30) -> st.SearchStrategy[str]:
    """Text over the alphabets and the odd characters, plus arbitrary text."""
    return st.one_of(
        st.text(alphabet=st.sampled_from("".join(alphabets) + ODD), max_size=max_size),
        st.text(max_size=max_size),
    )


def _joined(parts: st.SearchStrategy[str], seps: str, n: int) -> st.SearchStrategy[str]:
    return st.lists(parts, min_size=1, max_size=n).flatmap(
        lambda ps: st.lists(st.sampled_from(seps), min_size=len(ps), max_size=len(ps)).map(
            lambda ss: "".join(p + s for p, s in zip(ps, ss, strict=True))
        )
    )


_WORD = st.text(alphabet=st.sampled_from("abcXYZ张三欧阳._-+0٣é"), max_size=8)
EMAILS = st.one_of(_joined(_WORD, "@@.", 5), _mix("@.ab1张 ", max_size=20))
_OCTET = st.one_of(st.integers(0, 300).map(str), st.sampled_from(["01", "00", "", "1a", "٣"]))
IPV4 = st.lists(_OCTET, min_size=1, max_size=6).map(".".join)
_HEXTET = st.one_of(
    st.text(alphabet=st.sampled_from(HEX), max_size=5), st.sampled_from(["", "1.2.3.4", "g"])
)
IPV6 = st.tuples(
    st.lists(_HEXTET, min_size=0, max_size=10).map(":".join),
    st.sampled_from(["", "%eth0", "%", "%a%b", "/64"]),
    st.sampled_from(["", " ", "\u3000", "\x1c"]),
).map(lambda t: t[2] + t[0] + t[1] + t[2])
#: real addresses as Python writes them (compressed, exploded, v4-mapped), with a scope
#: or a prefix sometimes, and in upper case
REAL_IPS = st.tuples(
    st.ip_addresses(),
    st.sampled_from(["compressed", "exploded"]),
    st.sampled_from(["", "", "%eth0", "%", "%1%", "/24"]),
    st.booleans(),
).map(
    lambda t: (
        (getattr(t[0], t[1]) + (t[2] if t[0].version == 6 else "")).upper()
        if t[3]
        else getattr(t[0], t[1]) + t[2]
    )
)
IPS = st.one_of(IPV4, IPV6, REAL_IPS, REAL_IPS, _mix(HEX + ".:% ", max_size=24))
MACS = st.one_of(
    _joined(st.text(alphabet=st.sampled_from(HEX), min_size=2, max_size=2), ":-", 7),
    _mix(HEX + ":-", max_size=20),
)
LANDLINES = st.one_of(
    st.tuples(
        st.sampled_from(["", "+86 ", "0086-", " +86", "(", "（"]),
        st.sampled_from(["010", "021", "0755", "0571", "０１０", "10", "2", "0", ""]),
        st.sampled_from(["-", ")", "）", " ", "", "—"]),
        st.one_of(
            st.text(alphabet=st.sampled_from(DIGITS + WIDE + " -"), max_size=12),
            st.text(alphabet=st.sampled_from(DIGITS), min_size=7, max_size=11),
        ),
        st.sampled_from(["", "转123", "分机88", " ext 12", "EXT9", "x5", "#7", "-8001", "-12\n"]),
    ).map("".join),
    _mix(DIGITS + WIDE + "+-() 转分机extX#", max_size=28),
)
PLATES = st.one_of(
    st.tuples(
        st.sampled_from(["京", "粤", "沪", "浙", "A", ""]),
        st.text(alphabet=st.sampled_from("ABDFHJKXYZ0123456789·• 警学挂领"), max_size=8),
    ).map("".join),
    _mix("京粤ABC0123·警", max_size=10),
)
_Y = st.integers(1850, 2099).map(str)
_MD = st.integers(0, 40).map(str)
DATES = st.one_of(
    st.tuples(_Y, _MD, _MD).map(lambda t: f"{t[0]}-{t[1]}-{t[2]}"),
    st.tuples(_Y, _MD, _MD).map(lambda t: f"{t[0]}年{t[1]}月{t[2]}日"),
    st.tuples(_Y, _MD, _MD).map(lambda t: f"{t[2]}/{t[1]}/{t[0]}"),
    st.tuples(_Y, _MD, _MD).map(lambda t: f"{t[0]}{t[1]:0>2}{t[2]:0>2}"),
    _mix(DIGITS + WIDE + "-/.年月日 ", max_size=16),
)
_DEG = st.floats(-180, 180, allow_nan=False).map(lambda f: f"{f:.{abs(int(f * 7)) % 8}f}")
COORDS = st.one_of(
    st.tuples(_DEG, st.sampled_from([",", ", ", " "]), _DEG).map("".join),
    st.tuples(
        st.integers(0, 180),
        st.sampled_from("°º"),
        st.integers(0, 60),
        st.sampled_from(["′", "'", " ' "]),
        st.sampled_from(["30", "30.3", "5.", "12.512"]),
        st.sampled_from(["″", '"', "''", " ″", '\u3000"', ""]),
        st.sampled_from(["N", "E", " N 121°30′56.3″E", ""]),
    ).map(lambda t: "".join(map(str, t))),
    st.tuples(
        st.sampled_from(["N", "E", ""]),
        st.integers(0, 180),
        st.sampled_from("°º"),
        st.sampled_from(["", " ", "\u2028"]),
        st.integers(0, 60),
        st.sampled_from([".512", ".9", ""]),
        st.sampled_from(["'", "′", " '", ""]),
    ).map(lambda t: "".join(map(str, t))),
    _mix(DIGITS + ".,°º′″'\" NE-", max_size=30),
)
_HAN = st.text(alphabet=st.sampled_from("北京朝阳广东深圳南山内蒙古新疆维吾尔"), max_size=5)
ADDRESSES = st.one_of(
    st.lists(
        st.tuples(
            _HAN,
            st.sampled_from(
                ["省", "市", "区", "县", "旗", "自治区", "自治州", "地区", "盟", "路", "号", ""]
            ),
        ).map("".join),
        max_size=6,
    ).map("".join),
    _mix("北京市朝阳区建国路号88省自治州盟 ", max_size=24),
)
_SUR = st.sampled_from(["张", "王", "欧阳", "司马", "诸葛", "ZHANG", "San", "李"])
NAMES = st.one_of(
    st.tuples(_SUR, st.text(alphabet=st.sampled_from("三娜光明 ·/Zhang"), max_size=6)).map("".join),
    _mix("张欧阳司马·/ ZHANGsan", max_size=12),
)
ORGS = st.one_of(
    st.tuples(_HAN, st.sampled_from(["有限公司", "大学", "医院", "银行", ""])).map("".join),
    _mix("北京字节跳动科技有限公司 Inc.", max_size=20),
)
PROPERTY = st.one_of(
    st.tuples(
        st.sampled_from(["京", "沪", ""]),
        st.sampled_from(["(2020)", "（2021）", ""]),
        _HAN,
        st.sampled_from(["不动产权第", ""]),
        st.text(alphabet=st.sampled_from(DIGITS), max_size=8),
        st.sampled_from(["号", ""]),
    ).map("".join),
    _mix("京(2020)朝阳区不动产权第0123号", max_size=24),
)
ARBITRARY = _mix(DIGITS + WIDE + "张@.:-/", max_size=40)

CASES = {
    "email": EMAILS,
    "hide_all": ARBITRARY,
    "mac": MACS,
    "ip": IPS,
    "property": PROPERTY,
    "organization": ORGS,
    "plate": PLATES,
    "birth_date": DATES,
    "landline": LANDLINES,
    "name": NAMES,
    "address": ADDRESSES,
    "geo": COORDS,
}


@pytest.mark.parametrize("which", sorted(CASES))
def test_native_mask_equals_the_reference(which: str) -> None:
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(CASES[which], ARBITRARY))
    def run(value: str) -> None:
        check(which, value)

    run()


@pytest.mark.parametrize("which", sorted(CASES))
@pytest.mark.parametrize(
    "value",
    [
        "",
        "a",
        "\ud800",
        "12\udfff34",
        "fe80::1%eth0",
        "0571-87654321-8001\n",
        "010-6552998812ext345",
        "٣٣٣٣-١٢-٠١",
        "１９９０年１月２日",
        "𝟘𝟙:𝟚𝟛",
        "31°12′30.3″N 121°30′56.3″E",
        "内蒙古自治区呼和浩特市新城区",
        "Jean Pierre",
        "e\u0301@x",
    ],
)
def test_edge_values(which: str, value: str) -> None:
    check(which, value)


def test_the_dispatchers_run_the_core() -> None:
    """With the core built, each dispatcher is the native twin (not the reference again):
    the twins are distinct objects that answer the doctests' examples."""
    twins = _twins()
    assert twins["name"][0]("欧阳娜娜") == "欧阳*"
    assert twins["address"][0]("北京市朝阳区建国路88号") == "北京市朝阳区******"
    assert twins["landline"][0]("(0755)86013388转123") == "(0755)****3388转123"
    assert twins["geo"][0]("39.908722,116.397499") == "39.90**,116.39**"
    assert twins["birth_date"][0]("٣1990") == "*1990"


#: Each kind's mask, as its reference: KeepEnds' own, or the ported function's.
_REFERENCES: dict[object, Mask] = {
    email_mask: email_mask_reference,
    hide_all: hide_all_reference,
    mask_mac_address: mask_mac_address_reference,
    mask_ip_address: mask_ip_address_reference,
    mask_property_cert_no: mask_property_cert_no_reference,
    mask_organization: mask_organization_reference,
    mask_plate: mask_plate_reference,
    mask_birth_date: mask_birth_date_reference,
    mask_cn_landline: mask_cn_landline_reference,
    mask_name: mask_name_reference,
    mask_address: mask_address_reference,
    mask_geo_coordinate: mask_geo_coordinate_reference,
}


def test_the_corpus_findings_mask_alike() -> None:
    """Every finding of the synthetic corpus masks the same natively and in Python."""
    scanner = Scanner(models=())
    compared = 0
    for doc in corpus(300):
        for f in scanner.scan(doc.text):
            mask = get_kind(f.kind).mask
            if f.kind == "intl_phone":
                continue  # libphonenumber's: Python only
            reference = mask.reference if isinstance(mask, KeepEnds) else _REFERENCES[mask]
            assert mask(f.value) == reference(f.value), f"{f.kind} masks differently"
            compared += 1
    assert compared > 1000
