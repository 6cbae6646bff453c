"""Temporal tagger accuracy on the TempEval-3 training data (TimeBank and AQUAINT, TimeML).

    .venv/bin/python bench/tempeval.py [--data DIR] [--show-errors N] [--types DATE,TIME]

What it measures. For every .tml file under DIR (default ../shared/data/tempeval3, one sub-folder
per corpus) the gold standard is read with xml.etree: the document creation time (the TIMEX3 with
functionInDocument="CREATION_TIME", normally inside <DCT>), the plain text of <TEXT> (all tags
removed, entities decoded, line ends normalised to "\\n" by the XML parser) and, for every TIMEX3
inside <TEXT>, its character offsets in that plain text, its type and its value. The text and the
DCT ("YYYY-MM-DD", time of day dropped) go to `storyline.text.timex.find_times`, and its
output is compared with the gold items. Only items whose type is in --types count, on both sides
(a system DURATION over a gold DATE is therefore a miss, not a match).

- span, strict: a system item matches a gold item with the same start and end;
- span, relaxed: any overlap; pairs are chosen greedily by largest overlap and each gold and each
  system item is used at most once;
- value accuracy: among the relaxed pairs, the share with equal values (compared case-insensitively,
  times of day at minute precision: "T14:30:00" == "T14:30");
- value P/R/F1 as in TempEval-3: correct values / system items, correct values / gold items.

Figures are printed per corpus and overall, with the counts, the time spent in find_times alone
and its throughput in words/s (words = whitespace-separated tokens of the plain text). With
--show-errors N, up to N examples each of missed gold items, spurious system items and value
mismatches are printed, with 60 characters of context on each side.

Exits with status 2 and a one-line message if the data folder is missing or empty, a gold file
cannot be read, or the tagger cannot be imported.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "tempeval3"
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
CONTEXT = 60


class DataError(Exception):
    """A gold file that cannot be read or whose offsets do not check out."""


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass
class Document:
    path: Path
    corpus: str
    dct: str | None  # "YYYY-MM-DD", as passed to find_times
    dct_raw: str | None  # the DCT value as written in the file, e.g. "1998-02-13T14:26:00"
    text: str
    gold: list[Timex]


# --------------------------------------------------------------------------------------------
# Gold standard
# --------------------------------------------------------------------------------------------


def _flatten(elem: ET.Element, parts: list[str], pos: int, found: list[tuple[int, int, ET.Element]]) -> int:
    """Appends the text content of `elem` (not its tail) to `parts`; records every TIMEX3 below it."""
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _flatten(child, parts, pos, found)
        if child.tag == "TIMEX3":
            found.append((start, pos, child))
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def _creation_time(root: ET.Element) -> str | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            return timex.get("value")
    timex = root.find("DCT/TIMEX3")
    return timex.get("value") if timex is not None else None


def parse_tml(path: Path, corpus: str) -> Document:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise DataError(f"{path}: not well-formed XML ({e})") from e
    text_elems = root.findall("TEXT")
    if len(text_elems) != 1:
        raise DataError(f"{path}: expected one <TEXT>, found {len(text_elems)}")
    parts: list[str] = []
    found: list[tuple[int, int, ET.Element]] = []
    _flatten(text_elems[0], parts, 0, found)
    text = "".join(parts)
    gold = []
    for start, end, elem in sorted(found, key=lambda f: (f[0], f[1])):
        inner = "".join(elem.itertext())
        if text[start:end] != inner:
            raise DataError(f"{path}: offsets {start}-{end} give {text[start:end]!r}, TIMEX3 has {inner!r}")
        gold.append(Timex(start, end, inner, elem.get("type", ""), elem.get("value")))
    dct_raw = _creation_time(root)
    dct = dct_raw[:10] if dct_raw and re.match(r"\d{4}-\d\d-\d\d", dct_raw) else None
    return Document(path, corpus, dct, dct_raw, text, gold)


def load_corpus(data: Path) -> list[Document]:
    """All .tml files under `data`; the corpus is the first sub-folder (or `data`'s own name)."""
    docs = []
    for path in sorted(data.rglob("*.tml")):
        rel = path.relative_to(data)
        corpus = rel.parts[0] if len(rel.parts) > 1 else data.name
        docs.append(parse_tml(path, corpus))
    return docs


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def norm_value(value: str | None) -> str:
    """Case-insensitive, seconds dropped from times of day ("1998-08-07t14:30:00" -> "1998-08-07T14:30"),
    week numbers zero-padded (the gold writes both "2000-W7" and "2000-W07" for the same week)."""
    v = (value or "").strip().upper()
    v = re.sub(r"-W(\d)\b", r"-W0\1", v)
    return re.sub(r"(T\d\d:\d\d):\d\d(?:\.\d+)?", r"\1", v)


def strict_matches(gold: Sequence[Timex], system: Sequence[Timex]) -> int:
    spans = Counter((s.start, s.end) for s in system)
    n = 0
    for g in gold:
        if spans[(g.start, g.end)] > 0:
            spans[(g.start, g.end)] -= 1
            n += 1
    return n


def relaxed_matches(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[int, int]]:
    """(gold index, system index) pairs: overlapping spans, greedily by largest overlap, one-to-one."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((-overlap, gi, si))
    candidates.sort()
    used_gold: set[int] = set()
    used_sys: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi not in used_gold and si not in used_sys:
            used_gold.add(gi)
            used_sys.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


@dataclass
class Tally:
    files: int = 0
    words: int = 0
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Errors:
    missed: list[tuple[Document, Timex]] = field(default_factory=list)
    spurious: list[tuple[Document, Timex]] = field(default_factory=list)
    wrong_value: list[tuple[Document, Timex, Timex]] = field(default_factory=list)


@dataclass
class Sanity:
    """Problems in the tagger's output, reported so they are not mistaken for accuracy figures."""

    bad_offsets: list[str] = field(default_factory=list)
    other_types: Counter[str] = field(default_factory=Counter)


def to_timex(item: Any) -> Timex:
    return Timex(int(item.start), int(item.end), str(item.text), str(item.type).upper(), item.value)


def evaluate(
    doc: Document, find_times: Callable[[str, str | None], Any], types: set[str], errors: Errors, sanity: Sanity
) -> Tally:
    t0 = time.perf_counter()
    output = find_times(doc.text, doc.dct)
    seconds = time.perf_counter() - t0
    system = []
    for item in map(to_timex, output):
        if not (0 <= item.start < item.end <= len(doc.text)) or doc.text[item.start : item.end] != item.text:
            sanity.bad_offsets.append(f"{where(doc)}: {item.start}-{item.end} {item.text!r}")
        if item.type in types:
            system.append(item)
        else:
            sanity.other_types[item.type] += 1
    system.sort(key=lambda t: (t.start, t.end))
    gold = [g for g in doc.gold if g.type in types]
    pairs = relaxed_matches(gold, system)
    value_ok = 0
    for gi, si in pairs:
        if norm_value(gold[gi].value) == norm_value(system[si].value):
            value_ok += 1
        else:
            errors.wrong_value.append((doc, gold[gi], system[si]))
    matched_gold = {gi for gi, _ in pairs}
    matched_sys = {si for _, si in pairs}
    errors.missed += [(doc, g) for i, g in enumerate(gold) if i not in matched_gold]
    errors.spurious += [(doc, s) for i, s in enumerate(system) if i not in matched_sys]
    return Tally(
        files=1,
        words=len(doc.text.split()),
        gold=len(gold),
        system=len(system),
        strict=strict_matches(gold, system),
        relaxed=len(pairs),
        value_ok=value_ok,
        seconds=seconds,
    )


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def print_report(tallies: dict[str, Tally]) -> None:
    name_w = max(len(n) for n in tallies) + 2
    print(f"\n{'':{name_w}}{'files':>6}{'words':>10}{'gold':>7}{'system':>8}")
    for name, t in tallies.items():
        print(f"{name:{name_w}}{t.files:>6}{t.words:>10,}{t.gold:>7}{t.system:>8}")

    header = f"{'':{name_w}}{'P':>7}{'R':>7}{'F1':>7}"
    sections: list[tuple[str, Callable[[Tally], int]]] = [
        ("span, strict (same start and end)", lambda t: t.strict),
        ("span, relaxed (overlap)", lambda t: t.relaxed),
        ("value (correct value on a relaxed match; TempEval-3 value P/R/F1)", lambda t: t.value_ok),
    ]
    for title, correct in sections:
        print(f"\n{title}\n{header}")
        for name, t in tallies.items():
            p, r, f = prf(correct(t), t.system, t.gold)
            print(f"{name:{name_w}}{p:7.3f}{r:7.3f}{f:7.3f}")

    print("\nvalue accuracy (among relaxed matches)")
    for name, t in tallies.items():
        acc = t.value_ok / t.relaxed if t.relaxed else 0.0
        print(f"{name:{name_w}}{acc:7.3f}   ({t.value_ok} of {t.relaxed})")


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def in_context(doc: Document, start: int, end: int) -> str:
    left = squash(doc.text[max(0, start - CONTEXT) : start])
    right = squash(doc.text[end : end + CONTEXT])
    return f"{left}[[{squash(doc.text[start:end])}]]{right}"


def spread(items: list[Any], n: int) -> list[Any]:
    """Up to n items, evenly spaced over the list (so both corpora show up), in order."""
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]


