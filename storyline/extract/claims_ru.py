"""Numeric claims of Russian articles: the twin of `claims` (read its docstring for the rules).

Same output as the English module, so that a figure stated by a Russian and an English source can be
compared: the same unit strings ("percent", "USD", "people", "basis points") and, where the quantity is
the same, the same English `measure` ("key rate", "inflation", "gdp growth", "casualties", "trade");
other quantities keep the Russian lemma of the counted noun. natasha's parse replaces spaCy's:

* **The figure as written** (a regular grammar): digits with space/no-break-space thousands separators
  and a decimal comma ("1 000", "1,5"); a sign ("минус 6%"); a currency before or after ("$300 млрд",
  "300 млрд долларов", "1,5 трлн рублей"); a scale word ("тыс.", "млн", "миллиарда"); a unit ("%",
  "процентов", "процентного пункта", "базисных пунктов"); a range ("0,5–1,5%", "от 3 до 5 млрд рублей";
  "с X до Y" is a change, so two figures). Numbers that are names (Су-35, G20, «Северный поток — 2»),
  ordinals ("2-й"), dates, times and bare years are not figures; spelled-out numbers are not read.
* **Bound**: около/примерно/порядка/почти -> about; более/свыше/не менее -> at least; менее/не более ->
  at most; до -> up to, except after a verb of change ("повысил ставку до 21%": to, not up to).
* **What it counts**: the noun the figure quantifies, in the genitive after it ("10 тыс. человек");
  else, for money and shares, the genitive noun after it ("200 млрд евро активов"); else the object or
  the subject of the verb the figure completes ("повысил ключевую ставку до 21%" -> ставку;
  "инфляция замедлилась до 9,5%" -> инфляция). "На X" after a verb is a change, measured as English does
  ("вырос на 1,4%" -> "... growth", "снизил на 0,5 п.п." -> "... change"). A generic head ("число",
  "объем") takes its genitive ("число погибших"). A figure with neither unit nor counted noun is dropped.
* **Status** and **hedging** come from the sentence (Russian puts "по оценкам", "по официальным данным"
  after the figure as often as before it), **as of** and **speaker** as in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract.claims import MEASURE_FAMILIES, ClaimLookups
from storyline.extract.spans import ByStart, Regions
from storyline.model import ClaimMention, Extraction
from storyline.nlp import RussianDoc, RuToken
from storyline.text.timex.core import TimeExpr

_DIGITS = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_SCALE = (
    r"(?:тыс(?:яч[аиу]?)?\.?|млн\.?|миллион(?:а|ов|ами)?|млрд\.?|миллиард(?:а|ов|ами)?|трлн\.?"
    r"|триллион(?:а|ов|ами)?)(?![\w])"
)
_SCALE_VALUES = {"тыс": 1e3, "млн": 1e6, "миллион": 1e6, "млрд": 1e9, "миллиард": 1e9, "трлн": 1e12, "триллион": 1e12}
_CUR_BEFORE = r"(?:US\$\s?|\$\s?|€\s?|£\s?|₽\s?|¥\s?|(?:USD|EUR|RUB|CNY)\s)"
_CUR_AFTER = (
    r"(?:(?:USD|EUR|RUB|CNY|GBP|UAH)\b|(?:доллар(?:а|ов|ы|ами)?\b|долл\.)(?:\s+США\b)?|евро\b|(?:рубл(?:ь|я|ей|ях|ями)\b|руб\.)"
    r"|юан(?:ь|я|ей)\b|гривн(?:а|ы|ам)?\b|иен\b|фунт(?:а|ов)?\s+стерлингов\b|₽|\$|€)"
)
_UNIT = r"(?:\s?%|\s(?:процентн\w+\s+пункт\w*|п\.\s?п\.|базисн\w+\s+пункт\w*|б\.\s?п\.|процент(?:а|ов|ах)?\b))"
_ONE = (
    rf"(?P<sign@>(?:минус|плюс)\s+|[−-](?=\d))?(?P<cur@>{_CUR_BEFORE})?(?P<num@>{_DIGITS})"
    rf"(?P<scale@>\s?{_SCALE})?(?P<unit@>{_UNIT}|\s?{_CUR_AFTER})?"
)
_END = r"(?![\w/-]|[.,:]\d)"
FIGURE = re.compile(
    r"(?<![\w.,/#№-])(?:(?P<ot>от\s+))?" + _ONE.replace("@", "1")
    + r"(?:(?P<conn>\s?[-–—]\s?|(?(ot)\s+до\s+|(?!)))" + _ONE.replace("@", "2") + ")?" + _END,
    re.I,
)  # fmt: skip
SINGLE = re.compile(r"(?<![\w.,/#№-])" + _ONE.replace("@", "1") + _END, re.I)
_BOUNDS = [
    ("at most", re.compile(r"(?i)(?:^|\s)(?:не более|не больше|не свыше|максимум)\s+$")),
    ("at least", re.compile(r"(?i)(?:^|\s)(?:не менее|не меньше|как минимум|минимум|более|больше|свыше|сверх)\s+$")),
    ("at most", re.compile(r"(?i)(?:^|\s)(?:менее|меньше)\s+$")),
    ("up to", re.compile(r"(?i)(?:^|\s)(?:вплоть до|до)\s+$")),
    ("about", re.compile(r"(?i)(?:(?:^|\s)(?:около|примерно|порядка|приблизительно|почти|ориентировочно)|~)\s*$")),
]
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:(?:^|\s)(?:номер|ст\.|статья|статьи|статье|пункт|п\.|стр\.|том|глава|главы|рейс|версия|версии|раунд|"
    r"этап|фаза|резолюци[яи])\s*|[#№]\s*)$"
)
_YEARISH = re.compile(r"^(?:1[6-9]|20|21)\d\d$")
# Verbs after which "до X" is the value reached ("to"), not a bound ("up to").
_CHANGE_VERB = re.compile(
    r"^(?:повы[сш]|сни[зж]|вырас|расти|возрас|замедл|ускор|сократ|сокращ|увелич|уменьш|подня|подним|упа|пада|"
    r"опуст|опуск|дове[сд]|подскоч|обвал|ослаб|укреп|подорож|подешев|измен|урез|подн)"
)
_GROWTH_VERBS = frozenset(
    "вырасти расти возрасти увеличиться увеличить подняться повыситься подскочить прибавить".split()
)
_PEOPLE = frozenset(
    """человек люди житель гражданин ребенок ребёнок военнослужащий солдат боец военный погибший раненый беженец
    пленный военнопленный заключенный заключённый заложник мигрант сотрудник работник участник демонстрант
    пациент мирный""".split()
)
_TIME_NOUNS = {
    "день": "days",
    "неделя": "weeks",
    "месяц": "months",
    "год": "years",
    "час": "hours",
    "минута": "minutes",
}
# Russian lemmas of the quantities news compares across languages, named as the English module names them.
_MEASURES = {
    "инфляция": "inflation", "безработица": "unemployment", "ввп": "gdp", "экономика": "economy",
    "товарооборот": "trade", "торговля": "trade", "экспорт": "export", "импорт": "import", "дефицит": "deficit",
    "профицит": "surplus", "выручка": "revenue", "прибыль": "profit", "долг": "debt", "помощь": "aid",
    "штраф": "fine", "бюджет": "budget", "актив": "asset", "резерв": "reserve", "инвестиция": "investment",
    "человек": "people", "люди": "people", "потеря": "loss", "убыток": "loss", "ущерб": "damage", "цена": "price",
    "день": "day", "неделя": "week", "месяц": "month", "год": "year", "час": "hour",
}  # fmt: skip
_FAMILIES_RU = {
    "casualties": frozenset("погибнуть погибший убить убитый жертва потеря смерть гибель".split()),
    "troops": frozenset("военнослужащий солдат войско военный боец".split()),
    "refugees": frozenset("беженец переселенец".split()),
    "prisoners": frozenset("пленный военнопленный заключенный заключённый".split()),
}
_REACH_VERBS = frozenset("составить составлять достичь достигнуть достигать превысить превышать".split())
_MONEY = frozenset({"USD", "EUR", "RUB", "GBP", "CNY", "UAH", "JPY"})
_RATE_ADJECTIVES = {"ключевой": "key", "процентный": "interest", "учетный": "policy", "учётный": "policy"}
_GENERIC = frozenset("число количество объем объём сумма размер уровень показатель итог".split())
_STATUS = [
    ("confirmed", re.compile(r"(?i)(?<![\w-])(?:подтвержд|подтверд|официальн|зарегистрир)")),
    ("forecast", re.compile(r"(?i)(?<![\w-])(?:прогноз|ожида|планиру|сценари)|\bмо(?:жет|гут)\s+(?:\w+\s+)?"
                            r"(?:составить|достичь|достигнуть|превысить|вырасти|увеличиться|снизиться|сократиться)")),
    ("estimated", re.compile(r"(?i)(?<![\w-])(?:оценк|оценочн|оценива|приблизительн|по подсч[её]т)")),
]  # fmt: skip
_HEDGES = re.compile(
    r"(?i)(?<![\w-])(?:якобы|предположительно|неподтвержд\w*|по слухам|по некоторым данным|возможно|вероятно|"
    r"мо(?:жет|гут|гл[аои]?|г)(?!\w))"
)
_BOUND_DATE = re.compile(r"(?i)(?:^|[\s(])(?:с|со|до|после|по|от|начиная с|вплоть до)\s+$")
_DATE_PREFIX = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?")


@dataclass
class _Figure:
    start: int
    end: int
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str | None
    tokens: list[int]


def extract_claims_ru(
    doc: RussianDoc, ex: Extraction, times: list[TimeExpr], published: str | None
) -> list[ClaimMention]:
    text = doc.text
    taken = Regions((t.start, t.end) for t in times if t.type in ("DATE", "TIME", "SET"))
    ctx = ClaimLookups(ex, times)
    claims: list[ClaimMention] = []
    previous: ClaimMention | None = None
    for si, (s_start, s_end) in enumerate(doc.sents):
        figures = find_figures_ru(doc, s_start, s_end, taken)
        for fig in figures:
            if previous and "\n" in text[previous.end : fig.start]:
                previous = None
            claim = _claim(ctx, doc, si, fig, published, previous, figures)
            if claim is not None:
                claims.append(claim)
                previous = claim
    return claims


def find_figures_ru(doc: RussianDoc, start: int, end: int, taken: Regions | list[tuple[int, int]]) -> list[_Figure]:
    """Every figure in doc.text[start:end] with its value, range, unit and bound (no subject yet);
    `taken` are the spans of dates and times, which hold no figure."""
    if not isinstance(taken, Regions):
        taken = Regions(taken)
    text = doc.text
    out = []
    pos = start
    while (m := FIGURE.search(text, pos, end)) is not None:
        pos = m.end()
        if m.group("num2") and _not_a_range(m):
            single = SINGLE.match(text, m.start("sign1") if m.group("sign1") else m.start())
            if single is None:
                continue
            m, pos = single, single.end()
        s, e = m.start(), m.end()
        two = "num2" in m.re.groupindex and m.group("num2")
        if two and m.group("ot"):
            s = m.start("sign1") if m.group("sign1") else m.start("cur1") if m.group("cur1") else m.start("num1")
        e = s + len(text[s:e].rstrip())
        if text[e - 1] == "." and (e >= end or not text[e:end].strip() or text[e : e + 2].strip()[:1].isupper()):
            e -= 1  # "$11 млрд." at the end of a sentence: the full stop is not the abbreviation's
        if _REFERENCE_BEFORE.search(text[max(0, s - 14) : s]):
            continue
        unit = _unit(m, 1) or (_unit(m, 2) if two else None)
        if unit is None and text[e : e + 1] == "»":
            continue  # «Северный поток — 2»: a name
        if unit is None and taken.overlapping(s, e):
            continue  # a date, a time, or a year
        if unit is None and not m.group("scale1") and _YEARISH.match(m.group("num1")):
            continue
        v1 = _value(m, 1)
        v2 = _value(m, 2) if two else None
        if v2 is not None and m.group("conn").strip() in ("-", "–", "—") and unit is None and v2 < v1:
            continue  # "2014-15", a score or a code, not a range
        if v2 is not None and m.group("scale2") and not m.group("scale1"):
            v1 *= _scale(m.group("scale2"))
        lo, hi = (v1, v2) if v2 is None or v1 <= v2 else (v2, v1)
        tokens = list(doc.tokens_in(s, e)) or [i for i, t in enumerate(doc.tokens) if t.start < e and s < t.end]
        if not tokens:
            continue
        bound = None if two else next((n for n, rx in _BOUNDS if rx.search(text[max(start, s - 30) : s])), None)
        if bound == "up to" and _after_change_verb(doc, tokens):
            bound = None  # "повысил ставку до 21%": the value reached
        out.append(_Figure(s, e, lo, hi, unit, bound, tokens))
    return out


def _not_a_range(m: re.Match[str]) -> bool:
    u1, u2 = _unit(m, 1), _unit(m, 2)
    if (u1 and u2 and u1 != u2) or (u1 and not u2 and not m.group("ot")):
        return True  # "50 б.п. - 15,5%": two figures
    return bool(m.group("conn").strip() in ("-", "–", "—") and u1 and _value(m, 2) < _value(m, 1))


def _scale(word: str) -> float:
    w = word.strip().lower().rstrip(".")
    return next(v for k, v in _SCALE_VALUES.items() if w.startswith(k))


def _value(m: re.Match[str], i: int) -> float:
    v = float(re.sub(r"[\u00a0\u202f ]", "", m.group(f"num{i}")).replace(",", "."))
    if m.group(f"scale{i}"):
        v *= _scale(m.group(f"scale{i}"))
    if (m.group(f"sign{i}") or "").strip().lower() in ("минус", "−", "-"):
        v = -v
    return v


def _unit(m: re.Match[str], i: int) -> str | None:
    for raw in (m.group(f"cur{i}"), m.group(f"unit{i}")):
        w = (raw or "").strip().lower()
        if not w:
            continue
        if w in ("$", "us$") or w.startswith("долл") or w == "usd":
            return "USD"
        if w in ("€", "eur", "евро"):
            return "EUR"
        if w in ("₽", "rub") or w.startswith("руб"):
            return "RUB"
        if w == "%" or (w.startswith("процент") and "пункт" not in w):
            return "percent"
        if ("пункт" in w and w.startswith("процентн")) or w.replace(" ", "") == "п.п.":
            return "percentage points"
        if w.startswith("базисн") or w.replace(" ", "") == "б.п.":
            return "basis points"
        if w in ("£", "gbp") or w.startswith("фунт"):
            return "GBP"
        if w in ("¥", "cny") or w.startswith("юан"):
            return "CNY"
        if w == "uah" or w.startswith("гривн"):
            return "UAH"
        if w.startswith("иен"):
            return "JPY"
    return None


def _root(doc: RussianDoc, tokens: list[int]) -> int:
    """The figure's token whose head is outside it (the last one: "245 млрд долларов" -> долларов)."""
    inside = set(tokens)
    outer = [i for i in tokens if doc.tokens[i].head not in inside]
    return outer[-1] if outer else tokens[-1]


