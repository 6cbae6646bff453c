"""Stories: documents about the same developing story, clustered so that each has one main story.

Kept simple and explainable on purpose (an analyst must be able to say why two articles sit
together): each document is a TF-IDF vector of its content words, its title's words (weighted
TITLE_WEIGHT: a headline names the happening), its resolved entities (weighted double: who and where
carry a story) and the merged events it reports as news (`events` stage: two articles that report
the same meeting or the same attack tell one story; EVENT_WEIGHT). IDF does the rest of the
discriminating: two fires at two stores of one chain share the chain and the vocabulary of fires,
which many documents have, but not the town, the date or the event, which few have. Documents are
taken in date order and each joins the story whose centroid it is most similar to (cosine >=
THRESHOLD), or starts a new one; a copy or translation always joins its original's story. A
document about several threads lands in the one it shares most with.

Time: a story is a *developing* one. A dated document (stated, or inferred from its text) joins a
story only if the story's latest document is at most GAP_DAYS older: North Korea in 2013 and in
2017 are two stories. A document with no date at all cannot be held to that, so it joins a story
only when it is very close to it (UNDATED_THRESHOLD); otherwise it stays alone rather than join
any story that shares its vocabulary (an undated piece on a fire joined whichever fire story came
first).

The label says who, what, where and when in words a reader knows ("Putin–Trump meeting, Anchorage,
August 2025"): the people (else organisations) most of the story's documents name, the kind of the
event they report together (else the words their headlines share), the place most of them name,
and the months the story spans. A single article's story is labelled by its own headline. Names
come from entity resolution and words from headlines, never from the body's scraping debris.

Candidate stories come from an inverted index of the centroids' top features, so the cost grows
with the number of documents times the stories they share a feature with, never all pairs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from storyline.resolve.stage import Changes
from storyline.store import judgements, reads
from storyline.store.db import Store

THRESHOLD = 0.25
UNDATED_THRESHOLD = 0.5  # a document with no date joins a story only this close to it
GAP_DAYS = 30  # a story that has been silent this long is over; a new report starts a new one
TOP_DOC_FEATURES = 40  # a document's heaviest features: enough to place it, few enough to be fast
TOP_STORY_FEATURES = 60
ENTITY_WEIGHT = 2.0
EVENT_WEIGHT = 3.0  # a merged event two documents both report is the strongest sign they tell one story
TITLE_WEIGHT = 3  # a headline word counts as this many mentions in the body
MAX_DF_SHARE = 0.5  # (50+ documents) a feature in over half the documents says nothing about which story
LABEL_SHARE = 0.4  # a name or headline word in this share of a story's documents describes the story
COMMON_SHARE = 0.2  # a name in this share of the other stories' documents (50+) labels no story ("United States")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]")
EVENT_NOUNS = {
    "call": "phone call", "meeting": "meeting", "talks": "talks", "visit": "visit", "agreement": "agreement",
    "decision": "decision", "sanction": "sanctions", "appointment": "appointment", "election": "election",
    "attack": "attack", "publication": "publication",
}  # fmt: skip


@dataclass
class DocFeatures:
    id: str
    order: tuple  # (date or "9999", ingestion order): the story's first document is its earliest
    terms: Counter = field(default_factory=Counter)  # content word -> count (headline words weighted)
    entities: Counter = field(default_factory=Counter)  # entity id -> mentions
    duplicate_of: str | None = None
    date: str | None = None
    events: Counter = field(default_factory=Counter)  # merged event id -> 1
    alone: bool = False  # an analyst said it is not part of the story it was put in: a story of its own


@dataclass
class Story:
    id: str
    label: str
    documents: list[str]
    first_date: str | None
    last_date: str | None


def content_terms(text: str, title: str = "") -> Counter:
    from spacy.lang.en.stop_words import STOP_WORDS  # a word list; does not load a model

    def words(s: str) -> Iterator[str]:
        for m in _WORD.finditer(s):
            w = m.group(0).lower().replace("’", "'")
            if len(w) >= 4 and w not in STOP_WORDS and not w.endswith("'s"):
                yield w

    terms = Counter(words(text))
    for w in words(title):
        terms[w] += TITLE_WEIGHT
    return terms


def cluster(
    docs: list[DocFeatures],
    entity_names: dict[str, str] | None = None,
    vectors: dict[str, dict[str, float]] | None = None,
) -> list[Story]:
    """`vectors` (from `weigh`) stand in for the documents' features when given. Labels here are the
    heaviest names and words (`label_story` writes the reader's label when the store is at hand)."""
    names = entity_names or {}
    if vectors is None:
        vectors = weigh(lambda: ((d.id, d.terms, d.entities, d.events) for d in docs))
    by_id = {d.id: d for d in docs}
    centroids: list[Counter] = []
    norms: list[float] = []  # each centroid's length, kept with it (read for every candidate)
    members: list[list[str]] = []
    story_of: dict[str, int] = {}
    index: dict[str, set[int]] = {}
    last_day: list[int | None] = []
    for d in sorted(docs, key=lambda x: x.order):
        vec = vectors[d.id]
        day = _day(d.date)
        original = d.duplicate_of if d.duplicate_of in story_of else None
        if d.alone:
            best = -1
        elif original is not None:
            best = story_of[original]
        else:
            best, best_sim = -1, THRESHOLD if day is not None else UNDATED_THRESHOLD
            for s in {s for f in vec for s in index.get(f, ())}:
                if day is not None and last_day[s] is not None and day - last_day[s] > GAP_DAYS:
                    continue
                sim = sum(w * centroids[s].get(k, 0.0) for k, w in vec.items()) / norms[s]
                if sim >= best_sim:
                    best, best_sim = s, sim
        if best < 0:
            best = len(centroids)
            centroids.append(Counter())
            norms.append(1.0)
            members.append([])
            last_day.append(None)
        if day is not None:
            last_day[best] = max(day, last_day[best] or day)
        centroids[best].update(vec)
        top = dict(centroids[best].most_common(TOP_STORY_FEATURES))
        centroids[best] = Counter(top)
        norms[best] = math.sqrt(sum(w * w for w in top.values())) or 1.0
        for f in top if not d.alone else ():
            index.setdefault(f, set()).add(best)
        members[best].append(d.id)
        story_of[d.id] = best
    stories = []
    for centroid, ids in zip(centroids, members, strict=True):
        dates = sorted(x for i in ids if (x := by_id[i].date))
        stories.append(
            Story(
                id="s" + hashlib.sha256(ids[0].encode()).hexdigest()[:10],
                label=_heaviest(centroid, names),
                documents=ids,
                first_date=dates[0] if dates else None,
                last_date=dates[-1] if dates else None,
            )
        )
    return stories


def _day(date: str | None) -> int | None:
    """Ordinal day of an ISO date at any precision (a month or year counts from its first day)."""
    if not date:
        return None
    try:
        parts = [int(p) for p in date.split("-")[:3]]
        y, m, d = [*parts, 1, 1][:3]
        return dt.date(y, m, d).toordinal()
    except ValueError:
        return None  # not an ISO date: no time window for it


def _features(terms: Counter, entities: Counter, events: Counter) -> Counter:
    f = Counter({f"t:{t}": c for t, c in terms.items()})
    f.update({f"e:{e}": c for e, c in entities.items()})
    f.update({f"v:{e}": c for e, c in events.items()})
    return f


_WEIGHTS = {"e": ENTITY_WEIGHT, "v": EVENT_WEIGHT, "t": 1.0}


def weigh(
    documents: Callable[[], Iterable[tuple[str, Counter, Counter, Counter]]],
) -> dict[str, dict[str, float]]:
    """Each document's TOP_DOC_FEATURES heaviest TF-IDF features, normalised.

    `documents()` yields (id, content terms, entity counts, merged events) and is read twice — once
    for document frequencies, once for weights — so only one document's counts are in memory at a
    time (a corpus's full term counts are the largest thing the stories stage would otherwise hold)."""
    df: Counter = Counter()
    n = 0
    for _id, terms, entities, events in documents():
        df.update(_features(terms, entities, events).keys())
        n += 1
    n = max(n, 1)
    out = {}
    for doc_id, terms, entities, events in documents():
        weights = {}
        for k, c in _features(terms, entities, events).items():
            if df[k] < 2 or (n >= 50 and df[k] > MAX_DF_SHARE * n):
                continue  # in one document it links nothing; in most of them it separates nothing
            w = (1 + math.log(c)) * math.sqrt(math.log((1 + n) / df[k]))
            weights[k] = w * _WEIGHTS[k[0]]
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_DOC_FEATURES]
        norm = math.sqrt(sum(w * w for _k, w in top)) or 1.0
        out[doc_id] = {k: w / norm for k, w in top}
    return out


