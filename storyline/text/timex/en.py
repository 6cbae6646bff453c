"""English temporal expressions: the grammar's rules, number words, tense cues and plausibility checks.

Only what is English lives here: each rule's pattern and a handler that reads its match (which month,
"last" or "next", how many units) and hands the values to the shared builders of `core`, which also
holds the resolution loop and the resolution rules (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from storyline.lexicon.calendar import EN_MONTH_RE, SEASONS, WEEKDAYS
from storyline.text.timex import core
from storyline.text.timex.core import NONE, REJECT, YEAR, Grammar, Lookbehind, Ref, Value

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "several": None,
    "few": None, "couple": 2, "half": None,
}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MON = EN_MONTH_RE  # matched ignoring case, as every rule is
_MON_FULL = r"(?:january|february|march|april|june|july|august|september|october|november|december|jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.)"  # noqa: E501
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|a few|a couple of)"  # noqa: E501
_UNIT = r"(?:day|week|month|year|quarter|decade|hour)s?"
_POD = r"(?:morning|afternoon|evening|night)"
_CLOCK = r"(?:\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.m\.|\d{1,2}\s*[ap]m\b|noon|midnight)"
_MOD = r"(?:early|late|mid|the\s+(?:beginning|start|end|middle)\s+of)"


def _num(word: str) -> int | None:
    w = word.lower().replace("a few", "few").replace("a couple of", "couple")
    if w.isdigit():
        return int(w)
    return NUMBERS.get(w)


# --- hooks: tense, plausibility, deadlines -------------------------------------------------------
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|would|going to|plans? to|planning|planned|scheduled|expected|expects?|due|set to|"
    r"upcoming|next|coming|later\s+this|run-up|ahead of|before the|to be held|to meet|to visit|to hold|"
    r"intends? to|effective|payable|deadline|expires?|extended to|as soon as|as early as|must|should|"
    r"has to|have to|needs? to)\b",
    re.IGNORECASE,
)
# a past participle after "be" ("will be held", "is to be signed") speaks of the future, not the past
_PAST_VERB = re.compile(
    r"\b(?:was|were|had|did|ago|last|(?<!\bbe\s)(?<!\bbeen\s)(?:held|met|said|took|came|went|began|ended|\w+ed))\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n(]|\b(?:where|which|who|whom|whose|when|while|after|since|because)\b", re.IGNORECASE
)
_FUTURE_AFTER = re.compile(r"\s*,?\s*(?:\w+\s+){0,2}(?:will|is expected|are expected|is scheduled|is due)\b", re.I)
_PAST_AFTER = re.compile(r"\s*,?\s*(?:\w+\s+){0,2}(?:was|were|had|said|\w+ed)\b", re.I)


def _tense(text: str, start: int, end: int) -> bool | None:
    """True: the clause speaks of the future; False: of the past; None: no cue either way.
    The nearest cue before the expression, within its clause, decides; else a verb just after it."""
    left = core.clause_before(text, start, 70, _CLAUSE_BREAK)
    cues = [(m.end(), True) for m in _FUTURE.finditer(left)] + [(m.end(), False) for m in _PAST_VERB.finditer(left)]
    if cues:
        return max(cues)[1]
    right = core.sentence_after(text, end, 40)
    if _FUTURE_AFTER.match(right):
        return True
    if _PAST_AFTER.match(right):
        return False
    return None


_NOT_A_YEAR_AFTER = re.compile(
    r"^(?:\s?%|\s?(?:percent|per cent|people|troops|soldiers|km|miles|tons|dollars|euros|rubles|barrels|votes|meters|feet|words)\b|[.,]\d|-\d)",  # noqa: E501
    re.IGNORECASE,
)
_MONTH_CUE = Lookbehind(r"(?i)\b(?:in|since|until|by|of|early|late|mid|last|next|this|from|through)\s*-?$", 12)
_DEADLINE = Lookbehind(r"(?i)\b(?:until|till|by|before|through)\s+$", 10)


def _plausible(text: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Reject numbers that only look like years, and 'may'/'march' used as words."""
    s = text[start:end]
    if core.is_bare_year(s):
        return core.year_plausible(text, start, end, _NOT_A_YEAR_AFTER)
    if re.fullmatch(r"(?i)may|march", s):
        return s[0].isupper() and _MONTH_CUE.at(text, start)
    return True