def _after_change_verb(doc: RussianDoc, tokens: list[int]) -> bool:
    head = doc.tokens[_root(doc, tokens)].head
    return head >= 0 and doc.tokens[head].pos == "VERB" and bool(_CHANGE_VERB.match(doc.tokens[head].lemma))


def _children(doc: RussianDoc, i: int) -> list[int]:
    return [j for j in doc.sent_tokens[doc.tokens[i].sent] if doc.tokens[j].head == i]


def _claim(
    ctx: ClaimLookups,
    doc: RussianDoc,
    si: int,
    fig: _Figure,
    published: str | None,
    previous: ClaimMention | None,
    figures: list[_Figure],
) -> ClaimMention | None:
    head, how, verb = _subject_head(doc, fig)
    unit = fig.unit
    if head is not None and _is_person(ctx, doc.tokens[head]):
        return None
    if head is not None and doc.tokens[head].lemma == "человек" and verb is not None:
        # "число погибших превысило 1 000 человек": people, counted as what the generic subject names
        subj = next((c for c in _children(doc, verb) if doc.tokens[c].rel.startswith("nsubj")), None)
        if subj is not None and doc.tokens[subj].lemma in _GENERIC and (of := _genitive(doc, subj)) is not None:
            head, unit = of, "people"
    inherited = None
    if head is not None and doc.tokens[head].lemma in _GENERIC:
        of = _genitive(doc, head)
        if of is not None and of in fig.tokens:  # "активы на сумму 300 млрд долларов": the noun it sizes
            up = doc.tokens[head].head
            of = up if up >= 0 and doc.tokens[up].pos in ("NOUN", "PROPN") else None
        if of is not None:
            head = of  # "объем торговли", "число погибших": what is counted is the genitive
        elif previous is not None and previous.start == doc.sents[si][0]:
            inherited, head = previous, None  # "их число может достигать 120 тыс.": the figure before
        else:
            return None
    if inherited is not None:
        subject, measure, holders = inherited.subject, inherited.measure, inherited.holders
        unit = unit or inherited.unit
    elif head is not None:
        if how == "counted" and unit is None:
            unit = _counted_unit(doc.tokens[head])
        subject, measure = _describe(doc, head, fig, how, verb)
        holders = _holders(ctx, doc, head, verb)
    else:
        return None
    if unit is None and measure in MEASURE_FAMILIES:
        unit = "people"
    if unit is None:
        return None
    s_start, s_end = doc.sents[si]
    sentence = doc.text[s_start:s_end]
    status = next((name for name, rx in _STATUS if rx.search(sentence)), None)
    quote = ctx.quote_holding(fig.start, fig.end)
    hedged = bool(fig.bound in ("up to", "about") or _HEDGES.search(sentence) or (quote is not None and quote.hedged))
    return ClaimMention(
        start=s_start,
        end=s_start + len(sentence.rstrip()),
        number_start=fig.start,
        number_end=fig.end,
        subject=subject,
        measure=measure,
        value=fig.value,
        value_max=fig.value_max,
        unit=unit,
        as_of=_as_of(doc.text, (s_start, s_end), fig, ctx.times, published, figures),
        status=status,
        bound=fig.bound,
        hedged=hedged,
        speaker=quote.speaker if quote else None,
        holders=holders,
    )


