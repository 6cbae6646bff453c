"""Russian named-entity recognition with natasha, scored against a small hand-annotated news sample.

    .venv/bin/python bench/ner_ru.py [--data PATH] [--show-errors] [--syntax | --pipeline] [--repeat N]

--pipeline scores what Storyline itself keeps (storyline.nlp.parse_russian + extract_entities_ru:
natasha with the syntax parse, then organisations re-joined with their genitive country, dateline
capitals title-cased, "(ABBR)" split off as its own mention); PERSON -> PER, GPE/LOC -> LOC.

Why this data. No public Russian news NER gold set can be fetched here (the `nerus` and `corus` PyPI
packages ship loaders only), so the default data, bench/data/ner_ru_sample.jsonl, is a sample of news-
agency-style sentences written and annotated by hand for this benchmark; bench/data/ner_ru_sample.md
gives the guidelines (natasha/Collection5 conventions: PER, LOC, ORG; maximal names without titles)
and the caveats. One JSON object per line: {"text": ..., "entities": [{"start", "end", "type",
"normal"}]}, with Python str offsets; every gold span is checked to lie within its text.

The model. natasha's Segmenter, NewsEmbedding, NewsMorphTagger, NewsNERTagger and MorphVocab (model
files ship inside the natasha wheel). Each sentence is one Doc: segment, tag_morph, tag_ner, then
span.normalize(morph_vocab) for every predicted span. natasha normalises ORG spans with a syntax-
guided routine that only inflects the head and its adjectives; without a dependency parse every word
counts as a head, so "Банк России" becomes "Банк Россия" and "Российской академии наук" "Российская
академия науки". --syntax also runs NewsSyntaxParser, to measure what the parse buys for ORG normals
(it fixes those, at about a fifth of the throughput on this sample).

What is printed:

- exact match: a prediction is correct when its start, end and type equal a gold entity's. Precision,
  recall and F1 per type and micro-averaged over all types; also micro-averaged ignoring the type, to
  separate boundary errors from type errors.
- overlap (partial) match: gold and predicted entities of the same type that share at least one
  character are paired one-to-one, greedily by largest overlap; P/R/F1 as above.
- normalisation accuracy: over gold entities found exactly (span and type), the share whose predicted
  span's normal form equals the gold "normal", case-sensitively but with ё folded to е; per type and
  overall.
- model load time (imports and constructors, apart from a warm-up call), then throughput of the whole
  per-sentence processing (segmentation, tagging, normalisation) in sentences/s and tokens/s (natasha
  tokens). The data is processed --repeat times (default 3) for the timing; scores use the first pass.

With --show-errors, false negatives and false positives under exact match are listed, each labelled
as a boundary error (same type, overlapping span), a type error (overlapping span, other type), a
miss or a spurious entity, followed by the normalisation mismatches.

Exits with status 2 and a one-line message if the data file is missing or malformed or natasha cannot
be imported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "bench" / "data" / "ner_ru_sample.jsonl"
TYPES = ("PER", "LOC", "ORG")
CONTEXT = 40


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    type: str
    normal: str = ""

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Sentence:
    line: int
    text: str
    gold: list[Entity]
    pred: list[Entity] = field(default_factory=list)
    tokens: int = 0


def fail(message: str) -> NoReturn:
    print(f"ner_ru: {message}", file=sys.stderr)
    sys.exit(2)


def load(path: Path) -> list[Sentence]:
    """Read the JSONL gold, refusing spans that do not fit their text or carry an unknown type."""
    if not path.is_file():
        fail(f"data file not found: {path}")
    sentences: list[Sentence] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
            text = rec["text"]
            gold = [Entity(int(e["start"]), int(e["end"]), e["type"], e.get("normal", "")) for e in rec["entities"]]
        except (ValueError, KeyError, TypeError) as e:
            fail(f"{path}:{n}: malformed line ({e})")
        for g in gold:
            if not 0 <= g.start < g.end <= len(text) or g.type not in TYPES:
                fail(f"{path}:{n}: bad gold entity {g}")
        sentences.append(Sentence(n, text, gold))
    if not sentences:
        fail(f"no sentences in {path}")
    return sentences


# ---------------------------------------------------------------- model


@dataclass
class Model:
    segmenter: Any
    morph_tagger: Any
    ner_tagger: Any
    syntax_parser: Any
    morph_vocab: Any

    def tag(self, text: str) -> tuple[list[Entity], int]:
        """Predicted entities with their natasha normal forms, and the number of tokens."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        if self.syntax_parser is not None:
            doc.parse_syntax(self.syntax_parser)
        doc.tag_ner(self.ner_tagger)
        out = []
        for span in doc.spans:
            span.normalize(self.morph_vocab)
            out.append(Entity(span.start, span.stop, span.type, span.normal or ""))
        return out, len(doc.tokens)


