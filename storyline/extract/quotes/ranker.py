"""A learned ranker for the speaker of a direct quote the rules leave without one.

Why: "no speaker found at all" is a large error class of the rules (`core.attribute_direct`): a
quote with no speech verb in reach, or a verb whose subject the parse does not give. PolNeAR train
(Newell, Margolin and Ruths, LREC 2018) has ~800 articles whose attributions say who spoke; a small
logistic regression trained there (`bench/speaker_model.py`, which says how) ranks the people and
phrases around such a quote. The rules stay first: the model is asked only when they found nobody,
and it answers only above a threshold chosen on train for precision.

Candidates (`candidates`): in the quote's sentences, the two sentences before and the one after, the
head word of every named entity (the root of its mention), every subject pronoun ("he", "she",
"they", "it") and every noun for a person or a source ("the spokesman", "officials"), outside this
quote's own words (an attribution between its pieces counts). Each is described by the features of
`FEATURES` (position, grammatical role, kind, salience) — all read from the parse and the article's
entities, nothing from the text's words beyond the grammar's own word lists — and scored with the
shipped weights (`speaker_model.json`) in pure Python: no learning library at run time.

The chosen candidate's noun phrase is resolved by the rules' own `core.resolve` (a pronoun to its
antecedent, a description to the person whose role it repeats), so a learned pick carries the same
evidence as a rule's.

Status: shipped switched off (`enabled: false` in the weights file). Measured both ways on the same
tree (figures in the file's `measured`): PolNeAR dev source F1 60.9 -> 61.1 with overlap F1 unchanged
(67.1), but on the held-out AllSides speaker audit the right named speaker fell from 50/80 to 49/80 —
the quotes it gave a speaker there got a wrong one — so the rules stay in charge.
`STORYLINE_SPEAKER_MODEL=on|off` overrides the flag (for measuring both ways).
"""

from __future__ import annotations

import json
import math
import os
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from storyline.extract.quotes.core import Article, Quoted

_STARTS: WeakKeyDictionary[Article, dict[int, list[int]]] = WeakKeyDictionary()
WEIGHTS = Path(__file__).with_name("speaker_model.json")
SENTENCES_BEFORE, SENTENCES_AFTER = 2, 1  # the window of candidates around the quote's own sentences
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it"})
FEATURES = (
    "same_sentence", "prev1", "prev2", "next1",  # sentences between candidate and quote
    "before", "in_gap", "after", "log_chars", "nearest", "nearest_before",  # position
    "subj_speech", "subj", "poss", "pobj", "obj",  # grammatical role
    "person", "org", "place", "he_she", "they_it", "description", "anonymous",  # kind
    "other_quote", "other_paragraph", "log_mentions", "last_speaker", "colon_before",  # context
    "cue", "whole_paragraph", "log_people", "log_words", "full_stop", "capital",  # the quote's own situation
)  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """One possible speaker: its head word, the phrase the rules would take for it, its features."""

    head: Token
    span: Span
    features: dict[str, float]


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float
    enabled: bool
    grammar: str  # the grammar (language) it was trained with: other languages' quotes are not asked

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))


@cache
def load(path: Path = WEIGHTS) -> Model:
    """The shipped weights; a missing or malformed file is an error that names the file and its trainer."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = Model(
            {k: float(data["weights"][k]) for k in FEATURES}, float(data["bias"]), float(data["threshold"]),
            bool(data["enabled"]), str(data["grammar"]),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise RuntimeError(
            f"speaker model weights unusable at {path} ({e!r}); train them with `python bench/speaker_model.py`"
        ) from e
    return model


def switch() -> str:
    """STORYLINE_SPEAKER_MODEL: "on" or "off" overrides the weights file's `enabled` flag ("" when unset)."""
    value = os.environ.get("STORYLINE_SPEAKER_MODEL", "").lower()
    return value if value in ("on", "off") else ""


def pick(ctx: Article, span: Quoted, cue: Token | None, model: Model | None = None) -> tuple[Span, Token] | None:
    """The speaker phrase the model (the shipped one by default) ranks first for a quote the rules
    left without one, when its probability reaches the model's threshold (None otherwise, or when
    the model is switched off or was trained for another grammar)."""
    if switch() == "off":
        return None
    model = model if model is not None else load()
    if not (model.enabled or switch() == "on") or type(ctx.grammar).__name__ != model.grammar:
        return None
    scored = [(model.probability(c.features), c) for c in candidates(ctx, span, cue)]
    if not scored:
        return None
    p, best = max(scored, key=lambda pc: (pc[0], -abs(pc[1].head.idx - span.start)))
    return (best.span, best.head) if p >= model.threshold else None


