"""Russian entities on factRuEval-2016 dev: natasha's tagger alone against Storyline's entity stage.

    .venv/bin/python bench/factru.py [--data DIR] [--show-lost] [--show-errors [N]] [--cache DIR] [--limit N]

Reads ../shared/data/factru-dev/ (122 real Russian news and analysis texts with the factRuEval-2016
organisers' annotation; MIT licence; never copied into the repo) and asks two questions of the same
parse of each text:

- is Storyline's Russian entity stage (`extract_entities_ru`) at least as good as natasha's own
  NewsNERTagger, whose spans it starts from? Micro P/R/F1 per type and overall for both.
- does Storyline keep every name natasha finds? A natasha span that no Storyline mention of its type
  overlaps is either "gone" (no mention overlaps it at all) or "absorbed" (it only survives inside a
  longer name of another type: "России" inside an organisation's name) or "retyped" (the mentions
  over it lie within it but have another type: a dateline "МОСКВА" the tagger called an
  organisation, a lone surname the tagger called a place). "natasha mentions lost" counts gone and
  absorbed; retyped ones are counted apart, as each comes from a type rule documented in
  storyline/extract/mentions/ru.py or core.py. --show-lost lists all three in context. The goal is
  0 lost.

Gold, read from the organisers' files: `*.spans` lines are `id type start length first_token
n_tokens # ...` (character offsets into `*.txt`, typed name parts such as name/surname/org_name/
loc_name/org_descr/job); `*.objects` lines are `id Type span_id ... # ...`, an object built from the
listed spans. Each object of type Person (PER), Location or LocOrg (LOC: LocOrg is a place acting as
an organisation, "Россия заявила"), Org (ORG) is one gold mention covering its spans, from the first
start to the last end; Project and other object types are ignored. Objects nest ("Юрию Долгорукому"
inside "памятника Юрию Долгорукому"), so a text can have gold mentions that overlap; no flat tagger
finds both, which caps recall for either system alike. Objects made only of `geo_adj` spans
("подмосковного" as a mention of the region) are gold LOC mentions too; natasha never tags an
adjective, and their count is printed so the ceiling is visible.

Systems, both from one `storyline.nlp.parse_russian` per text (natasha with the syntax parse, as the
build runs it):
- natasha: the Doc's spans (`RussianDoc.spans`), PER/LOC/ORG as tagged;
- Storyline: `extract_entities_ru(russian_spacy(rdoc)).mentions` of kind other than "title", typed
  PERSON -> PER, GPE/LOC -> LOC, ORG -> ORG (as bench/ner_ru.py --pipeline does); mentions of other
  types are left out of the scores.

Scores: exact match (start, end and type equal a gold mention's; duplicate gold spans counted once)
and overlap match (same type, at least one shared character, paired one-to-one greedily by the
largest overlap), as in bench/ner_ru.py, whose scoring this script reuses. Quotation marks at the
edges of a span are left out on both sides before matching: the organisers' name parts stop inside
the quotes, so a mention built from a descriptor and a quoted name ("ОАО «Газпром»") ends before the
closing mark and starts, when the name is alone, after the opening one: without this an exact match
would turn on a quotation mark.

--cache DIR keeps each text's parse (pickled, keyed by a hash of the text) so that rule changes in
ru.py can be re-measured without re-parsing: delete the folder after a natasha upgrade. factru-dev is
development data for the rules of ru.py: figures on it are development figures; the held-out figure
is bench/ner_ru.py --pipeline --data bench/data/ner_ru_heldout.jsonl.

Exits with status 2 and a one-line message if the data folder is absent or malformed.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ner_ru import TYPES, Entity, Sentence, Tally, in_context, overlap, prf_line, score  # noqa: E402

from storyline.nlp import RussianDoc  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "factru-dev"
QUOTES = " \t\n«»\"„“”'‘’"
OBJECT_TYPES = {"Person": "PER", "Location": "LOC", "LocOrg": "LOC", "Org": "ORG"}
STORYLINE_TYPES = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}


def fail(message: str) -> NoReturn:
    print(f"factru: {message}", file=sys.stderr)
    sys.exit(2)


def unquoted(text: str, e: Entity) -> Entity:
    """The span without quotation marks at its edges (see "Scores" above)."""
    start, end = e.start, e.end
    while start < end and text[start] in QUOTES:
        start += 1
    while end > start and text[end - 1] in QUOTES:
        end -= 1
    return Entity(start, end, e.type) if end > start else e


@dataclass
class Text:
    name: str
    text: str
    gold: list[Entity]
    adjectives: int = 0  # gold mentions made only of geo_adj spans
    natasha: list[Entity] = field(default_factory=list)
    storyline: list[Entity] = field(default_factory=list)


# ---------------------------------------------------------------- gold


def load_text(base: Path) -> Text:
    """One text and its gold mentions from `base`.txt, .spans and .objects."""
    try:
        text = base.with_suffix(".txt").read_text(encoding="utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        for raw in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = raw.partition("#")[0].split()
            if fields:
                start, length = int(fields[2]), int(fields[3])
                spans[fields[0]] = (fields[1], start, start + length)
        gold: dict[tuple[int, int, str], Entity] = {}
        adjectives = 0
        for raw in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            fields = raw.partition("#")[0].split()
            if not fields or fields[1] not in OBJECT_TYPES:
                continue
            parts = [spans[i] for i in fields[2:]]
            g = Entity(min(p[1] for p in parts), max(p[2] for p in parts), OBJECT_TYPES[fields[1]])
            g = unquoted(text, g)
            if not 0 <= g.start < g.end <= len(text):
                raise ValueError(f"object {fields[0]} outside the text")
            if (g.start, g.end, g.type) not in gold:
                gold[(g.start, g.end, g.type)] = g
                adjectives += all(p[0] == "geo_adj" for p in parts)
    except (OSError, ValueError, KeyError, IndexError) as e:
        fail(f"{base}: malformed factRuEval files ({e!r})")
    return Text(base.name, text, sorted(gold.values(), key=lambda g: (g.start, g.end)), adjectives)


def load(folder: Path, limit: int | None) -> list[Text]:
    if not folder.is_dir():
        fail(f"factRuEval dev data not found at {folder} (it lives in ../shared/data/factru-dev; pass --data DIR)")
    bases = sorted(p.with_suffix("") for p in folder.glob("*.txt"))
    if not bases:
        fail(f"no *.txt files in {folder}")
    return [load_text(b) for b in bases[:limit]]


# ---------------------------------------------------------------- systems


def parse(text: str, cache: Path | None) -> RussianDoc:
    from storyline.nlp import parse_russian

    if cache is None:
        return parse_russian(text)
    path = cache / (hashlib.sha256(text.encode()).hexdigest()[:24] + ".pickle")
    if path.is_file():
        return pickle.loads(path.read_bytes())
    rdoc = parse_russian(text)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rdoc))
    return rdoc


def tag(t: Text, cache: Path | None) -> None:
    """natasha's spans and Storyline's mentions for one text, from one parse."""
    from storyline.extract.mentions import extract_entities_ru
    from storyline.nlp import russian_spacy

    rdoc = parse(t.text, cache)
    t.natasha = [unquoted(t.text, Entity(s.start, s.end, s.type)) for s in rdoc.spans if s.type in TYPES]
    t.storyline = [
        unquoted(t.text, Entity(m.start, m.end, STORYLINE_TYPES[m.type]))
        for m in extract_entities_ru(russian_spacy(rdoc)).mentions
        if m.type in STORYLINE_TYPES and m.kind != "title"
    ]


def lost(t: Text) -> list[tuple[Entity, str]]:
    """natasha's spans that no mention Storyline keeps of the same type overlaps, each with why:
    "gone", "absorbed" or "retyped" and the type it went to (see the module docstring)."""
    out = []
    for n in t.natasha:
        over = [s for s in t.storyline if overlap(n, s)]
        if not over:
            out.append((n, "gone"))
        elif not any(s.type == n.type for s in over):
            within = all(n.start <= s.start and s.end <= n.end for s in over)
            out.append((n, f"{'retyped' if within else 'absorbed'} {over[0].type}"))
    return out


# ---------------------------------------------------------------- scoring


def tally(texts: list[Text], system: str) -> Tally:
    """bench/ner_ru.py's scores for one system's mentions (its normal-form figures are not used here)."""
    return score(Sentence(0, t.text, t.gold, getattr(t, system)) for t in texts)[0]


def context(t: Text, e: Entity) -> str:
    return in_context(Sentence(0, t.text, []), e)


def report(title: str, t: Tally) -> None:
    print(f"\n{title}")
    for name, hits in (("exact", t.exact), ("overlap", t.overlap)):
        for ty in TYPES:
            print(f"  {name:<7} {ty:<5} {prf_line(hits[ty], t.pred[ty], t.gold[ty])}")
        print(f"  {name:<7} micro {prf_line(sum(hits.values()), sum(t.pred.values()), sum(t.gold.values()))}")


def show_errors(texts: list[Text], limit: int) -> None:
    """Storyline's exact-match false negatives and positives, marked where natasha's tagger has the same span."""
    for side, of, against in (("missed", "gold", "storyline"), ("spurious", "storyline", "gold")):
        rows = []
        for t in texts:
            keys = {(e.start, e.end, e.type) for e in getattr(t, against)}
            natasha = {(e.start, e.end, e.type) for e in t.natasha}
            for e in getattr(t, of):
                if (e.start, e.end, e.type) not in keys:
                    mark = "natasha has it" if (e.start, e.end, e.type) in natasha else ""
                    rows.append(f"  {t.name:<9} {e.type} {mark:<13} {context(t, e)}")
        print(f"\nStoryline {side} ({len(rows)}; first {limit}):")
        print("\n".join(rows[:limit]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"factRuEval folder (default {DEFAULT_DATA})")
    ap.add_argument("--show-lost", action="store_true", help="list natasha mentions Storyline lost")
    ap.add_argument("--show-errors", type=int, nargs="?", const=200, metavar="N", help="list Storyline's errors")
    ap.add_argument("--cache", type=Path, help="keep parses here (development: re-run rules without re-parsing)")
    ap.add_argument("--limit", type=int, help="first N texts only")
    args = ap.parse_args()

    texts = load(args.data, args.limit)
    t0 = time.perf_counter()
    for t in texts:
        tag(t, args.cache)
    elapsed = time.perf_counter() - t0
    natasha, storyline = tally(texts, "natasha"), tally(texts, "storyline")
    gone = [(t, e, why) for t in texts for e, why in lost(t)]
    n_gold = sum(natasha.gold.values())
    print(f"factRuEval-2016 dev at {args.data}: {len(texts)} texts, {sum(len(t.text) for t in texts):,} characters")
    print(
        f"gold mentions {n_gold} ("
        + ", ".join(f"{ty} {natasha.gold[ty]}" for ty in TYPES)
        + f"), of which {sum(t.adjectives for t in texts)} LOC are geo adjectives alone"
    )
    report(f"natasha NewsNERTagger ({sum(natasha.pred.values())} mentions)", natasha)
    report(f"Storyline extract_entities_ru ({sum(storyline.pred.values())} mentions)", storyline)
    causes = Counter(why.split()[0] for _t, _e, why in gone)
    print(
        f"\nnatasha mentions lost by Storyline: {causes['gone'] + causes['absorbed']} of "
        f"{sum(len(t.natasha) for t in texts)} (gone {causes['gone']}, absorbed into a longer name of another "
        f"type {causes['absorbed']}); retyped by a type rule: {causes['retyped']}"
    )
    print(f"(parse and extraction {elapsed:.1f} s{', parses cached' if args.cache else ''})")
    if args.show_lost:
        for t, e, why in gone:
            print(f"  {t.name:<9} {e.type} {why:<11} {context(t, e)}")
    if args.show_errors:
        show_errors(texts, args.show_errors)


if __name__ == "__main__":
    main()
