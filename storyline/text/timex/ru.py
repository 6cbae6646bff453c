"""Russian temporal expressions, normalised to TimeML values exactly as the English grammar (`en`) does.

Why our own rules again: dateparser's `search_dates` misreads Russian running text ("27 февраля в"
takes the next preposition into the date, "в 2025 году" becomes a day, "в среду" is the past
Wednesday even after "пройдет", "накануне" is not found), and natasha's `DatesExtractor` finds only
absolute dates ("27 февраля" without a year, "2025 году") and resolves nothing relative. So this is
a Russian `Grammar`: its own patterns and cue words below, with handlers that read their match and
call the shared value builders of `core`, over the shared matching and resolution loop — hence the
same values, the same anchors (absolute | publication | text | none) and the same resolution rules
(see `core`'s docstring).
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

import re
from functools import lru_cache
from typing import Any

from storyline.text.timex import core
from storyline.text.timex.core import NONE, REJECT, YEAR, Grammar, Lookbehind, Ref, Value

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
# the unit a word's stem names, and how many of it the word itself means ("полгода" is six months)
_UNIT_WORDS = {"полгода": ("month", 6), "полвека": ("year", 50)}
_UNIT_STEMS = (("дн", "day"), ("день", "day"), ("сут", "day"), ("недел", "week"), ("месяц", "month"), ("год", "year"),
               ("лет", "year"), ("квартал", "quarter"), ("десятилет", "decade"), ("час", "hour"), ("минут", "minute"),
               ("выходн", "weekend"), ("век", "century"))  # fmt: skip
_SEASONS_RU = {"в": "SP", "л": "SU", "о": "FA", "з": "WI"}  # весна, лето, осень, зима by their first letter
HOLIDAYS_RU = {"нов": (1, 1), "защитника": (2, 23), "женск": (3, 8), "побед": (5, 9), "росси": (6, 12),
               "народного": (11, 4)}  # fmt: skip

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


# --- word helpers --------------------------------------------------------------------------------
def _unit(word: str) -> tuple[str, int]:
    """(unit, how many of it the word itself means): "полгода" is six months."""
    w = word.lower()
    if w in _UNIT_WORDS:
        return _UNIT_WORDS[w]
    return next((unit, 1) for prefix, unit in _UNIT_STEMS if w.startswith(prefix))


def _count(num: str | None, unit_word: str) -> tuple[str, int | None]:
    """The unit and the number of units of "три дня", "неделю", "несколько лет" (None: vague)."""
    unit, per = _unit(unit_word)
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


def _past(ref: Ref, future: bool) -> bool:
    return not future and not ref.undecided


def _from_text(mode: str, ref: Ref, future: bool) -> bool:
    return mode == "same" or (mode == "follow" and _past(ref, future))


def _text_year(m: re.Match[str], ref: Ref) -> int | None:
    """The year the text is talking about: that of its last full date, else the last year it named
    ("В 2014 году ... В следующем году стороны его нарушили": 2015)."""
    if ref.text_date:
        return ref.text_date.year
    years = re.findall(rf"(?<!\d)({YEAR})(?!\d)", m.string[max(0, m.start() - 600) : m.start()])
    return int(years[-1]) if years else None


def _year_of(m: re.Match[str], rel: str, ref: Ref, future: bool) -> tuple[int | None, str]:
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
_FUTURE = re.compile(
    r"(?:будущ|предстоящ|предстои|предстоя|следующ|ближайш|грядущ|запланирова|планир|планов|намечен|намеча|"
    r"намерен|намерева|ожида|назначенн|собира|перенес|перенос|отлож|преддвери|истека|вступа|дедлайн)\w*|"
    r"назначен[аоы]?|долж(?:ен|на|но|ны)|бы|б",
    re.IGNORECASE,
)
_PAST = re.compile(r"(?:назад|ранее|состоявш\w*|прошедш\w*|минувш\w*|прошл\w*)", re.IGNORECASE)
_PAST_MODAL = re.compile(r"(?:удал(?:ось|ась|ся|ись)|смогл?[аи]?|сумел\w*|успел\w*|пришлось)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n(«»\"“”—]|(?<!\w)(?:котор\w+|где|когда|пока|поскольку|так\s+как|хотя|если|что|чтобы|а|но|однако)"
    r"(?!\w)",
    re.IGNORECASE,
)


def _cue(word: str, previous: str | None) -> bool | None:
    """The tense a word signals: True future, False past, None none."""
    if _FUTURE.fullmatch(word):
        return True
    if _PAST.fullmatch(word):
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


def _first_cue(words: list[str], order: range) -> bool | None:
    for i in order:
        cue = _cue(words[i], words[i - 1] if i else None)
        if cue is not None:
            return cue
    return None


def _tense(text: str, start: int, end: int) -> bool | None:
    """True: the clause speaks of the future; False: of the past; None: no cue. The nearest cue
    before the expression within its clause decides, else the first of a few words after it."""
    words = _WORD.findall(core.clause_before(text, start, 80, _CLAUSE_BREAK, whole_words=True))
    cue = _first_cue(words, range(len(words) - 1, -1, -1))
    if cue is not None:
        return cue
    right = re.sub(r"^\s*,", "", core.sentence_after(text, end, 80))
    cut = _CLAUSE_BREAK.search(right)
    if cut:
        right = right[: cut.start()]
    words = _WORD.findall(right)[:5]
    return _first_cue(words, range(len(words)))


_NOT_A_YEAR_AFTER = re.compile(
    r"^(?:\s?%|\s?(?:процент|человек|рубл|доллар|евро|км|тонн|штук|единиц|голос|баррел|метр|гектар|раз|млн|млрд|тыс)|"
    r"[.,]\d|-\d)",
    re.IGNORECASE,
)
_YEAR_PREPOSITION = Lookbehind(r"(?i)(?<!\w)(?:в|во|с|со|до|к|ко|по|после|от|между|и|или)\s+$", 16)
_WEDNESDAY_CUE = Lookbehind(r"(?i)(?<!\w)(?:до|с|со|после|утра|вечера|ночи)\s+$", 10)
_DEADLINE = Lookbehind(r"(?i)(?<!\w)(?:до|к|ко|не\s+позднее|вплоть\s+до)\s+$", 16)
_NA = Lookbehind(r"(?i)(?<!\w)на\s+$", 4)
_BARE_NAME = re.compile(rf"(?i){_MON_ANY}|{_SEASON}")


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].rstrip()
    return not before or before[-1] in '.!?…\n«"“„(—–:'


def _plausible(text: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Reject numbers that only look like years, names that look like months, and "среда" the environment."""
    s = text[start:end]
    if core.is_bare_year(s):
        return core.year_plausible(text, start, end, _NOT_A_YEAR_AFTER) and _YEAR_PREPOSITION.at(text, start)
    name = not _sentence_start(text, start) or re.match(r"\s+[А-ЯЁ]", text[end : end + 2])
    if s[0].isupper() and _BARE_NAME.fullmatch(s) and name:  # "Мая Плисецкая", "Весна Ивановна"
        return False
    if re.match(rf"(?i)сред[аы](?:\s+{_POD_RU})?$", s):  # not "в среду": no modifier, no date
        return s.lower().startswith("среды") and _WEDNESDAY_CUE.at(text, start)
    return True


