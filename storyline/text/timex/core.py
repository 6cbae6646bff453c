"""Temporal expressions: the matching and resolution loop, and the calendar arithmetic, of every language.

Why our own: published taggers are GPL/Java (HeidelTime) or nondeterministic (timenorm), and
dateparser's own search misreads "on Feb. 27". A language is a `Grammar` (en.py, ru.py): a list of
named regular expressions, each with a handler, plus three small hooks (tense cue, plausibility,
deadline words). Matches are taken leftmost-longest, then resolved in reading order so that a text
anchor ("on March 24 ... the previous day") can carry forward. A handler only reads its match (which
month, which day, "last" or "next") and calls the value builders below, so that a date resolves in the
same way whichever language named it; the rules whose match has the same groups in every language
(ISO and numeric dates, a day of a month, a month of a year, year ranges, decades, the weekend) have
their handler here.

Resolution rules, each pinned by a test:
* fully stated dates are `absolute`;
* deictic expressions (today, yesterday, last week, this year, Friday, a year ago) resolve against
  the publication date (`publication`);
* a year-less date ("Feb. 27", "January 31") takes the year that puts it nearest *before* the
  publication date, unless the sentence speaks of the future ("will meet on", "later this week",
  "the run-up to", "scheduled for"), then nearest on or after it;
* a weekday is the latest such day on or before publication, or the next one in a future context;
* "the previous day", "the next day", "that day", "two days later" resolve against the last full
  date the text mentioned (`text`); with none, against publication;
* "the quarter" and "a year earlier" follow the quarter the text is discussing, as in earnings news;
* nothing resolvable (no publication date for a relative expression) gives value None, anchor `none`.

Publication dates at month precision (inferred) resolve year-less dates and months but not days
or weeks: "yesterday" in an article known only to be from "2026-02" has no value.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.lexicon.calendar import expand_year, month_end, month_number, weekday_number

YEAR = r"(?:1[89]\d\d|20\d\d)"
ISO_DATE = rf"\b({YEAR})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::\d\d)?)?\b"  # written alike in every language


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None
    type: str  # DATE | TIME | DURATION | SET
    anchor: str  # absolute | publication | text | none


@dataclass
class Ref:
    """The resolution context: publication date and the last full date the text mentioned."""

    pub: dt.date | None  # day precision
    pub_month: tuple[int, int] | None  # (year, month) when only the month is known
    text_date: dt.date | None = None
    quarter: tuple[int, int] | None = None  # (year, quarter) the text is discussing
    quarter_at: int = -(10**9)  # where the text last named a quarter
    position: int = 0  # where the current expression starts
    possessive: bool = False  # the current expression is followed by 's
    bound: bool = False  # "until/by/before <date>": a deadline, usually ahead
    undecided: bool = False  # no tense cue around the current expression
    sentence: str = ""  # the sentence around the current expression
    hold_text_date: bool = False  # set by a handler: the current expression does not move `text_date`

    @property
    def year(self) -> int | None:
        if self.pub:
            return self.pub.year
        return self.pub_month[0] if self.pub_month else None


QUARTER_FOCUS_CHARS = 600  # "a year earlier" this soon after a quarter was named means that quarter
REJECT = "REJECT"  # a handler's verdict that the match is not a temporal expression after all
NEAR_FUTURE_DAYS = 60  # an untensed year-less date this close after publication is the coming one

Value = tuple[str | None, str, str]  # (TimeML value, type, anchor), or type REJECT
NONE: Value = (None, "DATE", "none")
Handler = Callable[[re.Match[str], Ref, bool], Value]
Rules = list[tuple[str, re.Pattern[str], Handler]]


class Lookbehind:
    """A pattern (ending in `$`) looked for in the `width` characters just before a position: the words
    that govern an expression ("until", "до", "in"), which a regex lookbehind cannot express."""

    def __init__(self, pattern: str, width: int) -> None:
        self.pattern = re.compile(pattern)
        self.width = width

    def at(self, text: str, start: int) -> bool:
        return bool(self.pattern.search(text[max(0, start - self.width) : start]))


@dataclass(frozen=True, eq=False)
class Grammar:
    """What is language-specific; the matching and resolution loop (`resolve_times`) is shared, so that
    every language resolves its expressions against publication and text dates in the same way."""

    tense: Callable[[str, int, int], bool | None]  # future (True), past (False), no cue (None)
    plausible: Callable[[str, int, int, re.Match[str]], bool]  # a match that is not a date after all
    bound: Lookbehind  # a deadline preposition ("until", "до") just before the expression
    rules: Rules = field(default_factory=list)  # in order: the first of two rules with the same match wins

    def rule(self, name: str, pattern: str) -> Callable[[Handler], Handler]:
        """Register a handler for `pattern` (matched ignoring case)."""

        def deco(fn: Handler) -> Handler:
            self.rules.append((name, re.compile(pattern, re.IGNORECASE), fn))
            return fn

        return deco

    def find(self, text: str, published: str | None) -> list[TimeExpr]:
        """Every temporal expression of the text, resolved; `published` is an ISO date at any precision."""
        return resolve_times(text, published, self)


def resolve_times(text: str, published: str | None, grammar: Grammar) -> list[TimeExpr]:
    """Leftmost-longest matches of the grammar's rules, resolved in reading order (see the module doc);
    `published` is an ISO date at any precision."""
    ref = _reference(published)
    found: list[tuple[int, int, Handler, re.Match[str]]] = []
    for _name, pat, fn in grammar.rules:
        for m in pat.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), fn, m))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[TimeExpr] = []
    last_end = -1
    breaks = _Breaks(text)
    for start, end, fn, m in found:
        if start < last_end:
            continue
        if not grammar.plausible(text, start, end, m):
            continue
        tense = grammar.tense(text, start, end)
        ref.undecided = tense is None
        ref.sentence = breaks.sentence_around(start, end)
        ref.possessive = text[end : end + 2] in ("'s", "’s")
        ref.bound = grammar.bound.at(text, start)
        ref.position = start
        ref.hold_text_date = False
        value, typ, anchor = fn(m, ref, tense is True)
        if typ == REJECT:
            continue
        if out and typ == "DATE" and _DAY.fullmatch(value or "") and _clock_before(text, out[-1], start):
            out[-1] = _on_day(out[-1], value or "")  # "15:00 GMT Saturday": the time is on that day
        out.append(TimeExpr(start, end, text[start:end], value, typ, anchor))
        last_end = end
        if (
            typ in ("DATE", "TIME")
            and value
            and not ref.hold_text_date
            and re.fullmatch(r"\d{4}-\d\d-\d\d(?:T.*)?", value)
        ):
            ref.text_date = dt.date.fromisoformat(value[:10])
    return out


_DAY = re.compile(r"\d{4}-\d\d-\d\d")
CLOCK_GAP = 6  # at most this many characters between a clock time and the day it is on ("3 p.m. on Saturday")


def _clock_before(text: str, clock: TimeExpr, start: int) -> bool:
    """Is `clock` a time of day anchored on publication or the text's last date that stands right
    before the day starting at `start` ("at 15:00 GMT Saturday", "3 p.m. on Saturday")?"""
    gap = text[clock.end : start]
    return (
        clock.type == "TIME"
        and clock.anchor != "absolute"
        and "T" in (clock.value or "")
        and len(gap) <= CLOCK_GAP
        and re.fullmatch(r"[\s,]*(?:on\s*)?", gap) is not None
    )


def _on_day(clock: TimeExpr, day: str) -> TimeExpr:
    """The clock time moved onto the day that follows it."""
    hm = (clock.value or "").split("T", 1)[1]
    return TimeExpr(clock.start, clock.end, clock.text, f"{day}T{hm}", clock.type, "text")


class _Breaks:
    """Where the text's rough sentences break (". " and line ends), for the sentence around each
    expression. Searching the text for the nearest break per expression scanned all of it whenever
    a text has no ". " (paragraphs of one sentence each end in ".\\n"): quadratic on long texts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.dots = [m.start() for m in re.finditer(r"\. ", text)]
        self.lines = [m.start() for m in re.finditer(r"\n", text)]

    def sentence_around(self, start: int, end: int) -> str:
        """text[a:b] from just after the last break that ends before `start` to the first break at or
        after `end` (what max(rfind) + 1 and min(find) gave)."""
        i, j = bisect_right(self.dots, start - 2), bisect_right(self.lines, start - 1)
        a = max(self.dots[i - 1] if i else -1, self.lines[j - 1] if j else -1) + 1
        k, n = bisect_left(self.dots, end), bisect_left(self.lines, end)
        after = [x[y] for x, y in ((self.dots, k), (self.lines, n)) if y < len(x)]
        return self.text[a : min(after, default=len(self.text))]


