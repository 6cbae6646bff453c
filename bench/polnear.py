"""Quote (attribution) extraction scored against the PolNeAR corpus (brat standoff annotations).

    .venv/bin/python bench/polnear.py [--split dev|train] [--limit N] [--show-errors N] [--data DIR]

The data. DIR (default ../shared/data/polnear) has one folder per split, each with text/NAME.txt
and attributions/NAME_ANNOTATOR.ann. The .txt files are read as UTF-8 with newline="" so that the
brat offsets (Python str offsets) index them exactly; every text-bound annotation of a used file is
checked (text[start:end] of its fragments, joined by one space as brat does, must equal the text
stored in the .ann) and mismatches are reported. Sixteen train texts and two dev texts were annotated
by five or six annotators (an agreement set): only the first .ann file in sorted name order (that is,
the lowest annotator id) is used for each text.

The gold items. Every event line `E1  Attribution:T4 Content:T3 Cue:T2 Source:T1` (or
`Attribution-no-source:...`) is one gold attribution; its Content and Content2 arguments are the
content, possibly in several fragments (`Content 10 20;30 40`, or a second Content2 annotation further
on). The fragments are kept as parts; for overlap purposes they are merged into one span from the
smallest start to the largest end (the "hull"). Source and Cue arguments give the source span (which
is missing for about 7% of attributions) and the cue span, hulls too. Events without any Content
argument (a few dozen stray triggers in train) are skipped. Lines continuing an annotation whose text
spans a line break, and AnnotatorNotes (#) lines, are handled.

Direct vs indirect. A content span is "direct" if its stripped text starts or ends with a double
quotation mark (one of  " “ ” „ « » ‟), or if one of those marks lies within the 2 characters just
before its start or just after its end (so `"We will win," he said` counts whether or not the
annotator included the marks). Single quotes are not used: they double as apostrophes. The same
rule classifies predicted spans, so direct/indirect precision is computed over predictions the rule
calls direct/indirect (not the extractor's own `direct` flag, whose agreement is printed separately).

What is measured, per document, with `storyline.extract.quotes.quotes_for_text(text)`:

- content, whole-quote overlap (as in Pareti's and the Citron papers): a predicted content matches
  a gold content when their spans overlap by at least one character; pairs are chosen one-to-one,
  greedily by largest overlap. Precision = matched predictions / predictions, recall = matched gold /
  gold, F1 their harmonic mean.
- content, character overlap (stricter): over the matched pairs, the overlapping characters summed,
  divided by all predicted characters (precision) and by all gold characters (recall). Printed once
  against the gold hulls and once against the gold parts only (the gaps, e.g. an inserted "he said",
  then count as neither gold nor overlap).
- source: among matched pairs whose gold has a source, accuracy = share where the predicted source
  span (speaker_start, speaker_end) overlaps the gold source. Source F1: a gold attribution with a
  source is correct if it is matched and its source overlaps; recall = correct / gold with a source,
  precision = correct / predictions with a source. Also printed: among matched pairs whose gold has
  no source, the share where the prediction has none either; and cue accuracy (overlap) on matched
  pairs.
- the content figures again for direct and indirect items (the matching is the global one).

Also printed: documents, words (whitespace-separated tokens), gold attributions, predictions, the
time spent in quotes_for_text (the spaCy model is loaded beforehand and timed apart) and documents/s.
If the split has more than WORD_BUDGET (300k) words and no --limit is given, only as many documents as
fit the budget are evaluated (spread evenly over the sorted list), so that a run stays within a few
minutes (spaCy parsing alone ran at ~1.6k words/s here), and this is said; --limit 0 evaluates all.
The train split (~625k words) is thus limited by default; the dev split (~68k words, about a minute) is
evaluated whole by default. With --show-errors N, up to N examples each of missed gold contents,
spurious predictions and source mismatches are printed with context.

Exits with status 2 and a one-line message if the data folder is missing or empty or the extractor
cannot be imported.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "polnear"
QUOTE_MARKS = frozenset('"“”„«»‟')
WORD_BUDGET = 300_000  # words evaluated by default: about 3 minutes at ~1.6k words/s (spaCy parse alone, measured)
CONTEXT = 60
SHOWN_SPAN = 240  # longer spans are shortened in the middle when printed

Span = tuple[int, int]
RECORD_START = re.compile(r"(?:[TRAEMN]\d+|#\d*|\*)\t")


# ---------------------------------------------------------------- gold data


@dataclass(frozen=True)
class Gold:
    """One gold attribution: content parts (sorted), source and cue hulls."""

    event: str
    parts: tuple[Span, ...]
    source: Span | None
    cue: Span | None
    direct: bool

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return max(e for _, e in self.parts)


@dataclass
class Document:
    name: str
    ann_file: str
    text: str
    gold: list[Gold]

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class AnnReport:
    """What parsing one .ann file found besides the gold items."""

    spans_checked: int = 0
    mismatches: list[str] = field(default_factory=list)
    oddities: list[str] = field(default_factory=list)
    events_without_content: int = 0
    no_source_type_with_source: int = 0


def is_direct(text: str, start: int, end: int) -> bool:
    inner = text[start:end].strip()
    if inner[:1] in QUOTE_MARKS or inner[-1:] in QUOTE_MARKS:
        return True
    around = text[max(0, start - 2) : start] + text[end : end + 2]
    return any(c in QUOTE_MARKS for c in around)


def hull(spans: Sequence[Span]) -> Span | None:
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def ann_records(raw: str) -> list[str]:
    """Split an .ann file into records; lines that start no record continue the previous one."""
    records: list[str] = []
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        if RECORD_START.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


def parse_ann(raw: str, text: str, where: str = "") -> tuple[list[Gold], AnnReport]:
    report = AnnReport()
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[tuple[str, str, list[tuple[str, str]]]] = []
    for rec in ann_records(raw):
        rid, _, rest = rec.partition("\t")
        if rid.startswith("T"):
            head, _, stored = rest.partition("\t")
            label, _, offsets = head.partition(" ")
            try:
                frags = [(int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))]
            except ValueError:
                report.oddities.append(f"{where} bad offsets: {rec[:80]!r}")
                continue
            spans[rid] = (label, frags)
            report.spans_checked += 1
            found = " ".join(text[a:b] for a, b in frags)
            if found != stored:
                report.mismatches.append(f"{where} {rid} {offsets}: ann {stored[:60]!r} != text {found[:60]!r}")
        elif rid.startswith("E"):
            args = [a.split(":", 1) for a in rest.split()]
            if not args or any(len(a) != 2 for a in args):
                report.oddities.append(f"{where} bad event: {rec[:80]!r}")
                continue
            etype = args[0][0]
            events.append((rid, etype, [(re.sub(r"\d+$", "", role), ref) for role, ref in args[1:]]))
        elif rid.startswith("#"):
            continue  # annotator notes
        else:
            report.oddities.append(f"{where} unexpected record: {rec[:80]!r}")

    gold: list[Gold] = []
    for eid, etype, args in events:
        roles: dict[str, list[Span]] = defaultdict(list)
        for role, ref in args:
            if ref not in spans:
                report.oddities.append(f"{where} {eid} refers to missing {ref}")
                continue
            if role not in ("Content", "Source", "Cue"):
                report.oddities.append(f"{where} {eid} has unknown role {role}")
                continue
            roles[role] += spans[ref][1]
        if not roles["Content"]:
            report.events_without_content += 1
            continue
        if etype == "Attribution-no-source" and roles["Source"]:
            report.no_source_type_with_source += 1
        parts = tuple(sorted(roles["Content"]))
        start, end = parts[0][0], max(e for _, e in parts)
        gold.append(Gold(eid, parts, hull(roles["Source"]), hull(roles["Cue"]), is_direct(text, start, end)))
    gold.sort(key=lambda g: (g.start, g.end))
    return gold, report


def load_split(folder: Path) -> tuple[list[Document], AnnReport]:
    """Read every text of a split with the first (sorted) .ann file for it."""
    ann_by_stem: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((folder / "attributions").glob("*.ann")):
        ann_by_stem[ann.stem.rsplit("_", 1)[0]].append(ann)
    total = AnnReport()
    docs: list[Document] = []
    for txt in sorted((folder / "text").glob("*.txt")):
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        anns = ann_by_stem.get(txt.stem)
        if not anns:
            total.oddities.append(f"{txt.name}: no .ann file")
            continue
        raw = anns[0].read_text(encoding="utf-8")
        gold, rep = parse_ann(raw, text, anns[0].name)
        total.spans_checked += rep.spans_checked
        total.mismatches += rep.mismatches
        total.oddities += rep.oddities
        total.events_without_content += rep.events_without_content
        total.no_source_type_with_source += rep.no_source_type_with_source
        docs.append(Document(txt.stem, anns[0].name, text, gold))
    return docs, total


# ---------------------------------------------------------------- predictions and matching


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    source: Span | None
    cue: Span | None
    direct: bool  # by the same text rule as the gold
    flagged_direct: bool  # the extractor's own flag
    speaker_text: str | None


def to_pred(q: Any, text: str) -> Pred:
    def span(a: int | None, b: int | None) -> Span | None:
        return (a, b) if a is not None and b is not None else None

    return Pred(
        q.start,
        q.end,
        span(q.speaker_start, q.speaker_end),
        span(q.cue_start, q.cue_end),
        is_direct(text, q.start, q.end),
        bool(q.direct),
        q.speaker_text,
    )


def overlap(a: Span | None, b: Span | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Gold], preds: Sequence[Pred]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, greedily by largest overlap of the content hulls."""
    candidates = [
        (ov, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(preds)
        if (ov := overlap((g.start, g.end), (p.start, p.end))) > 0
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


# ---------------------------------------------------------------- tallies


@dataclass
class ContentTally:
    gold: int = 0
    pred: int = 0
    matched_gold: int = 0
    matched_pred: int = 0
    gold_chars: int = 0
    gold_part_chars: int = 0
    pred_chars: int = 0
    overlap_gold: int = 0  # overlap of matched pairs, counted on the gold side's subset
    overlap_pred: int = 0  # ... and on the prediction side's subset
    part_overlap_gold: int = 0
    part_overlap_pred: int = 0


@dataclass
class SourceTally:
    gold_with_source: int = 0
    pred_with_source: int = 0
    matched_with_source: int = 0
    correct: int = 0  # matched, gold has a source, predicted source overlaps it
    correct_pred_with_source: int = 0
    matched_without_source: int = 0
    both_without_source: int = 0
    matched_with_cue: int = 0
    cue_correct: int = 0
    flag_agree: int = 0
    matched: int = 0


@dataclass
class Errors:
    missed: list[tuple[Document, Gold]] = field(default_factory=list)
    spurious: list[tuple[Document, Pred]] = field(default_factory=list)
    source: list[tuple[Document, Gold, Pred]] = field(default_factory=list)


@dataclass
class Sanity:
    bad_spans: list[str] = field(default_factory=list)


def score(
    doc: Document,
    preds: list[Pred],
    content: dict[str, ContentTally],
    src: SourceTally,
    errors: Errors,
    sanity: Sanity,
) -> None:
    for p in preds:
        if not 0 <= p.start < p.end <= len(doc.text):
            sanity.bad_spans.append(f"{doc.name}: content ({p.start}, {p.end}), text length {len(doc.text)}")
    gold = doc.gold
    pairs = match(gold, preds)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}

    def groups_gold(g: Gold) -> tuple[str, str]:
        return ("all", "direct" if g.direct else "indirect")

    def groups_pred(p: Pred) -> tuple[str, str]:
        return ("all", "direct" if p.direct else "indirect")

    for gi, g in enumerate(gold):
        for key in groups_gold(g):
            t = content[key]
            t.gold += 1
            t.gold_chars += g.end - g.start
            t.gold_part_chars += sum(b - a for a, b in g.parts)
            t.matched_gold += gi in matched_g
        if gi not in matched_g:
            errors.missed.append((doc, g))
        src.gold_with_source += g.source is not None
    for pi, p in enumerate(preds):
        for key in groups_pred(p):
            t = content[key]
            t.pred += 1
            t.pred_chars += max(0, p.end - p.start)
            t.matched_pred += pi in matched_p
        if pi not in matched_p:
            errors.spurious.append((doc, p))
        src.pred_with_source += p.source is not None

    for gi, pi in pairs:
        g, p = gold[gi], preds[pi]
        ov = overlap((g.start, g.end), (p.start, p.end))
        part_ov = sum(overlap(part, (p.start, p.end)) for part in g.parts)
        for key in groups_gold(g):
            content[key].overlap_gold += ov
            content[key].part_overlap_gold += part_ov
        for key in groups_pred(p):
            content[key].overlap_pred += ov
            content[key].part_overlap_pred += part_ov
        src.matched += 1
        src.flag_agree += p.flagged_direct == g.direct
        if g.source is not None:
            src.matched_with_source += 1
            if overlap(g.source, p.source) > 0:
                src.correct += 1
                src.correct_pred_with_source += 1
            else:
                errors.source.append((doc, g, p))
        else:
            src.matched_without_source += 1
            src.both_without_source += p.source is None
        if g.cue is not None:
            src.matched_with_cue += 1
            src.cue_correct += overlap(g.cue, p.cue) > 0


# ---------------------------------------------------------------- printing


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(p: float, r: float) -> str:
    return f"P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f1(p, r):5.1f}"


def print_content(content: dict[str, ContentTally]) -> None:
    print("\nContent")
    for key in ("all", "direct", "indirect"):
        t = content[key]
        print(f"  {key:<8} gold {t.gold:5d}  predicted {t.pred:5d}")
        p, r = ratio(t.matched_pred, t.pred), ratio(t.matched_gold, t.gold)
        print(f"    whole-quote overlap (any shared char, 1:1)   {prf(p, r)}")
        p, r = ratio(t.overlap_pred, t.pred_chars), ratio(t.overlap_gold, t.gold_chars)
        print(f"    character overlap, gold hulls (stricter)     {prf(p, r)}")
        p, r = ratio(t.part_overlap_pred, t.pred_chars), ratio(t.part_overlap_gold, t.gold_part_chars)
        print(f"    character overlap, gold parts only           {prf(p, r)}")


def print_source(s: SourceTally) -> None:
    print("\nSource (predicted speaker span overlaps the gold source)")
    acc = ratio(s.correct, s.matched_with_source)
    print(f"  accuracy on matched pairs with a gold source  {100 * acc:5.1f}  ({s.correct}/{s.matched_with_source})")
    p, r = ratio(s.correct_pred_with_source, s.pred_with_source), ratio(s.correct, s.gold_with_source)
    print(
        f"  source F1 over all gold with a source         {prf(p, r)}"
        f"  (gold {s.gold_with_source}, predicted with a source {s.pred_with_source})"
    )
    none = ratio(s.both_without_source, s.matched_without_source)
    print(
        f"  matched pairs, gold without source: predicted none too  {100 * none:5.1f}"
        f"  ({s.both_without_source}/{s.matched_without_source})"
    )
    print(f"Cue accuracy on matched pairs (overlap)         {100 * ratio(s.cue_correct, s.matched_with_cue):5.1f}")
    print(
        f"Extractor's direct flag agrees with the gold rule on matched pairs  "
        f"{100 * ratio(s.flag_agree, s.matched):5.1f}  ({s.flag_agree}/{s.matched})"
    )


def shown(text: str) -> str:
    text = text.replace("\n", " ⏎ ")
    if len(text) > SHOWN_SPAN:
        half = SHOWN_SPAN // 2
        text = text[:half] + " … " + text[-half:]
    return text


def in_context(doc: Document, start: int, end: int) -> str:
    before = doc.text[max(0, start - CONTEXT) : start]
    after = doc.text[end : end + CONTEXT]
    return shown(before) + "⟦" + shown(doc.text[start:end]) + "⟧" + shown(after)


def spread(items: list[Any], n: int) -> list[Any]:
    """n items spread evenly over the list (so examples come from many documents)."""
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]