def where(doc: Document) -> str:
    return f"{doc.corpus}/{doc.path.name}"


def print_errors(errors: Errors, n: int) -> None:
    print(f"\nmissed gold items ({len(errors.missed)}; {min(n, len(errors.missed))} shown)")
    for doc, g in spread(errors.missed, n):
        print(f"  {where(doc)}  {g.type} {g.value}\n      {in_context(doc, g.start, g.end)}")
    print(f"\nspurious system items ({len(errors.spurious)}; {min(n, len(errors.spurious))} shown)")
    for doc, s in spread(errors.spurious, n):
        print(f"  {where(doc)}  {s.type} {s.value}\n      {in_context(doc, s.start, s.end)}")
    print(f"\nvalue mismatches ({len(errors.wrong_value)}; {min(n, len(errors.wrong_value))} shown)")
    for doc, g, s in spread(errors.wrong_value, n):
        span = "" if (g.start, g.end) == (s.start, s.end) else f"  system span {s.text!r}"
        print(f"  {where(doc)}  DCT {doc.dct_raw}  gold {g.type} {g.value}  system {s.type} {s.value}{span}")
        print(f"      {in_context(doc, g.start, g.end)}")


def parse_types(arg: str) -> set[str]:
    types = {t.strip().upper() for t in arg.split(",") if t.strip()}
    unknown = types - set(TIMEX_TYPES)
    if not types or unknown:
        raise argparse.ArgumentTypeError(f"types must be among {','.join(TIMEX_TYPES)}, got {arg!r}")
    return types


