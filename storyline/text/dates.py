"""Calendar dates as sources state them in bylines, datelines and running text.

This is the small date grammar the foundation needs: reading a stated publication date
("13/03/2025 02:17", "1/27/25", "April 4, 2025", "4 апреля 2025 г.") and listing the explicit
calendar mentions of a text, from which an undated article's publication month is inferred.
A regex grammar finds the expressions because dateparser's own search is unreliable at finding
them ("on Feb. 27" comes back as Feb 4); dateparser only normalises the odd formats our grammar
does not cover. Relative expressions ("the previous day") belong to the temporal stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import dateparser

from storyline.lexicon.calendar import EN_MONTH_RE, RU_MONTH_RE, expand_year, month_number

_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d\d(?::\d\d)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?"

_PATTERNS = [
    # 2025-04-04, 2025-04-04T09:30:00Z
    re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\b"),
    # 13/03/2025, 1/27/25, 13.03.2025, optionally with a time
    re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d|[0-3]\d)(?P=sep)(?P<yy>(?:1[89]|20)\d\d|\d\d)\b" + _TIME),
    # Friday, April 4, 2025 / Apr. 4 / April 2-3
    re.compile(rf"\b{_WEEKDAY}(?P<mon>{EN_MONTH_RE})\s+{_DAY}(?:\s*[-–]\s*(?P<d2>[0-3]?\d))?\b(?:,?\s+{_YEAR}\b)?"),
    # 4 April 2025 / 4 April
    re.compile(rf"\b{_DAY}(?:\s*[-–]\s*(?P<d2>[0-3]?\d))?\s+(?P<mon>{EN_MONTH_RE})\b(?:,?\s+{_YEAR}\b)?"),
    # 4 апреля 2025 (года|г.)
    re.compile(
        rf"(?<!\w){_DAY}(?:\s*[-–]\s*(?P<d2>[0-3]?\d))?\s+(?P<rmon>{RU_MONTH_RE})(?!\w)(?:\s+{_YEAR}(?:\s*(?:года|г\.))?)?",
        re.IGNORECASE,
    ),
    # February 2014 / in February of 2014
    re.compile(rf"\b(?P<mon>{EN_MONTH_RE})\s+(?:of\s+)?{_YEAR}\b"),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    day_end: int | None = None

    def iso(self, year: int | None = None) -> str | None:
        y = self.year or year
        if y is None:
            return None
        if self.day is None:
            return f"{y:04d}-{self.month:02d}"
        return f"{y:04d}-{self.month:02d}-{self.day:02d}"


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    days = [31, 29 if (y is None or (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31]  # fmt: skip
    return 1 <= d <= days[m - 1]


def _from_match(m: re.Match[str], day_first: bool) -> DateMention | None:
    g = m.groupdict()
    if g.get("a") is not None:  # numeric d/m/y or m/d/y
        a, b = int(g["a"]), int(g["b"])
        y = expand_year(g["yy"])
        if a > 12 and b <= 12:
            d, mo = a, b
        elif b > 12 and a <= 12:
            mo, d = a, b
        elif g["sep"] == "." or day_first:
            d, mo = a, b
        else:  # slashes without a tell: the US order, which English-language sources mostly use
            mo, d = a, b
        return DateMention(m.start(), m.end(), y, mo, d) if _valid(y, mo, d) else None
    if g.get("mon") is not None or g.get("rmon") is not None:
        mo = month_number(g.get("mon") or g["rmon"])
        if mo is None:
            return None
        y = int(g["y"]) if g.get("y") else None
        d = int(g["d"]) if g.get("d") else None
        d2 = int(g["d2"]) if g.get("d2") else None
        if not _valid(y, mo, d) or (d2 is not None and (not _valid(y, mo, d2) or d2 <= (d or 0))):
            return None
        return DateMention(m.start(), m.end(), y, mo, d, d2)
    y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    return DateMention(m.start(), m.end(), y, mo, d) if _valid(y, mo, d) else None


def find_dates(text: str, day_first: bool = False) -> list[DateMention]:
    """Explicit calendar mentions, left to right, overlapping matches resolved longest-first."""
    found: list[DateMention] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            dm = _from_match(m, day_first)
            if dm is not None:
                found.append(dm)
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[DateMention] = []
    for dm in found:
        if out and dm.start < out[-1].end:
            continue
        out.append(dm)
    return out


def parse_date(value: str, day_first: bool = False) -> str | None:
    """Normalise a stated date (metadata field, dateline) to ISO at the precision it gives."""
    value = value.strip()
    if not value:
        return None
    hits = find_dates(value, day_first)
    if hits:
        return hits[0].iso()
    parsed = dateparser.parse(
        value,
        languages=["en", "ru", "uk", "de", "fr", "es"],
        settings={
            "STRICT_PARSING": True,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            # no relative parser: "yesterday" in a metadata field would be read against today's clock,
            # and a stated date must not depend on the day of the build
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        },
    )
    return parsed.date().isoformat() if parsed else None


_FUTURE_CUE = re.compile(
    r"\b(will|would|shall|upcoming|next|later|scheduled|planned|plans?|expected|ahead|run-up|due|"
    r"set to|before the|until|till|forecasts?|будет|предстоящ\w*|следующ\w*)\b",
    re.IGNORECASE,
)
_YEAR_MENTION = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/-])")
_YEAR_TARGET = re.compile(r"\b(by|until|till|through|to|before|after)\s*$", re.IGNORECASE)


def _context_before(text: str, start: int, words: int = 8) -> str:
    sent_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    return " ".join(text[sent_start:start].split()[-words:])


def infer_publication(text: str) -> str | None:
    """Month of publication from the latest past event the text dates, or None.

    The year comes from the text itself (the latest year it names outside targets such as "by
    2030"), never from today's clock; the day is never guessed, because an article is written
    some time after the last event it reports.
    """
    years = [
        int(m.group(1))
        for m in _YEAR_MENTION.finditer(text)
        if not _YEAR_TARGET.search(text[max(0, m.start() - 12) : m.start()])
    ]
    year = max(years) if years else None
    best: tuple[int, int, int] | None = None
    for dm in find_dates(text):
        if _FUTURE_CUE.search(_context_before(text, dm.start)):
            continue
        y = dm.year or year
        if y is None or (year is not None and y > year):
            continue
        key = (y, dm.month, dm.day_end or dm.day or 0)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    return f"{best[0]:04d}-{best[1]:02d}"
