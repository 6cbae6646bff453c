"""Cross-source event merging: the reports of one real-world event become one event.

Two dated reports are the same event when their types are compatible (a meeting and talks are the
same kind of thing; a call is not), their dates agree at the precision both give (2025-02 and
2025-02-27 agree; a range agrees with a day inside it), they never name two different places, and
they share a participant (see `_related`). Reports are blocked by type group and month and
clustered around seeds, so that a merge cannot chain into a blob (`_cluster_block`). Undated
reports only merge within their own article.

Like human event coders, we keep disagreement visible rather than resolve it: reports of one
meeting (same type, same place, a shared participant) dated a few days apart by different sources
stay separate events and are listed as a `date` conflict with both dates and how many independent
sources give each (`date_conflict_rows`, run by the conflicts stage once duplicates are known: a
document and its copies or translations are one source, and one source never conflicts with itself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.lexicon.calendar import month_end
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
    people: frozenset[str] = frozenset()  # the participants that are persons
    speaks_from: str | None = None  # the day its article speaks from (publication, else its latest date)

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
            return month_end(int(value[:4]), int(value[5:7]))
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
    """Evidence that two compatible-dated reports describe one event: they never name two different
    places or two different counterparts ("X met Y" / "X met Z"), and they share a participant —
    the vaguer the dates, the more is needed (one on the same day, two in the same month, two and
    the place in the same year). On the same day and at the same place, a report that names no
    person is the same event told at another grain ("the Austrian and Iranian delegations met in
    Vienna" / "Keller and Tavakoli met in Vienna")."""
    if a.place and b.place and a.place != b.place:
        return False
    if len(a.people) <= 2 and len(b.people) <= 2 and a.people - b.people and b.people - a.people:
        return False  # "X met Y" and "X met Z": two encounters, though X is in both
    same_place = a.place is not None and a.place == b.place
    shared = len(set(a.participants) & set(b.participants))
    precision = min(len(a.date or ""), len(b.date or ""))
    if precision >= 10:
        # on the day and at the place, one report may name the countries and the other the people
        return shared >= 1 or (same_place and not (a.people and b.people))
    if precision == 7:
        return (same_place and shared >= 1) or shared >= 2
    return same_place and shared >= 2


def merge_reports(reports: list[Report]) -> list[MergedEvent]:
    """Reports of one type group and month are clustered around seeds (`_cluster_block`); undated
    reports merge within their own article with the same type, place and participants, and across
    articles only as `_undated` allows."""
    reports = sorted(reports, key=lambda r: r.key)
    blocks: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for r in reports:
        blocks[(_group(r.type), r.date[:7] if r.date else "undated")].append(r)
    clusters: list[list[Report]] = []
    for (_, month), block in sorted(blocks.items()):
        if month == "undated":
            same: dict[tuple, list[Report]] = defaultdict(list)
            for r in block:
                same[(r.doc_id, r.type, r.place, frozenset(r.participants))].append(r)
            clusters += _undated(list(same.values()))
        else:
            clusters += _cluster_block(block)
    clusters.sort(key=lambda c: min(r.key for r in c))
    return _name(clusters)


STORY_DAYS = 7  # undated reports of articles published this close may tell one happening


def _undated(groups: list[list[Report]]) -> list[list[Report]]:
    """Undated reports of different articles (each article's reports of one type, place and
    participants already one group) are one event only when they name the very same people and
    place, are not statements (one speaker says many things), and their articles speak from days at
    most a week apart, as the articles of one running story do: with nothing to date them, two
    articles' "talks between X and Y" months apart are as likely two rounds as one. Each group is
    compared with the first group of a cluster, never with any member, so merges cannot chain."""
    seeds: list[tuple[Report, list[Report]]] = []
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for group in groups:
        r = group[0]
        key = (r.type, r.place, frozenset(r.participants))
        home = None
        if r.type != "statement" and r.people and r.speaks_from:
            home = next((i for i in by_key[key] if _close(r.speaks_from, seeds[i][0].speaks_from)), None)
        if home is None:
            by_key[key].append(len(seeds))
            seeds.append((r, list(group)))
        else:
            seeds[home][1].extend(group)
    return [members for _seed, members in seeds]


def _close(a: str | None, b: str | None) -> bool:
    try:
        return abs((dt.date.fromisoformat((a or "")[:10]) - dt.date.fromisoformat((b or "")[:10])).days) <= STORY_DAYS
    except ValueError:
        return False


def _cluster_block(block: list[Report]) -> list[list[Report]]:
    """The events of one type group and month. Taken most precise date first, then most
    participants, each report joins the earliest-made cluster whose seed (its first report) it
    agrees with by `_dates_agree` and `_related`, else seeds a cluster of its own. Comparing with
    the seed, never with any member, is what keeps a merge from chaining: A~B and B~C no longer
    put A with C (a letter cancelling a meeting chained five meetings with 33 participants into
    one event). Candidate clusters are found through the keys a report holds (its place, its
    participants), so a flood of reports of one event costs time linear in its reports, not in its
    pairs (a feed repeating one story 10,000 times must not hold 50 million pairs); the price is
    the number of distinct events sharing a key."""
    order = sorted(block, key=lambda r: (-len(r.date or ""), -len(r.participants), r.key))
    seeds: list[Report] = []
    members: list[list[Report]] = []
    by_key: dict[str, list[int]] = defaultdict(list)
    for r in order:
        keys = [*(f"p:{p}" for p in set(r.participants)), *([f"l:{r.place}"] if r.place else [])]
        # every seed a report can be related to shares a key with it (a participant, or the place)
        candidates = sorted({i for k in keys for i in by_key[k]})
        home = next((i for i in candidates if _dates_agree(r, seeds[i]) and _related(r, seeds[i])), None)
        if home is None:
            home = len(seeds)
            seeds.append(r)
            members.append([])
            for k in keys:
                by_key[k].append(home)
        members[home].append(r)
    return members


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


def date_conflicts(
    events: list[MergedEvent], origins: dict[str, set[str]] | None = None
) -> list[tuple[MergedEvent, MergedEvent]]:
    """Pairs of events that are one happening dated differently by independent sources, by a rule
    stricter than merging's: the same type (not a statement: people speak every day), place and
    parties (the same set of two or more, not one shared: Obama at the White House is every meeting he
    holds there), both reported as having happened and not as background,
    at most MAX_CONFLICT_DAYS apart — and each date has a witness of its own (`origins`, event id ->
    independent sources: a document, its copies and shared passages count once) that does not also
    give the other date. One article that gives two dates tells of two happenings, or of one of its
    own sentences read twice; a span that covers the other's day ("April 2-3") is no disagreement."""
    by_key: dict[tuple, list[MergedEvent]] = defaultdict(list)
    for e in events:
        dated = e.date and len(e.date) == 10 and e.place and len(e.participants) >= 2  # one party: any of its meetings
        if dated and e.type != "statement" and e.status == "happened" and not e.background:
            by_key[(e.type, e.place, frozenset(e.participants))].append(e)
    out = []
    for group in by_key.values():
        group.sort(key=lambda e: e.date or "")
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                days = (dt.date.fromisoformat(b.date or "") - dt.date.fromisoformat(a.date or "")).days
                if days > MAX_CONFLICT_DAYS:
                    break
                if days <= 0 or (a.date_end and (b.date or "") <= a.date_end):
                    continue
                if origins is not None:
                    seen_a, seen_b = origins.get(a.id, set()), origins.get(b.id, set())
                    if not (seen_a - seen_b and seen_b - seen_a):
                        continue
                out.append((a, b))
    return out


def date_conflict_groups(
    events: list[MergedEvent], origins: dict[str, set[str]] | None = None
) -> list[list[MergedEvent]]:
    """The events linked by `date_conflicts`, one group per real-world event, in date order: one
    conflict lists every date the sources give for it."""
    by_id: dict[str, MergedEvent] = {}
    uf: UnionFind[str] = UnionFind()
    for a, b in date_conflicts(events, origins):
        by_id[a.id], by_id[b.id] = a, b
        uf.union(a.id, b.id)
    return [sorted((by_id[i] for i in ids), key=lambda e: e.date or "") for ids in uf.groups().values()]


# what each type of event is called, and how a sentence says who did it (one party / several)
_NOUNS = {"call": "phone call", "meeting": "meeting", "talks": "talks", "visit": "visit", "agreement": "agreement",
          "decision": "decision", "sanction": "sanctions", "appointment": "appointment", "election": "election",
          "attack": "attack", "publication": "publication", "statement": "statement"}  # fmt: skip
_SAID = {
    "call": ("{who} made a phone call", "{who} spoke by phone"),
    "meeting": ("{who} held a meeting{at}", "{who} met{at}"),
    "talks": ("{who} held talks{at}", "Talks{at} between {who}"),
    "visit": ("{who} visited {place}", "{who} visited {place}"),
    "agreement": ("{who} reached an agreement{at}", "{who} reached an agreement{at}"),
    "decision": ("{who} took a decision{at}", "{who} took a decision{at}"),
    "sanction": ("{who}: sanctions{at}", "Sanctions{at} involving {who}"),
    "appointment": ("{who}: appointment{at}", "Appointment{at}: {who}"),
    "election": ("Election{at}: {who}", "Election{at}: {who}"),
    "attack": ("Attack{at}: {who}", "Attack{at}: {who}"),
    "publication": ("{who} published a document{at}", "Publication by {who}{at}"),
    "statement": ("{who} made a statement{at}", "Statement by {who}{at}"),
}


def event_summary(e: MergedEvent, names: dict[str, str]) -> str:
    """What happened, in words a reader knows: who did what, where ("Donald Trump and Vladimir Putin
    spoke by phone", "Kirill Dmitriev visited Washington"); what did not (or not yet) happen is named,
    not told ("Meeting of X and Y in Riyadh (scheduled)")."""
    who = [names.get(p, p) for p in e.participants[:4]]
    people = ", ".join(who[:-1]) + f" and {who[-1]}" if len(who) > 1 else (who[0] if who else "")
    if len(e.participants) > 4:
        people = ", ".join(who) + f" and {len(e.participants) - 4} more"
    place = names.get(e.place, e.place) if e.place else ""
    at = f" in {place}" if place else ""
    noun = _NOUNS.get(e.type, e.type)
    if e.status != "happened" or not who or (e.type == "visit" and not place):
        told = f"{noun[:1].upper()}{noun[1:]}" + (f" of {people}" if who else "") + at
        return told + (f" ({e.status})" if e.status != "happened" else "")
    one, several = _SAID.get(e.type, ("{who}: " + noun + "{at}",) * 2)
    return (one if len(who) == 1 else several).format(who=people, at=at, place=place)


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
        types = reads.entity_types(store.conn, {e for e in entity_of.values() if e})
        for r in rows:
            doc = r["doc_id"]
            place = entity_of.get((doc, r["place"])) if r["place"] is not None else None
            people = tuple(dict.fromkeys(e for p in r["participants"] if (e := entity_of.get((doc, p)))))
            status, background = as_of(r["status"], r["background"], r["date"], r["date_end"], r["speaks_from"])
            persons = frozenset(p for p in people if types.get(p) == "PERSON")
            fields = (r["type"], r["date"], r["date_end"], place, people, status, background, persons)
            reports.append(Report(doc, r["idx"], *fields, r["speaks_from"]))
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
    events = _stored(rows)
    # an entity's name can change with new documents: keep the summaries of untouched months current
    summaries = [(event_summary(e, names), e.id) for e in events]
    store.set_event_summaries([s for s, row in zip(summaries, rows, strict=True) if s[0] != row["summary"]])
    return len(events)


def _stored(rows: list[dict]) -> list[MergedEvent]:
    """The merged events as the store holds them (`reads.merged_events`), without their reports."""
    return [
        MergedEvent(e["id"], e["type"], e["date"], e["date_end"], e["place"], e["participants"], [], e["status"],
                    bool(e["background"]))
        for e in rows
    ]  # fmt: skip


def date_conflict_rows(store: Store) -> list[dict]:
    """The `date` conflicts between merged events, counting independent sources (run after the
    duplicates stage, which says which documents are copies of which)."""
    names = reads.entity_names(store.conn)
    rows = reads.merged_events(store.conn)
    origins = reads.event_origins(store.conn)
    events = _stored(rows)
    out = []
    for group in date_conflict_groups(events, origins):
        first = group[0]
        parties = ", ".join(names.get(p, p) for p in first.participants)
        said = "; ".join(f"{len(origins.get(e.id, ()))} independent source(s) say {e.date}" for e in group)
        why = (f"Judged one happening: the same type ({first.type}), place "
               f"({names.get(first.place or '', '?')}) and parties ({parties}), reported as having happened, "
               f"{(dt.date.fromisoformat(group[-1].date or '') - dt.date.fromisoformat(first.date or '')).days} "
               "day(s) apart, each date from sources that do not give the other")  # fmt: skip
        out.append({"kind": "date", "items": [e.id for e in group],
                    "note": f"{first.type} in {names.get(first.place or '', '?')}: {said}. {why}"})  # fmt: skip
    return out