def _reference(published: str | None) -> Ref:
    if not published:
        return Ref(None, None)
    parts = published.split("-")
    if len(parts) == 3:
        d = dt.date.fromisoformat(published)
        return Ref(d, (d.year, d.month))
    if len(parts) == 2:
        return Ref(None, (int(parts[0]), int(parts[1])))
    return Ref(None, (int(parts[0]), 12)) if parts[0] else Ref(None, None)


# --- what the language hooks share ---------------------------------------------------------------
_NOT_A_YEAR_BEFORE = re.compile(r"(?:[$€£#№]|\d[.,]|No\.\s?|Vol\.\s?|pp?\.\s?)$")


def is_bare_year(s: str) -> bool:
    return bool(re.fullmatch(YEAR, s))


def year_plausible(text: str, start: int, end: int, amounts: re.Pattern[str]) -> bool:
    """A bare year that is not an amount: no currency, "No." or decimal before it, and none of the
    language's `amounts` ("%", "people", "рублей") just after it."""
    return not _NOT_A_YEAR_BEFORE.search(text[max(0, start - 4) : start]) and not amounts.search(text[end : end + 12])


def clause_before(text: str, start: int, width: int, breaks: re.Pattern[str], whole_words: bool = False) -> str:
    """The end of the clause before `start`, at most `width` characters; `whole_words` drops a word that
    the window cut."""
    lo = max(0, start - width)
    left = text[lo:start]
    if whole_words and lo > 0:
        left = re.sub(r"^\S+", "", left)
    cuts = list(breaks.finditer(left))
    return left[cuts[-1].end() :] if cuts else left