def source_text(doc: Document, span: Span | None) -> str:
    return repr(shown(doc.text[span[0] : span[1]])) if span else "none"


def print_errors(errors: Errors, n: int) -> None:
    print(f"\nMissed gold contents ({len(errors.missed)}), {min(n, len(errors.missed))} shown:")
    for doc, g in spread(errors.missed, n):
        kind = "direct" if g.direct else "indirect"
        parts = ";".join(f"{a}-{b}" for a, b in g.parts)
        print(f"  {doc.name} {g.event} [{kind}] parts {parts}  source {source_text(doc, g.source)}")
        print(f"      {in_context(doc, g.start, g.end)}")
    print(f"\nSpurious predictions ({len(errors.spurious)}), {min(n, len(errors.spurious))} shown:")
    for doc, p in spread(errors.spurious, n):
        kind = "direct" if p.direct else "indirect"
        print(f"  {doc.name} {p.start}-{p.end} [{kind}]  speaker {source_text(doc, p.source)}")
        print(f"      {in_context(doc, p.start, p.end)}")
    print(f"\nSource mismatches on matched contents ({len(errors.source)}), {min(n, len(errors.source))} shown:")
    for doc, g, p in spread(errors.source, n):
        print(
            f"  {doc.name} {g.event}  gold source {source_text(doc, g.source)}"
            f"  predicted {source_text(doc, p.source)} (speaker_text {p.speaker_text!r})"
        )
        print(f"      gold content {in_context(doc, g.start, g.end)}")


