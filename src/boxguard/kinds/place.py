"""Places: postal codes and precise coordinates."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache

from boxguard.accel import native as _native
from boxguard.kinds._checks import ComponentError, FormatError, require
from boxguard.kinds._lazy import lazy_re
from boxguard.kinds._masks import keep_ends, run_twin
from boxguard.kinds._model import Category, Coarsening, Generalization, Kind, Pattern


def validate_postal_code(value: str) -> str:
    """6 digits whose first two name a mainland postal province (01–86).

    >>> validate_postal_code("100020")
    '100020'
    """
    require(bool(re.fullmatch(r"[0-9]{6}", value)), FormatError, "a postal code has 6 digits")
    require(1 <= int(value[:2]) <= 86, ComponentError, "no such postal province")
    return value


_NUM = r"[-+]?[0-9]{1,3}\.[0-9]{4,}"
_PAIR = lazy_re(rf"(?P<a>{_NUM})\s*[,，/ ]\s*(?P<b>{_NUM})")
_DMS = lazy_re(
    r"(?P<a>[0-9]{1,2}\.[0-9]{4,})\s*°?\s*(?P<ah>[NS北南])\s*[,，/ ]?\s*"
    r"(?P<b>[0-9]{1,3}\.[0-9]{4,})\s*°?\s*(?P<bh>[EW东西])"
)
#: the hemisphere first: N30.2741° E120.1551°
_HEMI_FIRST = lazy_re(
    r"(?P<ah>[NS])\s?(?P<a>[0-9]{1,2}\.[0-9]{4,})\s*°?\s*[,，/ ]?\s*"
    r"(?P<bh>[EW])\s?(?P<b>[0-9]{1,3}\.[0-9]{4,})\s*°?"
)
#: degrees, minutes, seconds: 30°16'26.7"N 120°09'18.3"E (the second to 0.1″ is ~3 m)
_SEXAGESIMAL = lazy_re(
    r"(?P<ad>[0-9]{1,2})°\s?(?P<am>[0-5]?[0-9])['′]\s?(?P<as>[0-5]?[0-9](?:\.[0-9]+)?)[\"″]\s?"
    r"(?P<ah>[NS])\s*[,，/ ]?\s*"
    r"(?P<bd>[0-9]{1,3})°\s?(?P<bm>[0-5]?[0-9])['′]\s?(?P<bs>[0-5]?[0-9](?:\.[0-9]+)?)[\"″]\s?"
    r"(?P<bh>[EW])"
)


def validate_geo_coordinate(value: str) -> str:
    """A latitude/longitude pair with ≥ 4 decimals (or to the second), in range, as ``lat,lng``.

    >>> validate_geo_coordinate("39.9087, 116.3975")
    '39.9087,116.3975'
    >>> validate_geo_coordinate("39.9087°N, 116.3975°E")
    '39.9087,116.3975'
    >>> validate_geo_coordinate("N39.9087° E116.3975°")
    '39.9087,116.3975'
    >>> validate_geo_coordinate("39°54′31.3″N 116°23′51.0″E")
    '39.908694,116.397500'
    """
    v = value.strip()
    m = _DMS.fullmatch(v) or _HEMI_FIRST.fullmatch(v)
    x = _SEXAGESIMAL.fullmatch(v)
    if m is not None:
        lat = float(m["a"]) * (-1 if m["ah"] in "S南" else 1)
        lng = float(m["b"]) * (-1 if m["bh"] in "W西" else 1)
    elif x is not None:
        lat = (int(x["ad"]) + int(x["am"]) / 60 + float(x["as"]) / 3600) * (
            -1 if x["ah"] == "S" else 1
        )
        lng = (int(x["bd"]) + int(x["bm"]) / 60 + float(x["bs"]) / 3600) * (
            -1 if x["bh"] == "W" else 1
        )
        require(abs(lat) <= 90 and abs(lng) <= 180, ComponentError, "coordinate out of range")
        return f"{lat:.6f},{lng:.6f}"
    else:
        m = _PAIR.fullmatch(v)
        require(m is not None, FormatError, "not a coordinate pair")
        assert m is not None
        lat, lng = float(m["a"]), float(m["b"])
        if abs(lat) > 90 >= abs(lng):  # written lng,lat (as Chinese map APIs do)
            lat, lng = lng, lat
    require(abs(lat) <= 90 and abs(lng) <= 180, ComponentError, "coordinate out of range")
    require(not (lat == 0 and lng == 0), ComponentError, "null island")
    return f"{lat:.{_decimals(value)}f},{lng:.{_decimals(value)}f}"


def _decimals(value: str) -> int:
    return min(len(d) for d in re.findall(r"\.([0-9]+)", value))


_SECONDS = lazy_re(r"([0-9]+\s*['′]\s*)[0-9]+(?:\.[0-9]+)?(\s*[\"″]|\s*'')")
_DECIMAL_MINUTES = lazy_re(r"([°º]\s*[0-9]+)\.[0-9]+(\s*['′])")
_DECIMAL_DEGREES = lazy_re(r"(\.[0-9]{2})[0-9]+")


def mask_geo_coordinate(value: str) -> str:
    """About a kilometre of precision kept, in the notation as written: decimal degrees to
    two places, degrees and whole minutes of a sexagesimal pair (its seconds hidden).

    >>> mask_geo_coordinate("39.908722,116.397499")
    '39.90**,116.39**'
    >>> mask_geo_coordinate("31°12′30.3″N 121°30′56.3″E")
    '31°12′**″N 121°30′**″E'
    >>> mask_geo_coordinate("N31°12.512' E121°30.941'")
    "N31°12.**' E121°30.**'"
    """
    return run_twin(_native_geo(), value, mask_geo_coordinate_reference)


@cache
def _native_geo() -> Callable[[str], str] | None:
    """The native twin of :func:`mask_geo_coordinate`, given Python's three regexes."""
    if _native is None:
        return None
    seconds, minutes, degrees = (
        (rx.pattern, rx.flags) for rx in (_SECONDS, _DECIMAL_MINUTES, _DECIMAL_DEGREES)
    )
    return _native.NativeMask.geo(seconds, minutes, degrees).mask