def candidates(ctx: Article, span: Quoted, cue: Token | None) -> list[Candidate]:
    """Every possible speaker of a quote in its window, with its features (see the module docstring)."""
    g, text, a, b = ctx.grammar, ctx.text, span.start, span.end
    lo, hi = ctx.sentence_no(a), ctx.sentence_no(max(a, b - 1))
    w0 = ctx.sents[max(0, lo - SENTENCES_BEFORE)][0] if ctx.sents else 0
    w1 = ctx.sents[min(len(ctx.sents) - 1, hi + SENTENCES_AFTER)][1] if ctx.sents else len(text)

    def in_gap(pos: int) -> bool:
        return any(x <= pos < y for x, y in span.gaps)

    heads: dict[int, str] = {}  # token index -> kind
    for m in ctx.mentions.starting_in(w0, w1):
        root = ctx.refs.root(m)
        if m.local >= 0 and root is not None and ctx.is_word(root):
            kind = "person" if m.type == "PERSON" else "org" if m.type == "ORG" else "place"
            heads.setdefault(root.i, kind)
    for t in ctx.words_in(w0, w1):
        if t.i in heads:
            continue
        if t.lower_ in SUBJECT_PRONOUNS and t.dep_ in g.subject_deps:
            heads[t.i] = "he_she" if t.lower_ in ("he", "she") else "they_it"
        elif t.pos_ in ("NOUN", "PROPN") and (g.someone(t) or t.lemma_.lower() in g.anonymous_heads):
            heads[t.i] = "description"
    toks = [ctx.doc[i] for i in sorted(heads) if not (a <= ctx.doc[i].idx < b) or in_gap(ctx.doc[i].idx)]
    if not toks:
        return []

    para_start = text.rfind("\n", 0, a) + 1
    para_end = text.find("\n", b)
    para_end = len(text) if para_end < 0 else para_end
    whole = not text[para_start:a].strip(' “"«„—–-') and not text[b:para_end].strip(' ”"».,')
    inner = text[a:b].strip()
    said = {  # a sentence someone said, rather than a phrase or a title in quotation marks
        "log_words": math.log1p(len(inner.split())) / 4,
        "full_stop": inner[-1:] in (".", "!", "?", ",") or text[b : b + 2].lstrip('”"»')[:1] in (".", "!", "?"),
        "capital": inner[:1].isupper(),
    }
    last = _last_speaker(ctx, a, w0)
    people = {m.local for m in ctx.people_before(w1, w0) if m.start not in ctx.quoted}

    def gap(t: Token) -> int:
        return 0 if a <= t.idx < b else min(abs(t.idx - b), abs(a - t.idx))

    nearest = min(toks, key=gap)
    before = [t for t in toks if t.idx < a]
    out, seen = [], set()
    for t in toks:
        phrase, head = g.phrase(ctx, t)
        if (phrase.start_char, phrase.end_char) in seen:
            continue
        seen.add((phrase.start_char, phrase.end_char))
        k = ctx.sentence_no(t.idx)
        rel = 0 if lo <= k <= hi else (lo - k if k < lo else -1)
        local = _local(ctx, t)
        s0, s1 = ctx.sents[k] if ctx.sents else (0, len(text))
        f = {
            "same_sentence": rel == 0, "prev1": rel == 1, "prev2": rel == 2, "next1": rel == -1,
            "before": t.idx < a, "in_gap": in_gap(t.idx), "after": t.idx >= b,
            "log_chars": math.log1p(gap(t)) / 8, "nearest": t.i == nearest.i,
            "nearest_before": bool(before) and t.i == before[-1].i,
            "subj_speech": t.dep_ in g.subject_deps and t.head.lemma_.lower() in g.cues,
            "subj": t.dep_ in g.subject_deps, "poss": t.dep_ in ("poss", "nmod:poss"), "pobj": t.dep_ == "pobj",
            "obj": t.dep_ in ("dobj", "obj", "dative", "iobj"),
            "person": heads[t.i] == "person", "org": heads[t.i] == "org", "place": heads[t.i] == "place",
            "he_she": heads[t.i] == "he_she", "they_it": heads[t.i] == "they_it",
            "description": heads[t.i] == "description", "anonymous": g.anonymous(phrase),
            "other_quote": t.idx in ctx.quoted and not (a <= t.idx < b),
            "other_paragraph": not (para_start <= t.idx <= para_end),
            "log_mentions": math.log1p(_mentions_before(ctx, local, a)) / 3 if local is not None else 0.0,
            "last_speaker": last is not None and (t.i == last.i or (local is not None and local == _local(ctx, last))),
            "colon_before": rel >= 1 and text[s0:s1].rstrip().endswith(":"),
            "cue": cue is not None, "whole_paragraph": whole, "log_people": math.log1p(len(people)) / 3,
        } | said  # fmt: skip
        out.append(Candidate(head, phrase, {k: float(v) for k, v in f.items()}))
    return out


def _local(ctx: Article, t: Token) -> int | None:
    """The entity a word names, if any."""
    return next((m.local for m in ctx.mentions.holding(t.idx) if m.local >= 0), None)


def _mentions_before(ctx: Article, local: int, pos: int) -> int:
    """How often the article has named an entity before `pos` (an index per article, kept while it lives)."""
    starts = _STARTS.get(ctx)
    if starts is None:
        starts = _STARTS[ctx] = {}
        for m in sorted(ctx.ex.mentions, key=lambda m: m.start):
            starts.setdefault(m.local, []).append(m.start)
    return bisect_left(starts.get(local, []), pos)


def _last_speaker(ctx: Article, pos: int, floor: int) -> Token | None:
    """The subject of the last speech verb outside quotes before `pos` (not before `floor`)."""
    g = ctx.grammar
    for t in reversed(ctx.words_in(floor, pos)):
        if g.is_cue(t) and t.idx not in ctx.quoted:
            subj = ctx.child(t, g.subject_deps)
            if subj is not None:
                return subj
    return None