def _subject_head(doc: RussianDoc, fig: _Figure) -> tuple[int | None, str, int | None]:
    """The token naming what the figure counts, how it was found (counted/of/verb/by/noun), and the verb."""
    inside = set(fig.tokens)
    root = _root(doc, fig.tokens)
    rt = doc.tokens[root]
    if fig.unit is None:
        # "10 тыс. человек", "1 000 погибших": the noun the number governs, in the genitive after it
        if rt.head > root and rt.head not in inside and rt.rel.startswith(("nummod", "amod", "det")):
            h = doc.tokens[rt.head]
            if h.pos in ("NOUN", "PROPN") or h.lemma in _PEOPLE or h.lemma in _FAMILIES_RU["casualties"]:
                return rt.head, "counted", _verb_of(doc, rt.head)
        nxt = fig.tokens[-1] + 1
        for j in range(nxt, min(nxt + 3, len(doc.tokens))):
            t = doc.tokens[j]
            if t.sent != rt.sent:
                break
            if t.pos in ("NOUN", "PROPN") or t.lemma in _PEOPLE or t.lemma in _FAMILIES_RU["casualties"]:
                return j, "counted", _verb_of(doc, j)
            if t.pos != "ADJ":
                break
    verb = _verb_of(doc, root)
    case = next((doc.tokens[c].lemma for c in _children(doc, root) if doc.tokens[c].rel == "case"), None)
    # "200 млрд евро российских активов", "$300 млрд помощи", "5% компаний": the genitive noun after
    # money or a share (not after a value reached: "дефицит составил 2,1% ВВП")
    if fig.unit in _MONEY or (fig.unit == "percent" and (verb is None or doc.tokens[verb].lemma not in _REACH_VERBS)):
        h = doc.tokens[rt.head] if rt.head >= 0 else None
        if (
            h is not None
            and rt.head > root
            and rt.head not in inside
            and rt.rel.startswith("nummod")
            and h.pos == "NOUN"
        ):
            return rt.head, "of", verb
        of = next((g for i in fig.tokens if (g := _genitive(doc, i)) is not None and g not in inside), None)
        if (
            of is not None
            and of > root
            and doc.tokens[of].pos in ("NOUN", "PROPN")
            and (fig.unit != "percent" or of == fig.tokens[-1] + 1)
        ):
            return of, "of", verb
    if (
        rt.head >= 0
        and rt.head not in inside
        and doc.tokens[rt.head].pos in ("NOUN", "PROPN")
        and rt.rel.startswith(("nmod", "obl"))
        and doc.tokens[rt.head].lemma not in _TIME_NOUNS
    ):
        return rt.head, "noun", verb  # "рост цен на 5%"
    if verb is None:
        return None, "", None
    how = "by" if case == "на" else "verb"
    kids = _children(doc, verb)
    obj = next(
        (c for c in kids if doc.tokens[c].rel == "obj" and c not in inside and doc.tokens[c].pos in ("NOUN", "PROPN")),
        None,
    )
    if obj is not None:
        return obj, how, verb
    subj = next((c for c in kids if doc.tokens[c].rel.startswith("nsubj") and c not in inside), None)
    v = doc.tokens[verb]
    if subj is None and v.rel in ("xcomp", "conj", "ccomp") and v.head >= 0:
        subj = next((c for c in _children(doc, v.head) if doc.tokens[c].rel.startswith("nsubj")), None)
    if subj is not None and doc.tokens[subj].pos in ("NOUN", "PROPN", "ADJ", "VERB"):
        return subj, how, verb
    return None, "", verb