ENGLISH = Grammar(_tense, _plausible, _DEADLINE)
rule = ENGLISH.rule

find_times = ENGLISH.find  # every temporal expression of an English text, resolved


# --- absolute dates -----------------------------------------------------------------------------
rule("iso", core.ISO_DATE)(core.iso_date)
rule("numeric", r"\b(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<yy>(?:19|20)\d\d|\d\d)\b")(core.numeric_date)
rule(
    "month-day",
    rf"\b(?:(?P<weekday>{_WD}),?\s+)?(?P<month>{_MON})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?\b(?:,?\s+(?P<year>{YEAR})\b)?",
)(core.day_of_month)
rule(
    "day-month",
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*(?P<day2>[0-3]?\d))?\s+(?:of\s+)?(?P<month>{_MON_FULL}|may)\b"
    rf"(?:,?\s+(?P<year>{YEAR})\b)?",
)(core.day_of_month)


@rule("month-this-year", rf"\b({_MON})\s+(?:of\s+)?(this|last|next)\s+year\b")
def _month_this_year(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if ref.year is None:
        return NONE
    y = ref.year + {"this": 0, "last": -1, "next": 1}[m[2].lower()]
    return core.iso(y, core.month_of(m[1])), "DATE", "publication"


rule("month-year", rf"\b(?:{_MOD}[\s-]*)?(?P<month>{_MON})\s+(?:of\s+)?(?P<year>{YEAR})\b")(core.month_year)


@rule(
    "month",
    rf"\b(?:(last|this|next|early|late|mid|the\s+end\s+of|the\s+beginning\s+of)[\s-]+)?({_MON_FULL}|may|march)\b",
)
def _month(m: re.Match[str], ref: Ref, future: bool) -> Value:
    mo = core.month_of(m[2])
    mod = (m[1] or "").lower()
    if mod == "this" and ref.year:
        return core.iso(ref.year, mo), "DATE", "publication"
    if mod == "next":
        future = True
    elif mod == "last":
        future = False
    return core.month_value(mo, ref, future)


@rule("year", rf"\b(?:(?:fiscal|calendar|the\s+year|early|late|mid)[\s-]+)?({YEAR})\b(?!\s*[-–/]\s*\d)")
def _year(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return m[1], "DATE", "absolute"


rule("year-range", rf"\b(?P<first>{YEAR})\s*[-–/]\s*(?P<last>{YEAR}|\d\d)\b")(core.year_range)
rule("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<decade>1[89]\d0|20\d0)'?s\b")(core.decade)


@rule(
    "season",
    rf"\b(?:(this|last|next|early|late|the|in|by|until|mid)[\s-]+)?(spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?({YEAR}))?",
)
def _season(m: re.Match[str], ref: Ref, future: bool) -> Value:
    code = SEASONS[m[2].lower()]
    if not m[1] and not m[3]:
        return None, REJECT, "none"  # "prices fall", "hot springs": not a season without a determiner
    if m[3]:
        return f"{m[3]}-{code}", "DATE", "absolute"
    mod = (m[1] or "").lower()
    if mod in ("in", "by", "until", "the", "mid"):
        mod = ""
    return core.season_value(code, mod, ref, future)


@rule(
    "quarter",
    rf"\b(?:the\s+)?(?:(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|q([1-4]))(?:\s+(?:of\s+)?(?:fiscal\s+)?({YEAR}))?\b",
)
def _quarter(m: re.Match[str], ref: Ref, future: bool) -> Value:
    q = ORDINALS[m[1].lower()] if m[1] else int(m[2])
    return core.quarter_value(q, int(m[3]) if m[3] else None, ref, future)


@rule(
    "the-quarter",
    r"\b(?:the|this|latest|the\s+latest|the\s+current|the\s+most\s+recent|last|the\s+last|the\s+previous)\s+(?:fiscal\s+)?quarter\b",
)
def _the_quarter(m: re.Match[str], ref: Ref, future: bool) -> Value:
    words = m[0].lower()
    if ref.quarter and not re.search(r"last|previous|latest|recent", words):
        return core.text_quarter(ref)
    if not ref.pub:
        return NONE
    k = 0 if "this" in words or "current" in words else -1  # the latest reported quarter: the one before
    return core.quarter_name(*core.quarter_of(ref.pub), k), "DATE", "publication"


# --- deictic: today, this week, last year, a year ago ---------------------------------------
@rule("today", r"\b(today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b")
def _today(m: re.Match[str], ref: Ref, future: bool) -> Value:
    w = re.sub(r"\s+", " ", m[1].lower())
    k = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
         "the day after tomorrow": 2}[w]  # fmt: skip
    return core.day_from_publication(k, ref)


PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}  # TimeML's codes