def sentence_after(text: str, end: int, width: int) -> str:
    """The rest of the sentence after `end`, at most `width` characters."""
    return re.split(r"[.!?;\n]", text[end : end + width])[0]


# --- calendar helpers ------------------------------------------------------------------------------
def month_of(word: str) -> int:
    """The month a (grammar-matched) month name means, in any language."""
    n = month_number(word)
    assert n is not None, word
    return n


def weekday_of(word: str) -> int:
    n = weekday_number(word)
    assert n is not None, word
    return n


def year_for(month: int, day: int | None, ref: Ref, future: bool) -> tuple[int | None, str]:
    """Year for a year-less date: nearest before publication, or on/after it in a future context."""
    if ref.pub:
        pub = ref.pub
    elif ref.pub_month:
        y, mo = ref.pub_month
        pub = dt.date(y, mo, 28)  # month precision: the end of that month
    else:
        return None, "none"
    y = pub.year
    cand = (month, day or 1)
    before = y if cand <= (pub.month, pub.day) else y - 1
    after = y if cand >= (pub.month, pub.day if ref.pub else 1) else y + 1
    if future:
        return after, "publication"
    if (ref.undecided or ref.bound) and ref.pub:
        # no tense either way: a date a few weeks ahead is the coming one, not last year's
        ahead = safe_date(after, month, day or 1)
        if ahead and (ahead - pub).days <= NEAR_FUTURE_DAYS:
            return after, "publication"
    return before, "publication"


def iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def quarter_name(y: int, q: int, k: int = 0) -> str:
    """TimeML value of the quarter k quarters after quarter q of year y: 2025-Q1."""
    idx = y * 4 + q - 1 + k
    return f"{idx // 4}-Q{idx % 4 + 1}"


