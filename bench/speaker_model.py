"""Train the learned speaker ranker (`storyline/extract/quotes/ranker.py`) on PolNeAR train.

    .venv/bin/python bench/speaker_model.py [--data DIR] [--limit N] [--cache FILE] [--enabled yes|no]

Method. The rules (`quotes.core.attribute_direct`) leave some direct quotes with no speaker at all.
For each such quote in PolNeAR train, `ranker.candidates` lists the possible speakers in its window
(named entities' head words, subject pronouns, nouns for people or sources; the quote's sentences,
two before, one after) with their features (`ranker.FEATURES`: sentence distance, side of the quote,
character distance, nearest, subject of a speech verb / of any verb, possessive, object, inside a
preposition, kind of candidate, anonymous phrase, inside another quote, other paragraph, mentions so
far, subject of the last speech verb, a colon ending its sentence, and the quote's own situation).
A candidate is positive when the noun phrase the rules would take for it (`Grammar.phrase`)
overlaps the gold Source of the attribution matched to the quote (the matching of
`bench/polnear.py`: greedy one-to-one by content overlap); quotes matched to no gold, or to gold
without a source, have only negatives — giving them a speaker costs source precision.

Training. Logistic regression (scikit-learn, liblinear, L2). The regularisation C and the class
weighting are chosen by 5-fold cross-validation grouped by article, on train only, and so is the
threshold: the out-of-fold probabilities are replayed on train's own figures (the rules' source
tally on the same articles) and the threshold that gives the highest source F1 is kept, but only
among thresholds where at least PRECISION_FLOOR of the accepted picks are right (precision first).
The final model is refit on all of train. Dev is not read here: `bench/polnear.py --split dev`
measures the result, with STORYLINE_SPEAKER_MODEL=on and =off.

Output. storyline/extract/quotes/speaker_model.json: the weights, the bias, the threshold, the
switch (`--enabled`; the hook is kept on only if it wins on PolNeAR dev source F1 without lowering
overlap F1 and does not lower the held-out speaker audit's right-named share) and the provenance.
Retraining drops the file's `measured` block (figures of one set of weights): measure again with the
commands it names (STORYLINE_SPEAKER_MODEL=on|off) and add them.

Data and licence. PolNeAR (Newell, Margolin, Ruths, LREC 2018), read from ../shared/data/polnear;
that folder ships no README or LICENSE file (../shared/data/README.md describes it as the PolNeAR
attribution corpus and says the texts belong to their publishers, for research and evaluation
only). What the repository keeps is one number per feature, a bias and a threshold — no text, no
span, no name; the weights file records the data, the commit, the command, the date and the scores.

Features are computed by the runtime module itself, so training and use cannot drift apart.
scikit-learn is needed here only (dev extra); the runtime scores in pure Python.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ["STORYLINE_SPEAKER_MODEL"] = "off"  # the rules alone: the candidates are those the rules leave

import polnear  # noqa: E402  (bench/polnear.py: gold reading and matching, shared with the measure)

from storyline.extract.quotes import ranker  # noqa: E402

PRECISION_FLOOR = 0.7  # at least 7 in 10 of the model's accepted picks right (cross-validated on train)
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5


@dataclass
class Item:
    """One speakerless direct quote: its candidates and what the rules' final output did with it."""

    doc: str
    features: list[list[float]]
    labels: list[int]
    rules_has_source: bool  # the final rules output gave it a speaker (a continued quote, a byline)
    rules_correct: bool  # ... and that speaker overlaps the gold source
    speakerless: bool = True  # False: the rules named a speaker at once (kept only for `--variant replace`)
    rules_choice: list[int] | None = None  # per candidate: does its phrase overlap the rules' speaker?


