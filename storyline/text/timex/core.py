"""Temporal expressions: find them with a small grammar, normalise them to TimeML values.

Why our own: published taggers are GPL/Java (HeidelTime) or nondeterministic (timenorm), and
dateparser's own search misreads "on Feb. 27". The grammar below is a list of named regular
expressions, each with a normaliser; matches are taken leftmost-longest, then resolved in reading
order so that a text anchor ("on March 24 ... the previous day") can carry forward.

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
from dataclasses import dataclass

from storyline.lexicon.calendar import MONTHS, SEASONS, WEEKDAYS, expand_year

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "several": None,
    "few": None, "couple": 2, "half": None,
}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "hour": "H", "minute": "M"}

_MON = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"  # noqa: E501
_MON_FULL = r"(?:january|february|march|april|june|july|august|september|october|november|december|jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.)"  # noqa: E501
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|a few|a couple of)"  # noqa: E501
_UNIT = r"(?:day|week|month|year|quarter|decade|hour)s?"
_POD = r"(?:morning|afternoon|evening|night)"
_CLOCK = r"(?:\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.m\.|\d{1,2}\s*[ap]m\b|noon|midnight)"
_MOD = r"(?:early|late|mid|the\s+(?:beginning|start|end|middle)\s+of)"


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None
    type: str  # DATE | TIME | DURATION | SET
    anchor: str  # absolute | publication | text | none


@dataclass
class _Ref:
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

Handler = Callable[[re.Match[str], _Ref, bool], tuple[str | None, str, str]]
Rules = list[tuple[str, re.Pattern[str], Handler]]
_RULES: Rules = []


def rule(name: str, pattern: str, rules: Rules | None = None) -> Callable[[Handler], Handler]:
    """Register a handler for `pattern`; `rules` is another language's grammar (default: English)."""
    registry = _RULES if rules is None else rules

    def deco(fn: Handler) -> Handler:
        registry.append((name, re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return deco


@dataclass(frozen=True)
class Grammar:
    """What is language-specific; the matching and resolution loop (`resolve_times`) is shared, so that
    every language resolves its expressions against publication and text dates in the same way."""

    rules: Rules
    tense: Callable[[str, int, int], bool | None]  # future (True), past (False), no cue (None)
    plausible: Callable[[str, int, int, re.Match[str]], bool]  # a match that is not a date after all
    bound: Callable[[str, int], bool]  # a deadline preposition ("until", "до") just before the expression


def find_times(text: str, published: str | None) -> list[TimeExpr]:
    """Every temporal expression of the text, resolved; `published` is an ISO date at any precision."""
    return resolve_times(text, published, ENGLISH)


def resolve_times(text: str, published: str | None, grammar: Grammar) -> list[TimeExpr]:
    """Leftmost-longest matches of the grammar's rules, resolved in reading order (see the module doc)."""
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
        ref.bound = grammar.bound(text, start)
        ref.position = start
        ref.hold_text_date = False
        value, typ, anchor = fn(m, ref, tense is True)
        if typ == REJECT:
            continue
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


def _reference(published: str | None) -> _Ref:
    if not published:
        return _Ref(None, None)
    parts = published.split("-")
    if len(parts) == 3:
        d = dt.date.fromisoformat(published)
        return _Ref(d, (d.year, d.month))
    if len(parts) == 2:
        return _Ref(None, (int(parts[0]), int(parts[1])))
    return _Ref(None, (int(parts[0]), 12)) if parts[0] else _Ref(None, None)


# --- context ---------------------------------------------------------------------------------
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|would|going to|plans? to|planning|planned|scheduled|expected|expects?|due|set to|"
    r"upcoming|next|coming|later\s+this|run-up|ahead of|before the|to be held|to meet|to visit|to hold|"
    r"intends? to|effective|payable|deadline|expires?|extended to|as soon as|as early as|must|should|"
    r"has to|have to|needs? to)\b",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"\b(?:was|were|had|did|held|met|said|took|came|went|began|ended|ago|last|(?<!\bbe\s)(?<!\bbeen\s)\w+ed)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n(]|\b(?:where|which|who|whom|whose|when|while|after|since|because)\b", re.IGNORECASE
)


def _tense(text: str, start: int, end: int) -> bool | None:
    """True: the clause speaks of the future; False: of the past; None: no cue either way.
    The nearest cue before the expression, within its clause, decides."""
    left = text[max(0, start - 70) : start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    cues = [(m.end(), True) for m in _FUTURE.finditer(left)] + [(m.end(), False) for m in _PAST_VERB.finditer(left)]
    if cues:
        return max(cues)[1]
    right = re.split(r"[.!?;\n]", text[end : end + 40])[0]
    if re.match(r"\s*,?\s*(?:\w+\s+){0,2}(?:will|is expected|are expected|is scheduled|is due)\b", right, re.I):
        return True
    if re.match(r"\s*,?\s*(?:\w+\s+){0,2}(?:was|were|had|said|\w+ed)\b", right, re.I):
        return False
    return None


_NOT_A_YEAR_BEFORE = re.compile(r"(?:[$€£#№]|\d[.,]|No\.\s?|Vol\.\s?|pp?\.\s?)$")
_NOT_A_YEAR_AFTER = re.compile(
    r"^(?:\s?%|\s?(?:percent|per cent|people|troops|soldiers|km|miles|tons|dollars|euros|rubles|barrels|votes|meters|feet|words)\b|[.,]\d|-\d)",  # noqa: E501
    re.IGNORECASE,
)


def _plausible(text: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Reject numbers that only look like years, and 'may'/'march' used as words."""
    s = text[start:end]
    if re.fullmatch(_YEAR, s):
        return not _NOT_A_YEAR_BEFORE.search(text[max(0, start - 4) : start]) and not _NOT_A_YEAR_AFTER.search(
            text[end : end + 12]
        )
    if re.fullmatch(r"(?i)may|march", s):
        return s[0].isupper() and bool(
            re.search(
                r"(?i)\b(?:in|since|until|by|of|early|late|mid|last|next|this|from|through)\s*-?$",
                text[max(0, start - 12) : start],
            )
        )
    return True


def _bound(text: str, start: int) -> bool:
    return bool(re.search(r"(?i)\b(?:until|till|by|before|through)\s+$", text[max(0, start - 10) : start]))


ENGLISH = Grammar(_RULES, _tense, _plausible, _bound)


# --- calendar helpers --------------------------------------------------------------------------
def _month_num(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _year_for(month: int, day: int | None, ref: _Ref, future: bool) -> tuple[int | None, str]:
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
        ahead = _safe_date(after, month, day or 1)
        if ahead and (ahead - pub).days <= NEAR_FUTURE_DAYS:
            return after, "publication"
    return before, "publication"


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day_or_range(y: int, mo: int, d: int, d2: int | None, anchor: str) -> tuple[str | None, str, str]:
    """'Feb. 27' or 'April 2-3' as a day or a day range; impossible calendar days give no value."""
    if not _safe_date(y, mo, d) or (d2 is not None and (not _safe_date(y, mo, d2) or d2 <= d)):
        return None, "DATE", "none"
    if d2:
        return f"{_iso(y, mo, d)}/{_iso(y, mo, d2)}", "DATE", anchor
    return _iso(y, mo, d), "DATE", anchor


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _num(word: str) -> int | None:
    w = word.lower().replace("a few", "few").replace("a couple of", "couple")
    if w.isdigit():
        return int(w)
    return NUMBERS.get(w)


# --- absolute dates -----------------------------------------------------------------------------
@rule("iso", rf"\b({_YEAR})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::\d\d)?)?\b")
def _iso_date(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not _safe_date(y, mo, d):
        return None, "DATE", "none"
    if m[4]:
        return f"{_iso(y, mo, d)}T{m[4]}:{m[5]}", "TIME", "absolute"
    return _iso(y, mo, d), "DATE", "absolute"


@rule("numeric", r"\b([0-3]?\d)([./])([0-3]?\d)\2((?:19|20)\d\d|\d\d)\b")
def _numeric(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    a, b, yy = int(m[1]), int(m[3]), m[4]
    y = expand_year(yy)
    if a > 12 >= b or m[2] == ".":
        d, mo = a, b
    else:
        mo, d = a, b
    if not _safe_date(y, mo, d):
        return None, "DATE", "none"
    return _iso(y, mo, d), "DATE", "absolute"


@rule(
    "month-day",
    rf"\b(?:({_WD}),?\s+)?({_MON})\s+([0-3]?\d)(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*([0-3]?\d)(?:st|nd|rd|th)?)?\b(?:,?\s+({_YEAR})\b)?",
)
def _month_day(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    mo = _month_num(m[2])
    d = int(m[3])
    d2 = int(m[4]) if m[4] else None
    if m[5]:
        y, anchor = int(m[5]), "absolute"
    else:
        y, anchor = _year_for(mo, d, ref, future)
        if y is None:
            return None, "DATE", "none"
        if m[1]:  # "Monday, Oct. 26": the year in which that day is that weekday
            wd = WEEKDAYS[m[1].lower()]
            y = next((c for c in (y, y + 1, y - 1) if (x := _safe_date(c, mo, d)) and x.weekday() == wd), y)
    return _day_or_range(y, mo, d, d2, anchor)


@rule(
    "day-month",
    rf"\b([0-3]?\d)(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*([0-3]?\d))?\s+(?:of\s+)?({_MON_FULL}|may)\b(?:,?\s+({_YEAR})\b)?",
)
def _day_month(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    mo, d = _month_num(m[3]), int(m[1])
    d2 = int(m[2]) if m[2] else None
    if m[4]:
        y, anchor = int(m[4]), "absolute"
    else:
        y, anchor = _year_for(mo, d, ref, future)
        if y is None:
            return None, "DATE", "none"
    return _day_or_range(y, mo, d, d2, anchor)


@rule("month-this-year", rf"\b({_MON})\s+(?:of\s+)?(this|last|next)\s+year\b")
def _month_this_year(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if ref.year is None:
        return None, "DATE", "none"
    y = ref.year + {"this": 0, "last": -1, "next": 1}[m[2].lower()]
    return _iso(y, _month_num(m[1])), "DATE", "publication"


@rule("month-year", rf"\b(?:{_MOD}[\s-]*)?({_MON})\s+(?:of\s+)?({_YEAR})\b")
def _month_year(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    return _iso(int(m[2]), _month_num(m[1])), "DATE", "absolute"


@rule(
    "month",
    rf"\b(?:(last|this|next|early|late|mid|the\s+end\s+of|the\s+beginning\s+of)[\s-]+)?({_MON_FULL}|may|march)\b",
)
def _month(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    mo = _month_num(m[2])
    mod = (m[1] or "").lower()
    if mod == "next":
        future = True
    elif mod == "last":
        future = False
    y, anchor = _year_for(mo, None, ref, future)
    if mod == "this" and ref.year:
        y = ref.year
    if y is None:
        return None, "DATE", "none"
    return _iso(y, mo), "DATE", anchor


@rule("year", rf"\b(?:(?:fiscal|calendar|the\s+year|early|late|mid)[\s-]+)?({_YEAR})\b(?!\s*[-–/]\s*\d)")
def _year(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    return m[1], "DATE", "absolute"


@rule("year-range", rf"\b({_YEAR})\s*[-–/]\s*({_YEAR}|\d\d)\b")
def _year_range(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
    if int(end) <= int(m[1]):
        return None, "DATE", "none"
    return f"{m[1]}/{end}", "DATE", "absolute"


@rule("decade", r"\b(?:the\s+)?(?:(early|mid|late)[\s-]+)?(1[89]\d0|20\d0)'?s\b")
def _decade(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    return m[2][:3] + "X", "DATE", "absolute"


@rule(
    "season",
    rf"\b(?:(this|last|next|early|late|the|in|by|until|mid)[\s-]+)?(spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?({_YEAR}))?",
)
def _season(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    code = SEASONS[m[2].lower()]
    if not m[1] and not m[3]:
        return None, REJECT, "none"  # "prices fall", "hot springs": not a season without a determiner
    if m[3]:
        return f"{m[3]}-{code}", "DATE", "absolute"
    mod = (m[1] or "").lower()
    if mod in ("in", "by", "until", "the", "mid"):
        mod = ""
    return _season_value(code, mod, ref, future)


def _season_value(code: str, mod: str, ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    """A season without a year ('last'/'this'/'next' or none): the one the tense points to."""
    y = ref.year
    if y is None:
        return None, "DATE", "none"
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


@rule(
    "quarter",
    rf"\b(?:the\s+)?(?:(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|q([1-4]))(?:\s+(?:of\s+)?(?:fiscal\s+)?({_YEAR}))?\b",
)
def _quarter_rule(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    q = ORDINALS[m[1].lower()] if m[1] else int(m[2])
    return _quarter_value(q, int(m[3]) if m[3] else None, ref, future)


def _quarter_value(q: int, year: int | None, ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    """Quarter q of the stated year, else of the year it last was; remembered for 'a year earlier'."""
    if year is not None:
        ref.quarter, ref.quarter_at = (year, q), ref.position
        return f"{year}-Q{q}", "DATE", "absolute"
    y = ref.year
    if y is None:
        return None, "DATE", "none"
    if ref.pub and (q - 1) * 3 + 1 > ref.pub.month and not future:
        y -= 1
    ref.quarter, ref.quarter_at = (y, q), ref.position
    return f"{y}-Q{q}", "DATE", "publication"


@rule(
    "the-quarter",
    r"\b(?:the|this|latest|the\s+latest|the\s+current|the\s+most\s+recent|last|the\s+last|the\s+previous)\s+(?:fiscal\s+)?quarter\b",
)
def _the_quarter(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    words = m[0].lower()
    if ref.quarter and not re.search(r"last|previous|latest|recent", words):
        return f"{ref.quarter[0]}-Q{ref.quarter[1]}", "DATE", "text"
    if not ref.pub:
        return None, "DATE", "none"
    y, q = _quarter(ref.pub)
    if "this" not in words and "current" not in words:  # the latest reported quarter: the one before
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return f"{y}-Q{q}", "DATE", "publication"


# --- deictic: today, this week, last year, a year ago ---------------------------------------
@rule("today", r"\b(today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b")
def _today(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if not ref.pub:
        return None, "DATE", "none"
    w = re.sub(r"\s+", " ", m[1].lower())
    k = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
         "the day after tomorrow": 2}[w]  # fmt: skip
    d = ref.pub + dt.timedelta(days=k)
    return d.isoformat(), "DATE", "publication"


@rule("part-of-day", rf"\b(this|yesterday|tomorrow|last|{_WD})\s+({_POD})\b")
def _part_of_day(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if not ref.pub:
        return None, "TIME", "none"
    w = m[1].lower()
    if w in WEEKDAYS:
        d = _weekday(WEEKDAYS[w], ref, future)
    else:
        d = ref.pub + dt.timedelta(
            days={"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1 if m[2].lower() == "night" else 0}[w]
        )
    # the value is the day: timelines work in days, and TimeBank's annotators mostly did the same
    return d.isoformat(), "DATE", "publication"


@rule(
    "clock",
    rf"\b({_CLOCK})(?:\s+(?-i:EST|EDT|CST|CDT|MST|PST|PDT|GMT|UTC|BST|CET|CEST|MSK|ET|PT|CT)\b|\s+local\s+time)?",
)
def _clock(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    t = m[1].lower().replace(" ", "").replace(".", "")
    if t == "noon":
        hh, mm = 12, 0
    elif t == "midnight":
        hh, mm = 0, 0
    else:
        mt = re.match(r"(\d{1,2})(?::(\d\d))?(am|pm)?", t)
        if not mt:
            return None, "TIME", "none"
        hh, mm = int(mt[1]), int(mt[2] or 0)
        if mt[3] == "pm" and hh < 12:
            hh += 12
        if mt[3] == "am" and hh == 12:
            hh = 0
        if hh > 23 or mm > 59:
            return None, "TIME", "none"
    day = ref.text_date or ref.pub
    if day is None:
        return f"T{hh:02d}:{mm:02d}", "TIME", "none"
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}", "TIME", "text" if ref.text_date else "publication"


@rule("weekday", rf"\b(?:(last|this|next|this\s+coming|past)\s+)?({_WD})\b")
def _weekday_rule(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if not ref.pub:
        return None, "DATE", "none"
    mod = (m[1] or "").lower()
    if mod in ("next", "this coming"):
        future = True
    elif mod in ("last", "past") or ref.possessive:  # "Wednesday's ruling" has happened
        future = False
    d = _weekday(WEEKDAYS[m[2].lower()], ref, future)
    if mod == "last" and d == ref.pub:
        d -= dt.timedelta(days=7)
    return d.isoformat(), "DATE", "publication"


def _weekday(wd: int, ref: _Ref, future: bool) -> dt.date:
    assert ref.pub is not None
    if future:
        delta = (wd - ref.pub.weekday()) % 7 or 7
        return ref.pub + dt.timedelta(days=delta)
    delta = (ref.pub.weekday() - wd) % 7
    return ref.pub - dt.timedelta(days=delta)


@rule(
    "this-unit",
    r"\b(?:(earlier|later)\s+)?(this|last|next|past|previous|coming|the\s+past|the\s+previous|the\s+coming|the\s+current|current|the\s+same)\s+(week|month|year|weekend|decade|century)\b",
)
def _this_unit(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    mod = re.sub(r"^the\s+", "", m[2].lower())
    unit = m[3].lower()
    k = {"this": 0, "current": 0, "same": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[mod]
    if mod in ("past", "previous") and m[2].lower().startswith("the") and unit != "weekend":
        return f"P1{UNITS[unit][0] if unit in UNITS else 'Y'}", "DURATION", "none"
    return _unit_from(unit, k, ref, from_text=mod == "same")


def _unit_from(unit: str, k: int, ref: _Ref, from_text: bool = False) -> tuple[str | None, str, str]:
    """The week/weekend/month/year/decade/century k units from publication (or from the text's date)."""
    base = ref.text_date if from_text and ref.text_date else ref.pub
    anchor = "text" if from_text and ref.text_date else "publication"
    if unit in ("year", "decade", "century"):
        y = base.year if base else ref.year
        if y is None:
            return None, "DATE", "none"
        if unit == "year":
            return str(y + k), "DATE", anchor
        if unit == "decade":
            return f"{y // 10 + k}X", "DATE", anchor
        return str(y // 100 + k), "DATE", anchor
    if unit == "month":
        if base:
            y, mo = _shift_months(base.year, base.month, k)
        elif ref.pub_month:
            y, mo = _shift_months(*ref.pub_month, k)
        else:
            return None, "DATE", "none"
        return _iso(y, mo), "DATE", anchor
    if base is None:
        return None, "DATE", "none"
    d = base + dt.timedelta(weeks=k)
    if unit == "weekend":
        return f"{_week(d)}-WE", "DATE", anchor
    return _week(d), "DATE", anchor


@rule("the-weekend", r"\b(?:the|this|over\s+the)\s+weekend\b")
def _weekend(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if not ref.pub:
        return None, "DATE", "none"
    shift = (5 - ref.pub.weekday()) % 7 if future else -((ref.pub.weekday() - 5) % 7)
    return f"{_week(ref.pub + dt.timedelta(days=shift))}-WE", "DATE", "publication"


@rule(
    "year-earlier",
    r"\b(?:a|one)\s+year\s+(?:ago|earlier)\b|\byear-(?:earlier|ago)\b|\bthe\s+year-(?:earlier|ago)\s+(?:quarter|period)\b",
)
def _year_earlier(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    quarter_talk = re.search(r"(?i)quarter|period|three months", ref.sentence)
    if ref.quarter and (quarter_talk or ref.position - ref.quarter_at < QUARTER_FOCUS_CHARS):
        return f"{ref.quarter[0] - 1}-Q{ref.quarter[1]}", "DATE", "text"
    if ref.year is None:
        return None, "DATE", "none"
    return str(ref.year - 1), "DATE", "publication"


@rule("ago", rf"\b({_NUM})\s+({_UNIT})\s+(ago|earlier|before|later|after|from\s+now|hence)\b")
def _ago(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    n = _num(m[1])
    unit = m[2].lower().rstrip("s")
    direction = m[3].lower()
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    return _offset(n, unit, sign, ref, from_text=direction in ("earlier", "later", "before", "after"))


def _offset(n: int | None, unit: str, sign: int, ref: _Ref, from_text: bool) -> tuple[str | None, str, str]:
    """n units before (sign -1) or after publication, or after the text's date when `from_text`;
    a vague n ("several years ago") gives PAST_REF / FUTURE_REF."""
    base = ref.text_date if from_text and ref.text_date else ref.pub
    anchor = "text" if from_text and ref.text_date else "publication"
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), "DATE", anchor
    if base is None:
        if ref.year and unit == "year":
            return str(ref.year + sign * n), "DATE", "publication"
        return None, "DATE", "none"
    value, typ = _shifted(base, unit, sign * n)
    return value, typ, anchor if value else "none"


def _shifted(base: dt.date, unit: str, k: int) -> tuple[str | None, str]:
    """`base` moved by k units, at the precision of the unit: (TimeML value, type)."""
    if unit == "day":
        return (base + dt.timedelta(days=k)).isoformat(), "DATE"
    if unit == "week":
        return _week(base + dt.timedelta(weeks=k)), "DATE"
    if unit == "month":
        y, mo = _shift_months(base.year, base.month, k)
        return _iso(y, mo), "DATE"
    if unit == "quarter":
        y, q = _quarter(base)
        idx = y * 4 + q - 1 + k
        return f"{idx // 4}-Q{idx % 4 + 1}", "DATE"
    if unit == "year":
        return str(base.year + k), "DATE"
    if unit == "decade":
        return str(base.year + 10 * k)[:3] + "X", "DATE"
    if unit == "hour":
        return base.isoformat(), "TIME"
    return None, "DATE"


@rule(
    "that-year",
    r"\b(that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(year|month|quarter)\b",
)
def _that_year(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    k = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}[
        re.sub(r"\s+", " ", m[1].lower())
    ]
    unit = m[2].lower()
    if unit == "quarter" and ref.quarter:
        idx = ref.quarter[0] * 4 + ref.quarter[1] - 1 + k
        return f"{idx // 4}-Q{idx % 4 + 1}", "DATE", "text"
    base = ref.text_date
    if base is None:
        return None, "DATE", "none"
    if unit == "year":
        return str(base.year + k), "DATE", "text"
    y, mo = _shift_months(base.year, base.month, k)
    return _iso(y, mo), "DATE", "text"


@rule(
    "period-end",
    r"\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?(year|month)|year[-\s]end|year's\s+end)\b",
)
def _period_end(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if (m[1] or "year").lower() == "year":
        return (str(ref.year), "DATE", "publication") if ref.year else (None, "DATE", "none")
    if ref.pub_month:
        return _iso(*ref.pub_month), "DATE", "publication"
    return None, "DATE", "none"


def _nth_weekday(y: int, month: int, weekday: int, n: int) -> dt.date:
    """n-th given weekday of a month (n = -1: the last)."""
    if n > 0:
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(y + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "independence day": lambda y: dt.date(y, 7, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
    "victory day": lambda y: dt.date(y, 5, 9),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
}


@rule(
    "holiday",
    r"\b(?:(last|this|next)\s+)?(" + "|".join(sorted((re.escape(h) for h in HOLIDAYS), key=len, reverse=True)) + r")\b",
)
def _holiday(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    name = m[2].lower().replace("’", "'")
    if ref.year is None:
        return None, "DATE", "none"
    day = HOLIDAYS[name](ref.year)
    mod = (m[1] or "").lower()
    pub = ref.pub or dt.date(ref.year, ref.pub_month[1] if ref.pub_month else 12, 28)
    if mod == "last" or (mod != "next" and not future and day > pub and mod != "this"):
        day = HOLIDAYS[name](ref.year - 1)
    elif mod == "next" or (future and day < pub):
        day = HOLIDAYS[name](ref.year + 1)
    return day.isoformat(), "DATE", "publication"


_UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TWO_DIGITS = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"  # noqa: E501


def _words_to_number(words: str) -> int:
    total = 0
    for w in re.split(r"[\s-]+", words.lower()):
        total += _UNITS_WORDS.get(w, 0) + _TEENS.get(w, 0) + _TENS.get(w, 0)
    return total


@rule(
    "spelled-year",
    rf"\b(?:the\s+year\s+)?(?:(nineteen)\s+({_TWO_DIGITS})|two\s+thousand(?:\s+(?:and\s+)?(one|two|three|four|five|six|seven|eight|nine|ten))?)\b",
)
def _spelled_year(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    if m[1]:
        return str(1900 + _words_to_number(m[2])), "DATE", "absolute"
    return str(2000 + (_words_to_number(m[3]) if m[3] else 0)), "DATE", "absolute"


@rule(
    "relative-day",
    r"\b(?:the\s+(previous|next|following|same)\s+day|the\s+day\s+(before|after)|(that)\s+day|a\s+day\s+(later|earlier))\b",
)
def _relative_day(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    w = (m[1] or m[2] or m[3] or m[4]).lower()
    k = {
        "previous": -1,
        "before": -1,
        "earlier": -1,
        "next": 1,
        "following": 1,
        "after": 1,
        "later": 1,
        "same": 0,
        "that": 0,
    }[w]
    base, anchor = (ref.text_date, "text") if ref.text_date else (ref.pub, "publication")
    if base is None:
        return None, "DATE", "none"
    return (base + dt.timedelta(days=k)).isoformat(), "DATE", anchor


@rule(
    "refs",
    r"\b(now|currently|current|at\s+present|presently|these\s+days|nowadays|recently|lately|"
    r"the\s+past(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|day|decade))|"
    r"the\s+future)\b",
)
def _refs(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    w = re.sub(r"\s+", " ", m[1].lower())
    if w in ("now", "currently", "current", "at present", "presently", "these days", "nowadays"):
        return "PRESENT_REF", "DATE", "publication"
    if w in ("recently", "recent", "lately", "in the past", "the past"):
        return "PAST_REF", "DATE", "publication"
    return "FUTURE_REF", "DATE", "publication"


@rule(
    "duration",
    rf"\b({_NUM}|\d+)[\s-]+({_UNIT}|minutes?|hours?)(?:[\s-]+long|[\s-]+old)?\b(?!\s+(?:ago|earlier|later|before|after|from))",
)
def _duration(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    return duration_value(m[2].lower().rstrip("s"), _num(m[1])), "DURATION", "none"


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


_SET_UNITS = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y"}


@rule("set", r"\b(daily|weekly|monthly|annually|yearly|(?:every|each|a)\s+(day|week|month|year))\b")
def _set(m: re.Match[str], ref: _Ref, future: bool) -> tuple[str | None, str, str]:
    code = UNITS[m[2].lower()] if m[2] else _SET_UNITS[m[1].lower()]
    return f"P1{code}", "SET", "none"
