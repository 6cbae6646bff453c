"""Numeric claims: every figure an article states, with what it counts, its unit, date and source.

Per article and pure (text, parse, the article's entities, times and quotes in; claims out). No
offline model extracts quantities with their subjects, so this is a small grammar plus the parse:

* **The figure as written** (a regular grammar over the text): digits with thousands separators
  (",", thin or no-break spaces) and decimals, or a spelled number with a scale word ("two
  million"); a sign ("minus 6%", "−6%"); a currency before or after ("$", "US$", "€", "USD",
  "rubles"); a scale word ("billion", "bn", "m"); a unit ("%", "percent", "basis points",
  "percentage points"); a range ("0.5-1.5%", "between 1% and 2%", "1.5 to 2 percent"; "from X to
  Y" is a change, so two figures); an approximation before it ("about", "as many as", "at least").
  Numbers that are names or references (F-16, G20, "No. 5", "Vol. 77"), dates, times and bare
  years are not figures.
* **What it counts**: a noun it quantifies ("88,726 confirmed deaths", "2.5% growth"); else what
  the figure is "in"/"of" ("$300 billion in reserves", "a surplus of $50 billion"); else the verb it
  completes ("cut the key rate to 15.5%" -> the key rate; "the economy grew by 1.4%" -> economy
  growth). A generic head ("the number may be as high as 120,000") takes the subject of the
  figure before it in the same paragraph. A figure with neither unit nor counted noun is dropped.
* **Measure**: the counted noun's lemma with its compound modifiers, so that sources can be compared;
  a few families of nouns that news uses interchangeably for one quantity are folded together
  (deaths/killed/casualties/losses -> casualties; troops/soldiers -> troops). These are general
  English, not names from any corpus.
* **Status**: "confirmed" (confirmed, verified, official, registered), "forecast" (expected,
  forecast, projected, predicted, scenario), "estimated" (estimate(d), approximately); the bound
  ("about", "at least", "at most") and hedging ("reportedly", "may", "could", a hedged quote)
  are kept separately so confirmed, estimated and hedged figures never blend.
* **As of**: the date in the figure's sentence nearest to it that is not a bound ("since 2022"),
  else the publication date; **attributed to**: the speaker of the quote that contains the figure.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.extract.events import country_of
from storyline.extract.spans import ByStart, Regions
from storyline.model import ClaimMention, Extraction, QuoteMention
from storyline.nlp import doc_text
from storyline.text.timex.core import TimeExpr

_DIGITS = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SPELLED = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a|several)"
)
_SCALE_WORDS = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "trn": 1e12, "tn": 1e12,
}  # fmt: skip
_SPELLED_VALUE = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a": 1,
}  # fmt: skip
_SYMBOLS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "¥": "CNY", "₴": "UAH", "₹": "INR"}
_CODES = ("USD", "EUR", "RUB", "GBP", "CNY", "UAH", "JPY", "INR", "CHF")
_CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "ruble": "RUB", "rouble": "RUB", "yuan": "CNY", "renminbi": "CNY",
    "hryvnia": "UAH", "hryvnias": "UAH", "hryvnya": "UAH", "yen": "JPY", "rupee": "INR", "sterling": "GBP",
}  # fmt: skip
_UNIT_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage point": "percentage points", "percentage points": "percentage points", "pp": "percentage points",
    "basis point": "basis points", "basis points": "basis points", "bps": "basis points", "bp": "basis points",
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
    rf"(?P<num@>{_DIGITS}|{_SPELLED}(?=\s+{_SCALE}\b))"
    rf"(?P<scale@>\s?{_SCALE}\b)?(?P<unit@>{_UNIT}|\s{_CUR_AFTER})?"
)
FIGURE = re.compile(
    r"(?<![\w.,/#№-])(?:(?P<between>between\s+))?" + _ONE.replace("@", "1")
    + r"(?:(?P<conn>\s?[-–—]\s?|\s+to\s+|(?(between)\s+and\s+|(?!)))" + _ONE.replace("@", "2") + ")?"
    + r"(?![\w/]|[.,]\d)",
    re.I,
)  # fmt: skip
SINGLE = re.compile(r"(?<![\w.,/#№-])" + _ONE.replace("@", "1"), re.I)
_BOUNDS = [
    ("up to", re.compile(r"(?i)\b(?:as many as|as much as|as high as|up to)\s+$")),
    ("at most", re.compile(r"(?i)\b(?:at most|no more than|not more than|less than|fewer than|under|below|"
                           r"a maximum of)\s+$")),
    ("at least", re.compile(r"(?i)\b(?:at least|more than|over|above|in excess of|upwards of|exceeding|"
                            r"a minimum of|no fewer than|no less than)\s+$")),
    ("about", re.compile(r"(?i)(?:\b(?:about|around|approximately|roughly|some|nearly|almost|close to|circa|"
                         r"an estimated|estimated|approx\.|c\.)|~)\s*$")),
]  # fmt: skip
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:\b(?:no|nos|vol|art|article|section|sec|chapter|ch|page|pp?|resolution|paragraph|para|item|number|"
    r"flight|route|highway|road|level|grade|tier|version|v|model|room|gate|platform|point|phase|stage)\.?\s*|[#№]\s*)$"
)
_YEARISH = re.compile(r"^(?:1[6-9]|20|21)\d\d$")
PEOPLE_NOUNS = frozenset(
    """people persons person civilians civilian soldiers soldier troops servicemen serviceman fighters fighter
    casualties casualty deaths dead victims victim refugees refugee migrants migrant prisoners prisoner hostages
    hostage children child adults residents workers employees staff students voters members citizens personnel
    men women officers officer militants detainees inmates patients protesters demonstrators evacuees
    individuals wounded injured killed fatalities conscripts recruits volunteers mercenaries""".split()
)
_TIME_NOUNS = {"day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours", "minute": "minutes"}
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
_BOUND_BEFORE = re.compile(r"(?i)\b(?:since|from|after|before|until|till|through)\s+(?:the\s+)?(?:end of\s+)?$")
_DATE_PREFIX = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?")


@dataclass
class _Figure:
    start: int
    end: int
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str | None


def extract_claims(doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None) -> list[ClaimMention]:
    text = doc_text(doc)
    taken = Regions((t.start, t.end) for t in times if t.type in ("DATE", "TIME", "SET"))
    ctx = ClaimLookups(ex, times)
    claims: list[ClaimMention] = []
    last_in_paragraph: ClaimMention | None = None
    for sent in doc.sents:
        figures = find_figures(text, sent.start_char, sent.end_char, taken)
        for fig in figures:
            if last_in_paragraph and "\n" in text[last_in_paragraph.end : fig.start]:
                last_in_paragraph = None
            claim = _claim(ctx, doc, sent, fig, published, last_in_paragraph, figures)
            if claim is None:
                continue
            claims.append(claim)
            last_in_paragraph = claim
    return claims


class ClaimLookups:
    """One article's lookups for the claim rules (English and Russian): mentions and times by offset
    (`ByStart`), the quote holding a figure, entity names. Scanning every mention, time and quote for
    every figure made a long article quadratic."""

    def __init__(self, ex: Extraction, times: list[TimeExpr]) -> None:
        self.ex = ex
        self.mentions = ByStart(ex.mentions)
        self.times = ByStart(times)
        self.names = {e.local: e.name for e in ex.entities}
        quotes = ex.quotes
        self._quotes_in_order = all(a.start <= b.start for a, b in itertools.pairwise(quotes))
        self._quote_starts = [q.start for q in quotes]
        self._quote_reach = list(itertools.accumulate((q.end for q in quotes), max))  # furthest end so far

    def quote_holding(self, start: int, end: int) -> QuoteMention | None:
        """The first quote (in the article's order) that contains text[start:end]."""
        quotes = self.ex.quotes
        if not self._quotes_in_order:
            return next((q for q in quotes if q.start <= start and end <= q.end), None)
        k = bisect_right(self._quote_starts, start)  # the quotes that start at or before it
        i = bisect_left(self._quote_reach, end, 0, k)  # the first of them to reach its end
        return quotes[i] if i < k else None


def find_figures(text: str, start: int, end: int, taken: Regions | list[tuple[int, int]]) -> list[_Figure]:
    """Every figure in text[start:end] with its value, range, unit and bound (no subject yet);
    `taken` are the spans of dates and times, which hold no figure."""
    if not isinstance(taken, Regions):
        taken = Regions(taken)
    out = []
    pos = start
    while (m := FIGURE.search(text, pos, end)) is not None:
        pos = m.end()
        if m.group("num2") and _not_a_range(text, m):
            single = SINGLE.match(text, m.start())  # "from X to Y" is a change; "50 bp to 15.5%": two figures
            if single is None:
                continue
            m, pos = single, single.end()
        s, e = m.start(), m.end()
        if "between" in m.re.groupindex and m.group("between"):
            s = m.start("sign1") if m.group("sign1") else m.start("cur1") if m.group("cur1") else m.start("num1")
        if _REFERENCE_BEFORE.search(text[max(0, s - 14) : s]) or _list_marker(text, s, e) or _footnote(text, s, e):
            continue
        two = "num2" in m.re.groupindex and m.group("num2")
        unit = _unit(m, 1) or (_unit(m, 2) if two else None)
        if unit is None and taken.overlapping(s, e):
            continue  # a date, a time, or a year
        if unit is None and not m.group("scale1") and _YEARISH.match(m.group("num1")):
            continue
        v1 = _value(m, 1)
        v2 = _value(m, 2) if two else None
        if v2 is not None and m.group("conn").strip() in ("-", "–", "—") and unit is None and v2 < (v1 or 0):
            continue  # "2014-15", a score or a code, not a range
        if v1 is not None and v2 is not None and m.group("scale2") and not m.group("scale1"):
            v1 *= _SCALE_WORDS[m.group("scale2").strip().lower()]
        lo, hi = (v1, v2) if v2 is None or v1 is None or v1 <= v2 else (v2, v1)
        bound = next((name for name, rx in _BOUNDS if rx.search(text[max(0, s - 30) : s])), None)
        if re.search(r"(?i)\bplus\s+or\s+$|±\s*$", text[max(0, s - 10) : s]) or text[s : s + 1] == "±":
            lo, hi, bound = abs(lo or 0.0), None, "plus or minus"  # a margin of error, not a negative figure
        out.append(_Figure(s, e, lo, hi, unit, bound))
    return out


def _not_a_range(text: str, m: re.Match[str]) -> bool:
    u1, u2 = _unit(m, 1), _unit(m, 2)
    if (u1 and u2 and u1 != u2) or (u1 and not u2):
        return True  # "50 bp to 15.5%", "fell 4.7% to 7,853.74": two figures
    if u1 and m.group("conn").strip() in ("-", "–", "—") and not m.group("between"):
        v1, v2 = _value(m, 1), _value(m, 2)
        if v1 is not None and v2 is not None and v2 < v1:
            return True  # "50%-41%": a split or a score, two figures
    return m.group("conn").strip().lower() == "to" and bool(
        re.search(r"(?i)\bfrom\s+(?:\S+\s+){0,2}$", text[max(0, m.start() - 40) : m.start()])
    )


def _footnote(text: str, s: int, e: int) -> bool:
    return text[s - 1 : s] in ("[", "(") and text[e : e + 1] in ("]", ")") and e - s <= 3


def _list_marker(text: str, s: int, e: int) -> bool:
    """'3. Monetary tightening': a number opening a line and followed by '.' or ')'."""
    line_start = text.rfind("\n", 0, s) + 1
    return not text[line_start:s].strip() and text[e : e + 1] in (".", ")")


def _value(m: re.Match[str], i: int) -> float | None:
    raw = m.group(f"num{i}").lower()
    if raw in _SPELLED_VALUE:
        v = float(_SPELLED_VALUE[raw])
    elif raw == "several":
        return None
    else:
        v = float(re.sub(r"[,\u00a0\u202f ]", "", raw))
    scale = m.group(f"scale{i}")
    if scale:
        v *= _SCALE_WORDS[scale.strip().lower()]
    sign = (m.group(f"sign{i}") or "").strip().lower()
    if sign in ("minus", "negative", "−", "-"):
        v = -v
    return v


def _unit(m: re.Match[str], i: int) -> str | None:
    cur = (m.group(f"cur{i}") or "").strip().lower()
    if cur:
        return _SYMBOLS.get(cur) or cur.upper()
    unit = (m.group(f"unit{i}") or "").strip().lower()
    if not unit:
        return None
    if unit in _UNIT_WORDS:
        return _UNIT_WORDS[unit]
    if unit.upper() in _CODES:
        return unit.upper()
    word = unit.split()[-1]
    return _CURRENCY_WORDS.get(word) or _CURRENCY_WORDS.get(word.rstrip("s")) or ("USD" if "dollar" in unit else None)


def _claim(
    ctx: ClaimLookups,
    doc: Doc,
    sent: Span,
    fig: _Figure,
    published: str | None,
    previous: ClaimMention | None,
    figures: list[_Figure],
) -> ClaimMention | None:
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    unit = fig.unit
    head, how = _subject_head(doc, span, fig)
    if head is not None and _is_person(ctx, head):
        return None  # "Trump understands 100%": an adverb of degree, not a quantity
    if head is not None and head.lower_ in GENERIC_HEADS and (of := _of_object(head)) is not None:
        head = of  # "the amount of aid", "the number of refugees": what is counted is after "of"
        if unit is None:
            unit = _counted_unit(head)
    if head is not None and head.pos_ == "PRON" and head.lower_ not in GENERIC_HEADS:
        return None  # "he pays $10,000", "who lost $12 billion": no counted thing named
    generic = head is not None and head.lower_ in GENERIC_HEADS
    sibling = span.root.dep_ == "conj" and previous is not None and previous.start == sent.start_char
    inherited = previous if generic or sibling else None  # "the number may be as high as ...", "X% and Y%"
    if head is not None and how == "counted" and unit is None:
        unit = _counted_unit(head)
        lemma = head.lemma_.lower()
        if lemma in _TIME_NOUNS and head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ == "NOUN":
            unit, head = _TIME_NOUNS[lemma], head.head  # "a 30-day pause": how long the pause is
    if inherited is not None:
        subject, measure, holders = inherited.subject, inherited.measure, inherited.holders
        if generic:
            unit = unit or inherited.unit  # "the number may be as high as 120,000": still people
    elif head is not None and head.lower_ not in GENERIC_HEADS:
        subject, measure = _describe(doc, head, span, how, _governor(span.root))
        holders = _holders(ctx, head, how)
    else:
        return None
    if unit is None and measure in MEASURE_FAMILIES:
        unit = "people"  # "the death toll rose to 75"
    if unit is None:
        return None  # a bare number: an index, a count of something unnamed
    status = _status(doc[max(sent.start, span.start - 8) : span.end], head, span.root)
    quote = ctx.quote_holding(fig.start, fig.end)
    hedged = bool(
        fig.bound in ("up to", "about")
        or any(t.lower_ in _HEDGES and (t.lower_ not in _MODALS or t.tag_ == "MD") for t in sent)
        or (quote is not None and quote.hedged)
    )
    return ClaimMention(
        start=sent.start_char,
        end=_sentence_end(sent),
        number_start=fig.start,
        number_end=fig.end,
        subject=subject,
        measure=measure,
        value=fig.value,
        value_max=fig.value_max,
        unit=unit,
        as_of=_as_of(doc_text(doc), sent, fig, ctx.times, published, figures),
        status=status,
        bound=fig.bound,
        hedged=hedged,
        speaker=quote.speaker if quote else None,
        holders=holders,
    )


def _sentence_end(sent: Span) -> int:
    end = sent.end_char
    while end > sent.start_char and doc_text(sent.doc)[end - 1].isspace():
        end -= 1
    return end


def _subject_head(doc: Doc, span: Span, fig: _Figure) -> tuple[Token | None, str]:
    """The token naming what the figure counts, and how it was found (counted/of/verb/by/noun)."""
    root = span.root
    inside = set(range(span.start, span.end))
    # a noun the figure quantifies: "88,726 confirmed deaths", "2.5% growth", "200,000 troops"
    if fig.unit in (None, "percent") or fig.unit in _SYMBOLS.values():
        nxt = root.head if root.head.i not in inside and root.head.i > root.i else None
        if (
            nxt is not None
            and root.dep_ in ("nummod", "compound", "amod", "quantmod")
            and nxt.pos_ in ("NOUN", "PROPN")
        ):
            return nxt, "counted"
        follow = doc[span.end] if span.end < len(doc) else None
        if (
            fig.unit is None
            and follow is not None
            and follow.pos_ in ("NOUN", "ADJ", "VERB")
            and follow.lower_ not in _SCALE_WORDS
        ):
            # "88,726 confirmed Russian combat deaths": the noun after a run of modifiers
            for t in doc[span.end : min(len(doc), span.end + 5)]:
                if t.pos_ == "NOUN" and t.tag_ in ("NNS", "NN"):
                    return t, "counted"
                if t.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB") or t.dep_ not in ("amod", "compound", "nmod"):
                    break
    # "$300 billion in reserves", "$5 billion of aid", "12 percent of the harvest", "€2bn in aid" (the
    # parser often hangs "in aid" on the verb)
    if (fig.unit and fig.unit.isupper()) or fig.unit == "percent":  # a currency code, or percent
        preps = ("of",) if fig.unit == "percent" else ("in", "of", "for", "on")
        if fig.unit == "percent" and root.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr", "ROOT"):
            preps = ()  # "widened to 2.1% of GDP": a ratio of the deficit, not a share of GDP
        holders = [root] + ([root.head] if root.head.pos_ == "VERB" and fig.unit != "percent" else [])
        for t in (c for h in holders for c in h.children):
            if t.dep_ == "prep" and t.lower_ in preps and t.i >= span.end:
                obj = next((c for c in t.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ not in ("DATE", "TIME"):
                    return obj, "of"
    cur, prep = root, None
    for _ in range(6):
        h = cur.head
        if h.i == cur.i:
            break
        if cur.dep_ == "conj" or h.i in inside:
            cur = h
            continue
        if h.pos_ == "ADP" or h.dep_ == "prep":
            prep = prep or h.lower_
            cur = h
            continue
        if h.lemma_.lower() in _TIME_NOUNS or h.lower_ == "quarter":
            cur = h  # "rose 7.4% year on year": a time, not what is measured
            continue
        if h.pos_ in ("NOUN", "PROPN") and h.ent_type_ not in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY"):
            return h, "noun"
        if h.pos_ in ("VERB", "AUX"):
            obj = next(
                (c for c in h.children
                 if c.dep_ in ("dobj", "attr") and c.i not in inside and c.pos_ in ("NOUN", "PROPN")
                 and c.ent_type_ not in ("CARDINAL", "PERCENT", "MONEY", "QUANTITY")),
                None,
            )  # fmt: skip
            if obj is not None:
                return obj, "by" if prep == "by" else "verb"  # "cut port fees by 15%": a change
            subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and h.dep_ in ("xcomp", "conj", "ccomp") and h.head.pos_ in ("VERB", "AUX"):
                subj = next((c for c in h.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.dep_ != "expl":
                return subj, "by" if prep == "by" else "verb"
            return None, ""
        if h.pos_ in ("ADJ", "ADV", "NUM", "SYM", "PART", "DET"):
            cur = h
            continue
        break
    return None, ""


def _counted_unit(noun: Token) -> str | None:
    low = noun.lower_
    if low in PEOPLE_NOUNS or noun.lemma_.lower() in PEOPLE_NOUNS:
        return "people"
    if noun.lemma_.lower() in _TIME_NOUNS:
        return _TIME_NOUNS[noun.lemma_.lower()]
    if noun.tag_ == "NNS":
        return low
    return None  # "2.5% growth" has its unit already; a singular noun is not a count


def _is_person(ctx: ClaimLookups, tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or any(m.type == "PERSON" for m in ctx.mentions.holding(tok.idx))


def _of_object(head: Token) -> Token | None:
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN") else None


def _governor(tok: Token) -> Token | None:
    """The verb a figure completes ("grew by 1.4%" -> grew), through prepositions and conjuncts."""
    for anc in tok.ancestors:
        if anc.pos_ == "VERB":
            return anc
    return None


def _describe(doc: Doc, head: Token, figure: Span, how: str, verb: Token | None) -> tuple[str, str]:
    """Readable subject (the head's noun phrase, without the figure and status words) and measure."""
    # the figure, and the "-day" of "30-day pause"
    fig = set(range(figure.start, figure.end)) | {
        t.i for t in doc[figure.end : figure.end + 2] if t.lemma_.lower() in _TIME_NOUNS or t.text in "-–"
    }
    modifiers = ("amod", "compound", "nmod", "poss", "case", "npadvmod")
    left = [t for t in head.lefts if t.dep_ in modifiers and t.i not in fig]
    start = min([t.left_edge.i for t in left if t.left_edge.i >= figure.end or t.i > figure.end] + [head.i])
    if how != "counted":
        start = min([t.left_edge.i for t in left] + [head.i])
    words = [t for t in doc[start : head.i + 1] if t.i not in fig]
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and how != "of":
        tail = list(doc[of.i : of.right_edge.i + 1])
        if 1 < len(tail) <= 5 and not any(t.like_num or t.i in range(figure.start, figure.end) for t in tail):
            words += tail
    words = [
        t for t in words if t.lower_ not in _DROP_WORDS and t.pos_ not in ("DET", "PUNCT") and t.text not in '“”"«»'
    ]
    subject = _join(words) or head.text
    compounds = [
        t.lemma_.lower() for t in head.lefts
        if t.dep_ == "compound" and t.pos_ == "NOUN" and t.is_alpha and t.i not in fig
    ]  # fmt: skip
    key = head.lemma_.lower() if head.pos_ == "NOUN" else head.lower_
    # the noun or a modifier of it ("8 wounded soldiers" are casualties, not troops)
    words_seen = [key, head.lower_] + [t.lower_ for t in head.lefts if t.dep_ in ("amod", "compound")]
    family = next((f for f in MEASURE_FAMILIES if any(w in MEASURE_FAMILIES[f] for w in words_seen[:2])), None) or next(
        (f for f in ("casualties",) if any(w in MEASURE_FAMILIES[f] for w in words_seen[2:])), None
    )
    if head.dep_ == "pobj" and head.head.head.lemma_.lower() in _KILLING:
        family = "casualties"  # "the killing of 603 American troops"
    if family:
        measure = family
    else:
        adjectives = [t.lower_ for t in head.lefts if t.dep_ == "amod" and t.lower_ in ("key", "interest", "policy")]
        measure = " ".join([*adjectives, *compounds, key])
    if how == "by" and verb is not None:
        suffix = "growth" if verb.lemma_.lower() in _CHANGE_VERBS else "change"
        measure, subject = f"{measure} {suffix}", f"{subject} ({suffix})"
    return subject, measure


def _join(tokens: list[Token]) -> str:
    out = ""
    for i, t in enumerate(tokens):
        out += t.text
        if i + 1 < len(tokens) and tokens[i + 1].i == t.i + 1:
            out += t.whitespace_
        elif i + 1 < len(tokens):
            out += " "
    return out.strip()


def _holders(ctx: ClaimLookups, head: Token, how: str) -> list[str]:
    """Countries and organisations the figure belongs to: named in its noun phrase or the clause subject."""
    regions = [(head.left_edge.idx, head.right_edge.idx + len(head.right_edge))]
    verb = next((t for t in [head, *head.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is not None and head.dep_ not in ("nsubj", "nsubjpass"):
        # "Russia has suffered ... 800,000 casualties", "the US sent 5,000 troops": the clause subject
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            regions.append((subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)))
    # places named anywhere in the figure's clause ("about 200 protesters chanted ... in Chicago")
    clause = (verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)) if verb is not None else (0, 0)
    names = ctx.names
    # only mentions starting inside these spans can be inside them
    spans = regions + ([clause] if verb is not None else [])
    out: list[str] = []
    for m in ctx.mentions.starting_in(min(a for a, _b in spans), max(b for _a, b in spans)):
        inside = any(a <= m.start and m.end <= b for a, b in regions)
        in_clause = m.type in ("GPE", "LOC") and clause[0] <= m.start and m.end <= clause[1]
        if m.type not in ("GPE", "ORG", "NORP", "LOC") or not (inside or in_clause):
            continue
        name = _country(m.text) if m.type == "NORP" else names.get(m.local, m.name)
        if name and name not in out:
            out.append(name)
    return out


def _country(demonym: str) -> str | None:
    """'Russian' -> 'Russia'; 'Western' is not a country's adjective (country_of would say Western Sahara)."""
    country = country_of(demonym)
    return None if country is None or demonym.lower() in country.lower().split() else country


def _status(before: Span, head: Token | None, root: Token) -> str | None:
    """From the words just before the figure, the counted noun's phrase, and the verbs it depends on."""
    near = {t.lower_ for t in before} | ({t.lower_ for t in head.subtree} if head is not None else set())
    for status in ("confirmed", "forecast", "estimated"):
        if near & _STATUS_WORDS[status]:
            return status
    verbs = {t.lemma_.lower() for t in root.ancestors if t.pos_ == "VERB"}
    if verbs & {"estimate"}:
        return "estimated"
    if verbs & {"expect", "forecast", "project", "predict"}:
        return "forecast"
    return None


def _as_of(
    text: str, sent: Span, fig: _Figure, times: ByStart[TimeExpr], published: str | None, figures: list[_Figure]
) -> str | None:
    """The date that goes with the figure: a date after it ("$50 billion in 2023") unless another figure
    comes between them, else the nearest one before it; a bound ("since 2022") is not an as-of date."""
    best: tuple[int, str] | None = None
    for t in times.starting_in(sent.start_char, sent.end_char):
        if t.type != "DATE" or not t.value or not (sent.start_char <= t.start and t.end <= sent.end_char):
            continue
        if _BOUND_BEFORE.search(text[max(sent.start_char, t.start - 20) : t.start]):
            continue
        value = t.value.split("/")[-1]
        m = _DATE_PREFIX.match(value)
        if not m:
            continue
        if t.start >= fig.end:
            between = any(fig.end <= f.start and f.end <= t.start for f in figures)
            distance = t.start - fig.end + (1000 if between else 0)
        else:
            distance = 500 + fig.start - t.end
        if best is None or distance < best[0]:
            best = (distance, m.group(0))
    if best is not None:
        return best[1]
    return published