def mask_geo_coordinate_reference(value: str) -> str:
    """The Python reference of :func:`mask_geo_coordinate` (the test oracle).

    >>> mask_geo_coordinate_reference("30.5°N, 114.3°E")
    '30.5°N, 114.3°E'
    """
    out = _SECONDS.sub(lambda m: m.group(1) + "**" + m.group(2), value)
    out = _DECIMAL_MINUTES.sub(lambda m: m.group(1) + ".**" + m.group(2), out)
    if out != value:
        return out
    return _DECIMAL_DEGREES.sub(lambda m: m.group(1) + "**", value)


def generate_geo_coordinate(rng: random.Random) -> str:
    lat, lng = rng.uniform(20, 45), rng.uniform(100, 125)
    form = rng.randrange(3)
    if form == 0:
        return f"{lat:.6f},{lng:.6f}"
    if form == 1:
        return f"{lng:.6f}, {lat:.6f}"
    return f"{lat:.4f}°N, {lng:.4f}°E"


def generalize_postal_code(value: str, how: Coarsening) -> str:
    """Keep the first ``digits`` (3 by default), zero the rest: ``100020`` → ``100000``.

    >>> two = Coarsening(digits=2)
    >>> generalize_postal_code("100020", Coarsening()), generalize_postal_code("518057", two)
    ('100000', '510000')
    """
    return value[: how.digits] + "0" * max(0, len(value) - how.digits)


_DECIMAL = lazy_re(r"-?\d+\.\d+")


def generalize_geo_coordinate(value: str, how: Coarsening) -> str:
    """Round every number to ``decimals`` (2 by default), keeping the rest of the text.

    >>> generalize_geo_coordinate("39.908722,116.397499", Coarsening(decimals=1))
    '39.9,116.4'
    """
    return _DECIMAL.sub(lambda m: f"{float(m.group()):.{how.decimals}f}", value)


KINDS = (
    Kind(
        id="postal_code",
        en="postal code",
        zh="邮政编码",
        category=Category.BASIC,
        sensitive=False,
        patterns=(
            Pattern(
                "postal_labelled",
                r"(?i:邮编|邮政编码|post ?code|postal code|zip(?: code)?)\s*[:：]?\s*"
                r"(?P<value>[0-9]{6})(?![0-9])",
                0.8,
            ),
        ),
        validate=validate_postal_code,
        check="label:postal",
        context=("邮编", "邮政编码", "postcode", "zip"),
        column_hints=(
            "邮编",
            "邮政编码",
            "postcode",
            "post_code",
            "zip",
            "zip_code",
            "postal_code",
        ),
        mask=keep_ends(2, 0),
        generate=lambda rng: f"{rng.randrange(10, 86):02d}{rng.randrange(10**4):04d}",
        generalize=Generalization(
            generalize_postal_code,
            tuple((f"{d} digits", Coarsening(digits=d)) for d in (5, 4, 3, 2)),
        ),
        examples=("100020", "518057", "310012"),
        counterexamples=("12345", "990000", "000123"),
    ),
    Kind(
        id="geo_coordinate",
        en="precise geographic coordinate",
        zh="精确位置",
        category=Category.LOCATION,
        sensitive=True,
        patterns=(
            Pattern("dms", re.sub(r"\(\?P<[a-z]+>", "(?:", _DMS.pattern), 0.85),
            Pattern(
                "hemisphere_first",
                r"(?<![A-Za-z])" + re.sub(r"\(\?P<[a-z]+>", "(?:", _HEMI_FIRST.pattern),
                0.85,
            ),
            Pattern(
                "sexagesimal",
                r"(?<![0-9])" + re.sub(r"\(\?P<[a-z]+>", "(?:", _SEXAGESIMAL.pattern),
                0.85,
            ),
            Pattern(
                "pair",
                r"(?<![0-9.])"
                + _PAIR.pattern.replace("(?P<a>", "(?:").replace("(?P<b>", "(?:")
                + r"(?![0-9])",
                0.6,
            ),
        ),
        validate=validate_geo_coordinate,
        check="range:lat/lng",
        context=("坐标", "经纬度", "位置", "定位", "纬度", "经度", "lat", "lng", "location", "GPS"),
        column_hints=("坐标", "经纬度", "location", "latlng", "gps", "coordinate"),
        mask=mask_geo_coordinate,
        generate=generate_geo_coordinate,
        generalize=Generalization(
            generalize_geo_coordinate,
            tuple((f"{d} decimals", Coarsening(decimals=d)) for d in (3, 2, 1, 0)),
        ),
        examples=("39.908722,116.397499", "116.397499, 39.908722", "31.2304°N, 121.4737°E"),
        counterexamples=("39.9,116.3", "95.12345,200.12345", "0.0000,0.0000"),
        validated_score=0.8,
    ),
)
