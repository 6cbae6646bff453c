"""Russian temporal expressions, normalised to TimeML values exactly as the English grammar (`timex`) does.

Why our own rules again: dateparser's `search_dates` misreads Russian running text ("27 февраля в"
takes the next preposition into the date, "в 2025 году" becomes a day, "в среду" is the past
Wednesday even after "пройдет", "накануне" is not found), and natasha's `DatesExtractor` finds only
absolute dates ("27 февраля" without a year, "2025 году") and resolves nothing relative. So this is
the English grammar's Russian twin: its own rules below, the shared matching and resolution loop
(`timex.resolve_times`) and the shared calendar helpers — hence the same values, the same anchors
(absolute | publication | text | none) and the same resolution rules (see `timex`'s docstring).
natasha's morphology (pymorphy, shipped with natasha) is used only to tell a verb's tense and a
noun's case, which a regular expression cannot do for an inflected language.

Russian specifics:
* every word is matched in all its case forms (февраль/февраля/феврале, неделе/неделю,
  год/года/году/лет, среду/пятницы ...); a day number takes the genitive month ("27 февраля");
* the span leaves out the governing preposition ("в", "на": "прошлой неделе", "феврале 2025 года"),
  as the English spans leave out "in"/"on", so that a caller still sees "до"/"с" just before it;
  the operators of relative expressions ("через неделю", "неделю назад") and fixed idioms
  ("в настоящее время") are inside;
* tense: the nearest cue in the clause before the expression decides, else the first cue after it,
  since Russian puts the verb on either side ("3 марта пройдет встреча"). A cue is a verb in the
  future (perfective present: "пройдет", "встретятся") or the past ("-л" forms), an infinitive
  (future: "договорились встретиться 3 марта", unless "удалось"/"смогли" precedes it), or a word
  such as "будет", "планируется", "намерены", "ожидается", "предстоящий", "следующий" (future) or
  "состоявшийся", "назад" (past);
* "накануне" is the day before the date the text is talking about, else before publication; before
  a genitive noun ("накануне визита") it means "on the eve of", which names no date, and is skipped;
* "на следующий день", "днём ранее", "неделей позже", "два дня спустя" follow the text's date;
  "через неделю", "в следующем году" and "на следующей неделе" count from publication, or from the
  text's date in a past-tense clause ("через неделю стороны встретились снова");
* "среда" is also "environment": a Wednesday is "среду", or "среды" after "до"/"с"/"после", or a
  form next to a modifier or a date; a capitalised month or season inside a sentence is a name
  ("Мая", "Весна"); a bare year needs a preposition before it ("в 2025") unless "год" follows it.

Not covered: spelled-out dates and years ("двадцать седьмого февраля", "две тысячи двадцать пятого
года"), "1 и 3 марта" (only the second day is found), cross-month ranges ("с 27 февраля по 3 марта"
are two dates), Orthodox movable feasts, and time zones beyond "по московскому времени"/"мск".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from storyline.lexicon.calendar import MONTHS_RU, WEEKDAYS_RU
from storyline.text.timex.core import (
    _NOT_A_YEAR_BEFORE,
    _YEAR,
    DURATION_CODES,
    REJECT,
    Grammar,
    Handler,
    Rules,
    TimeExpr,
    _day_or_range,
    _iso,
    _iso_date,
    _numeric,
    _offset,
    _quarter_value,
    _Ref,
    _safe_date,
    _season_value,
    _shifted,
    _unit_from,
    _weekday,
    _weekend,
    _year_for,
    _year_range,
    duration_value,
    resolve_times,
    rule,
)

_RULES_RU: Rules = []

NUMBERS_RU: dict[str, int | None] = {
    "один": 1, "одну": 1, "одна": 1, "одного": 1, "одним": 1, "одной": 1, "два": 2, "две": 2, "двух": 2,
    "двумя": 2, "пару": 2, "пара": 2, "пары": 2, "двое": 2, "три": 3, "трех": 3, "трёх": 3, "тремя": 3,
    "трое": 3, "четыре": 4, "четырех": 4, "четырёх": 4, "четырьмя": 4, "четверо": 4, "пять": 5, "пяти": 5,
    "пятью": 5, "шесть": 6, "шести": 6, "шестью": 6, "семь": 7, "семи": 7, "семью": 7, "восемь": 8,
    "восьми": 8, "восемью": 8, "девять": 9, "девяти": 9, "девятью": 9, "десять": 10, "десяти": 10,
    "десятью": 10, "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "сто": 100, "несколько": None, "нескольких": None, "несколькими": None,
    "много": None, "немало": None,
}  # fmt: skip
# a unit word that means one unit without a number ("неделю назад"); plural forms without one are vague
_ONE_UNIT = {"день", "сутки", "неделю", "неделя", "месяц", "год", "квартал", "час", "минуту", "десятилетие",
             "днём", "днем", "сутками", "неделей", "месяцем", "годом", "кварталом", "часом", "минутой",
             "десятилетием", "полгода", "полвека"}  # fmt: skip

_SOFT = r"(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)"
_MON_GEN = rf"(?:{_SOFT}я|(?:март|август)а|мая|(?:янв|февр?|мар|апр|авг|сент?|окт|нояб?|дек)\.)"
_MON_ANY = rf"(?:{_SOFT}(?:ь|я|е|ю|ём|ем)|(?:март|август)(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем))"
_YEAR_WORD = r"(?:\s*(?:год(?:ом|а|у)?(?!\w)|г\.|г(?!\w)))"
_YEAR_TAIL = rf"(?:-?(?:го|м|й))?{_YEAR_WORD}?"
_WD_RU = (
    r"(?:понедельник(?:а|у|ом)?|вторник(?:а|у|ом)?|сред(?:а|у|ы)|четверг(?:а|у|ом)?|пятниц(?:а|у|ы|е|ей)|"
    r"суббот(?:а|у|ы|е|ой)|воскресень(?:е|я|ю|ем))"
)
_POD_RU = r"(?:утром|днём|днем|вечером|ночью)"
_MOD_RU = r"(?:начал[оаеу]|кон(?:ец|ц[аеу])|середин[аыеу])"
_HALF = r"(?:перв|втор)(?:ой|ая|ую)\s+половин[аыеу]"
_REL = (
    r"(?:(?:позапрошл|прошл|минувш|прошедш|предыдущ|нынешн|текущ|следующ|будущ)\w*|"
    r"(?:т(?:от|ом|ой|у|ого|а)|эт(?:от|ом|ой|у|ого|а))\s+же|эт(?:от|ом|ой|у|ого|а|им|и|их))"
)
_REL_UNIT = (
    r"(?:недел[еюяи]|месяц(?:е|а|ем)?|год(?:у|а|ом)?|выходн(?:ые|ых)|десятилети[еияю]|век(?:е|а)?|квартал(?:е|а)?)"
)
_SEASON = r"(?:весн(?:а|у|ы|е|ой|ою)|лет(?:о|а|ом|у)|осен(?:ь|и|ью)|зим(?:а|у|ы|е|ой|ою))"
_NUM_RU = r"(?:\d{1,3}|" + "|".join(sorted(NUMBERS_RU, key=len, reverse=True)) + ")"
_UNIT_RU = (
    r"(?:день|дн(?:я|ей|ю|ём|ем|ями|и)|сутки|суток|сутками|недел(?:я|ю|и|ь|ей|ями|е)|месяц(?:а|ев|ем|ами|ы)?|"
    r"год(?:а|ом|ами|ы)?|лет|квартал(?:а|ов|ом|ами)?|десятилети(?:е|я|й|ем|ями)|час(?:а|ов|ом|ами)?|"
    r"минут(?:а|у|ы|ой|ами)?|полгода|полвека)"
)


def rule_ru(name: str, pattern: str) -> Callable[[Handler], Handler]:
    return rule(name, pattern, _RULES_RU)


# --- word helpers --------------------------------------------------------------------------------
def _month_ru(word: str) -> int:
    return MONTHS_RU[word.lower().replace("ё", "е")[:3]]


def _weekday_ru(word: str) -> int:
    return WEEKDAYS_RU[word.lower()[:3]]


def _unit_ru(word: str) -> tuple[str, int]:
    """(unit, how many of it the word itself means): "полгода" is six months."""
    w = word.lower()
    if w == "полгода":
        return "month", 6
    if w == "полвека":
        return "year", 50
    for prefix, unit in (("дн", "day"), ("день", "day"), ("сут", "day"), ("недел", "week"), ("месяц", "month"),
                         ("год", "year"), ("лет", "year"), ("квартал", "quarter"), ("десятилет", "decade"),
                         ("час", "hour"), ("минут", "minute"), ("выходн", "weekend"), ("век", "century")):  # fmt: skip
        if w.startswith(prefix):
            return unit, 1
    raise KeyError(word)


def _count(num: str | None, unit_word: str) -> tuple[str, int | None]:
    """The unit and the number of units of "три дня", "неделю", "несколько лет" (None: vague)."""
    unit, per = _unit_ru(unit_word)
    if num is None:
        return unit, (per if unit_word.lower() in _ONE_UNIT else None)
    n = int(num) if num.isdigit() else NUMBERS_RU.get(num.lower())
    return unit, (None if n is None else n * per)


def _rel(word: str) -> tuple[int, str]:
    """A relative modifier as (units from the reference, mode); mode `pub` counts from publication,
    `follow` from the text's date in a past clause ("в следующем году" of a story), `same` from it always."""
    w = re.sub(r"\s+", " ", word.lower())
    if w.endswith(" же"):
        return 0, "same"
    if w.startswith("позапрошл"):
        return -2, "pub"
    if w.startswith(("прошл", "минувш", "прошедш")):
        return -1, "pub"
    if w.startswith("предыдущ"):
        return -1, "follow"
    if w.startswith("следующ"):
        return 1, "follow"
    if w.startswith(("будущ", "ближайш")):
        return 1, "pub"
    return 0, "pub"  # этот, нынешний, текущий


