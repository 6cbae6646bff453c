"""Event candidates of one article, in any language: who met, called, visited, agreed, decided — and
when, where. The algorithm lives here once; `en.py` and `ru.py` hold a `Language`: trigger lemmas,
prepositions, dependency labels and a few small hooks, so a fix to the rules is made once and a new
language is one small module.

Per sentence, the most informative trigger (a verb or an event noun, found by lemma) gives the type:
calls before meetings before visits ..., and an event a light verb reports ("the talks were held",
"переговоры прошли") before any other. The sentence's resolved dates give the date — never the
publication date: a sentence without a date gives an undated event, kept only when a past-tense verb
asserts it (a statement needs a date to the day). Participants are the people, organisations and
countries named in the trigger's clause (else in the sentence) outside quotation marks; the place is
a place named after the language's locative prepositions ("in", "в"), or what was visited. Shapes
news uses to pack several events in one sentence:

* a light verb takes its type from its subject ("the meeting was held") or object ("held talks"),
  and an ordinal subject ("The first was held in Istanbul on Feb. 27") from the event noun of the
  previous sentences, whose participants it also inherits;
* one trigger that can denote several events (a plural noun, a light verb, an imperfective verb)
  with several dates gives one event per date, each with the place named next to its date;
* a nationality that modifies a group noun ("the Russian and American delegations") is that country
  as a participant.

Where today's two languages still differ in a rule (the `Language` flags below), the difference is
kept as it was, so that splitting the code did not change a single event.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from storyline.extract.furniture import is_furniture
from storyline.extract.references import People, PronounRules
from storyline.extract.spans import ByStart, Regions, quoted_regions, subtree_extent
from storyline.model import EventMention, Extraction, LocalEntity, Mention
from storyline.nlp import doc_text
from storyline.text.timex.core import TimeExpr

TYPE_GROUP = {"talks": "meeting"}
PRIORITY = ["call", "meeting", "visit", "talks", "agreement", "decision", "sanction", "appointment", "election",
            "attack", "publication", "statement"]  # fmt: skip
# a date, a range of dates, or a day with TimeML's part of day ("2000-01-05TNI": that day)
_DATE_VALUE = re.compile(r"^(\d{4}(?:-\d\d(?:-\d\d)?)?)(?:T(?:MO|AF|EV|NI))?(?:/(\d{4}(?:-\d\d(?:-\d\d)?)?))?$")
_WORD_POS = ("VERB", "NOUN", "PROPN")
_VERBS = frozenset({"VERB", "AUX"})

Place = tuple[int, int, int]  # start, end, local entity
InClause = Callable[[Mention], bool]


Link = tuple[int, int, int, int, int]  # a pronoun party: local, pronoun start, end, naming mention start, end


def _pronoun_party(ctx: Article, head: Token) -> Link | None:
    """The person a subject pronoun of the trigger's clause refers to ("He met Lavrov"), with the
    pronoun and the mention that decided, as the link's evidence."""
    lang = ctx.lang
    if lang.pronoun_rules is None:
        return None
    subj = next((c for c in head.children if c.dep_ in lang.subject_deps and c.lower_ in lang.pronouns), None)
    if subj is None:
        return None
    if ctx.people is None:
        sents = [(s.start_char, s.end_char) for s in ctx.doc.sents]
        ctx.people = People(ctx.doc, ctx.ex, lang.pronoun_rules, sents, ctx.quoted, ctx.mentions)
    m = ctx.people.salient(subj.idx, lang.pronouns[subj.lower_])
    return (m.local, subj.idx, subj.idx + len(subj.text), m.start, m.end) if m is not None else None


DatePlace = Literal["after", "before", "stretch"]


