"""Numeric claims: every figure an article states, with what it counts, its unit, date and source.

Per article and pure (text, parse, the article's entities, times and quotes in; claims out). No
offline model extracts quantities with their subjects, so this is a small grammar plus the parse, run
by one algorithm for every language; a `Language` (en.py, ru.py) holds only what differs: the words
of numbers, scales, units and cues, and the dependency labels and small hooks of its parser.

* **The figure as written** (a regular grammar over the text): digits with thousands separators and
  decimals, or a spelled number with a scale word ("two million"); a sign ("minus 6%", "−6%"); a
  currency before or after ("$", "US$", "€", "USD", "rubles", "млрд долларов"); a scale word
  ("billion", "bn", "млн"); a unit ("%", "percent", "basis points", "процентных пункта"); a range
  ("0.5-1.5%", "between 1% and 2%", "от 3 до 5 млрд рублей"; "from X to Y" is a change, so two
  figures); an approximation before it ("about", "as many as", "около", "более"). Numbers that are
  names or references (F-16, G20, "No. 5", «Северный поток — 2»), dates, times and bare years are not
  figures.
* **What it counts** (the subject head, from the dependency tree): a noun the figure quantifies
  ("88,726 confirmed deaths", "10 тыс. человек"); else what money or a share is "of" ("$300 billion
  in reserves", "200 млрд евро активов"); else, climbing from the figure, the noun it modifies or the
  object or subject of the verb it completes ("cut the key rate to 15.5%" -> the key rate); a figure
  reached "by"/"на" after a verb is a change ("grew by 1.4%" -> "economy growth"). A generic head ("the
  number", "число") counts its of-noun, or takes the subject of the figure before it. A figure with
  neither unit nor counted noun is dropped.
* **Measure**: a name to compare sources by, in English for every language; a few families of nouns
  that news uses interchangeably for one quantity are folded together (deaths/killed/casualties ->
  casualties; troops/soldiers -> troops).
* **Nothing nameless**: a proper noun or a bare unit of time as what is counted names no quantity
  ("3% of MSNBC viewers" read as "msnbc"; "for two weeks"): such a figure is dropped (`_names_a_quantity`);
  a generic count of people names the verb that says what they did ("people surveyed").
* **Not from furniture**: a caption, gallery counter or related-headline line (`extract.furniture`)
  states nothing of the article's own, so its figures are not claims.
* **Status** (confirmed, forecast, estimated) and **hedging** from cue tables; the bound ("about",
  "at least") is kept separately so confirmed, estimated and hedged figures never blend.
* **As of**: the date in the figure's sentence that goes with it and is not a bound ("since 2022"),
  else the publication date; **attributed to**: the speaker of the quote that contains the figure;
  **holders**: countries and organisations named with it.

Where the two grammars still disagree on a detail (a flag of `Language`), the flag keeps each
language's output as it was measured; unifying one is a behaviour change to measure on its own.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.extract.furniture import is_furniture
from storyline.extract.spans import ByStart, Regions, subtree_extent
from storyline.model import ClaimMention, Extraction, QuoteMention
from storyline.nlp import doc_text
from storyline.text.timex import TimeExpr

NOUNS = ("NOUN", "PROPN")
VERBS = ("VERB", "AUX")
DASHES = ("-", "–", "—")
NUMERIC_ENTITIES = ("CARDINAL", "PERCENT", "MONEY", "QUANTITY")
FAMILY_UNIT = "people"  # a figure of a folded family ("the death toll rose to 75") counts people
_YEARISH = re.compile(r"^(?:1[6-9]|20|21)\d\d$")
_DATE_PREFIX = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?")


def figure_patterns(
    one: str, opener: str, closer: str, to: str | None, end: str, single_end: str
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """FIGURE (one figure, or a range of two) and SINGLE (one) from a language's pattern of one figure
    (`one`, with groups sign@, cur@, num@, scale@, unit@) and its range words ("between ... and",
    "от ... до"; `to`: a connector without opener, "1.5 to 2 percent")."""
    connector = r"\s?[-–—]\s?" + (rf"|\s+{to}\s+" if to else "") + rf"|(?(pre)\s+{closer}\s+|(?!))"
    figure = re.compile(
        rf"(?<![\w.,/#№-])(?:(?P<pre>{opener}\s+))?{one.replace('@', '1')}"
        rf"(?:(?P<conn>{connector}){one.replace('@', '2')})?{end}",
        re.I,
    )
    return figure, re.compile(rf"(?<![\w.,/#№-]){one.replace('@', '1')}{single_end}", re.I)


def unit_patterns(table: list[tuple[str, str]], flags: int = 0) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, unit) rows, compiled: a currency or unit as written (lower case) matching a whole pattern."""
    return tuple((re.compile(pattern, flags), unit) for pattern, unit in table)