def _past(ref: _Ref, future: bool) -> bool:
    return not future and not ref.undecided


def _from_text(mode: str, ref: _Ref, future: bool) -> bool:
    return mode == "same" or (mode == "follow" and _past(ref, future))


def _text_year(m: re.Match[str], ref: _Ref) -> int | None:
    """The year the text is talking about: that of its last full date, else the last year it named
    ("В 2014 году ... В следующем году стороны его нарушили": 2015)."""
    if ref.text_date:
        return ref.text_date.year
    years = re.findall(rf"(?<!\d)({_YEAR})(?!\d)", m.string[max(0, m.start() - 600) : m.start()])
    return int(years[-1]) if years else None


def _year_of(m: re.Match[str], rel: str, ref: _Ref, future: bool) -> tuple[int | None, str]:
    """The year of "прошлого/этого/следующего года" and of "в прошлом/следующем году"."""
    k, mode = _rel(rel)
    if _from_text(mode, ref, future) and (y := _text_year(m, ref)) is not None:
        return y + k, "text"
    return (ref.year + k, "publication") if ref.year else (None, "none")


# --- morphology, for tense and case ----------------------------------------------------------------
@lru_cache(maxsize=1)
def _morph() -> Any:
    from natasha import MorphVocab  # pymorphy2 with its Russian dictionary, as natasha ships it

    return MorphVocab()


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[frozenset[str], ...]:
    """Grammemes of each of pymorphy's readings of the word, the most probable first."""
    return tuple(frozenset(p.tag.grammemes) for p in _morph().parse(word))