class PipelineModel:
    """Storyline's own Russian entity stage, as the build runs it."""

    def tag(self, text: str) -> tuple[list[Entity], int]:
        from storyline.extract.mentions import extract_entities_ru
        from storyline.nlp import parse_russian, russian_spacy

        rdoc = parse_russian(text)
        kinds = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
        out = [
            Entity(m.start, m.end, kinds[m.type], m.normal or m.text)
            for m in extract_entities_ru(russian_spacy(rdoc)).mentions
            if m.type in kinds and m.kind != "title"
        ]
        # the samples annotate maximal names only (guidelines in bench/data/ner_ru_sample.md): a name
        # Storyline also keeps inside a longer one ("России" in "Министерства обороны России") is
        # not scored, as the gold has no nested names to match it against
        out = [e for e in out if not any(o.start <= e.start and e.end <= o.end and o.end - o.start > e.end - e.start
                                         for o in out)]  # fmt: skip
        return out, len(rdoc.tokens)


def load_model(syntax: bool) -> Model:
    try:
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )
    except ImportError as e:
        fail(f"cannot import natasha: {e}")
    emb = NewsEmbedding()
    return Model(
        Segmenter(),
        NewsMorphTagger(emb),
        NewsNERTagger(emb),
        NewsSyntaxParser(emb) if syntax else None,
        MorphVocab(),
    )


# ---------------------------------------------------------------- scoring


