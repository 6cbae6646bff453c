"""English claims grammar: the words of English figures and cues, and spaCy's English dependency labels
(ClearNLP style: a preposition heads its object, "prep"/"pobj"), for the shared algorithm in core.py.

The measure is the counted noun's lemma with its compound modifiers, so that sources can be compared;
the families fold nouns that news uses interchangeably for one quantity. These are general English,
not names from any corpus.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from storyline.extract.claims.core import (
    NOUNS,
    Figure,
    Language,
    figure_patterns,
    join_words,
    parent,
    unit_patterns,
    word_cues,
)
from storyline.extract.events import country_of

_DIGITS = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SPELLED = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a|several)"
)
_NUMBERS: dict[str, float | None] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a": 1,
    "several": None,
}  # fmt: skip
_UNITS_WORDS = "two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# Spelled counts ("two phone calls", "a six-day war"): two to ninety-nine; "one" and "a" name no count
# ("one of the", "a day") and stay figures only with a scale word ("one million").
_COUNTS: dict[str, float | None] = {w: float(i) for i, w in enumerate(_UNITS_WORDS, 2)}
_COUNTS |= {w: float(i) for i, w in enumerate(_TEENS, 10)}
_COUNTS |= {t: float(v) for t, v in _TENS.items()}
_COUNTS |= {f"{t}-{u}": float(v + i) for t, v in _TENS.items() for i, u in enumerate(["one", *_UNITS_WORDS], 1)}
_COUNT = "(?:" + "|".join(sorted(_COUNTS, key=len, reverse=True)) + ")"
# A share written as a fraction of something ("two-thirds of the frozen assets", "half of the voters"):
# read as a percentage, so it compares with the same share written in digits.
FRACTIONS = {
    "two-thirds": 2 / 3, "two thirds": 2 / 3, "one-third": 1 / 3, "one third": 1 / 3, "a third": 1 / 3,
    "three-quarters": 0.75, "three quarters": 0.75, "one-quarter": 0.25, "one quarter": 0.25, "a quarter": 0.25,
    "one-half": 0.5, "a half": 0.5, "half": 0.5, "one-fifth": 0.2, "a fifth": 0.2, "one-tenth": 0.1, "a tenth": 0.1,
}  # fmt: skip
_FRACTION = "(?:" + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True)) + ")"
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "trn": 1e12, "tn": 1e12,
}  # fmt: skip
_SCALE = r"(?:thousand|million|billion|trillion|mln|bln|bn|mn|trn|tn|k|m|b)"
_CUR_BEFORE = r"(?:US\$\s?|\$|€|£|₽|¥|₴|₹|(?:USD|EUR|RUB|GBP|CNY|UAH|JPY|INR|CHF)\s?)"
_CUR_AFTER = (
    r"(?:(?:USD|EUR|RUB|GBP|CNY|UAH|JPY|INR|CHF)\b|(?:US\s)?dollars?\b|euros?\b|r[ou]bles?\b|yuan\b|renminbi\b"
    r"|hryvn[iy]as?\b|yen\b|rupees?\b|pounds sterling\b)"
)
_UNIT = r"(?:%|\s?(?:percent|per cent|pct|percentage points?|basis points?|bps|bp|pp)\b)"
_ONE = (
    rf"(?P<sign@>(?:minus|plus|negative)\s+|[−-](?=\d))?(?P<cur@>{_CUR_BEFORE})?"
    rf"(?P<num@>{_DIGITS}|{_SPELLED}(?=\s+{_SCALE}\b)|{_FRACTION}(?=\s+of\b)|{_COUNT}(?=[\s-]))"
    rf"(?P<scale@>\s?{_SCALE}\b)?(?P<unit@>{_UNIT}|\s{_CUR_AFTER})?"
)
FIGURE, SINGLE = figure_patterns(_ONE, "between", "and", "to", r"(?![\w/]|[.,]\d)", "")
_UNITS = unit_patterns(
    [
        (r"%|percent|per cent|pct", "percent"),
        (r"percentage points?|pp", "percentage points"),
        (r"basis points?|bps?", "basis points"),
        (r"us\$|\$|usd|(?:us\s)?dollars?", "USD"),
        (r"€|eur|euros?", "EUR"),
        (r"£|gbp|pounds sterling", "GBP"),
        (r"₽|rub|r[ou]bles?", "RUB"),
        (r"¥|cny|yuan|renminbi", "CNY"),
        (r"₴|uah|hryvn[iy]as?", "UAH"),
        (r"₹|inr|rupees?", "INR"),
        (r"jpy|yen", "JPY"),
        (r"chf", "CHF"),
    ]
)
_SYMBOL_UNITS = frozenset({"USD", "EUR", "GBP", "RUB", "CNY", "UAH", "INR"})  # the currencies written as a symbol
_BOUNDS = (
    ("up to", re.compile(r"(?i)\b(?:as many as|as much as|as high as|up to)\s+$")),
    ("at most", re.compile(r"(?i)\b(?:at most|no more than|not more than|less than|fewer than|under|below|"
                           r"a maximum of)\s+$")),
    ("at least", re.compile(r"(?i)\b(?:at least|more than|over|above|in excess of|upwards of|exceeding|"
                            r"a minimum of|no fewer than|no less than)\s+$")),
    ("about", re.compile(r"(?i)(?:\b(?:about|around|approximately|roughly|some|nearly|almost|close to|circa|"
                         r"an estimated|estimated|approx\.|c\.)|~)\s*$")),
)  # fmt: skip
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:\b(?:no|nos|vol|art|article|section|sec|chapter|ch|page|pp?|resolution|paragraph|para|item|number|"
    r"flight|route|highway|road|level|grade|tier|version|v|model|room|gate|platform|point|phase|stage)\.?\s*|[#№]\s*)$"
)
PEOPLE_NOUNS = frozenset(
    """people persons person civilians civilian soldiers soldier troops servicemen serviceman fighters fighter
    casualties casualty deaths dead victims victim refugees refugee migrants migrant prisoners prisoner hostages
    hostage children child adults residents workers employees staff students voters members citizens personnel
    men women officers officer militants detainees inmates patients protesters demonstrators evacuees
    individuals wounded injured killed fatalities conscripts recruits volunteers mercenaries""".split()
)
_TIME_UNITS = {
    "day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours", "minute": "minutes",
    "decade": "decades", "century": "centuries",
}  # fmt: skip
# Nouns news uses interchangeably for one quantity; general English, folded so sources can be compared.
MEASURE_FAMILIES = {
    "casualties": frozenset(
        "death deaths dead killed casualty casualties fatality fatalities loss losses toll".split()
    ),
    "troops": frozenset("troop troops soldier soldiers serviceman servicemen personnel forces force".split()),
    "refugees": frozenset("refugee refugees displaced evacuee evacuees".split()),
    "prisoners": frozenset("prisoner prisoners pow pows detainee detainees captive captives".split()),
}
_KILLING = frozenset("kill killing death wound wounding injure injury".split())
GENERIC_HEADS = frozenset("number figure total tally count estimate amount level it this that which".split())
_STATUS_WORDS = {
    "confirmed": frozenset("confirmed confirm verified verify official officially registered documented".split()),
    "forecast": frozenset("expected expect expects forecast forecasts forecasted projected projection projections "
                          "predicted predict predicts scenario outlook".split()),
    "estimated": frozenset("estimate estimates estimated estimating approximately".split()),
}  # fmt: skip
_HEDGES = frozenset("reportedly allegedly purportedly supposedly may might could possibly perhaps claimed".split())
_MODALS = frozenset({"may", "might", "could"})  # hedges only as verbs: not the month of May
_CHANGE_VERBS = frozenset("grow rise increase expand climb jump gain surge".split())
_DROP_WORDS = frozenset(
    "confirmed estimated official officially verified registered documented latest new total recent current "
    "devastating some about around nearly almost".split()
)
_RATE_WORDS = ("key", "interest", "policy")
_DATE_BOUND = re.compile(r"(?i)\b(?:since|from|after|before|until|till|through)\s+(?:the\s+)?(?:end of\s+)?$")


_ANAPHORIC = re.compile(
    r"(?i)\b(?:the|these|those|both|all|his|her|their|its|our|my|your|whose|each|every|other|"
    r"first|last|next|previous|latter|former)\s+$"
)


def _not_a_figure(text: str, s: int, e: int, _unit: str | None) -> bool:
    """'3. Monetary tightening' (a number opening a line, then '.' or ')'), a footnote '[3]'; and a
    spelled count after a determiner ("the two leaders", "their three children"), which points back at
    people or things already named rather than reporting how many there are."""
    if text[s:e][:1].isalpha() and _ANAPHORIC.search(text[max(0, s - 12) : s]):
        return True
    if text[s:e].lower() in _COUNTS and (after := re.match(r"\s+(\w+)", text[e:])):
        return after.group(1).lower() in _DISCOURSE_COUNTS
    line_start = text.rfind("\n", 0, s) + 1
    list_marker = not text[line_start:s].strip() and text[e : e + 1] in (".", ")")
    return list_marker or (text[s - 1 : s] in ("[", "(") and text[e : e + 1] in ("]", ")") and e - s <= 3)


def _amount_of(fig: Figure, root: Token, _inside: set[int], _verb: Token | None) -> Token | None:
    """ "$300 billion in reserves", "$5 billion of aid", "12 percent of the harvest", "€2bn in aid" (the parser
    often hangs "in aid" on the verb)."""
    if not ((fig.unit and fig.unit.isupper()) or fig.unit == "percent"):  # a currency code, or percent
        return None
    preps = ("of",) if fig.unit == "percent" else ("in", "of", "for", "on")
    if fig.unit == "percent" and root.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr", "ROOT"):
        preps = ()  # "widened to 2.1% of GDP": a ratio of the deficit, not a share of GDP
    up = parent(root)
    holders = [root] + ([up] if up is not None and up.pos_ == "VERB" and fig.unit != "percent" else [])
    for t in (c for h in holders for c in h.children):
        if t.dep_ == "prep" and t.lower_ in preps and t.i > fig.tokens[-1].i:
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in NOUNS and obj.ent_type_ not in ("DATE", "TIME"):
                return obj
    return None


def _through(cur: Token, h: Token, inside: set[int]) -> str | None:
    """Heads climbed through on the way to what is measured: a conjunct, the figure, a preposition (whose
    word is kept), a time ("rose 7.4% year on year")."""
    if cur.dep_ == "conj" or h.i in inside:
        return ""
    if h.pos_ == "ADP" or h.dep_ == "prep":
        return h.lower_
    return "" if h.lemma_.lower() in _TIME_UNITS or h.lower_ == "quarter" else None


def _of_noun(head: Token) -> Token | None:
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj if obj is not None and obj.pos_ in NOUNS else None


_TARGET_PREPOSITIONS = frozenset({"on", "for", "to", "from", "against"})  # what a rate or flow applies to
# Nouns that count people or things without saying what about them is counted: the verb says it.
_BARE_GROUPS = frozenset(
    "people person persons individual individuals member members country countries state states city cities town "
    "towns place places employee employees worker workers".split()
)
_VERB_ARGS = ("nsubj", "nsubjpass", "dobj")
# Objects of those prepositions that name a time or a vague place, not what a figure applies to
# ("growth for the quarter", "aid to the region").
_VAGUE_TARGETS = frozenset(
    "quarter year month week day period time moment future past region area world rest first second".split()
)
# Plural nouns a spelled count names in passing ("three sections", "two reasons", "both ways"): the
# article's own discourse, not a quantity anyone reports.
_DISCOURSE_COUNTS = frozenset(
    "times ways things reasons parts sections points questions sides kinds types examples steps words issues cases "
    "aspects options chapters lessons ideas".split()
)


def target_of(head: Token, skip: set[int]) -> tuple[Token, Token] | None:
    """(preposition, object) of what a rate or flow applies to: 'tariff on dairy', 'exports to China'."""
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ in _TARGET_PREPOSITIONS), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in NOUNS), None) if prep else None
    if obj is None or obj.i in skip or obj.like_num or obj.lemma_.lower() in _VAGUE_TARGETS:
        return None
    if obj.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY"):
        return None
    return prep, obj


def _figure_words(doc: Doc, fig: Figure) -> set[int]:
    """The figure, and the "-day" of "30-day pause"."""
    first, end = fig.tokens[0].i, fig.tokens[-1].i + 1
    return set(range(first, end)) | {
        t.i for t in doc[end : end + 2] if t.lemma_.lower() in _TIME_UNITS or t.text in "-–"
    }


def _phrase(doc: Doc, head: Token, fig: Figure, how: str) -> str:
    """The head's noun phrase from its leftmost modifier (after the figure, for a counted noun), and a
    short "of" phrase after it, without the figure and status words."""
    skip = _figure_words(doc, fig)
    first, end = fig.tokens[0].i, fig.tokens[-1].i + 1
    modifiers = ("amod", "compound", "nmod", "poss", "case", "npadvmod")
    left = [t for t in head.lefts if t.dep_ in modifiers and t.i not in skip]
    start = min([t.left_edge.i for t in left if t.left_edge.i >= end or t.i > end] + [head.i])
    if how != "counted":
        start = min([t.left_edge.i for t in left] + [head.i])
    words = [t for t in doc[start : head.i + 1] if t.i not in skip]
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None and (target := target_of(head, skip)) is not None:
        of = target[0]
    if of is not None and how != "of":
        tail = list(doc[of.i : of.right_edge.i + 1])
        if 1 < len(tail) <= 5 and not any(t.like_num or first <= t.i < end for t in tail):
            words += tail
    words = [
        t for t in words if t.lower_ not in _DROP_WORDS and t.pos_ not in ("DET", "PUNCT") and t.text not in '“”"«»'
    ]
    return join_words(doc, words, ENGLISH) or head.text


def _key(head: Token) -> str:
    return head.lemma_.lower() if head.pos_ == "NOUN" else head.lower_


def _refine_family(head: Token, _fig: Figure, family: str | None) -> str | None:
    if head.dep_ == "pobj" and head.head.head.lemma_.lower() in _KILLING:
        return "casualties"  # "the killing of 603 American troops"
    return family


def _name(head: Token, fig: Figure) -> str:
    """'key rate', 'interest rate', 'gdp growth': rate adjectives and noun compounds before the lemma;
    and what a rate or flow applies to, after it ('tariff on dairy product', 'export to china'): a 270%
    tariff on dairy and a 25% tariff on steel are two measures, not one. A proper noun is who holds a
    figure, not what it measures: 'The U.S. exported $130 billion' measures 'export' (the verb's)."""
    skip = _figure_words(head.doc, fig)
    if head.pos_ == "PROPN" and head.dep_.startswith("nsubj") and head.head.pos_ == "VERB":
        return head.head.lemma_.lower()
    if head.lemma_.lower() in _BARE_GROUPS and head.dep_ in _VERB_ARGS and head.head.pos_ == "VERB":
        return f"{_key(head)} {head.head.lower_}"  # "1,000 people surveyed", "60 people gathered"
    adjectives = [t.lower_ for t in head.lefts if t.dep_ == "amod" and t.lower_ in _RATE_WORDS]
    compounds = [
        t.lemma_.lower() for t in head.lefts
        if t.dep_ == "compound" and t.pos_ == "NOUN" and t.is_alpha and t.i not in skip
    ]  # fmt: skip
    tail = []
    if (target := target_of(head, skip)) is not None:
        prep, obj = target
        words = [t for t in obj.lefts if t.dep_ == "compound" and t.is_alpha] + [obj]
        tail = [prep.lower_, *(_key(t) for t in words)]
    return " ".join([*adjectives, *compounds, _key(head), *tail])


def _status_scope(sent: Span, _text: str, fig: Figure, head: Token | None) -> str:
    """The words just before the figure and the counted noun's phrase."""
    doc = sent.doc
    near = doc[max(sent.start, fig.tokens[0].i - 8) : fig.tokens[-1].i + 1]
    return " ".join([t.lower_ for t in near] + ([t.lower_ for t in head.subtree] if head is not None else []))


def _hedge_scope(sent: Span, _text: str) -> str:
    return " ".join(t.lower_ for t in sent if t.lower_ not in _MODALS or t.tag_ == "MD")


def _country(demonym: str) -> str | None:
    """'Russian' -> 'Russia'; 'Western' is not a country's adjective (country_of would say Western Sahara)."""
    country = country_of(demonym)
    return None if country is None or demonym.lower() in country.lower().split() else country


ENGLISH = Language(
    figure=FIGURE,
    single=SINGLE,
    numbers=_NUMBERS | _COUNTS,
    fractions=FRACTIONS,
    scales=_SCALES,
    negative=frozenset({"minus", "negative", "−", "-"}),
    units=_UNITS,
    bounds=_BOUNDS,
    reference_before=_REFERENCE_BEFORE,
    not_a_figure=_not_a_figure,
    margin=re.compile(r"(?i)\bplus\s+or\s+$|±\s*$"),
    change_range=re.compile(r"(?i)\bfrom\s+(?:\S+\s+){0,2}$"),
    range_to="to",
    opened_range_descends=True,
    counted_units=frozenset({None, "percent", *_SYMBOL_UNITS}),
    quantifier_deps=("nummod", "compound", "amod", "quantmod"),
    after_window=5,
    first_after=lambda t: t.pos_ in ("NOUN", "ADJ", "VERB") and t.lower_ not in _SCALES,
    counted_after=lambda t: t.pos_ == "NOUN" and t.tag_ in ("NNS", "NN"),
    modifier=lambda t: t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB") and t.dep_ in ("amod", "compound", "nmod"),
    amount_of=_amount_of,
    climb=6,
    through=_through,
    governs=lambda _cur, h, _step, _inside: (
        h.pos_ in NOUNS and h.ent_type_ not in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY")
    ),
    passes=frozenset({"ADJ", "ADV", "NUM", "SYM", "PART", "DET"}),
    by_word="by",
    growth_verbs=_CHANGE_VERBS,
    change_words={"growth": "growth", "change": "change"},
    object_deps=("dobj", "attr"),
    parent_verbs=frozenset({"VERB", "AUX"}),
    verb_tags=frozenset({"VERB"}),
    generic=lambda t: t.lower_ in GENERIC_HEADS,
    of_noun=_of_noun,
    of_names_unit=True,
    pronouns_name_nothing=True,
    inherit_across_sentences=True,
    conjuncts_inherit=True,
    people=lambda t: t.lower_ in PEOPLE_NOUNS or t.lemma_.lower() in PEOPLE_NOUNS,
    families=MEASURE_FAMILIES,
    time_units=_TIME_UNITS,
    bare_units=frozenset({"cent", "point"}),
    count_of=lambda t: t.lower_ if t.tag_ == "NNS" else None,
    durations_qualify=True,
    clause_of_head=True,
    places_in_clause=True,
    demonym=_country,
    phrase=_phrase,
    family_words=lambda t: ([_key(t), t.lower_], [c.lower_ for c in t.lefts if c.dep_ in ("amod", "compound")]),
    refine_family=_refine_family,
    name=_name,
    status_scope=_status_scope,
    status_cues=tuple((status, word_cues(words)) for status, words in _STATUS_WORDS.items()),
    status_verbs=(
        ("estimated", frozenset({"estimate"})),
        ("forecast", frozenset({"expect", "forecast", "project", "predict"})),
    ),
    hedge_scope=_hedge_scope,
    hedges=word_cues(_HEDGES),
    date_bound=_DATE_BOUND,
)