_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")
_FUTURE_RU = re.compile(
    r"(?:будущ|предстоящ|предстои|предстоя|следующ|ближайш|грядущ|запланирова|планир|планов|намечен|намеча|"
    r"намерен|намерева|ожида|назначенн|собира|перенес|перенос|отлож|преддвери|истека|вступа|дедлайн)\w*|"
    r"назначен[аоы]?|долж(?:ен|на|но|ны)|бы|б",
    re.IGNORECASE,
)
_PAST_RU = re.compile(r"(?:назад|ранее|состоявш\w*|прошедш\w*|минувш\w*|прошл\w*)", re.IGNORECASE)
_PAST_MODAL = re.compile(r"(?:удал(?:ось|ась|ся|ись)|смогл?[аи]?|сумел\w*|успел\w*|пришлось)", re.IGNORECASE)
_CLAUSE_BREAK_RU = re.compile(
    r"[.!?;:,\n(«»\"“”—]|(?<!\w)(?:котор\w+|где|когда|пока|поскольку|так\s+как|хотя|если|что|чтобы|а|но|однако)"
    r"(?!\w)",
    re.IGNORECASE,
)


def _cue(word: str, previous: str | None) -> bool | None:
    """The tense a word signals: True future, False past, None none."""
    if _FUTURE_RU.fullmatch(word):
        return True
    if _PAST_RU.fullmatch(word):
        return False
    tags = _parses(word.lower())[0]
    if "INFN" in tags:  # "договорились встретиться 3 марта" is ahead, "удалось встретиться" is not
        return not (previous is not None and _PAST_MODAL.fullmatch(previous))
    if tags & {"VERB", "GRND", "PRTF", "PRTS"}:
        if "futr" in tags:
            return True
        if "past" in tags:
            return False
    return None


