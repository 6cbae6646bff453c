"""Calendar words in the languages Storyline reads: month and weekday names, seasons, and the
two-digit-year convention. One table per kind, shared by the stated-date reader (text/dates),
the time-expression grammars (text/timex) and anything else that names a month."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
# Russian month names inflect ("март", "марта"): keyed by their first three letters (ё as е), with
# the forms of "май", whose stem is shorter than three letters
MONTHS_RU = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "мае": 5, "маю": 5, "июн": 6,
             "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAYS_RU = {"пон": 0, "вто": 1, "сре": 2, "чет": 3, "пят": 4, "суб": 5, "вос": 6}  # first three letters
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}  # TimeML season codes

# Month names as regular-expression alternations, for grammars that find dates in running text
EN_MONTH_RE = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
RU_MONTH_RE = (
    r"(?:январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|"
    r"ноябр[ья]|декабр[ья])"
)


def month_number(word: str) -> int | None:
    """1-12 for an English month name or abbreviation ("Sept.") or a Russian month in any case."""
    key = word.lower().rstrip(".").replace("ё", "е")
    if key in MONTHS:
        return MONTHS[key]
    return MONTHS.get(key[:3]) or MONTHS_RU.get(key[:3])


def weekday_number(word: str) -> int | None:
    """0 (Monday) to 6 for an English weekday name or a Russian one in any case."""
    key = word.lower()
    return WEEKDAYS.get(key) if key in WEEKDAYS else WEEKDAYS_RU.get(key[:3])


def expand_year(yy: str) -> int:
    """POSIX convention (as strptime's %y): 69-99 are 1900s, 00-68 are 2000s."""
    n = int(yy)
    if len(yy) == 4:
        return n
    return 1900 + n if n >= 69 else 2000 + n


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])