def _verb_of(doc: RussianDoc, i: int) -> int | None:
    """The verb a token completes ("выросла на 1,4%" -> выросла), through nouns and conjuncts."""
    j = doc.tokens[i].head
    for _ in range(4):
        if j < 0:
            return None
        if doc.tokens[j].pos in ("VERB", "AUX"):
            return j
        j = doc.tokens[j].head
    return None


def _genitive(doc: RussianDoc, i: int) -> int | None:
    return next(
        (c for c in _children(doc, i)
         if doc.tokens[c].rel == "nmod" and doc.tokens[c].feats.get("Case") == "Gen" and c > i
         and doc.tokens[c].pos in ("NOUN", "PROPN", "VERB", "ADJ")),
        None,
    )  # fmt: skip


def _counted_unit(tok: RuToken) -> str | None:
    if tok.lemma in _PEOPLE or (tok.lemma in _FAMILIES_RU["casualties"] and tok.pos != "NOUN"):
        return "people"
    if tok.lemma in _TIME_NOUNS:
        return _TIME_NOUNS[tok.lemma]
    return tok.lemma if tok.pos == "NOUN" else None


def _is_person(ctx: ClaimLookups, tok: RuToken) -> bool:
    return any(m.type == "PERSON" for m in ctx.mentions.holding(tok.start))


