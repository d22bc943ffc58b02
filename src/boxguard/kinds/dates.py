"""Birth dates: a date only counts in a birth context."""

from __future__ import annotations

import datetime as dt
import random
import re

from boxguard.errors import ConfigError
from boxguard.kinds._checks import ComponentError, FormatError, require
from boxguard.kinds._dates import parse_date
from boxguard.kinds._model import Category, Coarsening, Generalization, Kind, Pattern

_FORMS = (
    r"(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})",
    r"(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]?",
    r"(?P<y>(?:19|20)[0-9]{2})(?P<m>[01][0-9])(?P<d>[0-3][0-9])",
    r"(?P<d>[0-9]{1,2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<y>(?:19|20)[0-9]{2})",
)


def validate_birth_date(value: str) -> str:
    """A real calendar date between 1900 and today, returned as ISO 8601.

    >>> validate_birth_date("1990年1月2日"), validate_birth_date("02/01/1990")
    ('1990-01-02', '1990-01-02')
    """
    for form in _FORMS:
        m = re.fullmatch(form, value.strip())
        if m is None:
            continue
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            raise ComponentError("not a calendar date") from None
        require(
            day.year >= 1900 and day <= dt.date.today(),
            ComponentError,
            "not a plausible birth date",
        )
        return day.isoformat()
    raise FormatError("not a date")


def mask_birth_date(value: str) -> str:
    """Keep the year, hide month and day: ``1990-**-**``, ``1990年*月*日``.

    >>> mask_birth_date("1990年1月2日"), mask_birth_date("02/01/1990")
    ('1990年*月*日', '**/**/1990')
    >>> mask_birth_date("１９９０年１月２日")  # full-width digits are hidden too
    '****年*月*日'
    """
    m = re.search(r"(?:19|20)[0-9]{2}", value)
    hide = re.sub(r"\d", "*", value)
    if m is None:
        return hide
    return hide[: m.start()] + m.group() + hide[m.end() :]


def generate_birth_date(rng: random.Random) -> str:
    day = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 66))
    return rng.choice(
        [
            day.isoformat(),
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y%m%d}",
            f"{day:%Y/%m/%d}",
        ]
    )


def generalize_birth_date(value: str, how: Coarsening) -> str:
    """The year (default), the decade or the age band; a value that is no date hides its
    characters.

    >>> band = Coarsening(level="age_band", today=dt.date(2026, 11, 25))
    >>> generalize_birth_date("1990年5月17日", Coarsening())
    '1990'
    >>> generalize_birth_date("1990-05-17", band), generalize_birth_date("不详", Coarsening())
    ('30-39', '**')
    """
    parsed = parse_date(value)
    if parsed is None:
        return "*" * len(value)
    day = parsed[0]
    level = how.level or "year"
    if level == "year":
        return str(day.year)
    if level == "decade":
        return f"{day.year // 10 * 10}s"
    if level == "age_band":
        today = how.today or dt.date.today()
        age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
        lo = max(age, 0) // how.band * how.band
        return f"{lo}-{lo + how.band - 1}"
    raise ConfigError(f"birth_date levels are year, decade, age_band; not {level!r}")


_UNNAMED = tuple(re.sub(r"\(\?P<[a-z]+>", "(?:", form) for form in _FORMS)
_LABEL = (
    r"(?i:出生日期|出生年月日|出生于|出生|生日|生于"
    r"|DOB|D\.O\.B\.?|date of birth|birth ?date|born(?: on)?)"
)


KINDS = (
    Kind(
        id="birth_date",
        en="date of birth",
        zh="出生日期",
        category=Category.BASIC,
        sensitive=False,
        patterns=tuple(
            Pattern(
                f"birth_{i}",
                _LABEL + r"\s*(?:是|为)?\s*[:：]?\s*(?P<value>" + form + r")(?![0-9])",
                0.85,
            )
            for i, form in enumerate(_UNNAMED)
        ),
        validate=validate_birth_date,
        check="calendar",
        context=("出生日期", "出生", "生日", "DOB", "date of birth", "born"),
        column_hints=("出生日期", "生日", "birthday", "birth_date", "dob", "出生年月"),
        mask=mask_birth_date,
        generate=generate_birth_date,
        generalize=Generalization(
            generalize_birth_date,
            (("year", Coarsening(level="year")), ("decade", Coarsening(level="decade"))),
        ),
        examples=("1990-01-02", "1990年1月2日", "19900102", "02/01/1990"),
        counterexamples=("1990-02-30", "2999-01-01", "1890-01-01", "1990-13-01"),
    ),
)