@dataclass(frozen=True)
class Language:
    """What differs between languages; `extract_events` is the same for all of them."""

    # --- words, by lemma (lower case)
    triggers: dict[str, str]  # lemma -> event type
    light_verbs: frozenset[str]  # their subject names the event ("the meeting was held", "встреча прошла")
    hold_verbs: frozenset[str]  # their object names it ("held talks", "провели переговоры"), if no subject does
    statement_nouns: frozenset[str]  # the nouns that are statements (the other statement triggers are verbs)
    ordinals: frozenset[str]  # "the second was held": the event noun of the previous sentences
    place_prepositions: frozenset[str]  # "in Vienna", "в Вене": where it happened
    topic_prepositions: frozenset[str]  # "talks on Ukraine", "переговоры об Украине": what it was about
    response_prepositions: frozenset[str]  # "responded to the report", "обратился к докладу": what a verb answers
    place_types: frozenset[str]  # mention types that can be where something happened
    bound: re.Pattern[str]  # "until", "до" right before a date: a bound of something else, not the date
    verb_types: dict[str, str] = field(default_factory=dict)  # a verb that is another type than its noun
    target_prepositions: dict[str, frozenset[str]] = field(default_factory=dict)  # type -> "удар по Киеву"
    negations: frozenset[str] = frozenset()  # a child of the trigger that cancels the event ("не")
    unasserted: frozenset[str] = frozenset()  # auxiliaries that keep a past verb from asserting it (would, not)
    # --- dependency labels
    subject_deps: tuple[str, ...] = ("nsubj",)
    object_deps: tuple[str, ...] = ("obj",)
    auxiliary_deps: tuple[str, ...] = ()  # where `unasserted` words hang
    relative_clause: tuple[str, frozenset[str]] = ("", frozenset())  # ("relcl", {"that"}): the noun it modifies
    date_types: frozenset[str] | None = None  # time expression types that can date an event (None: any)
    # --- small hooks
    refine: Callable[[Article, Token, str], str | None] = lambda _ctx, _tok, typ: typ  # checks a lemma needs
    argument_type: Callable[[Article, Token], str | None] | None = None  # a light verb's argument (None: as a word)
    asserting_verb: Callable[[Token], Token | None] = lambda tok: tok  # the verb that asserts a trigger word
    clause_head: Callable[[Token], Token] = lambda tok: tok  # the head of the trigger's clause
    in_clause: Callable[[Article, Token], InClause] | None = None  # which mentions are in that clause
    mention_root: Callable[[Article, Mention], Token | None] | None = None
    prepositions: Callable[[Token], set[str]] = lambda _root: set()  # the prepositions that govern a mention
    names_country: Callable[[Mention], bool] = lambda _m: False
    other_party: Callable[[Article, Mention], int | None] = lambda _ctx, _m: None  # "Russian" of a delegation ...
    extra_parties: Callable[[Article, Span], list[int]] = lambda _ctx, _sent: []  # ... or words that are no mention
    sentence_bounds: Callable[[Span], tuple[int, int]] = lambda sent: (sent.start_char, sent.end_char)
    # --- where the two languages' rules still differ
    trigger_is_verb: bool = False  # the reported trigger of "the talks were held" is "held" (else "talks")
    quoted_places: bool = True  # a place inside a quotation can be where the event happened
    places_in_clause: bool = False  # a place must be in the trigger's clause
    antecedent_ordinal_first: bool = False  # "the second meeting" before a later event noun of the sentence
    antecedent_parties: bool = False  # an elliptical event inherits the parties named in its noun's phrase
    quoted_antecedents: bool = True  # an event noun inside a quotation can be referred back to
    distinct_dates: bool = False  # one event per distinct date; a coarser date around a finer one is context
    own_statement_times: bool = False  # a statement's date hangs on its verb in the parse (else: any day)
    date_places: tuple[DatePlace, ...] = ("after", "before")  # where a date's own place is looked for, in order
    stretch_break: re.Pattern[str] = re.compile(r"[,;]")  # what ends a date's stretch of the sentence
    # "He met Lavrov": a subject pronoun (-> the gender its person must not contradict) is a party,
    # resolved by the salience rules of `references` with these language rules
    pronouns: Mapping[str, str] = field(default_factory=dict)
    pronoun_rules: PronounRules | None = None
    # --- what the sentence says of its event (`_status`): lemma -> status, of the trigger or a word
    # that governs it ("cancelled the visit", "proposed talks", "are expected to meet"), and the
    # auxiliaries of its verb ("will meet": scheduled; "may meet": speculated)
    status_words: Mapping[str, str] = field(default_factory=dict)
    # the occasion that makes a statement a happening even undated ("in a statement", "told reporters")
    occasion: re.Pattern[str] | None = None
    occasion_of: Callable[[Token], bool] = lambda _verb: False  # ... or what the speech verb governs ("told CNN")
    # a verb form that tells of what had happened before the story's time ("had met"): background
    recalled: Callable[[Token], bool] = lambda _verb: False
    status_auxiliaries: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Trigger:
    typ: str
    word: Token  # the token that names the event (the noun of "the talks were held")
    verb: Token | None  # the verb that asserts it: the trigger itself, or the light verb
    light: bool
    elliptical: bool
    tok: Token  # the trigger as reported


class Article:
    """One article's lookups for the event rules: quotations (`Regions`), mentions and times by
    offset (`ByStart`, which also sees the country mentions this stage adds), and the article's
    countries by name. Listing every mention and time for every sentence, and every quotation for
    every token, made a long article quadratic."""

    def __init__(self, doc: Doc, ex: Extraction, times: list[TimeExpr], lang: Language) -> None:
        self.doc, self.ex, self.lang = doc, ex, lang
        self.text = doc_text(doc)
        self.quoted = Regions(quoted_regions(self.text))
        self.mentions = ByStart(ex.mentions)
        self.times = ByStart(times)
        self.countries: dict[str, int] = {}  # name -> local entity of the first GPE entity so named
        for e in ex.entities:
            if e.type == "GPE":
                self.countries.setdefault(e.name, e.local)
        self.last_local = max((e.local for e in ex.entities), default=-1)
        self.memo: dict[str, object] = {}  # what a language's hooks compute once per article
        self.people: People | None = None  # built when a pronoun needs it
        self._starts: list[int] | None = None

    def country(self, name: str) -> int:
        """The local entity of the country `name`, added to the article's entities if it has none."""
        if name not in self.countries:
            self.last_local += 1
            self.countries[name] = self.last_local
            self.ex.entities.append(LocalEntity(self.last_local, "GPE", name))
        return self.countries[name]

    def tokens_starting_in(self, start: int, end: int) -> list[Token]:
        """The tokens that start inside a character range (by binary search over the token starts)."""
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [self.doc[i] for i in range(lo, hi)]