def fail(message: str) -> NoReturn:
    print(f"tempeval: {message}", file=sys.stderr)
    sys.exit(2)


def main() -> None:
    t_start = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"TempEval-3 folder (default {DEFAULT_DATA})")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N examples of each error kind")
    ap.add_argument(
        "--types", type=parse_types, default={"DATE", "TIME"}, help="TIMEX3 types evaluated (default DATE,TIME)"
    )
    args = ap.parse_args()
    types: set[str] = args.types

    if not args.data.is_dir():
        fail(f"data folder not found: {args.data}")
    try:
        docs = load_corpus(args.data)
    except DataError as e:
        fail(f"bad gold data: {e}")
    if not docs:
        fail(f"no .tml files under {args.data}")
    t_loaded = time.perf_counter()

    try:
        from storyline.text.timex import find_times
    except ImportError as e:
        fail(f"cannot import storyline.text.timex.find_times: {e}")
    t_imported = time.perf_counter()

    gold_types = Counter(g.type for d in docs for g in d.gold)
    print(f"TempEval-3 data: {args.data}")
    print("gold TIMEX3 in <TEXT>: " + ", ".join(f"{t} {gold_types[t]}" for t in TIMEX_TYPES))
    print(f"evaluated types: {','.join(t for t in TIMEX_TYPES if t in types)}")

    errors, sanity = Errors(), Sanity()
    per_corpus: dict[str, Tally] = {}
    for doc in docs:
        per_corpus.setdefault(doc.corpus, Tally()).add(evaluate(doc, find_times, types, errors, sanity))
    overall = Tally()
    for t in per_corpus.values():
        overall.add(t)
    t_done = time.perf_counter()

    print_report({**per_corpus, "overall": overall})
    if sanity.other_types:
        others = ", ".join(f"{k} {v}" for k, v in sorted(sanity.other_types.items()))
        print(f"\nsystem items of other types (not evaluated): {others}")
    if sanity.bad_offsets:
        print(f"\nWARNING: {len(sanity.bad_offsets)} system items whose text != text[start:end], e.g.")
        for line in sanity.bad_offsets[:5]:
            print(f"  {line}")
    if args.show_errors > 0:
        print_errors(errors, args.show_errors)

    print(
        f"\nrun time {t_done - t_start:.2f} s (gold {t_loaded - t_start:.2f} s, import {t_imported - t_loaded:.2f} s);"
        f" find_times alone {overall.seconds:.3f} s = {overall.words / overall.seconds if overall.seconds else 0:,.0f}"
        f" words/s over {overall.words:,} words"
    )


if __name__ == "__main__":
    main()
