"""Cross-source event merging: the reports of one real-world event become one event.

Two dated reports are the same event when their types are compatible (a meeting and talks are the
same kind of thing; a call is not), their dates agree at the precision both give (2025-02 and
2025-02-27 agree; a range agrees with a day inside it), and they share a place or a participant.
Reports are blocked by type group and month, and within a month linked through the places and
participants they share (never by comparing all pairs: see `_link_block`). Undated reports only
merge with undated reports of the same type, place and participants.

Like human event coders, we keep disagreement visible rather than resolve it: reports of one
meeting (same type, same place, a shared participant) dated a few days apart stay separate events
and are listed as a `date` conflict with both dates and how many sources give each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.resolve.stage import Changes
from storyline.resolve.unionfind import UnionFind
from storyline.store import reads
from storyline.store.db import Store

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
    status: str = "happened"
    background: bool = False

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
    status: str = "happened"
    background: bool = False


# an event's status from its reports: one report that it happened outweighs any plan or doubt (a
# meeting announced, then held); otherwise the most definite one most reports give
STATUS_ORDER = ("happened", "cancelled", "denied", "scheduled", "proposed", "speculated")


def merged_status(reports: list[Report]) -> tuple[str, bool]:
    """(status, background) of the event these reports describe: background only when every report
    recalls it as background."""
    said = Counter(r.status for r in reports)
    status = "happened" if said["happened"] else max(said, key=lambda s: (said[s], -_rank(s)))
    return status, all(r.background for r in reports)


BACKGROUND_DAYS = 365  # an event this long before the day its article speaks from is background


def as_of(
    status: str, background: bool, date: str | None, date_end: str | None, speaks_from: str | None
) -> tuple[str, bool]:
    """A report's status and background seen from the day its article speaks from (its publication,
    else the latest date it gives): an event dated after that day cannot have happened yet
    (scheduled, whatever the verb's tense: "the summit in June"); one that ended more than a year
    before it is history the article recalls (background), not its news. Dates compare at the
    precision both give."""
    if not date or not speaks_from:
        return status, background
    n = min(len(date), len(speaks_from))
    if status == "happened" and date[:n] > speaks_from[:n]:
        status = "scheduled"
    end = _last_day(date_end or date)
    try:
        recalled = (dt.date.fromisoformat(speaks_from[:10]) - end).days > BACKGROUND_DAYS if end else False
    except ValueError:
        recalled = False
    return status, background or recalled


def _last_day(value: str) -> dt.date | None:
    """The last day a date at any precision covers ("2024" -> 2024-12-31)."""
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


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
        _link_block(block, uf)
    clusters: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for r in reports:
        clusters[uf.find(r.key)].append(r)
    return _name([clusters[k] for k in sorted(clusters)])


def _link_block(block: list[Report], uf: UnionFind[tuple[str, int]]) -> None:
    """Union the reports of one block that `_dates_agree` and are `_related`, without comparing
    pairs: the events of one month are the connected groups of that relation, and the relation is
    a union of "holds the same key" conditions, so chaining the holders of each key gives the same
    groups as testing every pair — in time linear in the reports (a feed repeating one story 10,000
    times made the pairwise test hold 50 million pairs and pass 3.7 GB).

    Reports are taken by date (date, date_end): for two dates that agree, the precision of the
    vaguer one says which keys make two reports related (see `_related`):

    * day: the same place; or a shared participant, unless the places differ;
    * month: the same place and a shared participant; or two shared participants, unless the
      places differ;
    * year: the same place and two shared participants.

    "Unless the places differ" is kept exactly: among the holders of a participant key, a report
    without a place is related to all of them (so they are all one event), and otherwise only the
    holders with the same place are. Keys of a vaguer pair of dates only ever join reports that the
    more precise rule relates as well, so joining all holders of such a key (not only the pairs
    across the two dates) changes nothing."""
    by_date: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for r in block:
        by_date[(r.date or "", r.date_end or "")].append(r)
    dates = sorted(by_date)
    for i, d1 in enumerate(dates):
        for d2 in dates[i:]:
            if not _dates_agree(by_date[d1][0], by_date[d2][0]):
                continue
            members = by_date[d1] if d1 == d2 else by_date[d1] + by_date[d2]
            _link_holders(members, min(len(d1[0]), len(d2[0])), uf)


def _link_holders(members: list[Report], precision: int, uf: UnionFind[tuple[str, int]]) -> None:
    """Chain the reports that hold one key at this date precision (see `_link_block`)."""
    same_place: dict[tuple, list[Report]] = defaultdict(list)  # keys that include the place
    unless_apart: dict[tuple, list[Report]] = defaultdict(list)  # keys of participants only
    for r in members:
        parties = sorted(set(r.participants))
        if precision >= 10:
            if r.place:
                same_place[(r.place,)].append(r)
            for e in parties:
                unless_apart[(e,)].append(r)
        elif precision == 7:
            if r.place:
                for e in parties:
                    same_place[(r.place, e)].append(r)
            for pair in itertools.combinations(parties, 2):
                unless_apart[pair].append(r)
        elif r.place:
            for pair in itertools.combinations(parties, 2):
                same_place[(r.place, *pair)].append(r)
    for holders in same_place.values():
        _chain(holders, uf)
    for holders in unless_apart.values():
        if any(r.place is None for r in holders):
            _chain(holders, uf)  # a report with no place is related to each of them
        else:
            by_place: dict[str, list[Report]] = defaultdict(list)
            for r in holders:
                by_place[r.place or ""].append(r)
            for group in by_place.values():
                _chain(group, uf)


def _chain(reports: list[Report], uf: UnionFind[tuple[str, int]]) -> None:
    for r in reports[1:]:
        uf.union(reports[0].key, r.key)


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
        status, background = merged_status(members)
        out.append(
            MergedEvent(eid, typ, date, max(ends) if ends else None, place, participants, members, status, background)
        )
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


# --- the stage: incremental update over the store -------------------------------------------------


def update(store: Store, changes: Changes) -> int:
    """Re-merge the event reports of every month that new reports, or reports whose participants
    changed entity, fall in (every month after an unfinished build); name the events; list date
    conflicts. Returns the number of events.

    Reports only ever merge within their month (see `merge_reports`), so re-merging whole months
    gives exactly the events a full pass would, at the cost of the months touched."""
    touched = set(reads.publication_dates(store.conn)) if changes.redo else changes.touched
    months = reads.event_report_months(store.conn, touched)
    names = reads.entity_names(store.conn)
    if months:
        reports = []
        rows = reads.event_reports(store.conn, months)
        entity_of = reads.entity_of_locals(
            store.conn, {(r["doc_id"], x) for r in rows for x in [*r["participants"], r["place"]] if x is not None}
        )
        for r in rows:
            doc = r["doc_id"]
            place = entity_of.get((doc, r["place"])) if r["place"] is not None else None
            people = tuple(dict.fromkeys(e for p in r["participants"] if (e := entity_of.get((doc, p)))))
            status, background = as_of(r["status"], r["background"], r["date"], r["date_end"], r["speaks_from"])
            reports.append(
                Report(doc, r["idx"], r["type"], r["date"], r["date_end"], place, people, status, background)
            )
        merged = merge_reports(reports)
        old = reads.events_in_months(store.conn, months)
        rows_out = [
            {"id": e.id, "type": e.type, "date": e.date, "date_end": e.date_end, "place": e.place,
             "participants": e.participants, "summary": event_summary(e, names), "status": e.status,
             "background": e.background}
            for e in merged
        ]  # fmt: skip
        store.replace_events(old, rows_out, [(e.id, r.doc_id, r.idx) for e in merged for r in e.reports])
    rows = reads.merged_events(store.conn)
    events = [
        MergedEvent(e["id"], e["type"], e["date"], e["date_end"], e["place"], e["participants"], []) for e in rows
    ]
    # an entity's name can change with new documents: keep the summaries of untouched months current
    summaries = [(event_summary(e, names), e.id) for e in events]
    store.set_event_summaries([s for s, row in zip(summaries, rows, strict=True) if s[0] != row["summary"]])
    n_reports = {e["id"]: e["n_reports"] for e in rows}
    conflicts = [
        {"kind": "date", "items": [e.id for e in group],
         "note": f"{group[0].type} in {names.get(group[0].place or '', '?')}: "
                 + "; ".join(f"{n_reports[e.id]} source(s) say {e.date}" for e in group)}
        for group in date_conflict_groups(events)
    ]  # fmt: skip
    store.replace_conflicts("events", conflicts)
    return len(events)