def word_cues(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding any of `words` as a whole word of a space-joined list of words."""
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")(?!\S)")


@dataclass
class Figure:
    start: int
    end: int
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str | None
    tokens: list[Token] = field(default_factory=list, repr=False)  # its words in the parse
    root: Token | None = field(default=None, repr=False)  # the one the rest of the sentence hangs it on


HeadFinder = Callable[[Figure, Token, set[int], Token | None], Token | None]


def _never(*_: object) -> bool:
    return False


def _always(*_: object) -> bool:
    return True


def _no_pass(*_: object) -> str | None:
    return None


def _sentence(_sent: Span, text: str, *_: object) -> str:
    return text


def _same_family(_head: Token, _fig: Figure, family: str | None) -> str | None:
    return family


@dataclass(frozen=True, kw_only=True)
class Language:
    """What one language's claims grammar holds; `extract` is the algorithm they share. A field with a
    default is a rule only some languages have: a language module names the ones it uses."""

    # --- the figure as written ---
    figure: re.Pattern[str]
    single: re.Pattern[str]
    numbers: Mapping[str, float | None] = field(default_factory=dict)  # spelled numbers ("several": no value)
    fractions: Mapping[str, float] = field(default_factory=dict)  # "two-thirds (of)": a share, read as percent
    scales: Mapping[str, float]  # scale words, read by prefix ("млрд.", "миллиарда")
    negative: frozenset[str]  # signs that make a figure negative
    decimal_comma: bool = False  # "1,5" is one and a half (else "1,500" is fifteen hundred)
    units: tuple[tuple[re.Pattern[str], str], ...]  # a currency or unit as written -> its name
    bounds: tuple[tuple[str, re.Pattern[str]], ...]  # words just before a figure -> about / at least / ...
    reference_before: re.Pattern[str]  # "No.", "article", "рейс": the number is a name
    not_a_figure: Callable[[str, int, int, str | None], bool] = _never  # (text, start, end, unit): a list marker
    margin: re.Pattern[str] | None = None  # "plus or minus" before a figure: a margin of error
    change_range: re.Pattern[str] | None = None  # "from" before "X to Y": a change, not a range
    range_to: str = ""  # the connector that `change_range` applies to
    bound_in_sentence: bool = False  # bound words are looked for inside the sentence only
    ranges_unbounded: bool = False  # a range takes no bound word
    opener_needs_range: bool = False  # "от" without "до" stays part of the figure as written
    opened_range_unit_first: bool = False  # "от 3% до 5": a unit on the first figure only still makes a range
    opened_range_descends: bool = False  # "between 50%-41%": a descending range opened by a word stays one
    split_from_sign: bool = False  # a range read as two figures starts its first at the sign
    reached_after: re.Pattern[str] | None = None  # verb lemmas after which "up to" is the value reached
    # --- the parse ---
    skip_space: bool = False  # the Doc's whitespace tokens are not words of the parse (natasha's)
    whole_words: bool = False  # a figure's tokens are the words inside it (else every token it touches)
    root_last_outer: bool = False  # a figure's root is its last word governed from outside (else spaCy's)
    window_in_sentence: bool = False  # the words after a figure stop at its sentence's end
    # --- what it counts: the subject head ---
    counted_units: frozenset[str | None]  # units of figures that may quantify the noun they hang on
    quantifier_deps: tuple[str, ...]  # a figure's relation to the noun it quantifies
    counted_lemmas: frozenset[str] = frozenset()  # words counted like nouns ("погибших")
    after_window: int  # how many words after a figure to look for the noun it counts
    first_after: Callable[[Token], bool] = _always  # may the word right after the figure open its noun phrase
    counted_after: Callable[[Token], bool]  # a noun after the figure that it counts
    modifier: Callable[[Token], bool]  # a word between a figure and the noun it counts
    amount_of: HeadFinder  # (figure, root, inside, verb) -> what money or a share is of
    climb: int  # how many heads to climb from the figure to a noun or a verb
    through: Callable[[Token, Token, set[int]], str | None] = _no_pass  # (token, head, inside): "" or a preposition
    governs: Callable[[Token, Token, int, set[int]], bool]  # (token, head, step, inside): a noun measured
    passes: frozenset[str] | None = None  # parts of speech climbed through after the noun test (None: all)
    change_marker: Callable[[Token], str | None] | None = None  # the figure's "на" (else the first preposition)
    by_word: str  # the marker of a change ("grew by 1.4%", "вырос на 1,4%")
    growth_verbs: frozenset[str]
    change_words: Mapping[str, str]  # "growth"/"change" as the subject says it
    object_deps: tuple[str, ...]
    subject_outside: bool = False  # a verb's subject inside the figure names nothing
    parent_verbs: frozenset[str] | None = None  # an xcomp/conj verb borrows the subject of a head of these tags
    subject_tags: frozenset[str] | None = None  # parts of speech a subject may have (None: all)
    verb_tags: frozenset[str]  # the verb a figure completes, for "by" and the clause
    verb_reach: int | None = None  # how far up that verb may be
    # --- generic heads, inheritance, units ---
    generic: Callable[[Token], bool]  # "the number", "число": what it counts is elsewhere
    of_noun: Callable[[Token], Token | None]  # "the number of refugees", "число погибших" -> the counted noun
    people_of_generic: frozenset[str] = frozenset()  # "превысило 1 000 человек", generic subject: its of-noun
    generic_sizes_parent: bool = False  # "активы на сумму 300 млрд": an of-noun in the figure -> the noun sized
    of_names_unit: bool = False  # a generic head's of-noun gives a unitless figure its unit
    pronouns_name_nothing: bool = False  # "he pays $10,000": a pronoun head counts nothing
    inherit_across_sentences: bool = False  # a generic head inherits the paragraph's figure (else its sentence's)
    conjuncts_inherit: bool = False  # "X% and Y%": a conjoined figure inherits the one before
    people: Callable[[Token], bool]  # a counted noun that counts people
    families: Mapping[str, frozenset[str]]  # measures folded from several nouns, which count people
    time_units: Mapping[str, str]  # lemma -> unit ("days")
    bare_units: frozenset[str] = frozenset()  # nouns that are units, never what a figure measures ("cent")
    count_of: Callable[[Token], str | None]  # the unit a counted noun gives (its plural, its lemma)
    durations_qualify: bool = False  # "a 30-day pause": a duration modifying a noun measures that noun
    # --- holders ---
    clause_of_head: bool = False  # the clause of a head is its own verb's (else the figure's verb)
    places_in_clause: bool = False  # places named anywhere in the clause hold the figure
    demonym: Callable[[str], str | None] | None = None  # "Russian" -> "Russia"
    # --- subject and measure ---
    phrase: Callable[[Doc, Token, Figure, str], str]  # (doc, head, figure, how) -> the subject as written
    family_words: Callable[[Token], tuple[list[str], list[str]]]  # a head's words, and its modifiers' (casualties)
    refine_family: Callable[[Token, Figure, str | None], str | None] = _same_family
    name: Callable[[Token, Figure], str]  # the measure of a head of no family
    # --- status, hedging, date ---
    status_scope: Callable[[Span, str, Figure, Token | None], str] = _sentence  # (sentence, text, figure, head)
    status_cues: tuple[tuple[str, re.Pattern[str]], ...]
    status_verbs: tuple[tuple[str, frozenset[str]], ...] = ()  # verb lemmas above the figure
    hedge_scope: Callable[[Span, str], str] = _sentence  # (sentence, its text)
    hedges: re.Pattern[str]
    date_bound: re.Pattern[str]  # "since", "до" before a date: a bound, not the figure's date


class ClaimLookups:
    """One article's lookups for the claim rules: mentions and times by offset (`ByStart`), the quote
    holding a figure, entity names. Scanning every mention, time and quote for every figure made a long
    article quadratic."""

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


def extract(
    doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None, lang: Language
) -> list[ClaimMention]:
    """The claims of one parsed article in `lang`, given its entities, quotes and time expressions."""
    text = doc_text(doc)
    taken = Regions((t.start, t.end) for t in times if t.type in ("DATE", "TIME", "SET"))
    ctx = ClaimLookups(ex, times)
    claims: list[ClaimMention] = []
    previous: ClaimMention | None = None  # the last claim of the paragraph
    for sent in doc.sents:
        start, end = _bounds(sent, lang)
        if is_furniture(text, start, end):
            continue  # a caption, gallery counter or related headline states nothing of the article's own
        figures = find_figures(text, start, end, taken, lang)
        for fig in figures:
            if previous and "\n" in text[previous.end : fig.start]:
                previous = None
            claim = _claim(ctx, doc, sent, (start, end), fig, lang, previous, figures, published)
            if claim is not None:
                claims.append(claim)
                previous = claim
    return claims


def _bounds(sent: Span, lang: Language) -> tuple[int, int]:
    """The sentence from its first word to its last (whitespace tokens around it are not words)."""
    if not lang.skip_space:
        return sent.start_char, sent.end_char
    doc, first, last = sent.doc, sent.start, sent.end - 1
    while first < last and doc[first].pos_ == "SPACE":
        first += 1
    while last > first and doc[last].pos_ == "SPACE":
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last])


# --- the figure as written -----------------------------------------------------------------------------------------


def find_figures(
    text: str, start: int, end: int, taken: Regions | list[tuple[int, int]], lang: Language
) -> list[Figure]:
    """Every figure in text[start:end] with its value, range, unit and bound (no subject yet);
    `taken` are the spans of dates and times, which hold no figure."""
    if not isinstance(taken, Regions):
        taken = Regions(taken)
    out = []
    pos = start
    while (m := lang.figure.search(text, pos, end)) is not None:
        pos = m.end()
        if m.group("num2") and _not_a_range(text, m, lang):
            at = m.start("sign1") if lang.split_from_sign and m.group("sign1") else m.start()
            single = lang.single.match(text, at)  # "from X to Y" is a change; "50 bp to 15.5%": two figures
            if single is None:
                continue
            m, pos = single, single.end()
        s, e = m.start(), m.end()
        two = "num2" in m.re.groupindex and m.group("num2")
        if "pre" in m.re.groupindex and m.group("pre") and (two or not lang.opener_needs_range):
            s = m.start("sign1") if m.group("sign1") else m.start("cur1") if m.group("cur1") else m.start("num1")
        e = s + len(text[s:e].rstrip())
        if text[e - 1] == "." and (e >= end or not text[e:end].strip() or text[e : e + 2].strip()[:1].isupper()):
            e -= 1  # "$11 млрд." at the end of a sentence: the full stop is not the abbreviation's
        if lang.reference_before.search(text[max(0, s - 14) : s]):
            continue
        unit = _unit(m, 1, lang) or (_unit(m, 2, lang) if two else None)
        if unit is None and m.group("num1").lower() in lang.fractions:
            unit = "percent"
        if lang.not_a_figure(text, s, e, unit):
            continue
        if unit is None and taken.overlapping(s, e):
            continue  # a date, a time, or a year
        if unit is None and not m.group("scale1") and _YEARISH.match(m.group("num1")):
            continue
        v1 = _value(m, 1, lang)
        v2 = _value(m, 2, lang) if two else None
        if v2 is not None and m.group("conn").strip() in DASHES and unit is None and v2 < (v1 or 0):
            continue  # "2014-15", a score or a code, not a range
        if v1 is not None and v2 is not None and m.group("scale2") and not m.group("scale1"):
            v1 *= _scale(m.group("scale2"), lang)
        lo, hi = (v1, v2) if v2 is None or v1 is None or v1 <= v2 else (v2, v1)
        window = text[max(start if lang.bound_in_sentence else 0, s - 30) : s]
        bound = None if two and lang.ranges_unbounded else next((n for n, rx in lang.bounds if rx.search(window)), None)
        if lang.margin is not None and lang.margin.search(text[max(0, s - 10) : s]):
            lo, hi, bound = abs(lo or 0.0), None, "plus or minus"  # a margin of error, not a negative figure
        out.append(Figure(s, e, lo, hi, unit, bound))
    return out


def _not_a_range(text: str, m: re.Match[str], lang: Language) -> bool:
    u1, u2 = _unit(m, 1, lang), _unit(m, 2, lang)
    opened = bool(m.group("pre"))
    if (u1 and u2 and u1 != u2) or (u1 and not u2 and not (opened and lang.opened_range_unit_first)):
        return True  # "50 bp to 15.5%", "fell 4.7% to 7,853.74": two figures
    conn = m.group("conn").strip()
    if u1 and conn in DASHES and not (opened and lang.opened_range_descends):
        v1, v2 = _value(m, 1, lang), _value(m, 2, lang)
        if v1 is not None and v2 is not None and v2 < v1:
            return True  # "50%-41%": a split or a score, two figures
    return (
        lang.change_range is not None
        and conn.lower() == lang.range_to
        and bool(lang.change_range.search(text[max(0, m.start() - 40) : m.start()]))
    )


def _scale(word: str, lang: Language) -> float:
    w = word.strip().lower().rstrip(".")
    return next(v for k, v in lang.scales.items() if w.startswith(k))


def _value(m: re.Match[str], i: int, lang: Language) -> float | None:
    raw = m.group(f"num{i}").lower()
    if raw in lang.fractions:
        return round(lang.fractions[raw] * 100, 2)
    if raw in lang.numbers:
        spelled = lang.numbers[raw]
        if spelled is None:
            return None
        v = float(spelled)
    else:
        digits = re.sub(r"[\u00a0\u202f ]", "", raw)
        v = float(digits.replace(",", ".") if lang.decimal_comma else digits.replace(",", ""))
    if m.group(f"scale{i}"):
        v *= _scale(m.group(f"scale{i}"), lang)
    if (m.group(f"sign{i}") or "").strip().lower() in lang.negative:
        v = -v
    return v


def _unit(m: re.Match[str], i: int, lang: Language) -> str | None:
    for raw in (m.group(f"cur{i}"), m.group(f"unit{i}")):
        w = (raw or "").strip().lower()
        if w:
            found = next((unit for rx, unit in lang.units if rx.fullmatch(w)), None)
            if found is not None:
                return found
    return None


# --- the figure in the parse -------------------------------------------------------------------------------------


def parent(tok: Token) -> Token | None:
    """A token's head; None for a sentence root (spaCy makes a root its own head)."""
    return None if tok.head.i == tok.i else tok.head


def children(tok: Token, lang: Language) -> list[Token]:
    return [c for c in tok.children if not (lang.skip_space and c.pos_ == "SPACE")]


def next_word(doc: Doc, fig: Figure, lang: Language) -> Token | None:
    following = _words_after(doc, len(doc), fig, lang, 1)
    return following[0] if following else None


def _words_after(doc: Doc, limit: int, fig: Figure, lang: Language, n: int) -> list[Token]:
    out: list[Token] = []
    i = fig.tokens[-1].i + 1
    while i < limit and len(out) < n:
        if not (lang.skip_space and doc[i].pos_ == "SPACE"):
            out.append(doc[i])
        i += 1
    return out


def _place(doc: Doc, fig: Figure, lang: Language) -> None:
    """The figure's tokens and root in the parse."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    tokens = [t for t in span if not (lang.skip_space and t.pos_ == "SPACE")]
    if lang.whole_words:
        tokens = [t for t in tokens if fig.start <= t.idx and t.idx + len(t) <= fig.end] or tokens
    if not tokens:
        return
    fig.tokens = tokens
    if lang.root_last_outer:
        inside = {t.i for t in tokens}
        outer = [t for t in tokens if parent(t) is None or t.head.i not in inside]
        fig.root = outer[-1] if outer else tokens[-1]
    else:
        fig.root = span.root
    if fig.bound == "up to" and lang.reached_after is not None:
        verb = parent(fig.root)
        if verb is not None and verb.pos_ == "VERB" and lang.reached_after.match(verb.lemma_):
            fig.bound = None  # "повысил ставку до 21%": the value reached


def verb_above(tok: Token, lang: Language) -> Token | None:
    """The verb a token completes ("grew by 1.4%" -> grew), within the language's reach."""
    for k, anc in enumerate(tok.ancestors):
        if lang.verb_reach is not None and k >= lang.verb_reach:
            return None
        if anc.pos_ in lang.verb_tags:
            return anc
    return None


def _subject_head(doc: Doc, sent: Span, fig: Figure, lang: Language) -> tuple[Token | None, str, Token | None]:
    """The token naming what the figure counts, how it was found (counted/of/noun/verb/by), and the verb
    the figure completes."""
    root = fig.root
    assert root is not None
    inside = {t.i for t in fig.tokens}
    if fig.unit in lang.counted_units:
        # the noun it quantifies: "88,726 confirmed deaths", "2.5% growth", "10 тыс. человек"
        h = parent(root)
        if h is not None and h.i > root.i and h.i not in inside and _quantifies(root, h, lang):
            return h, "counted", verb_above(h, lang)
        if fig.unit is None:
            # "88,726 confirmed Russian combat deaths": the noun after a run of modifiers
            limit = sent.end if lang.window_in_sentence else len(doc)
            after = _words_after(doc, limit, fig, lang, lang.after_window)
            if after and lang.first_after(after[0]):
                for t in after:
                    if lang.counted_after(t):
                        return t, "counted", verb_above(t, lang)
                    if not lang.modifier(t):
                        break
    verb = verb_above(root, lang)
    amount = lang.amount_of(fig, root, inside, verb)  # "$300 billion in reserves", "200 млрд евро активов"
    if amount is not None:
        return amount, "of", verb
    # climb to the noun the figure measures or the verb it completes
    cur, preposition = root, None
    for step in range(lang.climb):
        h = parent(cur)
        if h is None:
            break
        word = lang.through(cur, h, inside)
        if word is not None:
            preposition, cur = preposition or word, h
            continue
        if lang.governs(cur, h, step, inside):
            return h, "noun", verb
        if h.pos_ in VERBS:
            marker = lang.change_marker(root) if lang.change_marker is not None else preposition
            how = "by" if marker == lang.by_word else "verb"  # "cut port fees by 15%": a change
            arg = _argument(h, inside, lang)
            return (arg, how, verb) if arg is not None else (None, "", verb)
        if lang.passes is not None and h.pos_ not in lang.passes:
            break
        cur = h
    return None, "", verb


def _quantifies(figure_root: Token, noun: Token, lang: Language) -> bool:
    counted = noun.pos_ in NOUNS or noun.lemma_ in lang.counted_lemmas
    return counted and figure_root.dep_.startswith(lang.quantifier_deps)


def _argument(verb: Token, inside: set[int], lang: Language) -> Token | None:
    """What a verb's figure measures: its object, else its subject (or its head verb's)."""
    kids = children(verb, lang)
    obj = next(
        (c for c in kids
         if c.dep_ in lang.object_deps and c.i not in inside and c.pos_ in NOUNS
         and c.ent_type_ not in NUMERIC_ENTITIES),
        None,
    )  # fmt: skip
    if obj is not None:
        return obj
    subj = next((c for c in kids if c.dep_.startswith("nsubj") and not (lang.subject_outside and c.i in inside)), None)
    up = parent(verb)
    borrows = up is not None and (lang.parent_verbs is None or up.pos_ in lang.parent_verbs)
    if subj is None and verb.dep_ in ("xcomp", "conj", "ccomp") and up is not None and borrows:
        subj = next((c for c in children(up, lang) if c.dep_.startswith("nsubj")), None)
    if subj is not None and (lang.subject_tags is None or subj.pos_ in lang.subject_tags):
        return subj
    return None


# --- the claim -----------------------------------------------------------------------------------------------------


def _claim(
    ctx: ClaimLookups,
    doc: Doc,
    sent: Span,
    bounds: tuple[int, int],
    fig: Figure,
    lang: Language,
    previous: ClaimMention | None,
    figures: list[Figure],
    published: str | None,
) -> ClaimMention | None:
    _place(doc, fig, lang)
    if fig.root is None:
        return None
    head, how, verb = _subject_head(doc, sent, fig, lang)
    unit = fig.unit
    if head is not None and _is_person(ctx, head):
        return None  # "Trump understands 100%": an adverb of degree, not a quantity
    if head is not None and verb is not None and head.lemma_ in lang.people_of_generic:
        # "число погибших превысило 1 000 человек": people, counted as what the generic subject names
        subj = next((c for c in children(verb, lang) if c.dep_.startswith("nsubj")), None)
        if subj is not None and lang.generic(subj) and (of := lang.of_noun(subj)) is not None:
            head, unit = of, "people"
    generic = False
    if head is not None and lang.generic(head):
        of = lang.of_noun(head)
        if of is not None and lang.generic_sizes_parent and any(of.i == t.i for t in fig.tokens):
            up = parent(head)  # "активы на сумму 300 млрд долларов": the noun it sizes
            of = up if up is not None and up.pos_ in NOUNS else None
        if of is None:
            generic = True  # "the number may be as high as 120,000": the figure before tells
        else:
            head = of  # "the amount of aid", "число погибших": what is counted is the of-noun
            if unit is None and lang.of_names_unit:
                unit = _counted_unit(head, lang)
    if head is not None and not generic and head.pos_ == "PRON" and lang.pronouns_name_nothing:
        return None  # "he pays $10,000", "who lost $12 billion": no counted thing named
    same_sentence = previous is not None and previous.start == bounds[0]
    sibling = lang.conjuncts_inherit and fig.root.dep_ == "conj" and same_sentence  # "X% and Y%"
    inherited = previous if (generic and (lang.inherit_across_sentences or same_sentence)) or sibling else None
    if head is not None and how == "counted" and unit is None and not generic:
        unit = _counted_unit(head, lang)
        if lang.durations_qualify and _duration_of_noun(head, lang):
            unit, head = lang.time_units[head.lemma_.lower()], head.head  # "a 30-day pause": how long the pause is
    if inherited is not None:
        subject, measure, holders = inherited.subject, inherited.measure, inherited.holders
        if generic:
            unit = unit or inherited.unit  # "the number may be as high as 120,000": still people
    elif head is not None and not generic:
        if not _names_a_quantity(ctx, head, lang):
            return None
        subject, measure = _describe(doc, head, fig, how, verb, lang)
        holders = _holders(ctx, head, verb, lang)
    else:
        return None
    if unit is None and measure in lang.families:
        unit = FAMILY_UNIT  # "the death toll rose to 75"
    if unit is None:
        return None  # a bare number: an index, a count of something unnamed
    quote = ctx.quote_holding(fig.start, fig.end)
    start, end = bounds
    sentence = doc_text(doc)[start:end]
    hedged = bool(
        fig.bound in ("up to", "about")
        or lang.hedges.search(lang.hedge_scope(sent, sentence))
        or (quote is not None and quote.hedged)
    )
    return ClaimMention(
        start=start,
        end=start + len(sentence.rstrip()),
        number_start=fig.start,
        number_end=fig.end,
        subject=subject,
        measure=measure,
        value=fig.value,
        value_max=fig.value_max,
        unit=unit,
        as_of=_as_of(doc_text(doc), bounds, fig, ctx.times, published, figures, lang),
        status=_status(sent, sentence, fig, head, lang),
        bound=fig.bound,
        hedged=hedged,
        speaker=quote.speaker if quote else None,
        holders=holders,
    )


def _names_a_quantity(ctx: ClaimLookups, head: Token, lang: Language) -> bool:
    """Whether the head can name what a figure measures. A name is who holds a figure, not what it
    is ("3% of MSNBC viewers" read as "msnbc", "69% of GOP" as "gop"), unless it is the subject of
    the verb that names the measure ("The U.S. exported $130 billion": export); and a bare unit of
    time is how long or how old something unnamed is ("for two weeks", "women aged 30 to 40"),
    unless the verb's subject says what lasts ("the truce will hold for 60 days": truce duration).
    Otherwise the figure is not reported rather than reported as nonsense."""
    named = any(m.type != "DATE" for m in ctx.mentions.holding(head.idx))
    if named and not (head.dep_.startswith("nsubj") and head.head.pos_ in VERBS):
        return False
    if head.lemma_.lower() in lang.bare_units:
        return False  # "50 cents", "five points": a unit, not what it measures
    return head.lemma_.lower() not in lang.time_units or _lasting(head, lang) is not None


def _lasting(head: Token, lang: Language) -> Token | None:
    """The noun whose duration a bare time unit gives: the subject of the verb it completes."""
    verb = head.head if head.dep_ in ("pobj", "dobj", "npadvmod", "obl", "obj") else None
    if verb is not None and verb.pos_ == "ADP":
        verb = verb.head
    if verb is None or verb.pos_ not in VERBS:
        return None
    subj = next((c for c in verb.children if c.dep_.startswith("nsubj") and c.pos_ == "NOUN"), None)
    return None if subj is None or lang.people(subj) else subj  # "people waited 24 hours": no thing lasts


def _duration_of_noun(head: Token, lang: Language) -> bool:
    return (
        head.lemma_.lower() in lang.time_units
        and head.dep_ in ("compound", "amod", "nmod")
        and (head.head.pos_ == "NOUN")
    )


def _is_person(ctx: ClaimLookups, tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or any(m.type == "PERSON" for m in ctx.mentions.holding(tok.idx))


def _counted_unit(noun: Token, lang: Language) -> str | None:
    if lang.people(noun):
        return "people"
    lemma = noun.lemma_.lower()
    if lemma in lang.time_units:
        return lang.time_units[lemma]
    return lang.count_of(noun)  # "2.5% growth" has its unit already; a singular noun is not a count


def _describe(doc: Doc, head: Token, fig: Figure, how: str, verb: Token | None, lang: Language) -> tuple[str, str]:
    """Readable subject (the head's noun phrase, without the figure and status words) and measure."""
    subject = lang.phrase(doc, head, fig, how)
    forms, modifiers = lang.family_words(head)
    family = next((f for f, words in lang.families.items() if any(w in words for w in forms)), None)
    if family is None and any(w in lang.families["casualties"] for w in modifiers):
        family = "casualties"  # "wounded soldiers", "погибших людей"
    family = lang.refine_family(head, fig, family)
    measure = family or lang.name(head, fig)
    if head.lemma_.lower() in lang.time_units and (what := _lasting(head, lang)) is not None:
        measure, subject = f"{what.lemma_.lower()} duration", f"{what.text} ({subject})"  # "truce duration"
    if how == "by" and verb is not None:
        kind = "growth" if verb.lemma_.lower() in lang.growth_verbs else "change"
        measure, subject = f"{measure} {kind}", f"{subject} ({lang.change_words[kind]})"
    return subject, measure


def join_words(doc: Doc, tokens: list[Token], lang: Language) -> str:
    """Words as written: the text between two that follow each other, else one space."""
    out = ""
    for t, nxt in itertools.zip_longest(tokens, tokens[1:]):
        out += t.text
        if nxt is None:
            break
        adjacent = all(lang.skip_space and w.pos_ == "SPACE" for w in doc[t.i + 1 : nxt.i])
        out += doc_text(doc)[t.idx + len(t) : nxt.idx] if adjacent else " "
    return out.strip()


def _holders(ctx: ClaimLookups, head: Token, verb: Token | None, lang: Language) -> list[str]:
    """Countries and organisations the figure belongs to: named in its noun phrase or the clause subject."""
    if lang.clause_of_head:
        verb = next((t for t in [head, *head.ancestors] if t.pos_ in VERBS), None)
    regions = [subtree_extent(head)]
    if verb is not None and not head.dep_.startswith("nsubj"):
        # "Russia has suffered ... 800,000 casualties", "the US sent 5,000 troops": the clause subject
        subj = next((c for c in children(verb, lang) if c.dep_.startswith("nsubj")), None)
        if subj is not None:
            regions.append(subtree_extent(subj))
    # places named anywhere in the figure's clause ("about 200 protesters chanted ... in Chicago")
    clause = subtree_extent(verb) if verb is not None and lang.places_in_clause else None
    spans = regions + ([clause] if clause is not None else [])
    out: list[str] = []
    # only mentions starting inside these spans can be inside them
    for m in ctx.mentions.starting_in(min(a for a, _b in spans), max(b for _a, b in spans)):
        inside = any(a <= m.start and m.end <= b for a, b in regions)
        in_clause = clause is not None and m.type in ("GPE", "LOC") and clause[0] <= m.start and m.end <= clause[1]
        if m.type not in ("GPE", "ORG", "NORP", "LOC") or not (inside or in_clause):
            continue
        name = lang.demonym(m.text) if m.type == "NORP" and lang.demonym else ctx.names.get(m.local, m.name)
        if name and name not in out:
            out.append(name)
    return out


def _status(sent: Span, sentence: str, fig: Figure, head: Token | None, lang: Language) -> str | None:
    """From the cue words around the figure, then the verbs it depends on."""
    scope = lang.status_scope(sent, sentence, fig, head)
    for status, cue in lang.status_cues:
        if cue.search(scope):
            return status
    if lang.status_verbs and fig.root is not None:
        verbs = {t.lemma_.lower() for t in fig.root.ancestors if t.pos_ == "VERB"}
        return next((status for status, lemmas in lang.status_verbs if verbs & lemmas), None)
    return None


def _as_of(
    text: str,
    sent: tuple[int, int],
    fig: Figure,
    times: ByStart[TimeExpr],
    published: str | None,
    figures: list[Figure],
    lang: Language,
) -> str | None:
    """The date that goes with the figure: a date after it ("$50 billion in 2023") unless another figure
    comes between them, else the nearest one before it; a bound ("since 2022") is not an as-of date."""
    best: tuple[int, str] | None = None
    for t in times.starting_in(sent[0], sent[1]):
        if t.type != "DATE" or not t.value or not (sent[0] <= t.start and t.end <= sent[1]):
            continue
        if lang.date_bound.search(text[max(sent[0], t.start - 20) : t.start]):
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
