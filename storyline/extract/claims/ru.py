"""Russian claims grammar: the words of Russian figures and cues, and natasha's Universal Dependencies
labels (a preposition is a "case" child of its noun; "of" is the genitive), for the shared algorithm in
core.py.

The output is the English module's, so that a figure stated by a Russian and an English source can be
compared: the same unit strings ("percent", "USD", "people", "basis points") and, where the quantity is
the same, the same English `measure` ("key rate", "inflation", "gdp growth", "casualties", "trade");
other quantities keep the Russian lemma of the counted noun. Figures are written with space/no-break
space thousands and a decimal comma ("1 000", "1,5"); spelled-out numbers are not read. "До X" after a
verb of change is the value reached ("повысил ставку до 21%"), not a bound; Russian puts "по оценкам",
"по официальным данным" after the figure as often as before it, so status and hedging read the sentence.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from storyline.extract.claims.core import (
    NOUNS,
    Figure,
    Language,
    children,
    figure_patterns,
    join_words,
    next_word,
    parent,
    unit_patterns,
)

_DIGITS = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_SCALE = (
    r"(?:тыс(?:яч[аиу]?)?\.?|млн\.?|миллион(?:а|ов|ами)?|млрд\.?|миллиард(?:а|ов|ами)?|трлн\.?"
    r"|триллион(?:а|ов|ами)?)(?![\w])"
)
_SCALES = {"тыс": 1e3, "млн": 1e6, "миллион": 1e6, "млрд": 1e9, "миллиард": 1e9, "трлн": 1e12, "триллион": 1e12}
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
FIGURE, SINGLE = figure_patterns(_ONE, "от", "до", None, _END, _END)
_UNITS = unit_patterns(
    [
        (r"\$|us\$|usd|долл.*", "USD"),
        (r"€|eur|евро", "EUR"),
        (r"₽|rub|руб.*", "RUB"),
        (r"%|процент(?!.*пункт).*", "percent"),
        (r"процентн.*пункт.*|п\. ?п\.", "percentage points"),
        (r"базисн.*|б\. ?п\.", "basis points"),
        (r"£|gbp|фунт.*", "GBP"),
        (r"¥|cny|юан.*", "CNY"),
        (r"uah|гривн.*", "UAH"),
        (r"иен.*", "JPY"),
    ],
    re.S,
)
_BOUNDS = (
    ("at most", re.compile(r"(?i)(?:^|\s)(?:не более|не больше|не свыше|максимум)\s+$")),
    ("at least", re.compile(r"(?i)(?:^|\s)(?:не менее|не меньше|как минимум|минимум|более|больше|свыше|сверх)\s+$")),
    ("at most", re.compile(r"(?i)(?:^|\s)(?:менее|меньше)\s+$")),
    ("up to", re.compile(r"(?i)(?:^|\s)(?:вплоть до|до)\s+$")),
    ("about", re.compile(r"(?i)(?:(?:^|\s)(?:около|примерно|порядка|приблизительно|почти|ориентировочно)|~)\s*$")),
)
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:(?:^|\s)(?:номер|ст\.|статья|статьи|статье|пункт|п\.|стр\.|том|глава|главы|рейс|версия|версии|раунд|"
    r"этап|фаза|резолюци[яи])\s*|[#№]\s*)$"
)
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
_TIME_UNITS = {
    "день": "days",
    "неделя": "weeks",
    "месяц": "months",
    "год": "years",
    "час": "hours",
    "минута": "minutes",
}
# Russian lemmas of the quantities news compares across languages, named as the English grammar names them.
_MEASURES = {
    "инфляция": "inflation", "безработица": "unemployment", "ввп": "gdp", "экономика": "economy",
    "товарооборот": "trade", "торговля": "trade", "экспорт": "export", "импорт": "import", "дефицит": "deficit",
    "профицит": "surplus", "выручка": "revenue", "прибыль": "profit", "долг": "debt", "помощь": "aid",
    "штраф": "fine", "бюджет": "budget", "актив": "asset", "резерв": "reserve", "инвестиция": "investment",
    "человек": "people", "люди": "people", "потеря": "loss", "убыток": "loss", "ущерб": "damage", "цена": "price",
    "день": "day", "неделя": "week", "месяц": "month", "год": "year", "час": "hour",
}  # fmt: skip
_FAMILIES = {
    "casualties": frozenset("погибнуть погибший убить убитый жертва потеря смерть гибель".split()),
    "troops": frozenset("военнослужащий солдат войско военный боец".split()),
    "refugees": frozenset("беженец переселенец".split()),
    "prisoners": frozenset("пленный военнопленный заключенный заключённый".split()),
}
_REACH_VERBS = frozenset("составить составлять достичь достигнуть достигать превысить превышать".split())
_MONEY = frozenset({"USD", "EUR", "RUB", "GBP", "CNY", "UAH", "JPY"})
_RATE_ADJECTIVES = {"ключевой": "key", "процентный": "interest", "учетный": "policy", "учётный": "policy"}
_GENERIC = frozenset("число количество объем объём сумма размер уровень показатель итог".split())
_PHRASE_DEPS = frozenset("amod nmod flat flat:name flat:foreign conj cc case det appos".split())
_STATUS = (
    ("confirmed", re.compile(r"(?i)(?<![\w-])(?:подтвержд|подтверд|официальн|зарегистрир)")),
    ("forecast", re.compile(r"(?i)(?<![\w-])(?:прогноз|ожида|планиру|сценари)|\bмо(?:жет|гут)\s+(?:\w+\s+)?"
                            r"(?:составить|достичь|достигнуть|превысить|вырасти|увеличиться|снизиться|сократиться)")),
    ("estimated", re.compile(r"(?i)(?<![\w-])(?:оценк|оценочн|оценива|приблизительн|по подсч[её]т)")),
)  # fmt: skip
_HEDGES = re.compile(
    r"(?i)(?<![\w-])(?:якобы|предположительно|неподтвержд\w*|по слухам|по некоторым данным|возможно|вероятно|"
    r"мо(?:жет|гут|гл[аои]?|г)(?!\w))"
)
_DATE_BOUND = re.compile(r"(?i)(?:^|[\s(])(?:с|со|до|после|по|от|начиная с|вплоть до)\s+$")
_COUNTED = _PEOPLE | _FAMILIES["casualties"]


def _genitive(tok: Token) -> Token | None:
    """The noun after a token in the genitive that depends on it ("число погибших", "5% компаний")."""
    return next(
        (c for c in children(tok, RUSSIAN)
         if c.dep_ == "nmod" and c.morph.get("Case") == ["Gen"] and c.i > tok.i and c.pos_ in (*NOUNS, "VERB", "ADJ")),
        None,
    )  # fmt: skip


def _amount_of(fig: Figure, root: Token, inside: set[int], verb: Token | None) -> Token | None:
    """ "200 млрд евро российских активов", "$300 млрд помощи", "5% компаний": the genitive noun after money
    or a share (not after a value reached: "дефицит составил 2,1% ВВП")."""
    if not (fig.unit in _MONEY or (fig.unit == "percent" and (verb is None or verb.lemma_ not in _REACH_VERBS))):
        return None
    h = parent(root)
    if h is not None and h.i > root.i and h.i not in inside and root.dep_.startswith("nummod") and h.pos_ == "NOUN":
        return h
    of = next((g for t in fig.tokens if (g := _genitive(t)) is not None and g.i not in inside), None)
    if of is None or of.i <= root.i or of.pos_ not in NOUNS:
        return None
    return of if fig.unit != "percent" or of.i == getattr(next_word(root.doc, fig, RUSSIAN), "i", None) else None


def _governs(cur: Token, h: Token, step: int, inside: set[int]) -> bool:
    """ "рост цен на 5%": the noun the figure itself depends on (not a time: "за 5 лет")."""
    return (
        step == 0
        and h.i not in inside
        and h.pos_ in NOUNS
        and cur.dep_.startswith(("nmod", "obl"))
        and h.lemma_ not in _TIME_UNITS
    )


def _phrase(doc: Doc, head: Token, fig: Figure, _how: str) -> str:
    """The head's noun phrase as written: its modifiers, names and conjuncts, without the figure and its
    own preposition."""
    skip = {t.i for t in fig.tokens}
    keep = {head.i: head}
    frontier = [head]
    while frontier:
        tok = frontier.pop()
        for c in children(tok, RUSSIAN):
            if c.i in skip or c.pos_ == "PUNCT" or c.i in keep or c.dep_ not in _PHRASE_DEPS:
                continue
            if c.dep_ != "case" or tok.i != head.i:  # "до", "на" of the head itself
                keep[c.i] = c
                frontier.append(c)
    return join_words(doc, [keep[i] for i in sorted(keep)], RUSSIAN)


def _amods(head: Token) -> list[str]:
    return [c.lemma_ for c in children(head, RUSSIAN) if c.dep_ == "amod"]


def _name(head: Token, _fig: Figure) -> str:
    if head.lemma_ == "ставка":
        return " ".join([*(_RATE_ADJECTIVES[a] for a in _amods(head) if a in _RATE_ADJECTIVES), "rate"])
    return _MEASURES.get(head.lemma_, head.lemma_)


def _refine_family(_head: Token, fig: Figure, family: str | None) -> str | None:
    return None if family == "casualties" and fig.unit in _MONEY else family  # "потери в 1,5 трлн рублей": money


RUSSIAN = Language(
    figure=FIGURE,
    single=SINGLE,
    scales=_SCALES,
    negative=frozenset({"минус", "−", "-"}),
    decimal_comma=True,
    units=_UNITS,
    bounds=_BOUNDS,
    reference_before=_REFERENCE_BEFORE,
    not_a_figure=lambda text, _s, e, unit: unit is None and text[e : e + 1] == "»",  # «Северный поток — 2»
    bound_in_sentence=True,
    ranges_unbounded=True,
    opener_needs_range=True,
    opened_range_unit_first=True,
    split_from_sign=True,
    reached_after=_CHANGE_VERB,
    skip_space=True,
    whole_words=True,
    root_last_outer=True,
    window_in_sentence=True,
    counted_units=frozenset({None}),
    quantifier_deps=("nummod", "amod", "det"),
    counted_lemmas=_COUNTED,
    after_window=3,
    counted_after=lambda t: t.pos_ in NOUNS or t.lemma_ in _COUNTED,
    modifier=lambda t: t.pos_ == "ADJ",
    amount_of=_amount_of,
    climb=4,
    governs=_governs,
    change_marker=lambda root: next((c.lemma_ for c in children(root, RUSSIAN) if c.dep_ == "case"), None),
    by_word="на",
    growth_verbs=_GROWTH_VERBS,
    change_words={"growth": "рост", "change": "изменение"},
    object_deps=("obj",),
    subject_outside=True,
    subject_tags=frozenset({"NOUN", "PROPN", "ADJ", "VERB"}),
    verb_tags=frozenset({"VERB", "AUX"}),
    verb_reach=4,
    generic=lambda t: t.lemma_ in _GENERIC,
    of_noun=_genitive,
    people_of_generic=frozenset({"человек"}),
    generic_sizes_parent=True,
    people=lambda t: t.lemma_ in _PEOPLE or (t.lemma_ in _FAMILIES["casualties"] and t.pos_ != "NOUN"),
    families=_FAMILIES,
    time_units=_TIME_UNITS,
    count_of=lambda t: t.lemma_ if t.pos_ == "NOUN" else None,
    phrase=_phrase,
    family_words=lambda t: ([t.lemma_], _amods(t) if t.lemma_ in ("человек", "люди") else []),
    refine_family=_refine_family,
    name=_name,
    status_cues=_STATUS,
    hedges=_HEDGES,
    date_bound=_DATE_BOUND,
)