RUSSIAN = Grammar(_tense, _plausible, _DEADLINE)
rule = RUSSIAN.rule

find_times_ru = RUSSIAN.find  # every temporal expression of a Russian text, resolved


# --- absolute dates ------------------------------------------------------------------------------------
rule("iso", core.ISO_DATE)(core.iso_date)
rule(
    "numeric",
    r"(?<![\d.])(?P<a>[0-3]?\d)(?P<sep>\.)(?P<b>[01]?\d)\.(?P<yy>(?:19|20)\d\d|\d\d)(?![\d.]\d)(?:\s*(?:года?|г\.))?",
)(core.numeric_date)
rule(
    "day-month",
    rf"(?<!\w)(?:(?P<weekday>{_WD_RU}),?\s+)?(?:{_POD_RU}\s+)?(?P<day>[0-3]?\d)(?:-?го)?"
    rf"(?:\s*(?:-|–|—|\s+по\s+)\s*(?P<day2>[0-3]?\d)(?:-?го)?)?"
    rf"\s+(?P<month>{_MON_GEN})(?!\w)(?:\s+(?P<year>{YEAR}){_YEAR_TAIL})?",
)(core.day_of_month)
rule("month-year", rf"(?<!\w)(?:(?:{_MOD_RU}|{_HALF})\s+)?(?P<month>{_MON_ANY})\s+(?P<year>{YEAR}){_YEAR_TAIL}")(
    core.month_year
)


