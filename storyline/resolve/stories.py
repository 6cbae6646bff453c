"""Stories: documents about the same developing story, clustered so that each has one main story.

Kept simple and explainable on purpose (an analyst must be able to say why two articles sit
together): each document is a TF-IDF vector of its resolved entities (weighted double: who and
where carry a story) and its content words; documents are taken in date order and each joins the
story whose centroid it is most similar to (cosine >= THRESHOLD), or starts a new one. A copy or
translation always joins its original's story. A document about several threads lands in the one
it shares most with; its other threads show through entities and events, not a second story.
A story is a *developing* one: it takes a new document only if its latest document is at most
GAP_DAYS older (undated documents are not held to this); North Korea in 2013 and in 2017 are two
stories. The label is the story's heaviest entities and terms, which is also the explanation.

Candidate stories come from an inverted index of the centroids' top features, so the cost grows
with the number of documents times the stories they share a feature with, never all pairs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from storyline.resolve.stage import Changes
from storyline.store import reads
from storyline.store.db import Store

THRESHOLD = 0.25
GAP_DAYS = 30  # a story that has been silent this long is over; a new report starts a new one
TOP_DOC_FEATURES = 40  # a document's heaviest features: enough to place it, few enough to be fast
TOP_STORY_FEATURES = 60
ENTITY_WEIGHT = 2.0
MAX_DF_SHARE = 0.5  # (50+ documents) a feature in over half the documents says nothing about which story
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]")


@dataclass
class DocFeatures:
    id: str
    order: tuple  # (date or "9999", ingestion order): the story's first document is its earliest
    terms: Counter = field(default_factory=Counter)  # content word -> count
    entities: Counter = field(default_factory=Counter)  # entity id -> mentions
    duplicate_of: str | None = None
    date: str | None = None


@dataclass
class Story:
    id: str
    label: str
    documents: list[str]
    first_date: str | None
    last_date: str | None


def content_terms(text: str) -> Counter:
    from spacy.lang.en.stop_words import STOP_WORDS  # a word list; does not load a model

    return Counter(
        w for w in (m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text))
        if len(w) >= 4 and w not in STOP_WORDS and not w.endswith("'s")
    )  # fmt: skip


def cluster(
    docs: list[DocFeatures],
    entity_names: dict[str, str] | None = None,
    vectors: dict[str, dict[str, float]] | None = None,
) -> list[Story]:
    """`vectors` (from `weigh`) stand in for the documents' terms and entities when given."""
    names = entity_names or {}
    if vectors is None:
        vectors = weigh(lambda: ((d.id, d.terms, d.entities) for d in docs))
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
        if original is not None:
            best = story_of[original]
        else:
            best, best_sim = -1, THRESHOLD
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
        for f in top:
            index.setdefault(f, set()).add(best)
        members[best].append(d.id)
        story_of[d.id] = best
    stories = []
    for centroid, ids in zip(centroids, members, strict=True):
        dates = sorted(x for i in ids if (x := by_id[i].date))
        first = ids[0]
        stories.append(
            Story(
                id="s" + hashlib.sha256(first.encode()).hexdigest()[:10],
                label=_label(centroid, names),
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


def _features(terms: Counter, entities: Counter) -> Counter:
    f = Counter({f"t:{t}": c for t, c in terms.items()})
    f.update({f"e:{e}": c for e, c in entities.items()})
    return f


def weigh(documents: Callable[[], Iterable[tuple[str, Counter, Counter]]]) -> dict[str, dict[str, float]]:
    """Each document's TOP_DOC_FEATURES heaviest TF-IDF features, normalised.

    `documents()` yields (id, content terms, entity counts) and is read twice — once for document
    frequencies, once for weights — so only one document's counts are in memory at a time (a
    corpus's full term counts are the largest thing the stories stage would otherwise hold)."""
    df: Counter = Counter()
    n = 0
    for _id, terms, entities in documents():
        df.update(_features(terms, entities).keys())
        n += 1
    n = max(n, 1)
    out = {}
    for doc_id, terms, entities in documents():
        weights = {}
        for k, c in _features(terms, entities).items():
            if df[k] < 2 or (n >= 50 and df[k] > MAX_DF_SHARE * n):
                continue  # in one document it links nothing; in most of them it separates nothing
            w = (1 + math.log(c)) * math.log((1 + n) / df[k])
            weights[k] = w * (ENTITY_WEIGHT if k.startswith("e:") else 1.0)
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_DOC_FEATURES]
        norm = math.sqrt(sum(w * w for _k, w in top)) or 1.0
        out[doc_id] = {k: w / norm for k, w in top}
    return out


_REPORTING = frozenset("says said told tells according added asked noted stated".split())


def _verb_like(term: str) -> bool:
    """Words that label no topic ("received", "says"): the label keeps the nouns and names a reader
    recognises. By spelling, as terms come from the text, not the parse; "-ing" stays ("bombing",
    "hearing" name stories)."""
    return term in _REPORTING or (term.endswith("ed") and len(term) > 5)


def _label(centroid: Counter, names: dict[str, str]) -> str:
    entities, terms = [], []
    for k, _w in centroid.most_common():
        if k.startswith("e:") and len(entities) < 3 and k[2:] in names:
            entities.append(names[k[2:]])
        elif k.startswith("t:") and len(terms) < 4:
            term = k[2:]
            if not any(term in n.lower() for n in entities) and not _verb_like(term):
                terms.append(term)
        if len(entities) >= 3 and len(terms) >= 4:
            break
    if entities:
        return " · ".join(entities) + (": " + ", ".join(terms[:3]) if terms else "")
    return ", ".join(terms) or "(no common terms)"


# --- the stage: incremental update over the store -------------------------------------------------


def update(store: Store, changes: Changes) -> int:
    """Re-cluster all documents into stories: a single pass in date order, so an article that
    arrives late can change what follows it (stories stay independent of ingestion order). Each
    document's content terms are counted once and kept in the store; the pass holds only each
    document's top features, not its counts."""
    uncounted = reads.documents_without_story_terms(store.conn)
    for part in reads.chunks(uncounted, 200):
        texts = reads.texts(store.conn, set(part))
        store.save_story_terms([(d, json.dumps(content_terms(texts[d]))) for d in part])

    def documents() -> Iterator[tuple[str, Counter, Counter]]:
        for r in reads.story_inputs(store.conn):
            yield r["id"], Counter(json.loads(r["terms"])), Counter(r["entities"])

    docs = [
        DocFeatures(id=r["id"], order=((r["published"] or "9999"), r["seq"]), duplicate_of=r["duplicate_of"],
                    date=r["published"])
        for r in reads.story_inputs(store.conn, with_features=False)
    ]  # fmt: skip
    stories = cluster(docs, reads.entity_names(store.conn), weigh(documents))
    rows = [
        {"id": s.id, "label": s.label, "n_documents": len(s.documents), "first_date": s.first_date,
         "last_date": s.last_date}
        for s in stories
    ]  # fmt: skip
    store.replace_stories(rows, {d: s.id for s in stories for d in s.documents})
    return len(stories)