def overlap(a: Entity, b: Entity) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def pair_by_overlap(gold: Sequence[Entity], pred: Sequence[Entity]) -> list[tuple[int, int]]:
    """One-to-one (gold, pred) index pairs of the same type, greedily by largest shared character count."""
    candidates = [
        (ov, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if g.type == p.type and (ov := overlap(g, p)) > 0
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


@dataclass
class Tally:
    gold: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)
    overlap: Counter[str] = field(default_factory=Counter)
    untyped_exact: int = 0
    norm_checked: Counter[str] = field(default_factory=Counter)
    norm_correct: Counter[str] = field(default_factory=Counter)


def fold(s: str) -> str:
    return s.replace("ё", "е").replace("Ё", "Е")


def score(sentences: Iterable[Sentence]) -> tuple[Tally, list[tuple[Sentence, Entity, Entity]]]:
    """Tally exact, overlap and normalisation results; also return the normal-form mismatches."""
    t = Tally()
    norm_errors = []
    for s in sentences:
        t.gold.update(g.type for g in s.gold)
        t.pred.update(p.type for p in s.pred)
        pred_by_key = {(p.start, p.end, p.type): p for p in s.pred}
        pred_spans = {p.span for p in s.pred}
        for g in s.gold:
            t.untyped_exact += g.span in pred_spans
            p = pred_by_key.get((g.start, g.end, g.type))
            if p is None:
                continue
            t.exact[g.type] += 1
            t.norm_checked[g.type] += 1
            if fold(p.normal) == fold(g.normal):
                t.norm_correct[g.type] += 1
            else:
                norm_errors.append((s, g, p))
        for gi, _ in pair_by_overlap(s.gold, s.pred):
            t.overlap[s.gold[gi].type] += 1
    return t, norm_errors


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def prf_line(correct: int, pred: int, gold: int) -> str:
    p, r = ratio(correct, pred), ratio(correct, gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}   ({correct}/{pred} pred, {correct}/{gold} gold)"


def print_scores(t: Tally) -> None:
    gold, pred = sum(t.gold.values()), sum(t.pred.values())
    for title, hits in (
        ("Exact match (span + type)", t.exact),
        ("Overlap match (same type, >= 1 char shared, 1:1)", t.overlap),
    ):
        print(f"\n{title}")
        for ty in TYPES:
            print(f"  {ty:<5} {prf_line(hits[ty], t.pred[ty], t.gold[ty])}")
        print(f"  micro {prf_line(sum(hits.values()), pred, gold)}")
    print(f"\nExact span, type ignored: micro {prf_line(t.untyped_exact, pred, gold)}")
    other = sorted(set(t.pred) - set(TYPES))
    if other:
        print(f"  (predicted types outside {'/'.join(TYPES)}: {', '.join(other)})")

    print("\nNormalisation accuracy (gold entities found exactly; case-sensitive, ё = е)")
    for ty in TYPES:
        c, n = t.norm_correct[ty], t.norm_checked[ty]
        print(f"  {ty:<5} {100 * ratio(c, n):5.1f}  ({c}/{n})")
    c, n = sum(t.norm_correct.values()), sum(t.norm_checked.values())
    print(f"  all   {100 * ratio(c, n):5.1f}  ({c}/{n})")


# ---------------------------------------------------------------- errors


def in_context(s: Sentence, e: Entity) -> str:
    left = s.text[max(0, e.start - CONTEXT) : e.start]
    right = s.text[e.end : e.end + CONTEXT]
    return f"…{left}[{s.text[e.start : e.end]}]{right}…"


def kind(e: Entity, others: Sequence[Entity]) -> str:
    """Why an unmatched entity is unmatched, judged against the other side's entities."""
    touching = [o for o in others if overlap(e, o) > 0]
    if any(o.type == e.type for o in touching):
        return "boundary"
    if touching:
        return f"type (other side {touching[0].type})"
    return ""


def print_errors(sentences: Sequence[Sentence], norm_errors: Sequence[tuple[Sentence, Entity, Entity]]) -> None:
    fns, fps = [], []
    for s in sentences:
        gold_keys = {(g.start, g.end, g.type) for g in s.gold}
        pred_keys = {(p.start, p.end, p.type) for p in s.pred}
        fns += [(s, g) for g in s.gold if (g.start, g.end, g.type) not in pred_keys]
        fps += [(s, p) for p in s.pred if (p.start, p.end, p.type) not in gold_keys]
    print(f"\nFalse negatives, exact match ({len(fns)}):")
    for s, g in fns:
        print(f"  line {s.line:3d} {g.type} {kind(g, s.pred) or 'missed':<18} {in_context(s, g)}")
    print(f"\nFalse positives, exact match ({len(fps)}):")
    for s, p in fps:
        print(f"  line {s.line:3d} {p.type} {kind(p, s.gold) or 'spurious':<18} {in_context(s, p)}")
    print(f"\nNormalisation mismatches ({len(norm_errors)}):")
    for s, g, p in norm_errors:
        print(f"  line {s.line:3d} {g.type} {s.text[g.start : g.end]!r}: gold {g.normal!r}, natasha {p.normal!r}")


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"JSONL gold file (default {DEFAULT_DATA})")
    ap.add_argument("--show-errors", action="store_true", help="list false negatives/positives and bad normals")
    ap.add_argument("--syntax", action="store_true", help="also run NewsSyntaxParser (guides ORG normalisation)")
    ap.add_argument("--pipeline", action="store_true", help="score Storyline's extract_entities_ru instead")
    ap.add_argument("--repeat", type=int, default=3, metavar="N", help="passes over the data for timing (default 3)")
    args = ap.parse_args()

    sentences = load(args.data)
    t0 = time.perf_counter()
    model: Model | PipelineModel = PipelineModel() if args.pipeline else load_model(args.syntax)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.tag("Президент России Владимир Путин прибыл в Казань.")
    t_warm = time.perf_counter() - t0

    elapsed = 0.0
    for rep in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        results = [model.tag(s.text) for s in sentences]
        elapsed += time.perf_counter() - t0
        if rep == 0:
            for s, (pred, n_tokens) in zip(sentences, results, strict=True):
                s.pred, s.tokens = pred, n_tokens
    passes = max(1, args.repeat)

    tally, norm_errors = score(sentences)
    n_tokens = sum(s.tokens for s in sentences)
    print(f"{'Storyline extract_entities_ru' if args.pipeline else 'natasha NER'} on {args.data}")
    print(f"sentences {len(sentences)}, tokens {n_tokens}, gold entities {sum(tally.gold.values())} (", end="")
    print(", ".join(f"{ty} {tally.gold[ty]}" for ty in TYPES) + f"), predicted {sum(tally.pred.values())}")
    syntax = args.syntax or args.pipeline
    print(f"syntax parser: {'on' if syntax else 'off (ORG normals inflect every word; see --syntax)'}")
    print_scores(tally)
    print(f"\nModel load {t_load:.2f} s (+ first call {t_warm:.2f} s)")
    print(
        f"Throughput over {passes} pass(es): {passes * len(sentences) / elapsed:,.0f} sentences/s, "
        f"{passes * n_tokens / elapsed:,.0f} tokens/s (segment, tag{', parse' if syntax else ''}, normalise)"
    )
    if args.show_errors:
        print_errors(sentences, norm_errors)


if __name__ == "__main__":
    main()