@rule("part-of-day", rf"\b(this|yesterday|tomorrow|last|{_WD})\s+({_POD})\b")
def _part_of_day(m: re.Match[str], ref: Ref, future: bool) -> Value:
    """'Wednesday night' is the day with TimeML's part-of-day code (2000-01-05TNI), as TimeML and
    its annotated news write it; a timeline reads the day off the front."""
    if not ref.pub:
        return None, "TIME", "none"
    w, part = m[1].lower(), PARTS_OF_DAY[m[2].lower()]
    if w in WEEKDAYS:
        return f"{core.weekday_date(WEEKDAYS[w], ref, future).isoformat()}T{part}", "TIME", "publication"
    k = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1 if part == "NI" else 0}[w]
    value, _typ, anchor = core.day_from_publication(k, ref)
    return f"{value}T{part}", "TIME", anchor


@rule(
    "clock",
    rf"\b({_CLOCK})(?:\s+(?-i:EST|EDT|CST|CDT|MST|PST|PDT|GMT|UTC|BST|CET|CEST|MSK|ET|PT|CT)\b|\s+local\s+time)?",
)
def _clock(m: re.Match[str], ref: Ref, future: bool) -> Value:
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
    return core.clock_value(hh, mm, ref)


@rule("weekday", rf"\b(?:(last|this|next|this\s+coming|past)\s+)?({_WD})\b")
def _weekday(m: re.Match[str], ref: Ref, future: bool) -> Value:
    mod = (m[1] or "").lower()
    if mod in ("next", "this coming"):
        future = True
    elif mod in ("last", "past") or ref.possessive:  # "Wednesday's ruling" has happened
        future = False
    return core.weekday_value(core.weekday_of(m[2]), ref, future, weeks_back=1 if mod == "last" else 0)