def _heaviest(centroid: Counter, names: dict[str, str]) -> str:
    """The heaviest names and words of a story (when no store is at hand to describe it better)."""
    entities = [names[k[2:]] for k, _w in centroid.most_common() if k.startswith("e:") and k[2:] in names][:3]
    terms = [k[2:] for k, _w in centroid.most_common() if k.startswith("t:")][:3]
    if entities:
        return " · ".join(entities) + (": " + ", ".join(terms) if terms else "")
    return ", ".join(terms) or "(no common terms)"


# --- the label: who, what, where, when ---------------------------------------------------------------
@dataclass
class LabelInputs:
    """What a story's label is made of, per document."""

    entities: dict[str, Counter]  # document -> entity id -> mentions
    kinds: dict[str, tuple[str, str]]  # entity id -> (name, type)
    events: dict[str, list[str]]  # document -> types of the merged events it reports with another document
    titles: dict[str, str]  # document -> headline
    in_docs: Counter = field(default_factory=Counter)  # entity id -> documents of the corpus naming it


def label_story(story: Story, inputs: LabelInputs) -> str:
    """ "Putin–Trump meeting, Anchorage, August 2025": the people most documents name (else the
    organisations), the event they report together (else their headlines' shared words), the place
    they name, and the months; a single article is labelled by its headline."""
    docs = story.documents
    if len(docs) == 1 and (title := inputs.titles.get(docs[0], "").strip()):
        return title if len(title) <= 90 else title[:89].rstrip() + "…"
    need = max(2, math.ceil(LABEL_SHARE * len(docs))) if len(docs) > 1 else 1

    outside = len(inputs.titles) - len(docs)

    def common(e: str, mine: int) -> bool:
        """Named in so many documents of other stories (`mine`: of this one) that it tells this story
        from nothing ("United States")."""
        return outside >= 50 and inputs.in_docs[e] - mine > COMMON_SHARE * outside

    def named(types: tuple[str, ...], n: int) -> list[str]:
        in_docs: Counter = Counter()
        mentions: Counter = Counter()
        for d in docs:
            for e, c in inputs.entities.get(d, Counter()).items():
                if inputs.kinds.get(e, ("", ""))[1] in types:
                    in_docs[e] += 1
                    mentions[e] += c
        kept = (e for e in in_docs if in_docs[e] >= need and not common(e, in_docs[e]))
        ranked = sorted(kept, key=lambda e: (-in_docs[e], -mentions[e], e))
        out: list[str] = []
        for e in ranked:
            name = inputs.kinds[e][0]
            if _readable(name) and name not in out:
                out.append(name)
        return out[:n]

    people = named(("PERSON",), 2)
    surnames = [p.split()[-1] for p in people]
    short = len(people) == 2 and surnames[0] != surnames[1]  # "Putin–Trump"; two Tsarnaevs keep their names
    actors = ("–".join(surnames) if short else "–".join(people)) or "–".join(named(("ORG",), 2))
    places = named(("GPE", "LOC", "FAC"), 1)
    kinds = Counter(t for d in docs for t in dict.fromkeys(inputs.events.get(d, [])))  # a set's order varies by run
    event = next((EVENT_NOUNS[t] for t, c in kinds.most_common() if c >= 2 and t in EVENT_NOUNS), "")
    used = " ".join([*people, actors, *places]).lower()
    words = Counter(w for d in docs for w in content_terms(inputs.titles.get(d, "")))  # each word once a title
    written = Counter(m.group(0) for d in docs for m in _WORD.finditer(inputs.titles.get(d, "")))
    as_written = {w.lower(): w for w, _c in reversed(written.most_common())}  # the form headlines use most
    topic = [
        as_written.get(w, w) for w, c in words.most_common()
        if c >= need and w not in used and not _verb_like(w) and w.isalpha()
    ][:2]  # fmt: skip
    what = event or ", ".join(topic)
    first = f"{actors} {what}" if actors and event else f"{actors}: {what}" if actors and what else actors or what
    label = ", ".join(x for x in (first, places[0] if places else "", _months(story)) if x)
    return label or "(no common names or headline words)"