def extract_events(doc: Doc, ex: Extraction, times: list[TimeExpr], lang: Language) -> list[EventMention]:
    """The article's event candidates, in reading order; may add the countries that nationality
    words name to `ex` (entities and mentions)."""
    if len(doc) == 0:
        return []
    ctx = Article(doc, ex, times, lang)
    events: list[EventMention] = []
    recent: list[EventMention] = []  # events of the previous sentences, for elliptical subjects
    antecedent: tuple[str | None, list[int]] = (None, [])  # event noun and the parties of its phrase
    for sent in doc.sents:
        made = _sentence_events(ctx, sent, antecedent, recent)
        if made:
            events += made
            recent = (recent + made)[-4:]
        antecedent = _antecedent(ctx, sent, antecedent)
    return events


def _sentence_events(
    ctx: Article, sent: Span, antecedent: tuple[str | None, list[int]], recent: list[EventMention]
) -> list[EventMention]:
    lang = ctx.lang
    start, end = lang.sentence_bounds(sent)
    if is_furniture(ctx.text, start, end):
        return []
    dates = [
        t
        for t in ctx.times.starting_in(start, end)
        if (lang.date_types is None or t.type in lang.date_types) and _DATE_VALUE.match(t.value or "")
    ]
    # "until March 3" bounds something else; "after the March 3 meeting" dates the meeting (`_phrase_times`)
    s_times = [t for t in dates if not _bound(ctx, t)]
    s_mentions = [m for m in ctx.mentions.starting_in(start, end) if m.local >= 0]
    found = _trigger(ctx, sent, antecedent[0])
    if found is None:
        return []
    events = _trigger_events(ctx, sent, found, s_times, s_mentions, antecedent, recent, dates)
    nouns = _dated_nouns(ctx, sent, found, dates)
    others = [(t, s_times) for t in _coordinated(ctx, found)] + nouns
    if found.typ != "statement":  # "X said on Monday that the Senate passed the bill": the saying too
        taken = {found.word.i, *([found.verb.i] if found.verb is not None else []), *(o.word.i for o, _ in others)}
        others += [(t, s_times) for t in _statement_verbs(ctx, sent, taken)]
    root = sent.root
    # "Keller visited Oslo on March 5, ahead of the summit on March 20": the main verb's own event too
    main_noun = found.word.pos_ == "NOUN" and not found.light
    root_type = word_type(ctx, root) if main_noun and root.i != found.word.i else None
    if root_type is not None and root_type != "statement" and root.idx not in ctx.quoted:
        taken = {id(t) for _n, ts in nouns for t in ts} | {id(t) for t in _phrase_times(ctx, found.word, dates)}
        rest = [t for t in s_times if id(t) not in taken]
        others.append((_make(ctx.lang, root_type, root, ctx.lang.asserting_verb(root), False, False), rest))
    for extra, times in others:
        made = _trigger_events(ctx, sent, extra, times, s_mentions, (None, []), [], times)
        events += [e for e in made if not any((x.type, x.date) == (e.type, e.date) for x in events)]
    return sorted(events, key=lambda e: (e.start, e.trigger))