@rule("month", rf"(?<!\w)(?:{_MOD_RU}\s+)?({_MON_ANY})(?!\w)(?:\s+({_REL})\s+года(?!\w))?")
def _month(m: re.Match[str], ref: Ref, future: bool) -> Value:
    mo = core.month_of(m[1])
    if m[2]:  # "в марте прошлого года"
        y, anchor = _year_of(m, m[2], ref, future)
        return (core.iso(y, mo), "DATE", anchor) if y else NONE
    return core.month_value(mo, ref, future)


@rule("year", rf"(?<!\w)(?:({_MOD_RU}|{_HALF})\s+)?({YEAR})(?:-?(?:го|м|й))?{_YEAR_WORD}?(?!\s*[-–—/]\s*\d)")
def _year(m: re.Match[str], ref: Ref, future: bool) -> Value:
    half = (m[1] or "").lower()
    if "половин" in half:
        return f"{m[2]}-H{1 if half.startswith('перв') else 2}", "DATE", "absolute"
    return m[2], "DATE", "absolute"


rule(
    "year-range",
    rf"(?<!\w)(?P<first>{YEAR})\s*[-–—/]\s*(?P<last>{YEAR}|\d\d)(?:\s*(?:год(?:ы|ах|ов|ам)(?!\w)|гг\.|г\.))?",
)(core.year_range)
rule(
    "decade",
    rf"(?<!\w)(?:{_MOD_RU}\s+)?(?:(?P<decade>1[89]\d0|20\d0)-?|(?P<tens>[1-9]0)-)(?:е|х|ые|ых|ми|м(?=\s+годам))(?!\w)"
    r"(?:\s+(?:год(?:ы|ах|ов|ам|ами)(?!\w)|гг\.))?",
)(core.decade)


@rule(
    "season",
    rf"(?<!\w)(?:({_REL}|{_MOD_RU})\s+)?({_SEASON})(?!\w)(?:\s+(?:({YEAR}){_YEAR_TAIL}|({_REL})\s+года(?!\w)))?",
)
def _season(m: re.Match[str], ref: Ref, future: bool) -> Value:
    code = _SEASONS_RU[m[2][0].lower()]
    if m[3]:
        return f"{m[3]}-{code}", "DATE", "absolute"
    if m[4]:  # "летом прошлого года"
        y, anchor = _year_of(m, m[4], ref, future)
        return (f"{y}-{code}", "DATE", anchor) if y else NONE
    k = _rel(m[1])[0] if m[1] and not re.match(_MOD_RU, m[1], re.IGNORECASE) else None
    mod = {None: "", -2: "last", -1: "last", 0: "this", 1: "next"}[k]
    value, typ, anchor = core.season_value(code, mod, ref, future)
    if k == -2 and value:  # "позапрошлым летом"
        value = f"{int(value[:4]) - 1}{value[4:]}"
    return value, typ, anchor


