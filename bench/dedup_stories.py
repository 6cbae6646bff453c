"""Duplicate detection and story clustering at scale: the first N AllSides articles, in one process.

    .venv/bin/python bench/dedup_stories.py [--n 10000] [--max-embed-docs 0] [--examples 5]

Calls the library exactly as `storyline.pipeline._resolve_duplicates` / `_resolve_stories` do, but
on the raw `content_original` of the first N rows with text (no store, no `prepare` cleaning, so
scraped boilerplate such as photo captions stays in; dates are normalised with `parse_date` as the
pipeline does, but not inferred from the text when missing):

1. sketch: content-word shingles and a MinHash per document (docs/s);
2. candidates: MinHash LSH proposals within a publication-month window (same or neighbouring month;
   undated documents against all), every document being new as in a first build (printed against
   N*(N-1)/2; compare two --n to see how the count grows);
3. verify: pairs already linked through other copies are skipped; shingle containment >= CONTAINED
   (a copy, when the shared part also covers COVERED of the longer text; else a shared passage) decides
   a pair alone, and so does `worth_embedding` saying no (containment below
   EMBED_FLOOR or a text under MIN_SHINGLES shingles) or `paragraph_overlap` < ALIGNED_SHARE
   (paragraphs do not correspond); otherwise both documents' paragraphs are embedded (once per
   document) and the matched paragraph share decides; the duplicate groups come from
   `duplicates.originals`. Examples of accepted pairs and of near misses at each gate are printed
   so a reader can judge them;
4. stories: `stories.cluster` on content terms only. The bench does not run the spaCy parse, so
   documents carry no entities (the pipeline weights entities double): stories here are built
   from words alone. Topic purity against the AllSides `topic` field is a rough sanity figure.

Prints wall time per step, documents/s for the whole stage, peak RSS and the machine's core count.
--max-embed-docs caps the number of documents embedded (pairs that would need more are left
undecided and counted, and the output says so), in case embedding (a few hundred words/s on a
small CPU) would take too long.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import heapq
import json
import os
import platform
import resource
import signal
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from storyline.resolve import duplicates, stories  # noqa: E402
from storyline.resolve.unionfind import UnionFind  # noqa: E402
from storyline.text.dates import parse_date  # noqa: E402

CORPUS = REPO.parent / "shared/data/allsides/articles.jsonl.gz"


def load(n: int) -> list[dict]:
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if (row.get("content_original") or "").strip():
                rows.append(row)
                if len(rows) >= n:
                    break
    return rows


def short(text: str, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000, help="AllSides rows with text to use (default 10000)")
    ap.add_argument("--max-embed-docs", type=int, default=0, help="cap on documents embedded (default 0: no cap)")
    ap.add_argument("--examples", type=int, default=5, help="example accepted / rejected pairs to print")
    ap.add_argument(
        "--pairs",
        type=Path,
        help="write every duplicate pair and every shared-passage pair here (JSONL) "
        "for judging: AllSides IDs, outlets, dates, titles and the evidence, no article text",
    )
    args = ap.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"AllSides corpus not found at {CORPUS}: nothing to measure")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores (os.cpu_count()), Python {platform.python_version()}")
    print(f"thresholds: shingle {duplicates.SHINGLE} content words, LSH Jaccard {duplicates.LSH_THRESHOLD}, "
          f"embed floor {duplicates.EMBED_FLOOR} (min {duplicates.MIN_SHINGLES} shingles), paragraph overlap "
          f"{duplicates.ALIGNED_SHARE} (paragraph shared {duplicates.PARAGRAPH_SHARED}), contained "
          f"{duplicates.CONTAINED}, match cosine {duplicates.MATCH_COSINE}, matched share {duplicates.MATCHED_SHARE}; "
          f"story threshold {stories.THRESHOLD}, story gap {stories.GAP_DAYS} days")  # fmt: skip
    t0 = time.perf_counter()
    rows = load(args.n)
    n = len(rows)
    print(f"loaded {n} AllSides rows with non-empty content_original in {time.perf_counter() - t0:.1f} s")
    ids = [f"d{i:06d}" for i in range(n)]  # the pipeline's ids are hashes; row order is the ingestion order
    text = {d: r["content_original"] for d, r in zip(ids, rows, strict=True)}
    row_of = {d: r for d, r in zip(ids, rows, strict=True)}
    # dates as the pipeline stores them: ISO via parse_date (AllSides also has "12/1/16"); no inference when missing
    published = {d: parse_date(r.get("date") or "") for d, r in zip(ids, rows, strict=True)}
    order = {d: (published[d] or "9999", i) for i, d in enumerate(ids)}
    print(f"{sum(1 for x in published.values() if not x)} rows without a usable date (ordered last)")
    words_total = sum(len(t.split()) for t in text.values())
    print(f"{words_total} words, {words_total / max(n, 1):.0f} per document")
    times: dict[str, float] = {}
    step = ["load"]

    def terminated(signum: int, _frame: object) -> None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\n!!! terminated by signal {signum} during step '{step[0]}' "
              f"({sum(times.values()):.0f} s of finished steps, peak RSS {rss:.0f} MiB)", flush=True)  # fmt: skip
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)

    # 1. sketch
    step[0] = "sketch"
    t0 = time.perf_counter()
    shingle_sets = {d: duplicates.shingles(text[d]) for d in ids}
    sketches = {d: duplicates.sketch(shingle_sets[d]) for d in ids}
    times["sketch"] = time.perf_counter() - t0
    print(f"\n[1] sketch: {times['sketch']:.1f} s, {n / times['sketch']:.0f} docs/s")

    # 2. candidates
    step[0] = "candidates"
    t0 = time.perf_counter()
    pairs = duplicates.candidate_pairs(sketches, ids, published)  # month window, as the pipeline does
    times["candidates"] = time.perf_counter() - t0
    all_pairs = n * (n - 1) // 2
    in_pair = len({d for p in pairs for d in p})
    print(f"\n[2] candidates: {times['candidates']:.1f} s; {len(pairs)} candidate pairs of {all_pairs} possible "
          f"({len(pairs) / max(all_pairs, 1):.5%}); {in_pair} documents in a pair")  # fmt: skip

    # 3. verify
    step[0] = "verify"
    t0 = time.perf_counter()
    # load the model (lazily, on the first call) outside the words/s figure; the pipeline pays this once per build
    duplicates.embed_paragraphs("One short paragraph of five words or more loads the embedding model.")
    load_seconds = time.perf_counter() - t0
    vectors: dict = {}
    embed_seconds = 0.0
    words_embedded = 0
    already_grouped = by_containment = not_worth = failed_paragraphs = embedded_pairs = undecided = 0
    above_target = 0  # candidates whose exact Jaccard reaches what LSH is asked to find
    verdicts: list[duplicates.Verdict] = []  # all but the (many) pairs rejected before the paragraph test
    floor_misses: list[tuple[float, int, duplicates.Verdict]] = []  # the few highest of those, for examples
    capped = False

    def pair_vectors(a: str, b: str) -> tuple | None:
        """As the pipeline's, but in memory, timed, and refusing past --max-embed-docs."""
        nonlocal capped, embed_seconds, words_embedded
        missing = [d for d in (a, b) if d not in vectors]
        if args.max_embed_docs and len(vectors) + len(missing) > args.max_embed_docs:
            capped = True
            return None
        for d in missing:
            e0 = time.perf_counter()
            vectors[d] = duplicates.embed_paragraphs(text[d])
            embed_seconds += time.perf_counter() - e0
            words_embedded += sum(len(p.split()) for p in duplicates.paragraphs(text[d]))
        return vectors[a], vectors[b]

    shared: list[duplicates.Verdict] = []  # every pair that shares a passage, whichever gate decided it
    linked = UnionFind()
    for i, (a, b) in enumerate(sorted(pairs)):
        if i and i % 100_000 == 0:
            print(f"    ... {i} of {len(pairs)} pairs verified, {len(vectors)} documents embedded, "
                  f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
        if linked.together(a, b):
            already_grouped += 1  # linked through other copies: the pipeline decides nothing
            continue
        v = duplicates.decide(a, b, shingle_sets[a], shingle_sets[b], text[a], text[b], pair_vectors)
        above_target += v.jaccard >= duplicates.LSH_THRESHOLD
        if v.passages:
            shared.append(v)
        if v.contained >= duplicates.CONTAINED:
            by_containment += 1
        elif v.aligned is None:
            not_worth += 1
            entry = (v.contained, i, v)
            if len(floor_misses) < args.examples:
                heapq.heappush(floor_misses, entry)
            elif v.contained > floor_misses[0][0]:
                heapq.heapreplace(floor_misses, entry)
            continue
        elif v.aligned < duplicates.ALIGNED_SHARE:
            failed_paragraphs += 1
        elif v.matched is None:
            undecided += 1  # --max-embed-docs refused to embed it
            continue
        else:
            embedded_pairs += 1
        if v.duplicate:
            linked.union(a, b)
        verdicts.append(v)
    found = [(v.doc_a, v.doc_b) for v in verdicts if v.duplicate]
    originals = duplicates.originals(found, order)
    times["verify"] = time.perf_counter() - t0
    groups = Counter(originals.values())
    checked = len(pairs) - already_grouped
    print(f"\n[3] verify: {times['verify']:.1f} s "
          f"({load_seconds:.1f} s loading the model, {embed_seconds:.1f} s embedding)")  # fmt: skip
    print(f"    candidates whose exact Jaccard is >= the LSH threshold {duplicates.LSH_THRESHOLD}: "
          f"{above_target} ({above_target / max(checked, 1):.2%} of those checked)")  # fmt: skip
    print(f"    pairs skipped, already in one duplicate group: {already_grouped}")
    print(f"    duplicates by containment alone (>= {duplicates.CONTAINED}): {by_containment}")
    print(f"    rejected by shingles alone (contained < {duplicates.EMBED_FLOOR} or a text under "
          f"{duplicates.MIN_SHINGLES} shingles): {not_worth}")  # fmt: skip
    passed_floor = sum(1 for v in verdicts if v.aligned is not None) + undecided
    print(f"    passed the containment floor: {passed_floor}; rejected by the paragraph test (paragraph overlap "
          f"< {duplicates.ALIGNED_SHARE}): {failed_paragraphs}")  # fmt: skip
    print(f"    pairs embedded (matched share >= {duplicates.MATCHED_SHARE} decides): {embedded_pairs}")
    print(f"    documents embedded: {len(vectors)}, words embedded: {words_embedded}, "
          f"{words_embedded / embed_seconds if embed_seconds else 0:.0f} words/s")  # fmt: skip
    if capped:
        print(f"    !!! --max-embed-docs {args.max_embed_docs} TRIGGERED: {undecided} candidate pairs left "
              "UNDECIDED; duplicate figures below are a LOWER BOUND !!!")  # fmt: skip
    dup_embed = sum(1 for v in verdicts if v.duplicate and v.contained < duplicates.CONTAINED)
    print(f"    duplicate pairs: {len(found)} ({len(found) - dup_embed} by containment, {dup_embed} by embeddings)")
    sizes = sorted((c + 1 for c in groups.values()), reverse=True)
    print(f"    duplicate groups: {len(groups)}, documents marked duplicate: {len(originals)}; "
          f"largest groups: {sizes[:10]}")  # fmt: skip

    def show(v: duplicates.Verdict) -> None:
        al_s = "-" if v.aligned is None else f"{v.aligned:.2f}"
        matched_s = "-" if v.matched is None else f"{v.matched:.2f}"
        print(f"    jaccard {v.jaccard:.2f} contained {v.contained:.2f} paragraph overlap {al_s} matched {matched_s}")
        for d in (v.doc_a, v.doc_b):
            r = row_of[d]
            print(f"      {published[d] or '?':<10} {short(r.get('source'), 28):<28} {short(r.get('title'))}")

    kept = duplicates.republished(
        [{"doc_a": v.doc_a, "doc_b": v.doc_b, "passages": v.passages, "date_a": published[v.doc_a],
          "date_b": published[v.doc_b]} for v in shared],
        text,
    )  # fmt: skip
    passages = [dataclasses.replace(v, passages=k) for v, k in zip(shared, kept, strict=True) if k]
    print(f"    pairs printing some same paragraphs: {len(shared)}; republishing a passage once page templates "
          f"are left out (not the same article; neither an independent source): {len(passages)}")  # fmt: skip
    if args.pairs:
        with args.pairs.open("w", encoding="utf-8") as f:
            for v in [*(v for v in verdicts if v.duplicate), *passages]:
                a, b = row_of[v.doc_a], row_of[v.doc_b]
                f.write(json.dumps({
                    "kind": "duplicate" if v.duplicate else "shares passage", "a": a["ID"], "b": b["ID"],
                    "outlets": [a.get("source"), b.get("source")], "dates": [published[v.doc_a], published[v.doc_b]],
                    "titles": [a.get("title"), b.get("title")], "jaccard": round(v.jaccard, 3),
                    "contained": round(v.contained, 3), "covered": None if v.covered is None else round(v.covered, 3),
                    "matched": None if v.matched is None else round(v.matched, 3),
                    "passage_chars": None if not v.passages else [
                        sum(e - s for s, e in json.loads(v.passages)[k]) for k in ("a", "b")],
                }, ensure_ascii=False) + "\n")  # fmt: skip
        print(f"    every duplicate and shared-passage pair -> {args.pairs}")
    accepted = [v for v in verdicts if v.duplicate]
    # show both kinds of acceptance when there are some, then fill up
    picks = [v for v in accepted if v.contained < duplicates.CONTAINED][: args.examples // 2]
    picks += [v for v in accepted if v not in picks][: args.examples - len(picks)]
    print(f"\n    example duplicates ({len(picks)} of {len(accepted)}):")
    for v in picks:
        show(v)
    rejected = [v for v in verdicts if not v.duplicate]
    # near misses at each gate: highest matched share among the embedded, highest paragraph overlap among
    # those that failed the paragraph test, highest containment among those rejected by shingles alone
    near = sorted((v for v in rejected if v.matched is not None), key=lambda v: -(v.matched or 0.0))[:2]
    para = [v for v in rejected if v.matched is None]
    near += sorted(para, key=lambda v: -(v.aligned or 0.0))[:2]
    near += [v for _c, _i, v in sorted(floor_misses, reverse=True)][: max(args.examples - len(near), 1)]
    print(f"\n    example rejected candidates ({len(near)} of {len(rejected) + not_worth}: the near misses at each "
          "gate: embedded, paragraph test, containment floor):")  # fmt: skip
    for v in near:
        show(v)

    # 4. stories
    step[0] = "stories"
    t0 = time.perf_counter()
    docs = [
        stories.DocFeatures(
            id=d, order=order[d], terms=stories.content_terms(text[d]), entities=Counter(),
            duplicate_of=originals.get(d), date=published[d],
        )
        for d in ids
    ]  # fmt: skip
    t1 = time.perf_counter()
    result = stories.cluster(docs)
    times["stories"] = time.perf_counter() - t0
    terms_s, cluster_s = t1 - t0, times["stories"] - (t1 - t0)
    print(f"\n[4] stories (content terms only: NO entities, the bench does not run the spaCy parse): "
          f"{times['stories']:.1f} s ({terms_s:.1f} s content terms, {cluster_s:.1f} s cluster)")  # fmt: skip
    story_sizes = sorted((len(s.documents) for s in result), reverse=True)
    print(f"    stories: {len(result)} for {n} documents")
    bins = [sum(1 for s in story_sizes if lo <= s <= hi) for lo, hi in ((1, 1), (2, 5), (6, 20), (21, n + 1))]
    print(f"    sizes: singletons {bins[0]}, 2-5 {bins[1]}, 6-20 {bins[2]}, >20 {bins[3]}, "
          f"largest {story_sizes[:10]}")  # fmt: skip
    multi = [s for s in result if len(s.documents) >= 2]
    in_multi = sum(len(s.documents) for s in multi)
    majority = sum(Counter(row_of[d].get("topic") for d in s.documents).most_common(1)[0][1] for s in multi)
    print(f"    documents in stories of >= 2: {in_multi} ({in_multi / max(n, 1):.1%})")
    spans = sorted(
        (date.fromisoformat(s.last_date[:10]) - date.fromisoformat(s.first_date[:10])).days
        for s in multi
        if s.first_date and s.last_date and s.first_date != s.last_date
    ) or [0]
    print(f"    date span of stories >= 2 docs (dated, more than one day): median {spans[len(spans) // 2]} days, "
          f"{sum(1 for x in spans if x > 365)} of {len(spans)} span more than a year")  # fmt: skip
    purity = majority / max(in_multi, 1)
    print(f"    topic purity (stories >= 2 docs, weighted by docs, vs AllSides topic): {purity:.1%}"
          f" ({len({r.get('topic') for r in rows})} topics in the sample)")  # fmt: skip
    print("\n    largest stories:")
    for s in sorted(result, key=lambda s: -len(s.documents))[:8]:
        topics = Counter(row_of[d].get("topic") for d in s.documents).most_common(3)
        print(f"    [{len(s.documents)} docs, {s.first_date} .. {s.last_date}] {s.label}")
        print(f"      topics: {', '.join(f'{t} {c}' for t, c in topics)}")
        for d in s.documents[:3]:
            r = row_of[d]
            print(f"      {published[d] or '?':<10} {short(r.get('source'), 28):<28} {short(r.get('title'))}")

    # 5. totals
    total = sum(times.values())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print("\n[5] totals")
    for k, v in times.items():
        print(f"    {k:<11}{v:>9.1f} s")
    print(f"    {'stage':<11}{total:>9.1f} s -> {n / total:.1f} documents/s, {words_total / total:.0f} words/s")
    print(f"    peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