def _statement_verbs(ctx: Article, sent: Span, taken: set[int]) -> list[_Trigger]:
    """The speech verbs of a sentence whose main trigger is another event ("X said on Monday that the
    Senate passed the bill", "Y, who told reporters Tuesday that ..., met Z"), but for the tokens
    already `taken` as triggers: each may be a statement of its own; `_trigger_events` keeps those
    with a day or an occasion."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in taken or tok.idx in ctx.quoted:
            continue
        if word_type(ctx, tok) == "statement":
            out.append(_make(ctx.lang, "statement", tok, tok, light=False, elliptical=False))
    return out


def _time_verb(ctx: Article, t: TimeExpr) -> Token | None:
    """The verb a time is said of: the nearest verb above its first word (None: it starts no token)."""
    toks = ctx.tokens_starting_in(t.start, t.end)
    return governing(toks[0], _VERBS, top=True) if toks else None


def _own_time(ctx: Article, verb: Token, t: TimeExpr) -> bool:
    """Is this time said of the verb itself ("said Monday", "told reporters on Tuesday") rather than of
    a clause under it ("said that the vote was held Monday")? The nearest verb above the time's first
    word is the verb."""
    said_of = _time_verb(ctx, t)
    own = governing(verb, _VERBS, top=True)  # a statement noun's verb ("gave a speech on Wednesday")
    # ... or the verb whose complement it is ("was asked the next day to respond")
    verbs = {own.i, own.head.i} if own.dep_ == "xcomp" else {own.i}
    return said_of is not None and said_of.i in verbs


def _speakers(ctx: Article, word: Token, mentions: list[Mention]) -> list[Mention]:
    """Who made a statement: the subject of its verb ("Lee said", "Lee gave a speech"), or for a
    statement noun the names in its own phrase ("the speech by Michelle Obama", "Obama's address") —
    not everyone the sentence names."""
    if word.pos_ != "VERB":
        lo, hi = subtree_extent(word)
        own = [m for m in mentions if lo <= m.start < hi]
        if own:
            return own
    verb = governing(word, _VERBS, top=True)
    return [m for m in mentions if _in_subject(ctx.lang, verb, m)]


def _said_on(ctx: Article, t: TimeExpr, head: Token) -> bool:
    """Is this the time of a saying whose content the event is ("told reporters on Monday that they
    met")? Not of one that qualifies the event ("the refusal, announced on February 13")."""
    verb = _time_verb(ctx, t)
    return verb is not None and verb.i != head.i and word_type(ctx, verb) == "statement" and head in verb.subtree


def _in_subject(lang: Language, verb: Token, m: Mention) -> bool:
    """Does the mention name the verb's subject ("Senator Ann Lee said", "Lee and Ortiz said", "said
    the Kremlin's spokesman": the Kremlin)? The one who speaks — not the people spoken of, nor those an
    apposition names ("Lee, an official of the Georgia office, said")."""
    heads = [c for c in verb.children if c.dep_ in lang.subject_deps]
    if not heads and verb.dep_ in ("advcl", "xcomp", "conj"):  # "criticized X, tweeting that ...": X's critic
        heads = [c for c in verb.head.children if c.dep_ in lang.subject_deps]
    heads += [g for h in heads for g in h.conjuncts]
    heads += [c for h in heads for c in h.children if c.dep_ in ("poss", "compound")]
    return any(m.start <= h.idx < m.end for h in heads)


def _dated_nouns(
    ctx: Article, sent: Span, found: _Trigger, s_times: list[TimeExpr]
) -> list[tuple[_Trigger, list[TimeExpr]]]:
    """Event nouns other than the main trigger that carry a date of their own in their phrase ("after
    the March 3 meeting in Vienna, ...", "the summit on July 16"): each is an event of its own, dated
    by that date only."""
    out = []
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.i == found.word.i or tok.idx in ctx.quoted:
            continue
        typ = word_type(ctx, tok)
        if typ is None or _topic_of_verb(ctx, tok):
            continue
        own = _phrase_times(ctx, tok, s_times)
        if own:
            out.append((_make(ctx.lang, typ, tok, None, light=False, elliptical=False), own))
    return out


def _phrase_times(ctx: Article, noun: Token, times: list[TimeExpr]) -> list[TimeExpr]:
    """The times inside a noun's own phrase ("the March 3 meeting", "the summit on July 16"); after
    the noun, one a bound introduces is not its date ("the truce until March 30")."""
    lo, hi = subtree_extent(noun)
    return [
        t for t in times if lo <= t.start and t.end <= hi
        and (t.end <= noun.idx or not _bound(ctx, t))
    ]  # fmt: skip


def _bound(ctx: Article, t: TimeExpr) -> bool:
    """Does a bound word stand right before this time ("until March 3", "до 27 февраля")?"""
    return ctx.lang.bound.search(ctx.text[max(0, t.start - 12) : t.start]) is not None


def _coordinated(ctx: Article, found: _Trigger) -> list[_Trigger]:
    """Events the sentence reports in verbs coordinated with its main one ("met Trump on Monday and
    signed an agreement", "spoke by phone and agreed to meet"): each verb of the conjunction that
    names an event of its own is a trigger of its own. Verbs under the main one's (what someone said,
    what they hoped) are not: they are its content."""
    lang = ctx.lang
    anchor = found.verb if found.verb is not None else found.word
    head = lang.clause_head(anchor)
    members = {head.i}
    frontier = [head]
    while frontier:  # the conjunction the main verb is part of, up and down its conj links
        t = frontier.pop()
        near = [c for c in t.children if c.dep_ == "conj"] + ([t.head] if t.dep_ == "conj" else [])
        for n in near:
            if n.i not in members and n.pos_ in ("VERB", "AUX"):
                members.add(n.i)
                frontier.append(n)
    out = []
    for i in sorted(members - {head.i, anchor.i}):
        tok = ctx.doc[i]
        if tok.idx in ctx.quoted or (typ := word_type(ctx, tok)) is None:
            continue
        out.append(_make(lang, typ, tok, lang.asserting_verb(tok), light=False, elliptical=False))
    return out


def _trigger_events(
    ctx: Article,
    sent: Span,
    found: _Trigger,
    s_times: list[TimeExpr],
    s_mentions: list[Mention],
    antecedent: tuple[str | None, list[int]],
    recent: list[EventMention],
    dates: list[TimeExpr],
) -> list[EventMention]:
    """The events one trigger of the sentence reports: dated by the sentence's times (`dates`: all of
    them, bounds included, for the dates in an event noun's own phrase), with the parties of its
    clause (else of the sentence), its place and what became of it."""
    lang = ctx.lang
    start, end = lang.sentence_bounds(sent)
    if _negated(lang, found):
        return []
    anchor = found.verb if found.verb is not None else found.word
    assert lang.in_clause is not None
    in_clause = lang.in_clause(ctx, lang.clause_head(anchor))
    own = [t for t in s_times if in_clause(t)]  # type: ignore[arg-type]  # (a time has a start as a mention has)
    # "called X on March 3 and visited Geneva on March 5": each verb its own date; the day something was
    # said is not the date of what was said ("told reporters on Monday that they met")
    s_times = own or [t for t in s_times if not _said_on(ctx, t, lang.clause_head(anchor))]
    if found.word.pos_ == "NOUN" and not found.light and (phrase := _phrase_times(ctx, found.word, dates)):
        s_times = phrase  # "after the March 3 meeting, ... on March 5": the noun's own date
    if found.typ == "statement":
        # a statement is dated by when it was made ("said Monday", "told reporters last month", "in an April
        # interview"), a time of the speech verb's own clause: "said that the vote was held on Monday" dates
        # the content; where the parse cannot tell (the language says so), a day of the sentence
        if lang.own_statement_times:
            s_times = [t for t in s_times if _own_time(ctx, anchor, t)]
        else:
            s_times = [t for t in s_times if (d := _DATE_VALUE.match(t.value or "")) and len(d[1]) == 10]
    if found.typ == "statement" and not s_times:
        said = lang.occasion is not None and lang.occasion.search(ctx.text, start, end) is not None
        if not said and not (found.word.pos_ == "VERB" and lang.occasion_of(found.word)):
            return []  # "X said": a quote, not a happening; "X said in a statement" is one, dated or not
    elif not s_times and not (found.elliptical or _asserted_past(lang, found)):
        return []  # an undated topic ("the negotiation process"): no timeline entry
    if found.typ == "statement":
        participants = _parties(ctx, _speakers(ctx, found.word, s_mentions))
    else:
        participants = _parties(ctx, [m for m in s_mentions if in_clause(m)]) or _parties(ctx, s_mentions)
    for party in lang.extra_parties(ctx, sent):
        if party not in participants:
            participants.append(party)
    link = _pronoun_party(ctx, lang.clause_head(anchor))
    links = [link] if link is not None else []
    if link is not None and link[0] not in participants:
        participants.insert(0, link[0])
    places = _places(ctx, s_mentions, found, in_clause)
    participants = [p for p in participants if p not in {pl for _s, _e, pl in places}]
    if found.elliptical:  # "The first was held ...": the parties of the phrase it refers back to
        same = [e for e in recent if TYPE_GROUP.get(e.type, e.type) == TYPE_GROUP.get(found.typ, found.typ)]
        inherited = antecedent[1] or (same[-1].participants if same else [])
        participants += [p for p in inherited if p not in participants]
    if not participants and (not places or found.typ == "statement"):
        return []  # "talks were held", "a decision": no one and nowhere tells a reader nothing; nor a voice
    events = _dated_events(ctx, found, (start, end), s_times, places, participants)
    status = _status(lang, found)
    recalled = lang.recalled(found.verb) if found.verb is not None else False
    for e in events:
        e.links = [k for k in links if k[0] in e.participants]
        e.status = status
        e.background = recalled
    return events


STATUS_REACH = 3  # how many heads up from the trigger a governing word can say what became of it


def _status(lang: Language, trig: _Trigger) -> str:
    """Whether the sentence reports its event as done or as scheduled, proposed, speculated,
    cancelled or denied: the first word from the trigger up its heads (its verb, then what governs
    that: "the talks were cancelled", "Putin proposed a meeting", "they are expected to meet") or
    an auxiliary of one ("will meet", "may meet") that the language lists. Past that reach a word
    speaks of something else ("said on Monday that the meeting ...": the saying, not the meeting).
    A future tense the parse marks (Russian "встретятся") is scheduled."""
    chain = [trig.word]
    if trig.verb is not None and trig.verb.i != trig.word.i:
        chain.append(trig.verb)
    while len(chain) < STATUS_REACH + 1 and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    for w in chain:
        said = lang.status_words.get(w.lemma_.lower())
        if said is not None and w.i != trig.word.i:
            return said
        for c in w.children:
            if c.dep_ in lang.auxiliary_deps and c.lower_ in lang.status_auxiliaries:
                return lang.status_auxiliaries[c.lower_]
        if w.pos_ in ("VERB", "AUX") and "Fut" in w.morph.get("Tense"):
            return "scheduled"
        own = w.i == trig.word.i or (trig.verb is not None and w.i == trig.verb.i)
        if w.pos_ == "VERB" and not own:
            break  # a verb of its own that says nothing of the event: what it says is about something else
    return "happened"


# Page furniture a scraped article keeps: an embedded tweet's signature ("— Name (@handle) June 9,
# 2020", "pic.twitter.com/…"), photo and video captions and credits
# --- triggers ------------------------------------------------------------------------------------
def _trigger(ctx: Article, sent: Span, recent_noun: str | None) -> _Trigger | None:
    """The sentence's most informative trigger; an event that a light verb reports ("was held",
    "прошла") is the sentence's main one and wins."""
    lang = ctx.lang
    best: tuple[int, _Trigger] | None = None
    for tok in sent:
        if tok.idx in ctx.quoted:
            continue
        lemma = tok.lemma_.lower()
        found: _Trigger | None = None
        if tok.pos_ == "VERB" and (lemma in lang.light_verbs or lemma in lang.hold_verbs):
            found = _reported(ctx, tok, lemma, recent_noun)
        elif tok.pos_ in _WORD_POS and (typ := word_type(ctx, tok)) is not None:
            if _topic_of_verb(ctx, tok):
                continue  # "responded to the report", "commented on the deal": the verb is the event
            if tok.pos_ == "NOUN" and _published(ctx, tok):
                typ = "publication"  # "a memorandum published by Bloomberg": the news is the publishing
            found = _make(lang, typ, tok, lang.asserting_verb(tok), light=False, elliptical=False)
        if found is None:
            continue
        rank = PRIORITY.index(found.typ) - (100 if found.light else 0) + (50 if _venue(ctx, tok) else 0)
        if best is None or rank < best[0]:
            best = (rank, found)
    return best[1] if best else None


def _venue(ctx: Article, tok: Token) -> bool:
    """Is this event noun where the sentence's event took place ("gave a speech at the convention")?
    It ranks after every other trigger of the sentence: the speech is the news of that sentence."""
    if tok.pos_ != "NOUN":
        return False
    if tok.dep_ == "poss":
        return True  # "the convention's second night": a setting, not what the sentence reports
    return tok.head.i != tok.i and tok.head.lower_ in ctx.lang.place_prepositions


def _topic_of_verb(ctx: Article, noun: Token) -> bool:
    """Is this event noun what another event verb is about ("responded to the report", "commented on
    the agreement")? Then it is that verb's topic, not an event of the sentence."""
    prep = noun.head
    if noun.pos_ != "NOUN" or prep.i == noun.i:
        return False
    if noun.dep_ in ctx.lang.object_deps:  # "confirmed the report": a document or statement someone speaks of
        return word_type(ctx, prep) == "statement" and ctx.lang.triggers.get(noun.lemma_.lower()) in (
            "publication",
            "statement",
        )
    if noun.dep_ not in ("pobj", "obl"):
        return False
    # "responded to the report", "talked about the deal" — not "after the meeting", "since the summit"
    words = {prep.lower_} if prep.pos_ == "ADP" else {c.lower_ for c in noun.children if c.dep_ == "case"}
    if not words & (ctx.lang.topic_prepositions | ctx.lang.response_prepositions):
        return False
    verb = prep.head if prep.pos_ == "ADP" else prep
    return verb.pos_ == "VERB" and verb.i != noun.i and word_type(ctx, verb) is not None


def _published(ctx: Article, noun: Token) -> bool:
    """Is this event noun a document that a publishing verb governs or qualifies ("a memorandum
    published on February 12", "Bloomberg released the agreement's text")?"""
    # "a memorandum (of conversation) published ...": the participle may hang on the "of" noun
    of = [g for c in noun.children if c.dep_ in ("prep", "nmod") for g in c.children if g.pos_ in ("NOUN", "PROPN")]
    near = [noun.head, *(c for w in (noun, *of) for c in w.children if c.pos_ == "VERB")]
    return any(ctx.lang.triggers.get(w.lemma_.lower()) == "publication" and w.pos_ == "VERB" for w in near)


def _make(lang: Language, typ: str, word: Token, verb: Token | None, light: bool, elliptical: bool) -> _Trigger:
    tok = verb if lang.trigger_is_verb and verb is not None else word
    return _Trigger(typ, word, verb, light, elliptical, tok)


def _reported(ctx: Article, verb: Token, lemma: str, recent_noun: str | None) -> _Trigger | None:
    """The event a light verb reports: named by its subject ("the meeting was held"), or an ordinal
    subject's antecedent ("the second took place"), else by its object ("held talks")."""
    lang = ctx.lang
    typed = lang.argument_type or word_type
    if lemma in lang.light_verbs:
        for subj in (c for c in verb.children if c.dep_ in lang.subject_deps):
            label, pronouns = lang.relative_clause
            if subj.lower_ in pronouns and verb.dep_ == label:
                subj = verb.head  # "consultations that began in Riyadh": the noun the clause modifies
            typ = typed(ctx, subj)
            if typ is not None and typ != "statement":
                return _make(lang, typ, subj, verb, light=True, elliptical=False)
            if subj.lemma_.lower() in lang.ordinals and recent_noun:
                return _make(lang, recent_noun, subj, verb, light=True, elliptical=True)
    if lemma in lang.hold_verbs:
        for obj in (c for c in verb.children if c.dep_ in lang.object_deps):
            if (typ := typed(ctx, obj)) is not None:
                return _make(lang, typ, obj, verb, light=True, elliptical=False)
    return None


def word_type(ctx: Article, tok: Token) -> str | None:
    """The event type a word names by itself, after the checks its lemma needs."""
    lang = ctx.lang
    lemma = tok.lemma_.lower()
    typ = lang.triggers.get(lemma)
    if typ is None or tok.pos_ not in _WORD_POS:
        return None
    if typ == "statement" and tok.pos_ != "VERB" and lemma not in lang.statement_nouns:
        return None
    if tok.pos_ == "VERB" and lemma in lang.verb_types:
        return lang.verb_types[lemma]
    return lang.refine(ctx, tok, typ)


def governing(tok: Token, pos: frozenset[str], top: bool = False) -> Token | None:
    """The nearest token on the way up the tree (the token itself first) whose tag is in `pos`; when
    there is none, the top of the tree if `top`, else None."""
    seen: set[int] = set()
    while tok.i not in seen:
        seen.add(tok.i)
        if tok.pos_ in pos:
            return tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return tok if top else None


def _negated(lang: Language, trig: _Trigger) -> bool:
    """ "не встречались", "встреча не состоялась", "не провели переговоров": no event."""
    if not lang.negations:
        return False
    words = [trig.word] if trig.verb is None else [trig.word, trig.verb]
    return any(c.lemma_ in lang.negations for w in words for c in w.children)


def _asserted_past(lang: Language, trig: _Trigger) -> bool:
    """A verb that reports something done: past tense, not under a modal. A noun trigger under some
    other verb ("заявил о переговорах") names a topic, not an event."""
    verb = trig.verb
    if verb is None or not (trig.light or verb.i == trig.word.i):
        return False
    if verb.pos_ != "VERB" or "Past" not in verb.morph.get("Tense"):
        return False
    return not any(c.dep_ in lang.auxiliary_deps and c.lower_ in lang.unasserted for c in verb.children)


# --- the event noun a later sentence refers back to ----------------------------------------------
def _antecedent(ctx: Article, sent: Span, previous: tuple[str | None, list[int]]) -> tuple[str | None, list[int]]:
    """The type of the event noun a later "the second was held" refers to (and, where the language
    says so, the parties named in its phrase); the previous one when the sentence names none."""
    lang = ctx.lang
    found: tuple[bool, int, Token, str] | None = None
    for tok in sent:
        if tok.pos_ != "NOUN" or (not lang.quoted_antecedents and tok.idx in ctx.quoted):
            continue
        typ = word_type(ctx, tok)
        if typ is None or typ == "statement":
            continue
        key = (lang.antecedent_ordinal_first and any(c.lower_ in lang.ordinals for c in tok.children), tok.i)
        if found is None or key > found[:2]:
            found = (*key, tok, typ)
    if found is None:
        return previous
    tok, typ = found[2], found[3]
    if not lang.antecedent_parties:
        return typ, []
    sub = list(tok.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    inside = [m for m in ctx.mentions.starting_in(lo, hi) if m.local >= 0 and m.kind != "title"]
    return typ, _parties(ctx, inside)


# --- participants and places ---------------------------------------------------------------------
def _parties(ctx: Article, mentions: Iterable[Mention]) -> list[int]:
    """People, organisations and countries (a city is where something happened, not who took part;
    an organisation or country after a locative or topic preposition is a venue or a subject, not a
    party), and what the language's hook makes a party of ("Russian" of a delegation, a capital as
    subject)."""
    lang = ctx.lang
    assert lang.mention_root is not None
    out: list[int] = []
    for m in mentions:
        if m.start in ctx.quoted:
            continue
        root = lang.mention_root(ctx, m) if m.type != "PERSON" else None
        if root is not None and lang.prepositions(root) & (lang.place_prepositions | lang.topic_prepositions):
            continue  # "at the UN General Assembly", "talks on Ukraine": a venue or a topic, not a party
        if m.type in ("PERSON", "ORG") or lang.names_country(m):
            if m.local not in out:
                out.append(m.local)
        elif (party := lang.other_party(ctx, m)) is not None and party not in out:
            out.append(party)
    return out


def _places(ctx: Article, mentions: list[Mention], trig: _Trigger, in_clause: InClause) -> list[Place]:
    """The places the sentence names as where something happened: after a locative preposition,
    what was visited, what was struck."""
    lang = ctx.lang
    assert lang.mention_root is not None
    out: list[Place] = []
    for m in mentions:
        if m.type not in lang.place_types or (not lang.quoted_places and m.start in ctx.quoted):
            continue
        root = lang.mention_root(ctx, m)
        if root is None:
            continue
        preps = lang.prepositions(root)
        # a call happens on the line: a place counts only where its own clause says a party was there
        in_own_clause = lang.places_in_clause or trig.typ == "call"
        located = bool(preps & lang.place_prepositions) and (not in_own_clause or in_clause(m))
        visited = trig.typ == "visit" and root.dep_ in lang.object_deps and root.head.i == trig.tok.i
        struck = bool(preps & lang.target_prepositions.get(trig.typ, frozenset())) and in_clause(m)
        if located or visited or struck:
            out.append((m.start, m.end, m.local))
    return out


def span_root(ctx: Article, m: Mention) -> Token | None:
    """The token of a mention the sentence attaches to, as spaCy's span sees it."""
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return None if span is None else span.root


def first_root(ctx: Article, m: Mention) -> Token | None:
    """The first token of a mention whose head is outside it (None: the mention starts no token)."""
    toks = [t for t in ctx.tokens_starting_in(m.start, m.end) if t.pos_ != "SPACE"]
    if not toks:
        return None
    lo, hi = toks[0].i, toks[-1].i
    return next((t for t in toks if t.head.i == t.i or not lo <= t.head.i <= hi), toks[0])


def clause_text(_ctx: Article, head: Token) -> InClause:
    """Mentions that start inside the stretch of text the clause's subtree covers."""
    sub = list(head.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return lambda m: lo <= m.start < hi


def clause_tree(ctx: Article, head: Token) -> InClause:
    """Mentions whose root word is in the clause's subtree."""
    assert ctx.lang.mention_root is not None
    root_of = ctx.lang.mention_root
    members = {t.i for t in head.subtree}

    def inside(m: Mention) -> bool:
        root = root_of(ctx, m)
        return root is not None and root.i in members

    return inside


# --- dates ---------------------------------------------------------------------------------------
def _dated_events(
    ctx: Article,
    trig: _Trigger,
    sent: tuple[int, int],
    times: list[TimeExpr],
    places: list[Place],
    participants: list[int],
) -> list[EventMention]:
    def event(date: str | None, date_end: str | None, place: int | None) -> EventMention:
        return EventMention(trig.typ, sent[0], sent[1], trig.tok.text, date, date_end, place, list(participants))

    def split(value: str | None) -> tuple[str, str | None]:
        m = _DATE_VALUE.match(value or "")
        assert m is not None
        return m[1], m[2]

    if not times:
        return [event(None, None, places[0][2] if places else None)]
    stated = [t for t in times if t.anchor != "text"]
    if len(stated) > 1:
        times = stated  # "on Feb. 18 ..., on Feb. 27 ..., the day before X arrived": the stated dates
    if ctx.lang.distinct_dates:
        times = _distinct(times)
    if len(times) > 1 and (trig.light or _several(trig.word)):
        out = []
        for i, t in enumerate(times):
            before = times[i - 1].end if i else sent[0]
            after = times[i + 1].start if i + 1 < len(times) else sent[1]
            out.append(event(*split(t.value), _place_for(ctx, t, before, after, places)))
        return out
    anchor = trig.verb if trig.verb is not None else trig.word
    t = min(times, key=lambda x: abs(x.start - anchor.idx))
    place = min(places, key=lambda p: abs(p[0] - t.start))[2] if places else None
    return [event(*split(t.value), place)]


def _distinct(times: list[TimeExpr]) -> list[TimeExpr]:
    """One time per distinct date, the first place it is named; a coarser date containing a finer one
    ("the first call this year took place on February 12") is context, not a second event."""
    distinct: dict[str | None, TimeExpr] = {}
    for t in times:
        distinct.setdefault(t.value, t)
    return [t for t in distinct.values() if not any(_refines(o.value, t.value) for o in distinct.values())]


def _refines(finer: str | None, coarser: str | None) -> bool:
    return bool(finer and coarser) and len(finer or "") > len(coarser or "") and (finer or "").startswith(coarser or "")


def _several(word: Token) -> bool:
    """Can the word denote more than one event? A plural noun, an imperfective verb ("встречались")."""
    if word.pos_ in ("NOUN", "PROPN") and "Plur" in word.morph.get("Number"):
        return True
    return word.pos_ == "VERB" and "Imp" in word.morph.get("Aspect")


def _place_for(ctx: Article, t: TimeExpr, before: int, after: int, places: list[Place]) -> int | None:
    """The place named next to a date, looked for as the language says: in the date's own stretch
    of the sentence (no comma, dash or "and" between them: "18 февраля в Эр-Рияде и 27 февраля в
    Стамбуле"), after it (up to the next date), or before it (back to the previous one); else the
    sentence's only place."""
    text = ctx.text
    for where in ctx.lang.date_places:
        if where == "after":
            near = [pl for start, _end, pl in places if t.end <= start < after]
        elif where == "before":
            near = [pl for start, _end, pl in places if before <= start < t.start]
        else:
            near = [
                pl
                for start, end, pl in places
                if not ctx.lang.stretch_break.search(text[t.end : start] if start >= t.end else text[end : t.start])
            ]
        if near:
            return near[0]
    return places[0][2] if len(places) == 1 else None
