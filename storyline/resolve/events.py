"""Cross-source event merging: the reports of one real-world event become one event.

Two dated reports are the same event when their types are compatible (a meeting and talks are the
same kind of thing; a call is not), their dates agree at the precision both give (2025-02 and
2025-02-27 agree; a range agrees with a day inside it), and they share a place or a participant.
Reports are blocked by type group and month, so the pass is never all-pairs. Undated reports only
merge with undated reports of the same type, place and participants.

Like human event coders, we keep disagreement visible rather than resolve it: reports of one
meeting (same type, same place, a shared participant) dated a few days apart stay separate events
and are listed as a `date` conflict with both dates and how many sources give each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.resolve.unionfind import UnionFind

TYPE_GROUPS = {"meeting": "meeting", "talks": "meeting"}
MAX_CONFLICT_DAYS = 3


@dataclass(frozen=True)
class Report:
    doc_id: str
    idx: int
    type: str
    date: str | None
    date_end: str | None
    place: str | None  # entity id
    participants: tuple[str, ...]  # entity ids

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.idx)


@dataclass
class MergedEvent:
    id: str
    type: str
    date: str | None
    date_end: str | None
    place: str | None
    participants: list[str]
    reports: list[Report]


def _group(t: str) -> str:
    return TYPE_GROUPS.get(t, t)


def _dates_agree(a: Report, b: Report) -> bool:
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    a_lo, a_hi = a.date, a.date_end or a.date
    b_lo, b_hi = b.date, b.date_end or b.date
    if a_lo.startswith(b_lo) or b_lo.startswith(a_lo):
        return True
    return a_lo <= b_hi and b_lo <= a_hi  # overlapping ranges


def _related(a: Report, b: Report) -> bool:
    """Evidence that two compatible-dated reports describe one event; the vaguer the dates, the
    more is needed (a shared participant is enough on the same day, not in the same year)."""
    if a.place and b.place and a.place != b.place:
        return False
    same_place = a.place is not None and a.place == b.place
    shared = len(set(a.participants) & set(b.participants))
    precision = min(len(a.date or ""), len(b.date or ""))
    if precision >= 10:
        return same_place or shared >= 1
    if precision == 7:
        return (same_place and shared >= 1) or shared >= 2
    return same_place and shared >= 2


def merge_reports(reports: list[Report]) -> list[MergedEvent]:
    reports = sorted(reports, key=lambda r: r.key)
    uf = UnionFind(r.key for r in reports)

    blocks: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for r in reports:
        month = r.date[:7] if r.date else "undated"
        blocks[(_group(r.type), month)].append(r)
        if r.date and len(r.date) == 4:  # a year-only date may meet any month of its year
            blocks[(_group(r.type), r.date)].append(r)
    for (_, month), block in sorted(blocks.items()):
        if month == "undated":
            same: dict[tuple, list[Report]] = defaultdict(list)
            for r in block:
                same[(r.type, r.place, frozenset(r.participants))].append(r)
            for group in same.values():
                for r in group[1:]:
                    uf.union(group[0].key, r.key)
            continue
        for i, j in _sharing_pairs(block):
            a, b = block[i], block[j]
            if _dates_agree(a, b) and _related(a, b):
                uf.union(a.key, b.key)
    clusters: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for r in reports:
        clusters[uf.find(r.key)].append(r)
    return _name([clusters[k] for k in sorted(clusters)])


def _sharing_pairs(block: list[Report]) -> list[tuple[int, int]]:
    """Index pairs of the reports that share a place or a participant: `_related` needs one, so a
    month is compared through an inverted index rather than all against all."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(block):
        for e in {r.place, *r.participants} - {None}:
            holders[e].append(i)  # type: ignore[index]
    pairs = {(a, b) for idx in holders.values() for n, a in enumerate(idx) for b in idx[n + 1 :]}
    return sorted(pairs)


def _name(clusters: list[list[Report]]) -> list[MergedEvent]:
    out: list[MergedEvent] = []
    used: Counter[str] = Counter()
    for members in clusters:
        types = Counter(r.type for r in members)
        typ = max(sorted(types), key=lambda t: (types[t], t != "talks"))
        dates = Counter(r.date for r in members if r.date)
        # the most precise date most sources give; ties go to the earliest
        date = min(dates, key=lambda d: (-len(d), -dates[d], d)) if dates else None
        ends = [r.date_end for r in members if r.date_end and r.date == date]
        places = Counter(r.place for r in members if r.place)
        place = max(sorted(places), key=places.__getitem__) if places else None
        counts = Counter(p for r in members for p in r.participants if p != place)
        participants = sorted(counts, key=lambda p: (-counts[p], p))
        base = "v" + hashlib.sha1(f"{typ}|{date}|{place}|{','.join(sorted(participants))}".encode()).hexdigest()[:12]
        used[base] += 1
        eid = base if used[base] == 1 else f"{base}-{used[base]}"
        out.append(MergedEvent(eid, typ, date, max(ends) if ends else None, place, participants, members))
    return out


def date_conflicts(events: list[MergedEvent]) -> list[tuple[MergedEvent, MergedEvent]]:
    """Pairs of events that look like one event dated differently by different sources."""
    by_key: dict[tuple[str, str], list[MergedEvent]] = defaultdict(list)
    for e in events:
        if e.date and len(e.date) == 10 and e.place:
            by_key[(_group(e.type), e.place)].append(e)
    out = []
    for group in by_key.values():
        group.sort(key=lambda e: e.date or "")
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                days = (dt.date.fromisoformat(b.date or "") - dt.date.fromisoformat(a.date or "")).days
                if days > MAX_CONFLICT_DAYS:
                    break
                if days > 0 and set(a.participants) & set(b.participants):
                    out.append((a, b))
    return out


def date_conflict_groups(events: list[MergedEvent]) -> list[list[MergedEvent]]:
    """The events linked by `date_conflicts`, one group per real-world event, in date order: one
    conflict lists every date the sources give for it."""
    by_id: dict[str, MergedEvent] = {}
    uf: UnionFind[str] = UnionFind()
    for a, b in date_conflicts(events):
        by_id[a.id], by_id[b.id] = a, b
        uf.union(a.id, b.id)
    return [sorted((by_id[i] for i in ids), key=lambda e: e.date or "") for ids in uf.groups().values()]


def event_summary(e: MergedEvent, names: dict[str, str]) -> str:
    """'call: Vladimir Putin, Donald Trump' / 'meeting in Istanbul: Russia, United States'."""
    who = [names.get(p, p) for p in e.participants[:4]]
    more = f" and {len(e.participants) - 4} more" if len(e.participants) > 4 else ""
    where = f" in {names.get(e.place, e.place)}" if e.place else ""
    return f"{e.type}{where}: {', '.join(who)}{more}" if who else f"{e.type}{where}"