def _describe(doc: RussianDoc, head: int, fig: _Figure, how: str, verb: int | None) -> tuple[str, str]:
    """Readable subject (the head's noun phrase as written) and the measure compared across sources."""
    tok = doc.tokens[head]
    keep = {head}
    frontier = [head]
    while frontier:
        i = frontier.pop()
        for c in _children(doc, i):
            rel = doc.tokens[c].rel
            if c in fig.tokens or doc.tokens[c].pos == "PUNCT" or c in keep:
                continue
            if rel in ("amod", "nmod", "flat", "flat:name", "flat:foreign", "conj", "cc", "case", "det", "appos"):
                if rel == "case" and i == head:
                    continue  # "до", "на" of the head itself
                keep.add(c)
                frontier.append(c)
    ordered = sorted(keep)
    subject = ""
    for k, i in enumerate(ordered):
        t = doc.tokens[i]
        subject += t.text
        if k + 1 < len(ordered):
            subject += doc.text[t.end : doc.tokens[ordered[k + 1]].start] if ordered[k + 1] == i + 1 else " "
    subject = subject.strip()
    amods = [doc.tokens[c].lemma for c in _children(doc, head) if doc.tokens[c].rel == "amod"]
    lemma = tok.lemma
    family = next((f for f, words in _FAMILIES_RU.items() if lemma in words), None)
    if family is None and lemma in ("человек", "люди"):
        family = next((f for f in ("casualties",) if any(a in _FAMILIES_RU[f] for a in amods)), None)
    if family == "casualties" and fig.unit in _MONEY:
        family = None  # "потери в 1,5 трлн рублей": a loss of money, not of lives
    if family:
        measure = family
    elif lemma == "ставка":
        measure = " ".join([*(_RATE_ADJECTIVES[a] for a in amods if a in _RATE_ADJECTIVES), "rate"])
    else:
        measure = _MEASURES.get(lemma, lemma)
    if how == "by" and verb is not None:
        growth = doc.tokens[verb].lemma in _GROWTH_VERBS
        measure = f"{measure} {'growth' if growth else 'change'}"
        subject = f"{subject} ({'рост' if growth else 'изменение'})"
    return subject, measure