def _readable(name: str) -> bool:
    """A name a reader knows: words with vowels, not a scraped token ("tmsnrt") or a handle."""
    return bool(re.search(r"[aeiouyаеёиоуыэюя]", name.lower())) and not re.search(r"[_@#/\\]|\d{3}", name)


_REPORTING = frozenset("says said told tells according added asked noted stated".split())


def _verb_like(term: str) -> bool:
    """Words that label no topic ("received", "says"): headlines' reporting and past-tense verbs."""
    return term in _REPORTING or (term.endswith("ed") and len(term) > 5)


def _months(story: Story) -> str:
    def month(date: str | None) -> tuple[str, str] | None:
        if not date or len(date) < 7:
            return None
        return dt.date(int(date[:4]), int(date[5:7]), 1).strftime("%B"), date[:4]

    first, last = month(story.first_date), month(story.last_date)
    if first is None or last is None:
        return story.first_date[:4] if story.first_date else ""
    if first == last:
        return f"{first[0]} {first[1]}"
    if first[1] == last[1]:
        return f"{first[0]}–{last[0]} {last[1]}"
    return f"{first[0]} {first[1]}–{last[0]} {last[1]}"


# --- the stage: incremental update over the store -------------------------------------------------
_MEDIA = re.compile(
    r"(?i)\b(?:news|times|post|journal|press|tribune|herald|gazette|magazine|daily|weekly|radio|television|tv"
    r"|network|broadcasting|newspaper|wire|media)\b"
)