def _tense_ru(text: str, start: int, end: int) -> bool | None:
    """True: the clause speaks of the future; False: of the past; None: no cue. The nearest cue
    before the expression within its clause decides, else the first of a few words after it."""
    lo = max(0, start - 80)
    left = text[lo:start]
    if lo > 0:
        left = re.sub(r"^\S+", "", left)  # drop the word the window cut
    breaks = list(_CLAUSE_BREAK_RU.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    words = _WORD.findall(left)
    for i in range(len(words) - 1, -1, -1):
        cue = _cue(words[i], words[i - 1] if i else None)
        if cue is not None:
            return cue
    right = re.split(r"[.!?;\n]", text[end : end + 80])[0]
    right = re.sub(r"^\s*,", "", right)
    cut = _CLAUSE_BREAK_RU.search(right)
    if cut:
        right = right[: cut.start()]
    words = _WORD.findall(right)[:5]
    for i, w in enumerate(words):
        cue = _cue(w, words[i - 1] if i else None)
        if cue is not None:
            return cue
    return None


_NOT_A_YEAR_AFTER_RU = re.compile(
    r"^(?:\s?%|\s?(?:процент|человек|рубл|доллар|евро|км|тонн|штук|единиц|голос|баррел|метр|гектар|раз|млн|млрд|тыс)|"
    r"[.,]\d|-\d)",
    re.IGNORECASE,
)
_YEAR_PREPOSITION = re.compile(r"(?i)(?<!\w)(?:в|во|с|со|до|к|ко|по|после|от|между|и|или)\s+$")
_BARE_NAME = re.compile(rf"(?i){_MON_ANY}|{_SEASON}")


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].rstrip()
    return not before or before[-1] in '.!?…\n«"“„(—–:'