@rule(
    "quarter",
    rf"(?<!\w)(?:(IV|III|II|I|[1-4])(?:-?(?:м|й|го))?|(перв|втор|трет|четв[её]рт)\w*)\s+квартал\w*"
    rf"(?:\s+(?:({YEAR}){_YEAR_TAIL}|({_REL})\s+года(?!\w)))?",
)
def _quarter(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if m[1]:
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m[1].lower()) or int(m[1])
    else:
        q = {"перв": 1, "втор": 2, "трет": 3}.get(m[2].lower(), 4)
    if not m[4]:
        return core.quarter_value(q, int(m[3]) if m[3] else None, ref, future)
    y, anchor = _year_of(m, m[4], ref, future)  # "второго квартала прошлого года"
    if y is None:
        return NONE
    value, typ, _absolute = core.quarter_value(q, y, ref, future)
    return value, typ, anchor


# --- deictic: сегодня, на прошлой неделе, в прошлом году, неделю назад ---------------------------------
@rule(
    "today",
    rf"(?<!\w)(сегодня|вчера|завтра|позавчера|послезавтра|(?:сегодняшн|вчерашн|завтрашн)\w+)(?:\s+{_POD_RU})?(?!\w)",
)
def _today(m: re.Match[str], ref: Ref, future: bool) -> Value:
    w = m[1].lower()
    k = next(
        v for p, v in (("позавч", -2), ("послез", 2), ("вчер", -1), ("завтр", 1), ("сегодн", 0)) if w.startswith(p)
    )
    return core.day_from_publication(k, ref)


def _eve_of(after: str) -> bool:
    """Is "накануне" followed by a genitive noun phrase ("накануне визита"): "on the eve of", no date?
    A word that is also nominative ("накануне стороны договорились") is the subject when a following
    verb agrees with it in number."""
    clause = _CLAUSE_BREAK.split(after, 1)[0]
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