def _outlet_key(name: str) -> str:
    """'CNN (Web News)', 'New York Times - News', 'The Hill' -> 'cnn', 'new york times', 'hill'."""
    name = re.sub(r"\s*(?:\(.*\)|\s-\s.*)$", "", name.strip()).lower()
    return re.sub(r"^the\s+", "", name)


def press(kinds: dict[str, tuple[str, str]], outlets: set[str]) -> set[str]:
    """Organisations that are news media (an outlet of the corpus, or a name with a media noun: "the
    Washington Post", "Fox News"): who reports a story is not what it is about, and one outlet's
    articles would otherwise cluster by their own masthead and credits."""
    keys = {_outlet_key(o) for o in outlets}
    return {
        e for e, (name, typ) in kinds.items() if typ == "ORG" and (_outlet_key(name) in keys or _MEDIA.search(name))
    }


def stories_of(conn: sqlite3.Connection) -> list[Story]:
    """The stories of every document in the store, labelled for a reader (reads only)."""
    events: dict[str, Counter] = defaultdict(Counter)
    event_types: dict[str, list[str]] = defaultdict(list)
    for r in reads.story_events(conn):
        events[r["doc_id"]][r["id"]] = 1
        event_types[r["doc_id"]].append(r["type"])
    entities: dict[str, Counter] = {}
    kinds = reads.entity_kinds(conn)
    media = press(kinds, reads.outlets(conn))

    def documents() -> Iterator[tuple[str, Counter, Counter, Counter]]:
        for r in reads.story_inputs(conn):
            entities[r["id"]] = Counter({e: c for e, c in r["entities"].items() if e not in media})
            yield r["id"], Counter(json.loads(r["terms"])), entities[r["id"]], events.get(r["id"], Counter())

    alone = {ref["doc"] for ref in judgements.rejected(conn, "story")}
    docs = [
        DocFeatures(id=r["id"], order=((r["published"] or "9999"), r["seq"]), duplicate_of=r["duplicate_of"],
                    date=r["published"], alone=r["id"] in alone)
        for r in reads.story_inputs(conn, with_features=False)
    ]  # fmt: skip
    found = cluster(docs, None, weigh(documents))
    in_docs = Counter(e for ents in entities.values() for e in ents)
    inputs = LabelInputs(entities, kinds, event_types, reads.titles(conn, {d.id for d in docs}), in_docs)
    for s in found:
        s.label = label_story(s, inputs)
    return found


def update(store: Store, changes: Changes) -> int:
    """Re-cluster all documents into stories: a single pass in date order, so an article that
    arrives late can change what follows it (stories stay independent of ingestion order). Each
    document's content terms are counted once and kept in the store; the pass holds only each
    document's top features, not its counts."""
    uncounted = reads.documents_without_story_terms(store.conn)
    for part in reads.chunks(uncounted, 200):
        texts, titles = reads.texts(store.conn, set(part)), reads.titles(store.conn, set(part))
        store.save_story_terms([(d, json.dumps(content_terms(texts[d], titles[d]))) for d in part])
    stories = stories_of(store.conn)
    rows = [
        {"id": s.id, "label": s.label, "n_documents": len(s.documents), "first_date": s.first_date,
         "last_date": s.last_date}
        for s in stories
    ]  # fmt: skip
    store.replace_stories(rows, {d: s.id for s in stories for d in s.documents})
    return len(stories)
