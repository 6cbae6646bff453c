"""The negotiation across sources: whose side each stance is, sub-issues, what answers what, what
became of each proposal, and how many independent sources report a stance.

Why recomputed whole on every build: positions are few (a handful per article), every new article
can answer an old proposal or corroborate an old stance, and the answer links run across the
corpus; a full pass over them costs less than working out what a new one touches.

- **Side**: the country a holder speaks for. A country is its own side; a nationality word is its
  country (lexicon.demonyms); an organisation the alias file knows is its country's; a person or
  another organisation takes the country their roles and titles name ("Russian Foreign Minister",
  "Kremlin spokesman": a seat of government stands for its country, lexicon.places), the most named
  one; with none, the holder is its own side.
- **Sub-issue**: within an issue, positions whose topic has the same head noun ("energy
  infrastructure strike" / "strike") form one sub-issue, named by its most frequent topic — so a new
  negotiation gets its own sub-issues from its own words.
- **Answers**: an acceptance, rejection, denial, support or opposition answers the proposal (or
  demand, condition, offer) its own article puts before it when it names a plan ("endorsed one of
  the points"); else the latest one on the same issue and sub-issue from another side, within
  ANSWER_DAYS before it.
- **Status** of a proposal: the last answer decides (agreed, rejected, denied); any other side's
  stance on the same sub-issue makes it discussed; else proposed.
- **Sources**: the independent source groups (copies and shared passages count once) reporting the
  same side, kind, issue and sub-issue in the same month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.extract.positions.en import ENGLISH
from storyline.extract.positions.ru import RUSSIAN
from storyline.lexicon.aliases import organisation, place_name
from storyline.lexicon.demonyms import country_of_demonym
from storyline.lexicon.places import seat_country
from storyline.resolve.stage import Changes
from storyline.store import reads
from storyline.store.db import Store

ANSWER_DAYS = 120
RESPONSES = frozenset({"acceptance", "rejection", "denial", "support", "opposition"})
OFFERS = frozenset({"proposal", "demand", "condition", "offer"})
STATUS_OF = {"acceptance": "agreed", "support": "discussed", "rejection": "rejected", "opposition": "discussed",
             "denial": "denied"}  # fmt: skip
_WORD = re.compile(r"[\w.'’-]+")
_TITLE_GAP = re.compile(  # " President ", " Secretary of State ", " special envoy ": title words only, at least one
    r"\s+(?:(?:[A-Z][\w.'’-]*|of|the|for|envoy|special|spokesman|spokeswoman|spokesperson|negotiator|chief|leader"
    r"|minister|secretary|president|ambassador|adviser|advisor|official|foreign|prime|deputy|senior)\s+){1,4}"
)


@dataclass
class Stance:
    key: str  # "doc_id/idx"
    doc: str
    kind: str
    issue: str
    topic: str
    date: str | None
    seq: int
    start: int
    party: str | None  # holder entity
    source: str  # the document's source group
    content: str
    listed: bool = False  # a plan with its points
    side: str | None = None
    subissue: str = ""
    answers: str | None = None
    status: str | None = None
    n_sources: int = 1


def side_of(
    entity_type: str, name: str, titles: list[str], country_ids: dict[str, str], own: str,
    before: Sequence[tuple[str, str]] = (),
) -> str:  # fmt: skip
    """The entity id of the country a holder speaks for (see the module docstring), else `own`.
    `before`: country names written right before the holder's mentions with only title words
    between ("U.S. President Donald Trump"), which count like titles."""
    if entity_type == "GPE":
        country = seat_country(name)  # "Moscow" said: its government, Russia
        return country_ids.get(country or "", own)
    if entity_type == "NORP":
        country = country_of_demonym(name)
        return country_ids.get(country or "", own)
    if entity_type == "ORG" and (entry := organisation([name])) is not None and entry.country not in ("", "*"):
        return country_ids.get(entry.country, own)
    votes: Counter = Counter()
    for country_words, between in before:
        if _TITLE_GAP.fullmatch(between):
            country = (country_of_demonym(country_words) or seat_country(country_words) or place_name(country_words)
                       or country_words)  # fmt: skip
            if country in country_ids:
                votes[country] += 1
    for title in [*titles, name]:
        for word in _WORD.findall(title):
            country = country_of_demonym(word) or seat_country(word) or (word if word in country_ids else None)
            if country and country in country_ids:
                votes[country] += 1
        if (country := seat_country(title)) in country_ids:
            votes[country] += 1
    return country_ids[votes.most_common(1)[0][0]] if votes else own


def _head(topic: str) -> str:
    return topic.split()[-1] if topic else ""


def _day(date: str | None) -> dt.date | None:
    if not date or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date[:10]):
        return None
    return dt.date.fromisoformat(date[:10] if len(date) >= 10 else date[:7] + "-01")


def resolve(stances: list[Stance]) -> None:
    """Sub-issues, answers, statuses and source counts, in place (sides are set before)."""
    topics: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for s in stances:
        topics[(s.issue, _head(s.topic))][s.topic] += 1
    for s in stances:
        s.subissue = topics[(s.issue, _head(s.topic))].most_common(1)[0][0]
    ordered = sorted(stances, key=lambda s: (s.date or "9999", s.seq, s.start))
    by_doc: dict[str, list[Stance]] = defaultdict(list)
    offers: dict[tuple[str, str], list[Stance]] = defaultdict(list)  # (issue, sub-issue) -> its offers, in order
    sides: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (issue, sub-issue) -> stances per side
    for s in ordered:
        by_doc[s.doc].append(s)
        sides[(s.issue, s.subissue)][s.side] += 1
        if s.kind in OFFERS:
            offers[(s.issue, s.subissue)].append(s)
    for s in ordered:
        if s.kind not in RESPONSES:
            continue
        plan = ENGLISH.plan_words.search(s.content) or RUSSIAN.plan_words.search(s.content)
        same_doc = [o for o in by_doc[s.doc] if o.kind in OFFERS and o.start <= s.start and o.party != s.party]
        same_sentence = [o for o in same_doc if o.start == s.start]
        listed = [o for o in same_doc if o.listed]
        if plan and listed:  # the plan an article lists point by point is the one it reports reactions to
            s.answers = listed[-1].key
        elif same_sentence:  # "did not accept the ceasefire that the United States had proposed"
            s.answers = same_sentence[0].key
        elif plan and same_doc:
            s.answers = same_doc[-1].key
        if s.answers:
            continue
        day = _day(s.date)
        earlier = [
            o for o in offers[(s.issue, s.subissue)]
            if o.side != s.side
            and (day is None or ((d := _day(o.date)) is not None and 0 <= (day - d).days <= ANSWER_DAYS))
            and (o.date or "") <= (s.date or "9999")
        ]  # fmt: skip
        if earlier:
            s.answers = earlier[-1].key
    by_key = {s.key: s for s in stances}
    last_answer: dict[str, dict[str | None, str]] = defaultdict(dict)  # proposal -> side -> its latest answer
    for s in ordered:
        if s.kind in OFFERS and s.status is None:
            s.status = "proposed"
        if s.answers and s.answers in by_key:
            last_answer[s.answers][s.side] = STATUS_OF[s.kind]
    for key, answers in last_answer.items():  # one side's no outweighs another's yes
        said = set(answers.values())
        by_key[key].status = next((x for x in ("rejected", "denied", "agreed") if x in said), "discussed")
    for s in ordered:  # another side took a stance on the same sub-issue
        bucket = sides[(s.issue, s.subissue)]
        if s.kind in OFFERS and s.status == "proposed" and bucket.total() > bucket[s.side]:
            s.status = "discussed"
    groups: dict[tuple, set[str]] = defaultdict(set)
    for s in stances:
        groups[(s.side, s.kind, s.issue, s.subissue, (s.date or "")[:7])].add(s.source)
    for s in stances:
        s.n_sources = len(groups[(s.side, s.kind, s.issue, s.subissue, (s.date or "")[:7])])


# --- the stage ------------------------------------------------------------------------------------


def update(store: Store, changes: Changes) -> int:
    """Resolve every position again (see the module docstring for why whole); returns their number."""
    del changes
    rows = reads.position_rows(store.conn)
    if not rows:
        return 0
    kinds = reads.entity_kinds(store.conn)  # id -> (name, type)
    country_ids = {name: eid for eid, (name, typ) in sorted(kinds.items(), reverse=True) if typ == "GPE"}
    parties = {r["party"] for r in rows if r["party"]}
    titles = reads.entity_titles(store.conn, parties)
    people = {p for p in parties if kinds.get(p, ("", ""))[1] in ("PERSON", "ORG")}
    before = reads.names_before(store.conn, people)
    stances = []
    for r in rows:
        party = r["party"]
        side = None
        if party:
            name, typ = kinds.get(party, ("", ""))
            side = side_of(typ, name, titles.get(party, []), country_ids, party, before.get(party, []))
        stances.append(Stance(
            key=f"{r['doc_id']}/{r['idx']}", doc=r["doc_id"], kind=r["kind"], issue=r["issue"], topic=r["topic"],
            date=r["date"], seq=r["seq"], start=r["start"], party=party, source=r["source_group"],
            content=r["content"], listed=r["points"] != "[]", side=side,
        ))  # fmt: skip
    resolve(stances)
    store.set_position_resolution(
        [(s.side, s.subissue, s.answers, s.status, s.n_sources, *s.key.split("/")) for s in stances]
    )
    return len(stances)