@rule("eve", rf"(?<!\w)накануне(?:\s+({_POD_RU}))?(?!\w)")
def _eve(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if not m[1] and _eve_of(m.string[m.end() : m.end() + 80]):
        return None, REJECT, "none"
    ref.hold_text_date = True  # a second "накануне" is still the eve of the same day, not the day before it
    return core.day_from_text(-1, ref)


@rule(
    "relative-day",
    r"(?<!\w)(следующ(?:ий|его|ем)|друг(?:ой|ого)|предыдущ(?:ий|его|ем)|(?:т(?:от|ом|ого)|эт(?:от|ом|ого))(?:\s+же)?)"
    r"\s+(?:день|дня|дне)(?!\w)",
)
def _relative_day(m: re.Match[str], ref: Ref, future: bool) -> Value:
    w = m[1].lower()
    if w.startswith("друг") and not _NA.at(m.string, m.start()):
        return None, REJECT, "none"  # "в другой день" is some other day; "на другой день" the next one
    return core.day_from_text(1 if w.startswith(("следующ", "друг")) else -1 if w.startswith("предыдущ") else 0, ref)


def _clock_unit(unit: str) -> str:
    return "hour" if unit == "minute" else unit


@rule("ago", rf"(?<!\w)(?:({_NUM_RU})\s+)?({_UNIT_RU})\s+(?:тому\s+)?назад(?!\w)")
def _ago(m: re.Match[str], ref: Ref, future: bool) -> Value:
    unit, n = _count(m[1], m[2])
    return core.offset(n, _clock_unit(unit), -1, ref, False)


@rule("in", rf"(?<!\w)через\s+(?:({_NUM_RU})\s+)?({_UNIT_RU})(?!\w)")
def _in(m: re.Match[str], ref: Ref, future: bool) -> Value:
    unit, n = _count(m[1], m[2])
    after = bool(re.match(r"(?i)\s+после(?!\w)", m.string[m.end() : m.end() + 10]))  # "через неделю после ..."
    return core.offset(n, _clock_unit(unit), 1, ref, after or _past(ref, future))


@rule(
    "later",
    rf"(?<!\w)(?:(?:({_NUM_RU})\s+)?({_UNIT_RU})\s+(ранее|раньше|позже|позднее|спустя)|"
    rf"(спустя)\s+(?:({_NUM_RU})\s+)?({_UNIT_RU})|(за)\s+(?:({_NUM_RU})\s+)?({_UNIT_RU})\s+до\s+(?:этого|того))(?!\w)",
)
def _later(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if m[3]:
        num, word, sign = m[1], m[2], -1 if m[3].lower() in ("ранее", "раньше") else 1
    elif m[4]:
        num, word, sign = m[5], m[6], 1
    else:
        num, word, sign = m[8], m[9], -1
    unit, n = _count(num, word)
    return core.offset(n, _clock_unit(unit), sign, ref, True)


@rule("this-unit", rf"(?<!\w)(?:({_MOD_RU}|{_HALF})\s+)?({_REL})\s+({_REL_UNIT})(?!\w)")
def _this_unit(m: re.Match[str], ref: Ref, future: bool) -> Value:
    k, mode = _rel(m[2])
    unit = _unit(m[3])[0]
    if unit == "quarter":
        if mode == "same" and ref.quarter:
            return core.text_quarter(ref)
        if not ref.pub:
            return NONE
        return core.shifted(ref.pub, "quarter", k)[0], "DATE", "publication"
    from_text = _from_text(mode, ref, future)
    if unit == "year" and (from_text or "половин" in (m[1] or "").lower()):
        y, anchor = _year_of(m, m[2], ref, future)
        if y is None:
            return NONE
        half = (m[1] or "").lower()  # "в первой половине будущего года"
        return (f"{y}-H{1 if half.startswith('перв') else 2}" if "половин" in half else str(y)), "DATE", anchor
    return core.unit_from(unit, k, ref, from_text=from_text)


rule("weekend", r"(?<=на\s)выходных(?!\w)")(core.weekend)


@rule("period-end", rf"(?<!\w){_MOD_RU}\s+(года|месяца|недели)(?!\w)")
def _period_end(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.period_value(_unit(m[1])[0], ref)


@rule(
    "weekday",
    rf"(?<!\w)(?:(?:({_REL}|ближайш\w*)\s+)?({_WD_RU})(?:\s+{_POD_RU})?|{_POD_RU}\s+во?\s+({_WD_RU}))(?!\w)",
)
def _weekday(m: re.Match[str], ref: Ref, future: bool) -> Value:
    k = _rel(m[1])[0] if m[1] else 0
    if k > 0 or (m[1] and k == 0 and ref.undecided):  # "в эту пятницу" without a tense is the coming one
        future = True
    elif k < 0:
        future = False
    return core.weekday_value(core.weekday_of(m[2] or m[3]), ref, future, weeks_back=max(0, -k))


@rule(
    "part-of-day",
    r"(?<!\w)(?:(эт(?:ой|им)|прошл(?:ой|ым)|минувш(?:ей|им)|сегодняшн(?:ей|им)|вчерашн(?:ей|им))\s+)?"
    r"(утром|вечером|ночью)(?!\w)",
)
def _part_of_day(m: re.Match[str], ref: Ref, future: bool) -> Value:
    mod = (m[1] or "").lower()
    if not mod:  # "утром": of the day the text is talking about
        return core.day_from_text(0, ref)
    # the value is the day: timelines work in days, as in the English grammar; "прошлой ночью" is "last night"
    return core.day_from_publication(-1 if mod.startswith(("прошл", "минувш", "вчераш")) else 0, ref)


@rule(
    "clock",
    r"(?<!\w)(?:([01]?\d|2[0-3]):([0-5]\d)(?!\d)(?:\s+(?:по\s+(?:московскому|местному)\s+времени|мск)(?!\w))?|"
    r"(?<=в\s)(\d{1,2})\s+(утра|дня|вечера|ночи)(?!\w))",
)
def _clock(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if m[1]:
        hh, mm = int(m[1]), int(m[2])
    else:
        hh, mm = int(m[3]), 0
        if m[4].lower() in ("дня", "вечера") and hh < 12:
            hh += 12
        if hh > 23:
            return None, REJECT, "none"
    return core.clock_value(hh, mm, ref)


@rule(
    "holiday",
    r"(?<!\w)(?:(?-i:Нов)(?:ый|ого|ым|ому)\s+год(?:а|у|ом)?|"
    r"(?-i:Д)(?:ень|ня|нём|нем|ню|не)\s+(?:(?-i:П)обеды|(?-i:Р)оссии|народного\s+единства|защитника\s+(?-i:О)течества)|"
    r"(?-i:М)еждународн\w+\s+женск\w+\s+дн\w+)(?!\w)",
)
def _holiday(m: re.Match[str], ref: Ref, future: bool) -> Value:
    words = m[0].lower().split()
    month, day = HOLIDAYS_RU[next(k for k in HOLIDAYS_RU if any(w.startswith(k) for w in words))]
    if ref.text_date and (ref.text_date.month, ref.text_date.day) == (month, day):  # "12 июня, в День России"
        return core.iso(ref.text_date.year, month, day), "DATE", "text"
    y, anchor = core.year_for(month, day, ref, future)  # fixed dates: resolved like "9 мая"
    return (core.iso(y, month, day), "DATE", anchor) if y else NONE


@rule(
    "refs",
    r"(?<!\w)(сейчас|ныне|нынче|в\s+настоящее\s+время|на\s+данный\s+момент|в\s+данный\s+момент|"
    r"на\s+сегодняшний\s+день|недавно|в\s+последнее\s+время|"
    r"в\s+будущем(?!\s+(?:год|месяц|квартал|сезон|недел))|"
    r"в\s+ближайш(?:ее|ие)\s+(?:время|дни|недели|месяцы|годы))(?!\w)",
)
def _refs(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.deictic_ref(m[1].lower(), ("недавно", "в последнее"), ("в будущем", "в ближайш"))


_ADJECTIVE_UNITS = {"дневн": "day", "недельн": "week", "месячн": "month", "летн": "year"}  # "3-дневный"
_SET_UNITS = {"ежедневн": "day", "еженедельн": "week", "ежемесячн": "month", "ежегодн": "year"}


@rule(
    "duration",
    rf"(?<![\w.,])(?:(?:последн|ближайш|первы|следующ)\w*\s+)?(?:({_NUM_RU})\s+({_UNIT_RU})|(полгода|полвека))(?!\w)|"
    r"(?<![\w.,])(\d{1,3})-?(дневн|недельн|месячн|летн)\w*|"
    r"(?:(?<=в течение )|(?<=на протяжении ))(дня|суток|недели|месяца|года|часа)(?!\w)",
)
def _duration(m: re.Match[str], ref: Ref, future: bool) -> Value:
    if m[4]:
        unit, n = _ADJECTIVE_UNITS[m[5].lower()], int(m[4])
    elif m[6]:
        unit, n = _unit(m[6])[0], 1
    else:
        unit, n = _count(m[1], m[2]) if m[2] else _count(None, m[3])
    return core.duration_value(unit, n), "DURATION", "none"


@rule(
    "set",
    rf"(?<!\w)(ежедневн|еженедельн|ежемесячн|ежегодн)\w*|(?<!\w)кажд(?:ый|ую|ое|ые)\s+({_UNIT_RU})(?!\w)",
)
def _set(m: re.Match[str], ref: Ref, future: bool) -> Value:
    return core.set_value(_unit(m[2])[0] if m[2] else _SET_UNITS[m[1].lower()])