def text_quarter(ref: Ref, k: int = 0) -> Value:
    """The quarter k quarters after the one the text is discussing (which the caller knows it has)."""
    assert ref.quarter is not None
    return quarter_name(*ref.quarter, k), "DATE", "text"


def shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def weekday_date(wd: int, ref: Ref, future: bool) -> dt.date:
    """The latest weekday `wd` on or before publication, or the first on or after it when `future`."""
    assert ref.pub is not None
    if future:  # "will resume Friday" in a Friday article: that day, not a week later
        return ref.pub + dt.timedelta(days=(wd - ref.pub.weekday()) % 7)
    delta = (ref.pub.weekday() - wd) % 7
    return ref.pub - dt.timedelta(days=delta)


def nth_weekday(y: int, month: int, weekday: int, n: int) -> dt.date:
    """n-th given weekday of a month (n = -1: the last)."""
    if n > 0:
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = month_end(y, month)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


# --- value builders: what a handler returns once it has read its match -----------------------------
def day_or_range(y: int, mo: int, d: int, d2: int | None, anchor: str) -> Value:
    """'Feb. 27' or 'April 2-3' as a day or a day range; impossible calendar days give no value."""
    if not safe_date(y, mo, d) or (d2 is not None and (not safe_date(y, mo, d2) or d2 <= d)):
        return NONE
    if d2:
        return f"{iso(y, mo, d)}/{iso(y, mo, d2)}", "DATE", anchor
    return iso(y, mo, d), "DATE", anchor


def month_value(mo: int, ref: Ref, future: bool) -> Value:
    """A month without a year: the one the tense points to."""
    y, anchor = year_for(mo, None, ref, future)
    return (iso(y, mo), "DATE", anchor) if y is not None else NONE


def day_from_publication(k: int, ref: Ref) -> Value:
    """The day k days from publication (today, yesterday, tomorrow)."""
    if not ref.pub:
        return NONE
    return (ref.pub + dt.timedelta(days=k)).isoformat(), "DATE", "publication"


def day_from_text(k: int, ref: Ref) -> Value:
    """The day k days from the date the text is talking about, else from publication."""
    base, anchor = (ref.text_date, "text") if ref.text_date else (ref.pub, "publication")
    if base is None:
        return NONE
    return (base + dt.timedelta(days=k)).isoformat(), "DATE", anchor


def clock_value(hh: int, mm: int, ref: Ref) -> Value:
    """A time of day, on the day the text is talking about, else on publication day."""
    day = ref.text_date or ref.pub
    if day is None:
        return f"T{hh:02d}:{mm:02d}", "TIME", "none"
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}", "TIME", "text" if ref.text_date else "publication"


def weekday_value(wd: int, ref: Ref, future: bool, weeks_back: int = 0) -> Value:
    """A weekday near publication; `weeks_back` 1 for "last Friday" (never publication day itself),
    2 for "the Friday before last"."""
    if not ref.pub:
        return NONE
    d = weekday_date(wd, ref, future)
    if weeks_back and d == ref.pub:
        d -= dt.timedelta(days=7)
    if weeks_back > 1:
        d -= dt.timedelta(days=7 * (weeks_back - 1))
    return d.isoformat(), "DATE", "publication"


def season_value(code: str, mod: str, ref: Ref, future: bool) -> Value:
    """A season without a year ('last'/'this'/'next' or none): the one the tense points to."""
    y = ref.year
    if y is None:
        return NONE
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    month = ref.pub.month if ref.pub else ref.pub_month[1] if ref.pub_month else 6
    if mod == "last":
        y -= 1
    elif mod == "next":
        y += 1 if starts <= month else 0
    elif mod != "this":
        if future and starts < month - 2:
            y += 1
        elif not future and starts > month:
            y -= 1
    return f"{y}-{code}", "DATE", "publication"