def collect(docs: list[polnear.Document]) -> tuple[list[Item], dict[str, int]]:
    """The training items of these articles, and the rules' source tally over them."""
    from storyline.extract.mentions import extract_entities
    from storyline.extract.quotes.core import Article, attribute_direct, cue_near, extract
    from storyline.extract.quotes.en import ENGLISH
    from storyline.extract.spans import Regions
    from storyline.nlp import english

    nlp = english()
    items: list[Item] = []
    content = {k: polnear.ContentTally() for k in ("all", "direct", "indirect")}
    src, errors, sanity = polnear.SourceTally(), polnear.Errors(), polnear.Sanity()
    t0 = time.perf_counter()
    for n, d in enumerate(docs, 1):
        doc = nlp(d.text)
        ex = extract_entities(doc)
        preds = [polnear.to_pred(q, d.text) for q in extract(doc, ex, ENGLISH)]
        polnear.score(d, preds, content, src, errors, sanity)
        gold_of = {pi: d.gold[gi] for gi, pi in polnear.match(d.gold, preds)}
        final = {(p.start, p.end): (pi, p) for pi, p in enumerate(preds)}
        ctx = Article(doc, ex, ENGLISH)
        spans = ENGLISH.spans(ctx)
        ctx.quoted = Regions(ENGLISH.quoted_regions(ctx, spans))
        for s in spans:
            q = attribute_direct(ctx, s)
            if q is None or (q.start, q.end) not in final:
                continue
            pi, p = final[(q.start, q.end)]
            g = gold_of.get(pi)
            gold_source = g.source if g is not None else None
            cands = ranker.candidates(ctx, s, cue_near(ctx, s))
            items.append(
                Item(
                    d.name,
                    [[c.features[k] for k in ranker.FEATURES] for c in cands],
                    [int(polnear.overlap((c.span.start_char, c.span.end_char), gold_source) > 0) for c in cands],
                    p.source is not None,
                    polnear.overlap(p.source, gold_source) > 0,
                    q.speaker_text is None,
                    [int(polnear.overlap((c.span.start_char, c.span.end_char), p.source) > 0) for c in cands],
                )
            )
        if n % 50 == 0:
            print(f"  {n}/{len(docs)} articles, {len(items)} quotes, {time.perf_counter() - t0:.0f} s", flush=True)
    tally = {"correct": src.correct, "predicted_with_source": src.pred_with_source}
    tally["gold_with_source"] = src.gold_with_source
    return items, tally


def replay(items: list[Item], probs: list[list[float]], tally: dict[str, int], threshold: float) -> dict[str, float]:
    """Train's source figures if the model's top pick replaced the rules' (none) above `threshold`."""
    correct, predicted = tally["correct"], tally["predicted_with_source"]
    accepted = right = 0
    for it, ps in zip(items, probs, strict=True):
        if not ps:
            continue
        k = max(range(len(ps)), key=ps.__getitem__)
        if ps[k] < threshold:
            continue
        accepted += 1
        right += it.labels[k]
        correct += it.labels[k] - it.rules_correct
        predicted += not it.rules_has_source
    gold = tally["gold_with_source"]
    return {
        "threshold": threshold,
        "accepted": accepted,
        "accepted_right": right,
        "source_f1": 2 * correct / (predicted + gold) if predicted + gold else 0.0,
    }


def best_threshold(items: list[Item], probs: list[list[float]], tally: dict[str, int]) -> dict[str, float]:
    """The threshold with the highest replayed source F1 among those whose picks are right often enough."""
    best = replay(items, probs, tally, 1.01)  # accept nothing: the rules' own figure
    for t in [x / 100 for x in range(5, 100)]:
        r = replay(items, probs, tally, t)
        precise = r["accepted"] and r["accepted_right"] / r["accepted"] >= PRECISION_FLOOR
        if precise and r["source_f1"] > best["source_f1"]:
            best = r
    return best


def fit(items: list[Item], c: float, weighting: str | None) -> Any:  # a scikit-learn LogisticRegression
    from sklearn.linear_model import LogisticRegression

    x = [f for it in items for f in it.features]
    y = [lab for it in items for lab in it.labels]
    return LogisticRegression(C=c, class_weight=weighting, solver="liblinear", max_iter=1000).fit(x, y)