def _holders(ctx: ClaimLookups, doc: RussianDoc, head: int, verb: int | None) -> list[str]:
    """Countries and organisations the figure belongs to: named in its noun phrase or the clause subject."""
    regions = [_extent(doc, head)]
    if verb is not None and not doc.tokens[head].rel.startswith("nsubj"):
        subj = next((c for c in _children(doc, verb) if doc.tokens[c].rel.startswith("nsubj")), None)
        if subj is not None:
            regions.append(_extent(doc, subj))
    names = ctx.names
    out: list[str] = []
    # only mentions starting inside these spans can be inside them
    for m in ctx.mentions.starting_in(min(a for a, _b in regions), max(b for _a, b in regions)):
        if m.type in ("GPE", "ORG", "LOC", "NORP") and any(a <= m.start and m.end <= b for a, b in regions):
            name = names.get(m.local, m.name)
            if name and name not in out:
                out.append(name)
    return out


def _extent(doc: RussianDoc, i: int) -> tuple[int, int]:
    """Character span of a token's subtree (within its sentence)."""
    sub = doc.subtree(i)
    return doc.tokens[min(sub)].start, doc.tokens[max(sub)].end


def _as_of(
    text: str,
    sent: tuple[int, int],
    fig: _Figure,
    times: ByStart[TimeExpr],
    published: str | None,
    figures: list[_Figure],
) -> str | None:
    """The date that goes with the figure, as in English: after it unless another figure comes between,
    else the nearest before it; a bound ("с 2022 года", "до конца года") is not an as-of date."""
    best: tuple[int, str] | None = None
    for t in times.starting_in(sent[0], sent[1]):
        if t.type != "DATE" or not t.value or not (sent[0] <= t.start and t.end <= sent[1]):
            continue
        if _BOUND_DATE.search(text[max(sent[0], t.start - 20) : t.start]):
            continue
        m = _DATE_PREFIX.match(t.value.split("/")[-1])
        if not m:
            continue
        if t.start >= fig.end:
            between = any(fig.end <= f.start and f.end <= t.start for f in figures)
            distance = t.start - fig.end + (1000 if between else 0)
        else:
            distance = 500 + fig.start - t.end
        if best is None or distance < best[0]:
            best = (distance, m.group(0))
    return best[1] if best is not None else published