def quarter_value(q: int, year: int | None, ref: Ref, future: bool) -> Value:
    """Quarter q of the stated year, else of the year it last was; remembered for 'a year earlier'."""
    if year is not None:
        ref.quarter, ref.quarter_at = (year, q), ref.position
        return f"{year}-Q{q}", "DATE", "absolute"
    y = ref.year
    if y is None:
        return NONE
    if ref.pub and (q - 1) * 3 + 1 > ref.pub.month and not future:
        y -= 1
    ref.quarter, ref.quarter_at = (y, q), ref.position
    return f"{y}-Q{q}", "DATE", "publication"


def unit_from(unit: str, k: int, ref: Ref, from_text: bool = False) -> Value:
    """The week/weekend/month/year/decade/century k units from publication (or from the text's date)."""
    base = ref.text_date if from_text and ref.text_date else ref.pub
    anchor = "text" if from_text and ref.text_date else "publication"
    if unit in ("year", "decade", "century"):
        y = base.year if base else ref.year
        if y is None:
            return NONE
        if unit == "year":
            return str(y + k), "DATE", anchor
        if unit == "decade":
            return f"{y // 10 + k}", "DATE", anchor  # TimeML writes a decade as its first three digits
        return str(y // 100 + k), "DATE", anchor
    if unit == "month":
        if base:
            y, mo = shift_months(base.year, base.month, k)
        elif ref.pub_month:
            y, mo = shift_months(*ref.pub_month, k)
        else:
            return NONE
        return iso(y, mo), "DATE", anchor
    if base is None:
        return NONE
    d = base + dt.timedelta(weeks=k)
    if unit == "weekend":
        return f"{week(d)}-WE", "DATE", anchor
    return week(d), "DATE", anchor


def period_value(unit: str, ref: Ref) -> Value:
    """The period of publication itself: "the end of the year/month", "середина недели"."""
    if unit == "year":
        return (str(ref.year), "DATE", "publication") if ref.year else NONE
    if unit == "month":
        return (iso(*ref.pub_month), "DATE", "publication") if ref.pub_month else NONE
    return unit_from("week", 0, ref)


def offset(n: int | None, unit: str, sign: int, ref: Ref, from_text: bool) -> Value:
    """n units before (sign -1) or after publication, or after the text's date when `from_text`;
    a vague n ("several years ago") gives PAST_REF / FUTURE_REF."""
    base = ref.text_date if from_text and ref.text_date else ref.pub
    anchor = "text" if from_text and ref.text_date else "publication"
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", anchor
    if base is None:
        if ref.year and unit == "year":
            return str(ref.year + sign * n), "DATE", "publication"
        return NONE
    value, typ = shifted(base, unit, sign * n)
    return value, typ, anchor if value else "none"


def shifted(base: dt.date, unit: str, k: int) -> tuple[str | None, str]:
    """`base` moved by k units, at the precision of the unit: (TimeML value, type)."""
    if unit == "day":
        return (base + dt.timedelta(days=k)).isoformat(), "DATE"
    if unit == "week":
        return week(base + dt.timedelta(weeks=k)), "DATE"
    if unit == "month":
        y, mo = shift_months(base.year, base.month, k)
        return iso(y, mo), "DATE"
    if unit == "quarter":
        return quarter_name(*quarter_of(base), k), "DATE"
    if unit == "year":
        return str(base.year + k), "DATE"
    if unit == "decade":
        return str(base.year + 10 * k)[:3], "DATE"
    if unit == "hour":
        return base.isoformat(), "TIME"
    return None, "DATE"


def holiday_value(date_of: Callable[[int], dt.date], k: int | None, ref: Ref, future: bool) -> Value:
    """A holiday (its date in a given year) nearest publication in the tense's direction; k -1, 0, 1 for
    "last", "this", "next"."""
    if ref.year is None:
        return NONE
    day = date_of(ref.year)
    pub = ref.pub or dt.date(ref.year, ref.pub_month[1] if ref.pub_month else 12, 28)
    if k == -1 or (k is None and not future and day > pub):
        day = date_of(ref.year - 1)
    elif k == 1 or (future and day < pub):
        day = date_of(ref.year + 1)
    return day.isoformat(), "DATE", "publication"


def deictic_ref(word: str, past: tuple[str, ...], future: tuple[str, ...]) -> Value:
    """PAST_REF ("recently"), FUTURE_REF ("in the future"), else PRESENT_REF ("now"), by the word's start."""
    if word.startswith(past):
        return "PAST_REF", "DATE", "publication"
    if word.startswith(future):
        return "FUTURE_REF", "DATE", "publication"
    return "PRESENT_REF", "DATE", "publication"


DURATION_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "hour": "H",
                  "minute": "M"}  # fmt: skip


