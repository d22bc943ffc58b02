"""Birth dates: a date only counts in a birth context."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache

from boxguard.accel import native as _native
from boxguard.errors import ConfigError
from boxguard.kinds._checks import ComponentError, FormatError, require
from boxguard.kinds._dates import parse_date
from boxguard.kinds._masks import run_twin
from boxguard.kinds._model import Category, Coarsening, Generalization, Kind, Pattern

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
#: An English month, abbreviated or in full (``Mar``, ``March``, ``Sept.``).
_MON = (
    r"(?P<mon>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?"
)
_FORMS = (
    r"(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})",
    # 1990年1月2日, and as OCR spaces it: 1990 年 1 月 2 日
    r"(?P<y>(?:19|20)[0-9]{2}) ?年 ?(?P<m>[0-9]{1,2}) ?月 ?(?P<d>[0-9]{1,2})(?: ?[日号])?",
    r"(?P<y>(?:19|20)[0-9]{2})(?P<m>[01][0-9])(?P<d>[0-3][0-9])",
    r"(?P<d>[0-9]{1,2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<y>(?:19|20)[0-9]{2})",
    # a Taiwan card's 民國 year (1912 + n - 1): 民國79年3月27日
    r"(?:民國|民国) ?(?P<roc>[0-9]{1,3}) ?年 ?(?P<m>[0-9]{1,2}) ?月 ?(?P<d>[0-9]{1,2}) ?日?",
    # English: 2 Mar 1990, 2 March 1990, March 2, 1990
    rf"(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?[ -]{_MON}[ -,]+(?P<y>(?:19|20)[0-9]{{2}})",
    rf"{_MON} (?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,? (?P<y>(?:19|20)[0-9]{{2}})",
    # an airline's DDMMMYY (SSR DOCS, APIS): 02MAR90
    r"(?P<d>[0-3][0-9])(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(?P<yy>[0-9]{2})",
)


def validate_birth_date(value: str) -> str:
    """A real calendar date between 1900 and today, returned as ISO 8601.

    >>> validate_birth_date("1990年1月2日"), validate_birth_date("02/01/1990")
    ('1990-01-02', '1990-01-02')
    >>> validate_birth_date("民國79年3月27日"), validate_birth_date("2 March 1990")
    ('1990-03-27', '1990-03-02')
    >>> validate_birth_date("02MAR90"), validate_birth_date("15JUN05")
    ('1990-03-02', '2005-06-15')
    """
    import datetime as dt  # here: a scan that checks no date never imports it (start-up)

    for form in _FORMS:
        m = re.fullmatch(form, value.strip())
        if m is None:
            continue
        g = m.groupdict()
        if g.get("roc") is not None:
            year = 1911 + int(g["roc"])
        elif g.get("yy") is not None:  # two digits: the latest year not in the future
            year = 2000 + int(g["yy"])
            year -= 100 if year > dt.date.today().year else 0
        else:
            year = int(g["y"])
        month = _MONTHS.index(g["mon"][:3].upper()) + 1 if g.get("mon") else int(g["m"])
        try:
            day = dt.date(year, month, int(g["d"]))
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
    return run_twin(_native_birth_date(), value, mask_birth_date_reference)


@cache
def _native_birth_date() -> Callable[[str], str] | None:
    """The native twin of :func:`mask_birth_date`, with Python's ``\\d`` table (built once)."""
    if _native is None:
        return None
    from boxguard.kinds._classes import table

    return _native.NativeMask.birth_date(list(table("d"))).mask


def mask_birth_date_reference(value: str) -> str:
    """The Python reference of :func:`mask_birth_date` (the test oracle).

    >>> mask_birth_date_reference("1990-01-02")
    '1990-**-**'
    """
    m = re.search(r"(?:19|20)[0-9]{2}", value)
    hide = re.sub(r"\d", "*", value)
    if m is None:
        return hide
    return hide[: m.start()] + m.group() + hide[m.end() :]


def generate_birth_date(rng: random.Random) -> str:
    import datetime as dt

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

    >>> import datetime as dt
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
        import datetime as dt

        today = how.today or dt.date.today()
        age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
        lo = max(age, 0) // how.band * how.band
        return f"{lo}-{lo + how.band - 1}"
    raise ConfigError(f"birth_date levels are year, decade, age_band; not {level!r}")


_UNNAMED = tuple(re.sub(r"\(\?P<[a-z]+>", "(?:", form) for form in _FORMS)
_LABEL = (
    r"(?i:出生日期|出生年月日|出生于|出 ?生|生日|生于|<csrq>"
    r"|DOB|D\.O\.B\.?|date of birth|birth ?date|born(?: on)?)"
)
#: SSR DOCS (APIS): ``SSR DOCS CA HK1 P/CN/E12345678/CN/02MAR90/M/15JUN30/ZHANG/WEI``, the
#: date of birth after the nationality; the expiry after the gender is not one.
_DOCS = (
    r"\bDOCS [A-Z0-9]{2} [A-Z]{2}[0-9] [A-Z]{1,2}/[A-Z]{2,3}/[A-Z0-9]{5,15}/[A-Z]{2,3}/"
    r"(?P<value>[0-3][0-9](?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[0-9]{2})/[MFU]I?/"
)


KINDS = (
    Kind(
        id="birth_date",
        en="date of birth",
        zh="出生日期",
        category=Category.BASIC,
        sensitive=False,
        patterns=(
            *(
                Pattern(
                    f"birth_{i}",
                    _LABEL + r"\s*(?:是|为)?\s*[:：]?\s*(?P<value>" + form + r")(?![0-9])",
                    0.85,
                )
                for i, form in enumerate(_UNNAMED)
            ),
            Pattern("birth_docs", _DOCS, 0.85),
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