def out_of_fold(items: list[Item], c: float, weighting: str | None) -> list[list[float]]:
    """Each item's candidate probabilities from a model that never saw its article."""
    docs = sorted({it.doc for it in items})
    fold = {d: i % FOLDS for i, d in enumerate(docs)}
    probs: list[list[float]] = [[] for _ in items]
    for k in range(FOLDS):
        train = [it for it in items if fold[it.doc] != k and it.features]
        if len({lab for it in train for lab in it.labels}) < 2:
            continue  # too few articles for this fold to learn from (a --limit run): no picks
        model = fit(train, c, weighting)
        for i, it in enumerate(items):
            if fold[it.doc] == k and it.features:
                probs[i] = [float(p) for p in model.predict_proba(it.features)[:, 1]]
    return probs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=polnear.DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="train on N articles spread over the split (0: all)")
    ap.add_argument("--cache", type=Path, help="read/write the collected items here (saves the parse)")
    ap.add_argument("--enabled", choices=("yes", "no"), default="no", help="the weights file's switch")
    ap.add_argument("--out", type=Path, default=ranker.WEIGHTS)
    args = ap.parse_args()

    if args.cache is not None and args.cache.exists():
        cached = json.loads(args.cache.read_text())
        items, tally, n_docs = [Item(**i) for i in cached["items"]], cached["tally"], cached["docs"]
    else:
        docs, _report = polnear.load_split(args.data / "train")
        docs, _note = polnear.pick(docs, args.limit)
        items, tally = collect(docs)
        n_docs = len(docs)
        if args.cache is not None:
            args.cache.write_text(json.dumps({"items": [asdict(i) for i in items], "tally": tally, "docs": n_docs}))
    items = [it for it in items if it.speakerless]
    usable = [it for it in items if it.features]
    n_cands = sum(len(it.labels) for it in usable)
    n_pos = sum(it.labels.count(1) for it in usable)
    print(f"train: {n_docs} articles, {len(items)} speakerless direct quotes, {len(usable)} with candidates,")
    right = sum(any(it.labels) for it in usable)
    print(f"  {n_cands} candidates, {n_pos} positive; quotes with a right candidate {right}")
    print(f"  rules' source tally on these articles: {tally}")

    trials = []
    for weighting in (None, "balanced"):
        for c in C_GRID:
            r = best_threshold(items, out_of_fold(items, c, weighting), tally)
            trials.append({"C": c, "class_weight": weighting, **r})
            print(f"  C {c:<5} {weighting or 'none':<8} cv: {r}")
    rules_only = replay(items, [[] for _ in items], tally, 1.01)
    chosen = max(trials, key=lambda t: (t["source_f1"], -t["accepted"]))
    print(f"rules only (train): source F1 {rules_only['source_f1']:.4f}; chosen {chosen}")

    model = fit(usable, chosen["C"], chosen["class_weight"])
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    out = {
        "grammar": "English",
        "enabled": args.enabled == "yes",
        "weights": dict(zip(ranker.FEATURES, (round(float(w), 6) for w in model.coef_[0]), strict=True)),
        "bias": round(float(model.intercept_[0]), 6),
        "threshold": chosen["threshold"],
        "provenance": {
            "data": "PolNeAR train (Newell, Margolin, Ruths, LREC 2018), ../shared/data/polnear/train; no licence"
            " file ships with it; only these numbers are kept, no text",
            "articles": n_docs,
            "quotes": len(items),
            "candidates": n_cands,
            "positives": n_pos,
            "commit": commit + " (+ working tree)",
            "command": "python bench/speaker_model.py " + " ".join(sys.argv[1:]),
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sklearn": __import__("sklearn").__version__,
            "method": "LogisticRegression(liblinear, L2); C, class weight and threshold by 5-fold CV by article",
            "cv_train": chosen,
            "rules_only_train": rules_only,
        },
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