def duration_value(unit: str, n: int | None) -> str:
    """TimeML value of n units ("3 weeks" -> P3W, "two hours" -> PT2H); n None: an unknown count."""
    code = DURATION_CODES[unit]
    if code == "Q":
        return f"P{3 * n}M" if n else "PXM"
    if code == "DE":
        return f"P{10 * n}Y" if n else "PXY"
    prefix = "PT" if unit in ("hour", "minute") else "P"
    return f"{prefix}{n if n is not None else 'X'}{code}"


def set_value(unit: str) -> Value:
    """Every day/week/month/year."""
    return f"P1{DURATION_CODES[unit]}", "SET", "none"


# --- handlers of the rules whose match reads alike in every language ------------------------------
def iso_date(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """`ISO_DATE`: 2025-03-04, 2025-03-04T14:30."""
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not safe_date(y, mo, d):
        return NONE
    if m[4]:
        return f"{iso(y, mo, d)}T{m[4]}:{m[5]}", "TIME", "absolute"
    return iso(y, mo, d), "DATE", "absolute"


def numeric_date(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """Groups `a`, `sep`, `b`, `yy`: 1/27/25 (month first when it can be), 13.03.2025 (day first)."""
    a, b, yy = int(m["a"]), int(m["b"]), m["yy"]
    y = expand_year(yy)
    if a > 12 >= b or m["sep"] == ".":
        d, mo = a, b
    else:
        mo, d = a, b
    if not safe_date(y, mo, d):
        return NONE
    return iso(y, mo, d), "DATE", "absolute"


def day_of_month(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """Groups `month`, `day`, and optionally `day2` (a range's last day), `year` and `weekday`."""
    g = m.groupdict()
    mo, d = month_of(g["month"]), int(g["day"])
    d2 = int(g["day2"]) if g.get("day2") else None
    if g.get("year"):
        return day_or_range(int(g["year"]), mo, d, d2, "absolute")
    y, anchor = year_for(mo, d, ref, future)
    if y is None:
        return NONE
    if g.get("weekday"):  # "Monday, Oct. 26": the year in which that day is that weekday
        wd = weekday_of(g["weekday"])
        y = next((c for c in (y, y + 1, y - 1) if (x := safe_date(c, mo, d)) and x.weekday() == wd), y)
    return day_or_range(y, mo, d, d2, anchor)


def month_year(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """Groups `month`, `year`."""
    return iso(int(m["year"]), month_of(m["month"])), "DATE", "absolute"


def year_range(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """Groups `first`, `last` (four digits, or the last two): 2014-2016, 2014/15."""
    first, last = m["first"], m["last"]
    end = last if len(last) == 4 else first[:2] + last
    if int(end) <= int(first):
        return NONE
    return f"{first}/{end}", "DATE", "absolute"


def decade(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """Group `decade` (1990) or `tens` (90: the 1990s)."""
    g = m.groupdict()
    full = g["decade"] or "19" + g["tens"]
    return full[:3], "DATE", "absolute"  # TimeML: "the 1990s" is "199"


def weekend(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """The weekend before publication, or the next one in a future context."""
    if not ref.pub:
        return NONE
    shift = (5 - ref.pub.weekday()) % 7 if future else -((ref.pub.weekday() - 5) % 7)
    return f"{week(ref.pub + dt.timedelta(days=shift))}-WE", "DATE", "publication"