def _plausible_ru(text: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Reject numbers that only look like years, names that look like months, and "среда" the environment."""
    s = text[start:end]
    if re.fullmatch(_YEAR, s):
        if _NOT_A_YEAR_BEFORE.search(text[max(0, start - 4) : start]):
            return False
        if _NOT_A_YEAR_AFTER_RU.search(text[end : end + 12]):
            return False
        return bool(_YEAR_PREPOSITION.search(text[max(0, start - 16) : start]))
    name = not _sentence_start(text, start) or re.match(r"\s+[А-ЯЁ]", text[end : end + 2])
    if s[0].isupper() and _BARE_NAME.fullmatch(s) and name:  # "Мая Плисецкая", "Весна Ивановна"
        return False
    if re.match(rf"(?i)сред[аы](?:\s+{_POD_RU})?$", s):  # not "в среду": no modifier, no date
        return s.lower().startswith("среды") and bool(
            re.search(r"(?i)(?<!\w)(?:до|с|со|после|утра|вечера|ночи)\s+$", text[max(0, start - 10) : start])
        )
    return True


def _bound_ru(text: str, start: int) -> bool:
    return bool(re.search(r"(?i)(?<!\w)(?:до|к|ко|не\s+позднее|вплоть\s+до)\s+$", text[max(0, start - 16) : start]))


RUSSIAN = Grammar(_RULES_RU, _tense_ru, _plausible_ru, _bound_ru)


def find_times_ru(text: str, published: str | None) -> list[TimeExpr]:
    """Every temporal expression of a Russian text, resolved; `published` is an ISO date at any precision."""
    return resolve_times(text, published, RUSSIAN)


Value = tuple[str | None, str, str]

# --- absolute dates ------------------------------------------------------------------------------------
rule_ru("iso", rf"\b({_YEAR})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::\d\d)?)?\b")(_iso_date)
rule_ru("numeric", r"(?<![\d.])([0-3]?\d)(\.)([01]?\d)\.((?:19|20)\d\d|\d\d)(?![\d.]\d)(?:\s*(?:года?|г\.))?")(_numeric)


@rule_ru(
    "day-month",
    rf"(?<!\w)(?:({_WD_RU}),?\s+)?(?:{_POD_RU}\s+)?([0-3]?\d)(?:-?го)?(?:\s*(?:-|–|—|\s+по\s+)\s*([0-3]?\d)(?:-?го)?)?"
    rf"\s+({_MON_GEN})(?!\w)(?:\s+({_YEAR}){_YEAR_TAIL})?",
)
def _day_month(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    mo, d = _month_ru(m[4]), int(m[2])
    d2 = int(m[3]) if m[3] else None
    if m[5]:
        return _day_or_range(int(m[5]), mo, d, d2, "absolute")
    y, anchor = _year_for(mo, d, ref, future)
    if y is None:
        return None, "DATE", "none"
    if m[1]:  # "в четверг, 27 февраля": the year in which that day is that weekday
        wd = _weekday_ru(m[1])
        y = next((c for c in (y, y + 1, y - 1) if (x := _safe_date(c, mo, d)) and x.weekday() == wd), y)
    return _day_or_range(y, mo, d, d2, anchor)


@rule_ru("month-year", rf"(?<!\w)(?:(?:{_MOD_RU}|{_HALF})\s+)?({_MON_ANY})\s+({_YEAR}){_YEAR_TAIL}")
def _month_year(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    return _iso(int(m[2]), _month_ru(m[1])), "DATE", "absolute"


@rule_ru("month", rf"(?<!\w)(?:{_MOD_RU}\s+)?({_MON_ANY})(?!\w)(?:\s+({_REL})\s+года(?!\w))?")
def _month(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    mo = _month_ru(m[1])
    if m[2]:  # "в марте прошлого года"
        y, anchor = _year_of(m, m[2], ref, future)
        return (_iso(y, mo), "DATE", anchor) if y else (None, "DATE", "none")
    y, anchor = _year_for(mo, None, ref, future)
    if y is None:
        return None, "DATE", "none"
    return _iso(y, mo), "DATE", anchor


@rule_ru(
    "year",
    rf"(?<!\w)(?:({_MOD_RU}|{_HALF})\s+)?({_YEAR})(?:-?(?:го|м|й))?{_YEAR_WORD}?(?!\s*[-–—/]\s*\d)",
)
def _year(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    half = (m[1] or "").lower()
    if "половин" in half:
        return f"{m[2]}-H{1 if half.startswith('перв') else 2}", "DATE", "absolute"
    return m[2], "DATE", "absolute"


rule_ru(
    "year-range",
    rf"(?<!\w)({_YEAR})\s*[-–—/]\s*({_YEAR}|\d\d)(?:\s*(?:год(?:ы|ах|ов|ам)(?!\w)|гг\.|г\.))?",
)(_year_range)


@rule_ru(
    "decade",
    rf"(?<!\w)(?:{_MOD_RU}\s+)?(?:(1[89]\d0|20\d0)-?|([1-9]0)-)(?:е|х|ые|ых|ми|м(?=\s+годам))(?!\w)"
    r"(?:\s+(?:год(?:ы|ах|ов|ам|ами)(?!\w)|гг\.))?",
)
def _decade(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    full = m[1] or "19" + m[2]  # "90-е" are the 1990s
    return full[:3] + "X", "DATE", "absolute"


@rule_ru(
    "season",
    rf"(?<!\w)(?:({_REL}|{_MOD_RU})\s+)?({_SEASON})(?!\w)(?:\s+(?:({_YEAR}){_YEAR_TAIL}|({_REL})\s+года(?!\w)))?",
)
def _season(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    code = {"в": "SP", "л": "SU", "о": "FA", "з": "WI"}[m[2][0].lower()]
    if m[3]:
        return f"{m[3]}-{code}", "DATE", "absolute"
    if m[4]:  # "летом прошлого года"
        y, anchor = _year_of(m, m[4], ref, future)
        return (f"{y}-{code}", "DATE", anchor) if y else (None, "DATE", "none")
    k = _rel(m[1])[0] if m[1] and not re.match(_MOD_RU, m[1], re.IGNORECASE) else None
    mod = {None: "", -2: "last", -1: "last", 0: "this", 1: "next"}[k]
    value, typ, anchor = _season_value(code, mod, ref, future)
    if k == -2 and value:  # "позапрошлым летом"
        value = f"{int(value[:4]) - 1}{value[4:]}"
    return value, typ, anchor


@rule_ru(
    "quarter",
    rf"(?<!\w)(?:(IV|III|II|I|[1-4])(?:-?(?:м|й|го))?|(перв|втор|трет|четв[её]рт)\w*)\s+квартал\w*"
    rf"(?:\s+(?:({_YEAR}){_YEAR_TAIL}|({_REL})\s+года(?!\w)))?",
)
def _quarter(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if m[1]:
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m[1].lower()) or int(m[1])
    else:
        q = {"перв": 1, "втор": 2, "трет": 3}.get(m[2].lower(), 4)
    if m[4]:  # "второго квартала прошлого года"
        y, anchor = _year_of(m, m[4], ref, future)
        if y is None:
            return None, "DATE", "none"
        value, typ, _absolute = _quarter_value(q, y, ref, future)
        return value, typ, anchor
    return _quarter_value(q, int(m[3]) if m[3] else None, ref, future)


# --- deictic: сегодня, на прошлой неделе, в прошлом году, неделю назад ---------------------------------
@rule_ru(
    "today",
    rf"(?<!\w)(сегодня|вчера|завтра|позавчера|послезавтра|(?:сегодняшн|вчерашн|завтрашн)\w+)(?:\s+{_POD_RU})?(?!\w)",
)
def _today(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if not ref.pub:
        return None, "DATE", "none"
    w = m[1].lower()
    k = next(
        v for p, v in (("позавч", -2), ("послез", 2), ("вчер", -1), ("завтр", 1), ("сегодн", 0)) if w.startswith(p)
    )
    return (ref.pub + dt.timedelta(days=k)).isoformat(), "DATE", "publication"


def _eve_of(after: str) -> bool:
    """Is "накануне" followed by a genitive noun phrase ("накануне визита"): "on the eve of", no date?
    A word that is also nominative ("накануне стороны договорились") is the subject when a following
    verb agrees with it in number."""
    clause = _CLAUSE_BREAK_RU.split(after, 1)[0]
    words = _WORD.findall(clause)
    if not words or words[0].lower() in ("этого", "того", "этих", "тех"):
        return False
    readings = _parses(words[0])
    top = readings[0]
    if "gent" not in top or not top & {"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"} or top & {"Name", "Surn", "Patr"}:
        return False
    nominative = [r for r in readings if "nomn" in r]
    if not nominative:
        return True
    for w in words[1:5]:
        tags = _parses(w.lower())[0]
        if "VERB" in tags:
            number = "plur" if "plur" in tags else "sing"
            return not any(number in r for r in nominative)
    return True


@rule_ru("eve", rf"(?<!\w)накануне(?:\s+({_POD_RU}))?(?!\w)")
def _eve(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if not m[1] and _eve_of(m.string[m.end() : m.end() + 80]):
        return None, REJECT, "none"
    base, anchor = (ref.text_date, "text") if ref.text_date else (ref.pub, "publication")
    if base is None:
        return None, "DATE", "none"
    ref.hold_text_date = True  # a second "накануне" is still the eve of the same day, not the day before it
    return (base - dt.timedelta(days=1)).isoformat(), "DATE", anchor


@rule_ru(
    "relative-day",
    r"(?<!\w)(следующ(?:ий|его|ем)|друг(?:ой|ого)|предыдущ(?:ий|его|ем)|(?:т(?:от|ом|ого)|эт(?:от|ом|ого))(?:\s+же)?)"
    r"\s+(?:день|дня|дне)(?!\w)",
)
def _relative_day(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    w = m[1].lower()
    if w.startswith("друг") and not re.search(r"(?i)(?<!\w)на\s+$", m.string[max(0, m.start() - 4) : m.start()]):
        return None, REJECT, "none"  # "в другой день" is some other day; "на другой день" the next one
    k = 1 if w.startswith(("следующ", "друг")) else -1 if w.startswith("предыдущ") else 0
    base, anchor = (ref.text_date, "text") if ref.text_date else (ref.pub, "publication")
    if base is None:
        return None, "DATE", "none"
    return (base + dt.timedelta(days=k)).isoformat(), "DATE", anchor


@rule_ru("ago", rf"(?<!\w)(?:({_NUM_RU})\s+)?({_UNIT_RU})\s+(?:тому\s+)?назад(?!\w)")
def _ago(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    unit, n = _count(m[1], m[2])
    return _offset(n, _clock_unit(unit), -1, ref, False)


@rule_ru("in", rf"(?<!\w)через\s+(?:({_NUM_RU})\s+)?({_UNIT_RU})(?!\w)")
def _in(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    unit, n = _count(m[1], m[2])
    after = bool(re.match(r"(?i)\s+после(?!\w)", m.string[m.end() : m.end() + 10]))  # "через неделю после ..."
    return _offset(n, _clock_unit(unit), 1, ref, after or _past(ref, future))


@rule_ru(
    "later",
    rf"(?<!\w)(?:(?:({_NUM_RU})\s+)?({_UNIT_RU})\s+(ранее|раньше|позже|позднее|спустя)|"
    rf"(спустя)\s+(?:({_NUM_RU})\s+)?({_UNIT_RU})|(за)\s+(?:({_NUM_RU})\s+)?({_UNIT_RU})\s+до\s+(?:этого|того))(?!\w)",
)
def _later(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if m[3]:
        num, word, sign = m[1], m[2], -1 if m[3].lower() in ("ранее", "раньше") else 1
    elif m[4]:
        num, word, sign = m[5], m[6], 1
    else:
        num, word, sign = m[8], m[9], -1
    unit, n = _count(num, word)
    return _offset(n, _clock_unit(unit), sign, ref, True)


def _clock_unit(unit: str) -> str:
    return "hour" if unit == "minute" else unit


@rule_ru("this-unit", rf"(?<!\w)(?:({_MOD_RU}|{_HALF})\s+)?({_REL})\s+({_REL_UNIT})(?!\w)")
def _this_unit(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    k, mode = _rel(m[2])
    unit = _unit_ru(m[3])[0]
    if unit == "quarter":
        if mode == "same" and ref.quarter:
            return f"{ref.quarter[0]}-Q{ref.quarter[1]}", "DATE", "text"
        if not ref.pub:
            return None, "DATE", "none"
        return _shifted(ref.pub, "quarter", k)[0], "DATE", "publication"
    from_text = _from_text(mode, ref, future)
    if unit == "year" and (from_text or "половин" in (m[1] or "").lower()):
        y, anchor = _year_of(m, m[2], ref, future)
        if y is None:
            return None, "DATE", "none"
        half = (m[1] or "").lower()  # "в первой половине будущего года"
        return (f"{y}-H{1 if half.startswith('перв') else 2}" if "половин" in half else str(y)), "DATE", anchor
    return _unit_from(unit, k, ref, from_text=from_text)


rule_ru("weekend", r"(?<=на\s)выходных(?!\w)")(_weekend)


@rule_ru("period-end", rf"(?<!\w){_MOD_RU}\s+(года|месяца|недели)(?!\w)")
def _period_end(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    unit = _unit_ru(m[1])[0]
    if unit == "year":
        return (str(ref.year), "DATE", "publication") if ref.year else (None, "DATE", "none")
    if unit == "month":
        return (_iso(*ref.pub_month), "DATE", "publication") if ref.pub_month else (None, "DATE", "none")
    return _unit_from("week", 0, ref)


@rule_ru(
    "weekday",
    rf"(?<!\w)(?:(?:({_REL}|ближайш\w*)\s+)?({_WD_RU})(?:\s+{_POD_RU})?|{_POD_RU}\s+во?\s+({_WD_RU}))(?!\w)",
)
def _weekday_rule(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if not ref.pub:
        return None, "DATE", "none"
    k = _rel(m[1])[0] if m[1] else 0
    if k > 0 or (m[1] and k == 0 and ref.undecided):  # "в эту пятницу" without a tense is the coming one
        future = True
    elif k < 0:
        future = False
    d = _weekday(_weekday_ru(m[2] or m[3]), ref, future)
    if k < 0 and d == ref.pub:
        d -= dt.timedelta(days=7)
    if k == -2:
        d -= dt.timedelta(days=7)
    return d.isoformat(), "DATE", "publication"


@rule_ru(
    "part-of-day",
    r"(?<!\w)(?:(эт(?:ой|им)|прошл(?:ой|ым)|минувш(?:ей|им)|сегодняшн(?:ей|им)|вчерашн(?:ей|им))\s+)?"
    r"(утром|вечером|ночью)(?!\w)",
)
def _part_of_day(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    mod = (m[1] or "").lower()
    if not mod:  # "утром": of the day the text is talking about
        base, anchor = (ref.text_date, "text") if ref.text_date else (ref.pub, "publication")
        return (base.isoformat(), "DATE", anchor) if base else (None, "DATE", "none")
    if not ref.pub:
        return None, "DATE", "none"
    k = -1 if mod.startswith(("прошл", "минувш", "вчераш")) else 0  # "прошлой ночью" as "last night"
    # the value is the day: timelines work in days, as in the English grammar
    return (ref.pub + dt.timedelta(days=k)).isoformat(), "DATE", "publication"


@rule_ru(
    "clock",
    r"(?<!\w)(?:([01]?\d|2[0-3]):([0-5]\d)(?!\d)(?:\s+(?:по\s+(?:московскому|местному)\s+времени|мск)(?!\w))?|"
    r"(?<=в\s)(\d{1,2})\s+(утра|дня|вечера|ночи)(?!\w))",
)
def _clock(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if m[1]:
        hh, mm = int(m[1]), int(m[2])
    else:
        hh, mm = int(m[3]), 0
        if m[4].lower() in ("дня", "вечера") and hh < 12:
            hh += 12
        if hh > 23:
            return None, REJECT, "none"
    day = ref.text_date or ref.pub
    if day is None:
        return f"T{hh:02d}:{mm:02d}", "TIME", "none"
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}", "TIME", "text" if ref.text_date else "publication"


HOLIDAYS_RU = {"нов": (1, 1), "защитника": (2, 23), "женск": (3, 8), "побед": (5, 9), "росси": (6, 12),
               "народного": (11, 4)}  # fmt: skip


@rule_ru(
    "holiday",
    r"(?<!\w)(?:(?-i:Нов)(?:ый|ого|ым|ому)\s+год(?:а|у|ом)?|"
    r"(?-i:Д)(?:ень|ня|нём|нем|ню|не)\s+(?:(?-i:П)обеды|(?-i:Р)оссии|народного\s+единства|защитника\s+(?-i:О)течества)|"
    r"(?-i:М)еждународн\w+\s+женск\w+\s+дн\w+)(?!\w)",
)
def _holiday(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    words = m[0].lower().split()
    month, day = HOLIDAYS_RU[next(k for k in HOLIDAYS_RU if any(w.startswith(k) for w in words))]
    if ref.text_date and (ref.text_date.month, ref.text_date.day) == (month, day):  # "12 июня, в День России"
        return _iso(ref.text_date.year, month, day), "DATE", "text"
    y, anchor = _year_for(month, day, ref, future)  # fixed dates: resolved like "9 мая"
    return (_iso(y, month, day), "DATE", anchor) if y else (None, "DATE", "none")


@rule_ru(
    "refs",
    r"(?<!\w)(сейчас|ныне|нынче|в\s+настоящее\s+время|на\s+данный\s+момент|в\s+данный\s+момент|"
    r"на\s+сегодняшний\s+день|недавно|в\s+последнее\s+время|"
    r"в\s+будущем(?!\s+(?:год|месяц|квартал|сезон|недел))|"
    r"в\s+ближайш(?:ее|ие)\s+(?:время|дни|недели|месяцы|годы))(?!\w)",
)
def _refs(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    w = m[1].lower()
    if w.startswith(("недавно", "в последнее")):
        return "PAST_REF", "DATE", "publication"
    if w.startswith(("в будущем", "в ближайш")):
        return "FUTURE_REF", "DATE", "publication"
    return "PRESENT_REF", "DATE", "publication"


@rule_ru(
    "duration",
    rf"(?<![\w.,])(?:(?:последн|ближайш|первы|следующ)\w*\s+)?(?:({_NUM_RU})\s+({_UNIT_RU})|(полгода|полвека))(?!\w)|"
    r"(?<![\w.,])(\d{1,3})-?(дневн|недельн|месячн|летн)\w*|"
    r"(?:(?<=в течение )|(?<=на протяжении ))(дня|суток|недели|месяца|года|часа)(?!\w)",
)
def _duration(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if m[4]:
        unit = {"дневн": "day", "недельн": "week", "месячн": "month", "летн": "year"}[m[5].lower()]
        n: int | None = int(m[4])
    elif m[6]:
        unit, n = _unit_ru(m[6])[0], 1
    else:
        unit, n = _count(m[1], m[2]) if m[2] else _count(None, m[3])
    return duration_value(unit, n), "DURATION", "none"


@rule_ru(
    "set",
    rf"(?<!\w)(ежедневн|еженедельн|ежемесячн|ежегодн)\w*|(?<!\w)кажд(?:ый|ую|ое|ые)\s+({_UNIT_RU})(?!\w)",
)
def _set(m: re.Match[str], ref: _Ref, future: bool) -> Value:
    if m[2]:
        unit = _unit_ru(m[2])[0]
    else:
        unit = {"ежедневн": "day", "еженедельн": "week", "ежемесячн": "month", "ежегодн": "year"}[m[1].lower()]
    return f"P1{DURATION_CODES[unit]}", "SET", "none"