@rule(
    "this-unit",
    r"\b(?:(earlier|later)\s+)?(this|last|next|past|previous|coming|the\s+past|the\s+previous|the\s+coming|the\s+current|current|the\s+same)\s+(week|month|year|weekend|decade|century)\b",
)
def _this_unit(m: re.Match[str], ref: Ref, future: bool) -> Value:
    mod = re.sub(r"^the\s+", "", m[2].lower())
    unit = m[3].lower()
    k = {"this": 0, "current": 0, "same": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[mod]
    if mod in ("past", "previous") and m[2].lower().startswith("the") and unit != "weekend":
        return f"P1{core.DURATION_CODES[unit][0] if unit in core.DURATION_CODES else 'Y'}", "DURATION", "none"
    return core.unit_from(unit, k, ref, from_text=mod == "same")


rule("the-weekend", r"\b(?:the|this|over\s+the)\s+weekend\b")(core.weekend)


@rule(
    "year-earlier",
    r"\b(?:a|one)\s+year\s+(?:ago|earlier)\b|\byear-(?:earlier|ago)\b|\bthe\s+year-(?:earlier|ago)\s+(?:quarter|period)\b",
)
def _year_earlier(m: re.Match[str], ref: Ref, future: bool) -> Value:
    quarter_talk = re.search(r"(?i)quarter|period|three months", ref.sentence)
    if ref.quarter and (quarter_talk or ref.position - ref.quarter_at < core.QUARTER_FOCUS_CHARS):
        return core.text_quarter(ref, -4)
    if ref.year is None:
        return NONE
    return str(ref.year - 1), "DATE", "publication"


@rule("ago", rf"\b({_NUM})\s+({_UNIT})\s+(ago|earlier|before|later|after|from\s+now|hence)\b")
def _ago(m: re.Match[str], ref: Ref, future: bool) -> Value:
    direction = m[3].lower()
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    from_text = direction in ("earlier", "later", "before", "after")
    return core.offset(_num(m[1]), m[2].lower().rstrip("s"), sign, ref, from_text)


@rule(
    "that-year",
    r"\b(that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+(year|month|quarter)\b",
)
def _that_year(m: re.Match[str], ref: Ref, future: bool) -> Value:
    k = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}[
        re.sub(r"\s+", " ", m[1].lower())
    ]
    unit = m[2].lower()
    if unit == "quarter" and ref.quarter:
        return core.text_quarter(ref, k)
    base = ref.text_date
    if base is None:
        return NONE
    if unit == "year":
        return str(base.year + k), "DATE", "text"
    y, mo = core.shift_months(base.year, base.month, k)
    return core.iso(y, mo), "DATE", "text"


@rule(
    "period-end",
    r"\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?(year|month)|year[-\s]end|year's\s+end)\b",
)
def _period_end(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.period_value((m[1] or "year").lower(), ref)


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
    "thanksgiving day": lambda y: core.nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: core.nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: core.nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: core.nth_weekday(y, 5, 0, -1),
}


@rule(
    "holiday",
    r"\b(?:(last|this|next)\s+)?(" + "|".join(sorted((re.escape(h) for h in HOLIDAYS), key=len, reverse=True)) + r")\b",
)
def _holiday(m: re.Match[str], ref: Ref, future: bool) -> Value:
    k = {"last": -1, "this": 0, "next": 1}.get((m[1] or "").lower())
    return core.holiday_value(HOLIDAYS[m[2].lower().replace("’", "'")], k, ref, future)


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
def _spelled_year(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if m[1]:
        return str(1900 + _words_to_number(m[2])), "DATE", "absolute"
    return str(2000 + (_words_to_number(m[3]) if m[3] else 0)), "DATE", "absolute"


_DAYS_FROM = {"previous": -1, "before": -1, "earlier": -1, "next": 1, "following": 1, "after": 1, "later": 1,
              "same": 0, "that": 0}  # fmt: skip


@rule(
    "relative-day",
    r"\b(?:the\s+(previous|next|following|same)\s+day|the\s+day\s+(before|after)|(that)\s+day|a\s+day\s+(later|earlier))\b",
)
def _relative_day(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.day_from_text(_DAYS_FROM[(m[1] or m[2] or m[3] or m[4]).lower()], ref)


@rule(
    "refs",
    r"\b(now|currently|current|at\s+present|presently|these\s+days|nowadays|recently|lately|"
    r"the\s+past(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|day|decade))|"
    r"the\s+future)\b",
)
def _refs(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.deictic_ref(re.sub(r"\s+", " ", m[1].lower()), ("recently", "lately", "the past"), ("the future",))


@rule(
    "duration",
    rf"\b({_NUM}|\d+)[\s-]+({_UNIT}|minutes?|hours?)(?:[\s-]+long|[\s-]+old)?\b(?!\s+(?:ago|earlier|later|before|after|from))",
)
def _duration(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.duration_value(m[2].lower().rstrip("s"), _num(m[1])), "DURATION", "none"


_SET_UNITS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year"}


@rule("set", r"\b(daily|weekly|monthly|annually|yearly|(?:every|each|a)\s+(day|week|month|year))\b")
def _set(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.set_value(m[2].lower() if m[2] else _SET_UNITS[m[1].lower()])
