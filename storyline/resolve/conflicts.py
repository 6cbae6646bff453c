"""Where sources disagree: different figures for one quantity, and different names for one slot in two
versions of the same article. (Different dates for one event come from resolve/events.py.)

Conservative, as human event coders are: every figure is kept, the conflict lists them all and
shows the spread; nothing is averaged or picked.

Figures are comparable when they measure the same thing (measure and unit; never a vague one such
as "people", "percent" or a bare unit of length or weight, which name no quantity, nor a percentage
that is no rate: "61% of GOP voters" answers one poll question, `comparable`), at the same date at
the same precision ("2025-01" is not known to be "2025-01-23"; a count needs more than a year), for
the same holders (the countries and organisations named with them, place names in their canonical
form; when none is named, only inside one story), and come from **independent sources**: different documents that are
neither copies of one another nor print a shared passage (their source groups, from the duplicates
stage, differ). Two speakers quoted in one article are one source: the article chose to print both.
They conflict when their intervals cannot both be true: exact figures differ by more than 2 %,
"about" allows 10 %, "as many as" is read as the figure itself (it is how a large estimate is put),
"at least"/"more than" is open above and "at most"/"less than" below. The quantity is the measure
*and* the words of what is counted (`subject_words`: "remaining delegates" is not "delegates on
offer"); forecasts and figures hedged in words ("reportedly", "may") are no reported values to
contradict (an approximation is: "about 9,000" is set against 4,000). A conflict's note says why its
figures were judged one quantity (the measure, unit, date and scope they share) and counts documents
and independent sources, never sentences.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from storyline.lexicon.places import canonical_place, stands_for
from storyline.resolve import duplicates as dup
from storyline.resolve import events
from storyline.resolve.stage import Changes
from storyline.resolve.unionfind import UnionFind
from storyline.store import judgements, reads
from storyline.store.db import Store

EXACT = 0.02
ABOUT = 0.10


@dataclass
class Figure:
    id: str
    doc: str
    measure: str
    unit: str | None
    value: float | None
    value_max: float | None
    as_of: str | None
    bound: str | None
    status: str | None
    speaker: str | None  # entity id, or None
    speaker_name: str | None
    holders: frozenset[str] = field(default_factory=frozenset)
    story: str | None = None
    outlet: str | None = None
    source: str = ""  # its document's source group: copies and shared passages are one source
    subject: str = ""  # what is counted, as the sentence names it ("remaining delegates")
    hedged: bool = False


def interval(f: Figure) -> tuple[float, float]:
    lo = f.value if f.value is not None else 0.0
    hi = f.value_max if f.value_max is not None else lo
    if f.bound == "at least":
        return lo, float("inf")
    if f.bound == "at most":
        return float("-inf"), hi
    if f.bound == "plus or minus":
        return float("-inf"), float("inf")  # a margin of error is no figure to contradict
    slack = ABOUT if f.bound in ("about", "up to") else EXACT
    return lo - abs(lo) * slack, hi + abs(hi) * slack


def same_time(a: str | None, b: str | None) -> bool:
    """The same date at the same precision: "2025-01" is not known to be the same time as "2025-01-23"."""
    return bool(a) and a == b


# Measures that name no particular quantity ("people", "percent", "the year"): two such figures are
# not known to be about the same thing, so they never conflict.
VAGUE_MEASURES = frozenset(
    "people person percent point time year day week month hour minute second decade century one number figure "
    "total share kilometre kilometer mile metre meter foot feet inch yard ton tonne kilogram pound acre hectare".split()
)
# A percentage is one quantity across sources only when it is a rate of something (an unemployment
# rate, growth, a tariff on dairy); "61% of GOP voters" answers some question a poll asked, and
# another outlet's "68% of GOP voters" may answer another — they cannot be told to be the same.
RATE_WORDS = frozenset(
    "rate growth unemployment inflation tariff tax yield turnout deficit gdp interest fee duty levy poverty".split()
)
RATES = frozenset({"percent", "percentage points", "basis points"})
_NAME = re.compile(r"(?<!^)\b[A-Z][a-z]|\b[A-Z]{2,}\b")  # a name inside what is counted ("residents of Aldmoor")


def comparable(f: Figure) -> bool:
    """Whether a figure names one quantity precisely enough to be set against another source's: a
    measure that is no bare unit or generic word, what it counts qualified (two words or more: not
    just "states"), a holder or a name in it to say whose, a percentage that is a rate, and a date
    finer than a year unless it is a rate (how many jobs "in 2016", or how much money raised, changes
    through the year; an annual growth rate is one figure)."""
    if f.value is None or not f.as_of or f.measure in VAGUE_MEASURES:
        return False
    if f.status == "forecast" or (f.hedged and f.bound not in ("about", "up to")):
        return False  # a projection, or a figure hedged in words ("reportedly", "may"), is no reported value
    if len(counted_words(f)) < 2:
        return False  # "15 states", "270 votes", "7 delegates": a bare count says of what, not which one
    if not f.holders and not _NAME.search(f.subject):
        return False  # "field offices", "wall funding": whose? No holder, no name: no knowing it is one quantity
    if f.unit in ("percent", "percentage points") and not RATE_WORDS.intersection(f.measure.split()):
        return False
    return len(f.as_of) > 4 or f.unit in RATES  # money raised "in 2015" may be a quarter's or the year's


_LATIN = re.compile(r"[A-Za-z]")


def counted_words(f: Figure) -> frozenset[str]:
    """What a figure counts, as words comparable across sources. A subject in another script (a
    Russian article's "Товарооборот России и Китая") is read through what every language shares:
    its English measure and its holders' canonical names ("trade", "Russia", "China"), which is how
    the English "trade between Russia and China" reads too."""
    if _LATIN.search(f.subject):
        return subject_words(f.subject)
    return subject_words(" ".join([f.measure, *sorted(f.holders)]))


@functools.lru_cache(maxsize=65536)  # asked for each figure twice: is it comparable, and with which
def subject_words(subject: str) -> frozenset[str]:
    """The content words of what is counted, singular: "the remaining delegates" and "delegates on
    offer" are two quantities, "U.S. deaths" and "deaths" (with the U.S. as holder) may be one only
    when worded alike. A broad measure ("delegate", "job") lumps totals, thresholds and margins; the
    words around it tell them apart."""
    from spacy.lang.en.stop_words import STOP_WORDS  # a word list; does not load a model

    words = re.findall(r"[^\W\d_]{3,}", subject.lower())
    return frozenset(w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words if w not in STOP_WORDS)


def disagree(a: Figure, b: Figure) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return ahi < blo or bhi < alo


def value_conflicts(figures: list[Figure]) -> list[dict]:
    """One conflict per quantity (measure, unit, as-of date, holders — or the story when no holder is
    named) on which at least two sources give figures that cannot both be true. Groups are exact
    keys, not chains of similar figures, so one conflict is always about one quantity."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        if not comparable(f):
            continue
        scope = ("holders", f.holders) if f.holders else ("story", f.story)
        if scope[1]:
            groups.setdefault((f.measure, f.unit, f.as_of, scope), []).append(f)
    out = []
    for (measure, unit, _as_of, scope), group in groups.items():
        for members in _same_subject(group):
            if not _sources_disagree(members):
                continue
            members.sort(key=lambda f: f.value or 0.0)
            note = _note(measure, unit, members, scope)
            out.append({"kind": "value", "items": [f.id for f in members], "note": note})
    return out


def _same_subject(group: list[Figure]) -> list[list[Figure]]:
    """The figures of one measure split by what they count: worded alike, or one's words (two or
    more) all among the other's ("residents of Aldmoor", "residents of the town of Aldmoor"). A bare
    word ("delegates") joins only itself, so it cannot chain "remaining delegates" to "delegates on
    offer"."""
    by_words: dict[frozenset[str], list[Figure]] = {}
    for f in group:
        by_words.setdefault(counted_words(f), []).append(f)
    keys = sorted(by_words, key=lambda k: (len(k), sorted(k)))
    joined: UnionFind[frozenset[str]] = UnionFind()
    for i, small in enumerate(keys):
        joined.find(small)
        for big in keys[i + 1 :]:
            if len(small) >= 2 and small < big:
                joined.union(small, big)
    return [[f for k in ks for f in by_words[k]] for ks in joined.groups().values()]


def _sources_clash(members: list[Figure]) -> bool:
    """Whether two figures from independent sources cannot both be true, in linear time (a flood of
    copies of one figure made the pairwise check quadratic).

    Two intervals are disjoint when one's lower end is above the other's upper end; so some pair
    from different sources is disjoint exactly when the source with the highest lower end and the
    source with the lowest upper end (or the runner-up of either, when they are the same source)
    are disjoint."""
    highest_lo: dict[str, float] = {}
    lowest_hi: dict[str, float] = {}
    for f in members:
        lo, hi = interval(f)
        src = f.source or f.doc
        highest_lo[src] = max(lo, highest_lo.get(src, lo))
        lowest_hi[src] = min(hi, lowest_hi.get(src, hi))
    tops = sorted(highest_lo.items(), key=lambda kv: -kv[1])[:2]
    bottoms = sorted(lowest_hi.items(), key=lambda kv: kv[1])[:2]
    return any(s != t and lo > hi for s, lo in tops for t, hi in bottoms)


MAX_PAIRWISE_SOURCES = 50  # more sources than this on one quantity (a flood): the linear test decides


def _sources_disagree(members: list[Figure]) -> bool:
    """Whether two independent sources disagree: some figure of one cannot be true with some figure
    of the other, and none of their figures agree. An article that reports a dispute (the
    president's $1.8 trillion and his opponents' $1.4 trillion) and another that repeats one side's
    figure do not disagree with each other: the first already says what the second says."""
    by_source: dict[str, set[tuple[float, float]]] = {}
    for f in members:
        by_source.setdefault(f.source or f.doc, set()).add(interval(f))
    if len(by_source) > MAX_PAIRWISE_SOURCES:
        return _sources_clash(members)
    for (_s, mine), (_t, theirs) in itertools.combinations(by_source.items(), 2):
        if all(a[1] < b[0] or b[1] < a[0] for a in mine for b in theirs):  # each source has a figure
            return True
    return False


def _note(measure: str, unit: str | None, group: list[Figure], scope: tuple) -> str:
    """The figures, who gives each, and why they were judged one quantity."""
    parts = []
    for f in group:
        v = _fmt(f.value) + (f"–{_fmt(f.value_max)}" if f.value_max is not None else "")
        tags = [t for t in (f.bound, f.status) if t]
        who = f"per {f.speaker_name}, in {f.outlet or f.doc}" if f.speaker_name else f"in {f.outlet or f.doc}"
        parts.append(f"{v}{' (' + ', '.join(tags) + ')' if tags else ''} {who}")
    lo = min(f.value or 0.0 for f in group)
    hi = max((f.value_max if f.value_max is not None else f.value) or 0.0 for f in group)
    docs, sources = len({f.doc for f in group}), len({f.source or f.doc for f in group})
    kind, value = scope
    held = f"held by {', '.join(sorted(value))}" if kind == "holders" else "in one story, no holder named"
    return (
        f"{measure} ({unit}) as of {group[0].as_of}: {'; '.join(parts)} — spread {_fmt(lo)} to {_fmt(hi)}; "
        f"{docs} documents, {sources} independent sources. Judged one quantity: the same measure "
        f"“{measure}” in {unit}, the same date {group[0].as_of}, {held}"
    )


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    if abs(v) >= 1e9:
        return f"{v / 1e9:g} billion"
    if abs(v) >= 1e6:
        return f"{v / 1e6:g} million"
    return f"{v:,.0f}" if v == int(v) else f"{v:g}"


@dataclass
class NameSlot:
    """An entity named in one aligned paragraph of one version."""

    doc: str
    paragraph: int
    entity: str
    name: str
    type: str
    position: float  # relative offset in the paragraph, 0..1


def _same_name(a: str, b: str) -> bool:
    """One name cut short or spelled out ("Department of Politics and" / "... and Management"): not a conflict."""
    return fuzz.token_set_ratio(a, b, processor=utils.default_process) >= 90


def name_conflicts(doc_a: str, doc_b: str, slots: list[NameSlot], pairs: list[tuple[int, int]]) -> list[dict]:
    """Names that differ between aligned paragraphs of two versions of one article: an entity of one
    type named in a paragraph of A and missing from its counterpart in B, at about the same place
    where B names a different entity of that type (a bank in one translation, a regulator in the
    other). Everything named in both versions is agreement and is not reported, and so is a capital
    standing for its country ("Washington" in one, "the United States" in the other)."""
    out = []
    for pa, pb in pairs:
        in_a = [s for s in slots if s.doc == doc_a and s.paragraph == pa]
        in_b = [s for s in slots if s.doc == doc_b and s.paragraph == pb]
        ents_a, ents_b = {s.entity for s in in_a}, {s.entity for s in in_b}
        only_a = [s for s in in_a if s.entity not in ents_b]
        only_b = [s for s in in_b if s.entity not in ents_a]
        for sa in only_a:
            match = [
                sb for sb in only_b
                if sb.type == sa.type and abs(sb.position - sa.position) <= 0.2 and not _same_name(sa.name, sb.name)
                and not (sa.type in ("GPE", "LOC") and stands_for(sa.name, sb.name))
            ]  # fmt: skip
            if len(match) == 1:
                sb = match[0]
                out.append({
                    "kind": "name",
                    "items": [doc_a, doc_b],
                    "note": f"two versions of one article name different {sa.type.lower()}s in the same passage: "
                            f"“{sa.name}” in {doc_a} vs “{sb.name}” in {doc_b}",
                })  # fmt: skip
                only_b.remove(sb)
    return out


# --- the stage: incremental update over the store -------------------------------------------------


def update(store: Store, changes: Changes) -> int:
    """Figures that disagree across sources, and names that differ between versions of one article."""
    names = reads.entity_names(store.conn)
    figures = [
        Figure(
            id=c["id"], doc=c["doc_id"], measure=c["measure"], unit=c["unit"], value=c["value"],
            value_max=c["value_max"], as_of=c["as_of"], bound=c["bound"], status=c["status"],
            speaker=c["speaker_id"], speaker_name=c["speaker_name"],
            holders=frozenset(canonical_place(h) or h for h in c["holders"]),
            story=c["story"], outlet=c["outlet"] or c["source"], source=c["source_group"], subject=c["subject"],
            hedged=bool(c["hedged"]),
        )
        for c in reads.claim_rows(store.conn)
    ]  # fmt: skip
    conflicts = value_conflicts(figures)
    # versions that were told apart by their wording (translations, condensations); exact copies
    # share their sentences, names included, and are not worth embedding for this
    pairs = [p for p in reads.duplicate_pairs(store.conn) if p["matched"] is not None]
    if pairs:
        ids = {d for p in pairs for d in (p["doc_a"], p["doc_b"])}
        texts = reads.texts(store.conn, ids)
        spans = {d: dup.paragraph_spans(t) for d, t in texts.items()}
        slots = []
        for m in reads.entity_slots(store.conn, ids):
            for i, (s, e) in enumerate(spans[m["doc_id"]]):
                if s <= m["start"] < e:
                    position = (m["start"] - s) / max(1, e - s)
                    name = names.get(m["entity_id"], m["text"])
                    slots.append(NameSlot(m["doc_id"], i, m["entity_id"], name, m["type"], position))
                    break
        for p in pairs:
            aligned = dup.aligned_paragraphs(*dup.pair_vectors(store, texts, p["doc_a"], p["doc_b"]))
            conflicts += name_conflicts(p["doc_a"], p["doc_b"], slots, aligned)
    kept = _not_rejected(store, conflicts)
    store.replace_conflicts("claims", kept)
    dates = _not_rejected(store, events.date_conflict_rows(store))
    store.replace_conflicts("events", dates)
    return len(kept) + len(dates)


def _not_rejected(store: Store, found: list[dict]) -> list[dict]:
    """The conflicts no analyst rejected (store/judgements.py: a conflict is known by its items' keys)."""
    refused = {judgements.conflict_key_of(ref) for ref in judgements.rejected(store.conn, "conflict")}
    if not refused:
        return found
    return [c for c in found if judgements.conflict_key(store.conn, c["kind"], c["items"]) not in refused]