# ---------------------------------------------------------------- main


def fail(message: str) -> NoReturn:
    print(f"polnear: {message}", file=sys.stderr)
    sys.exit(2)


def pick(docs: list[Document], limit: int | None) -> tuple[list[Document], str]:
    """The documents to evaluate, and a note saying how they were chosen."""
    total_words = sum(d.words for d in docs)
    if limit is None:
        if total_words <= WORD_BUDGET:
            return docs, ""
        per_doc = total_words / len(docs)
        limit = max(1, int(WORD_BUDGET / per_doc))
        why = f"default limit: the split has {total_words:,} words, more than the budget of {WORD_BUDGET:,}"
    elif limit <= 0 or limit >= len(docs):
        return docs, ""
    else:
        why = "--limit"
    chosen = spread(docs, limit)
    note = (
        f"LIMITED to {len(chosen)} of {len(docs)} documents, spread evenly over the sorted list"
        f" ({why}; --limit 0 for all)"
    )
    return chosen, note


def main() -> None:
    t_start = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "train"), default="dev", help="split to evaluate (default dev)")
    ap.add_argument(
        "--limit", type=int, default=None, metavar="N", help="evaluate N documents (default: all within the budget)"
    )
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N examples of each error kind")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"PolNeAR folder (default {DEFAULT_DATA})")
    args = ap.parse_args()

    folder = args.data / args.split
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        fail(f"data folder not found: {folder} (needs text/ and attributions/)")
    all_docs, report = load_split(folder)
    if not all_docs:
        fail(f"no annotated texts under {folder}")
    docs, note = pick(all_docs, args.limit)
    t_loaded = time.perf_counter()

    try:
        from storyline.extract.quotes import quotes_for_text
    except ImportError as e:
        fail(f"cannot import storyline.extract.quotes.quotes_for_text: {e}")
    quotes_for_text('"We will win," she said.')  # loads the spaCy model outside the timed loop
    t_ready = time.perf_counter()

    content = {key: ContentTally() for key in ("all", "direct", "indirect")}
    src, errors, sanity = SourceTally(), Errors(), Sanity()
    extract_seconds = 0.0
    n_pred = 0
    for doc in docs:
        t0 = time.perf_counter()
        quotes = quotes_for_text(doc.text)
        extract_seconds += time.perf_counter() - t0
        preds = [to_pred(q, doc.text) for q in quotes]
        n_pred += len(preds)
        score(doc, preds, content, src, errors, sanity)
    t_done = time.perf_counter()

    words = sum(d.words for d in docs)
    gold = [g for d in docs for g in d.gold]
    with_source = sum(g.source is not None for g in gold)
    direct = sum(g.direct for g in gold)
    print(f"PolNeAR {args.split}: {folder}")
    if note:
        print(note)
    print(f"documents {len(docs)}, words {words:,}")
    print(
        f"gold attributions {len(gold)} (with a source {with_source}, without {len(gold) - with_source};"
        f" direct {direct} = {100 * ratio(direct, len(gold)):.0f}%, indirect {len(gold) - direct})"
    )
    print(f"predicted quotes {n_pred}")
    print(
        f"gold check (whole split, {len(all_docs)} .ann files): {report.spans_checked} text-bound spans compared"
        f" with the text, {len(report.mismatches)} mismatches; {report.events_without_content} events without"
        " content skipped"
    )
    for line in report.mismatches[:5] + report.oddities[:5]:
        print(f"  {line}")

    print_content(content)
    print_source(src)
    if sanity.bad_spans:
        print(f"\nWARNING: {len(sanity.bad_spans)} predicted contents with empty or out-of-range spans, e.g.")
        for line in sanity.bad_spans[:5]:
            print(f"  {line}")
    if args.show_errors > 0:
        print_errors(errors, args.show_errors)

    print(
        f"\ntime: total {t_done - t_start:.1f} s (gold {t_loaded - t_start:.1f} s, import and model load"
        f" {t_ready - t_loaded:.1f} s); quotes_for_text {extract_seconds:.1f} s ="
        f" {len(docs) / extract_seconds if extract_seconds else 0:.2f} documents/s,"
        f" {words / extract_seconds if extract_seconds else 0:,.0f} words/s"
    )


if __name__ == "__main__":
    main()
