"""Guards against quadratic work on small hostile inputs: a feed repeating one story, an article of
thousands of one-sentence paragraphs. Behaviour, not timing: each test counts the work a stage
does (pairs decided or stored, unions, name comparisons, passes over a list) and checks that it
grows with the input rather than with its square, and that the results are those of the
exhaustive pairwise rules the stages used to apply. bench/hostile_scale.py measures the time and
memory of the same inputs at full size."""

from __future__ import annotations

import functools
import itertools
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import cli

from storyline.extract import claims as claims_mod
from storyline.extract import events as events_mod
from storyline.extract import mentions as mentions_mod
from storyline.extract import quotes as quotes_mod
from storyline.extract.mentions import core as mentions_core
from storyline.extract.mentions.en import ENGLISH
from storyline.extract.spans import ByStart, Regions
from storyline.lexicon.names import same_person
from storyline.model import Mention
from storyline.resolve import duplicates as dup
from storyline.resolve import entities as entities_mod
from storyline.resolve import events as ev
from storyline.resolve.unionfind import UnionFind
from storyline.text.timex import find_times
from storyline.text.timex.core import _Breaks

T = TypeVar("T")


# --- duplicates ----------------------------------------------------------------------------------
STORY = (
    "Emergency officials in the Dniester valley said on Tuesday that {n} residents had been moved to shelters "
    "after the river burst its banks overnight. {who}, a spokesperson for the regional emergency service, said "
    "rescue teams were still trying to reach villages near Soroca. Schools in the valley will stay closed."
)
WORDS = [f"w{i}" for i in range(400)]


def _judge(texts: dict[str, str]) -> tuple[dup.PairJudge, list[tuple[str, str]]]:
    """A judge on shingles alone (no embeddings), and the list of pairs it was asked about."""
    asked: list[tuple[str, str]] = []
    judge = dup.PairJudge(texts, {}, lambda ids: {d: texts[d] for d in ids}, lambda a, b: None)

    def decide(a: str, b: str) -> dup.Verdict:
        asked.append((a, b))
        return judge(a, b)

    return decide, asked  # type: ignore[return-value]


def _count_candidates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records how many documents each LSH query hands back."""
    seen: list[int] = []
    query = dup._Buckets.query

    def counting(self: dup._Buckets, keys: list[bytes]) -> set[int]:
        found = query(self, keys)
        seen.append(len(found))
        return found

    monkeypatch.setattr(dup._Buckets, "query", counting)
    return seen


def test_a_flood_of_copies_is_grouped_not_compared_pairwise(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 400
    names = ["Maria Kovalenko", "Daniel Okafor", "Elena Petrova"]
    texts = {f"d{i:04d}": STORY.format(n=1200 + 37 * i, who=names[i % 7 == 0]) for i in range(n)}
    ids = list(texts)
    sketches = {d: dup.sketch(dup.shingles(t)) for d, t in texts.items()}
    looked_at = _count_candidates(monkeypatch)
    decide, asked = _judge(texts)
    groups: UnionFind[str] = UnionFind(ids)
    verdicts = dup.link_new(sketches, ids, {d: "2025-03-04" for d in ids}, groups, decide)
    assert {groups.find(d) for d in ids} == {groups.find(ids[0])}  # one story: one group
    assert len(verdicts) == len(asked) <= n  # each copy decided once, against its group
    assert all(v.duplicate for v in verdicts)
    assert sum(looked_at) <= dup.GROUP_MEMBERS * dup._bands()[0] * n  # not n²/2 = 79,800
    assert dup.originals([(v.doc_a, v.doc_b) for v in verdicts], {d: (i,) for i, d in enumerate(ids)}) == {
        d: ids[0] for d in ids[1:]
    }


def test_a_flood_of_near_misses_decides_a_bounded_number_of_pairs_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short texts that share most of their words but are no copies of each other (under 0.8
    containment): every one is a candidate of every other, yet each is decided against at most
    MAX_GROUPS others, and no bucket grows past MAX_BUCKET."""
    rng = random.Random(3)
    n = 400
    common = " ".join(WORDS[:12])
    texts = {f"d{i:04d}": common + " " + " ".join(rng.sample(WORDS[12:], 6)) for i in range(n)}
    ids = list(texts)
    sketches = {d: dup.sketch(dup.shingles(t)) for d, t in texts.items()}
    indexes: list[dup._Buckets] = []
    init = dup._Buckets.__init__

    def recording(self: dup._Buckets, bands: int) -> None:
        init(self, bands)
        indexes.append(self)

    monkeypatch.setattr(dup._Buckets, "__init__", recording)
    decide, _asked = _judge(texts)
    verdicts = dup.link_new(sketches, ids, {}, UnionFind(ids), decide)
    assert not any(v.duplicate for v in verdicts)
    assert len(verdicts) <= dup.MAX_GROUPS * n < n * (n - 1) // 2
    assert max(len(positions) for index in indexes for band in index.bands for positions, _t in band.values()) <= (
        dup.MAX_BUCKET
    )


def test_below_the_caps_duplicate_groups_are_those_of_comparing_every_proposed_pair() -> None:
    """On an ordinary mix (copies, versions, unrelated texts, several months, undated ones) the
    capped, group-wise comparison finds exactly the groups of deciding every LSH pair."""
    rng = random.Random(11)
    texts: dict[str, str] = {}
    dates: dict[str, str | None] = {}
    for story in range(60):
        base = rng.sample(WORDS, 40)
        month = rng.choice(["2025-01", "2025-02", "2025-03", "2025-06", None])
        for copy in range(rng.choice([1, 1, 2, 3])):
            words = base[:]
            for _ in range(copy * 3):  # later versions change a few words
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            if rng.random() < 0.3:
                words += rng.sample(WORDS, 10)  # a longer version
            d = f"s{story:02d}c{copy}"
            texts[d] = " ".join(words)
            dates[d] = f"{month}-{rng.randint(10, 28)}" if month else None
    ids = sorted(texts, key=lambda _d: rng.random())  # ingestion order
    shingles = {d: dup.shingles(t) for d, t in texts.items()}
    sketches = {d: dup.sketch(shingles[d]) for d in ids}

    def decide(a: str, b: str) -> dup.Verdict:
        return dup.decide(a, b, shingles[a], shingles[b], texts[a], texts[b], lambda x, y: None)

    everything: UnionFind[str] = UnionFind(ids)  # the old way: every proposed pair, in id order
    for a, b in sorted(dup.candidate_pairs(sketches, ids, dates)):
        if not everything.together(a, b) and decide(a, b).duplicate:
            everything.union(a, b)
    # half the documents were stored by an earlier build, with their verdicts
    old, new = ids[: len(ids) // 2], ids[len(ids) // 2 :]
    groups: UnionFind[str] = UnionFind(ids)
    first = dup.link_new({d: sketches[d] for d in old}, old, dates, groups, decide)
    second = dup.link_new(sketches, new, dates, groups, decide, {(v.doc_a, v.doc_b) for v in first})
    assert len(second) + len(first) <= len(dup.candidate_pairs(sketches, ids, dates))

    def partition(uf: UnionFind[str]) -> list[list[str]]:
        return sorted(sorted(g) for g in uf.groups().values())

    assert partition(groups) == partition(everything)
    assert any(len(g) > 1 for g in partition(groups))


def _feed(items: list[tuple[str, str]], start: datetime) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>https://wire.example.org/{i}</link>"
        f"<pubDate>{format_datetime(start + timedelta(minutes=i))}</pubDate><description>{text}</description></item>"
        for i, (title, text) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'


def test_a_feed_flood_builds_with_linear_duplicate_pairs(tmp_path: Path) -> None:
    """The build on two floods: 150 re-sent copies of one story all point at the first copy; 150
    short items that share most words but are no copies stay apart. The pairs stored stay within
    MAX_GROUPS per document (the old stage stored every pair of near misses: 11,175)."""
    rng = random.Random(5)
    start = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)
    copies = [(f"Floods force {1200 + 37 * i} from homes", STORY.format(n=1200 + 37 * i, who="Maria Kovalenko"))
              for i in range(150)]  # fmt: skip
    common = "Vendors listed apartments garages sheds offices kiosks warehouses cottages studios lofts farms"
    misses = [(f"Listing {i}", f"{common} {' '.join(rng.sample(WORDS, 6))}.") for i in range(150)]
    (tmp_path / "copies.xml").write_text(_feed(copies, start), encoding="utf-8")
    (tmp_path / "misses.xml").write_text(_feed(misses, start + timedelta(days=2)), encoding="utf-8")
    db = tmp_path / "flood.db"
    assert cli("build", tmp_path / "copies.xml", tmp_path / "misses.xml", "--db", db, "-q")[0] == 0
    with sqlite3.connect(db) as c:
        pairs = c.execute("SELECT COUNT(*) FROM duplicate_pairs").fetchone()[0]
        rows = c.execute("SELECT source, duplicate_of, id FROM documents ORDER BY seq").fetchall()
    assert pairs <= dup.MAX_GROUPS * len(rows)
    first = rows[0][2]
    assert [r[1] for r in rows[:150]] == [None] + [first] * 149
    assert all(r[1] is None for r in rows[150:])


# --- events across sources -------------------------------------------------------------------------
def _pairwise_merge(reports: list[ev.Report]) -> list[list[tuple[str, int]]]:
    """The rule as stated, testing every report against every seed: within a block (type group and
    month), taken most precise date first, then most participants, a report joins the first seed
    (in the order seeds were made) whose date agrees and that it is related to, else becomes a
    seed; undated reports merge only within their document, with the same type, place and parties."""
    blocks: dict[tuple[str, str], list[ev.Report]] = {}
    for r in sorted(reports, key=lambda r: r.key):
        blocks.setdefault((ev._group(r.type), r.date[:7] if r.date else "undated"), []).append(r)
    out = []
    for (_g, month), block in blocks.items():
        if month == "undated":
            same: dict[tuple, list[tuple[str, int]]] = {}
            for r in block:
                same.setdefault((r.doc_id, r.type, r.place, frozenset(r.participants)), []).append(r.key)
            out += same.values()
            continue
        seeds: list[ev.Report] = []
        groups: list[list[tuple[str, int]]] = []
        for r in sorted(block, key=lambda r: (-len(r.date or ""), -len(r.participants), r.key)):
            home = next((i for i, s in enumerate(seeds) if ev._dates_agree(r, s) and ev._related(r, s)), None)
            if home is None:
                seeds.append(r)
                groups.append([])
                home = len(seeds) - 1
            groups[home].append(r.key)
        out += groups
    return sorted(sorted(g) for g in out)


def _random_report(rng: random.Random, i: int) -> ev.Report:
    k = rng.random()
    date, end = None, None
    if k < 0.85:
        day = f"2025-0{rng.randint(2, 3)}-0{rng.randint(1, 6)}"
        date = rng.choice(["2025", "2025-02", "2025-03"]) if k < 0.3 else day
        if len(date) == 10 and rng.random() < 0.15:
            end = f"2025-0{rng.randint(2, 3)}-0{rng.randint(1, 9)}"
    place = rng.choice([None, None, "p1", "p2", "p3"])
    parts = tuple(rng.sample(["a", "b", "c", "d", "e", "p1"], rng.randint(0, 4)))
    return ev.Report(f"doc{rng.randint(0, 9)}", i, rng.choice(["meeting", "talks", "call"]), date, end, place, parts)


def test_merged_events_are_those_of_testing_every_pair() -> None:
    rng = random.Random(2)
    for _ in range(300):
        reports = [_random_report(rng, i) for i in range(rng.randint(1, 50))]
        merged = ev.merge_reports(reports)
        assert sorted(sorted(r.key for r in e.reports) for e in merged) == _pairwise_merge(reports)


def test_a_flood_of_reports_of_one_event_merges_with_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    unions: list[int] = []

    class Counting(UnionFind):  # type: ignore[type-arg]
        def union(self, a: object, b: object) -> None:
            unions.append(1)
            super().union(a, b)

    monkeypatch.setattr(ev, "UnionFind", Counting)
    n = 3000
    reports = [
        ev.Report(f"doc{i}", 0, "statement", f"2025-03-0{1 + i % 2}", None, "valley" if i % 3 else None,
                  ("spokesperson", f"extra{i % 5}"))
        for i in range(n)
    ]  # fmt: skip
    merged = ev.merge_reports(reports)
    assert len(merged) == 2  # one per day: the reports of each day share the spokesperson
    assert len(unions) <= 10 * n  # testing every pair sharing the spokesperson: 4.5 million


# --- entities -----------------------------------------------------------------------------------
def test_lone_surnames_of_a_flood_join_with_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    era = entities_mod._era

    def counting(r: entities_mod.LocalRecord, fallback: bool) -> tuple[int, int] | None:
        calls.append(1)
        return era(r, fallback)

    monkeypatch.setattr(entities_mod, "_era", counting)
    n = 3000
    records = [entities_mod.LocalRecord(f"d{i:05d}", 0, "PERSON", "Kovalenko", None, 2, 2025) for i in range(n)]
    records += [
        entities_mod.LocalRecord(f"e{i:05d}", 0, "PERSON", "Kovalenko", (1990, 1991), 1, 1991) for i in range(50)
    ]
    clusters = entities_mod.cluster(records)
    assert sorted(len(c) for c in clusters) == [50, n]  # 2025 and 1991 stay apart; each era is one person
    assert len(calls) <= 10 * len(records)


# --- extraction on long articles --------------------------------------------------------------------
FIRST = "Anna Boris Carlos Dmitry Elif Farid Greta Hassan Irina Jorge".split()
LAST = "Dmitriev Kellogg Lavrov Rubio Witkoff Ushakov Fidan Erdogan Sybiha Umerov Yermak Waltz".split()


def test_linking_names_compares_a_mention_with_few_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule 1 and the surname rule over 4,000 mentions of 120 people: the groups are those of
    comparing each name with every earlier group, at a fraction of the comparisons."""
    rng = random.Random(9)
    people = [f"{f} {s}" for f in FIRST for s in LAST]
    mentions, pos = [], 0
    for _ in range(4000):
        name = rng.choice(people) if rng.random() < 0.7 else rng.choice(LAST)
        mentions.append(Mention(pos, pos + len(name), name, "PERSON", "name" if " " in name else "surname"))
        pos += len(name) + 20
    # the old rule 1, for reference: the first group with a member of the same person
    groups: list[list[str]] = []
    same = functools.cache(same_person)
    for m in mentions:
        if m.kind == "name":
            target = next((g for g in groups if any(same(x, m.name) for x in set(g))), None)
            groups.append([m.name]) if target is None else target.append(m.name)
    calls: list[int] = []

    def counting(a: str, b: str) -> bool:
        calls.append(1)
        return same_person(a, b)

    monkeypatch.setattr(mentions_core, "same_person", counting)
    fresh = [Mention(m.start, m.end, m.text, m.type, m.kind) for m in mentions]
    linked = [[x for x in fresh if x.local == i] for i in range(mentions_core._link(fresh, "", ENGLISH.linking))]
    full = [[x.name for x in g if x.kind == "name"] for g in linked]
    assert [g for g in full if g] == groups
    assert len(calls) <= len(people) * len(FIRST)  # the distinct pairs of one surname, not mentions × groups
    assert sum(len(g) for g in linked) == len(mentions)
    # a lone surname shared by several people goes to one of that surname, or stays in its own group
    assert all(all(x.name.split()[-1] == g[0].name.split()[-1] for x in g) for g in linked)


class _CountingList(list[T]):
    """A list that counts the passes made over it."""

    passes = 0

    def __iter__(self) -> Iterator[T]:
        type(self).passes += 1
        return super().__iter__()


def _long_article(n: int) -> str:
    rng = random.Random(4)
    templates = [
        "{P} met {Q} in {X} on March {d}, officials said.",
        "“We are ready to talk about everything,” {L} told reporters in {X}.",
        "According to {P}, {N} troops are near {X}.",
        "The central bank said exports fell {d}% in April.",
        "The Russian delegation arrived in {X} on May {d}.",
        "{L} said on Monday that the envoy would visit {X}.",
    ]
    places = ["Riyadh", "Istanbul", "Geneva", "Vienna", "Ankara", "Doha"]
    lines = []
    for _ in range(n):
        lines.append(
            rng.choice(templates).format(
                P=f"{rng.choice(FIRST)} {rng.choice(LAST)}", Q=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                L=rng.choice(LAST), X=rng.choice(places), d=rng.randint(1, 28), N=rng.randint(100, 9000),
            )
        )  # fmt: skip
    return "Live updates\n\n" + "\n\n".join(lines) + "\n"


def test_extractors_pass_over_the_article_lists_a_fixed_number_of_times() -> None:
    """Events, quotes and claims look mentions, times and quotes up by offset: the number of passes
    over those lists does not grow with the sentences (it used to be one or more per sentence,
    token or figure: 100,000 sentences × 10,000 mentions on a long article)."""
    from storyline.nlp import english

    text = _long_article(300)
    doc = english()(text)
    ex = mentions_mod.extract_entities(doc)
    times = _CountingList(find_times(text, "2025-06-01"))
    ex.mentions = _CountingList(ex.mentions)
    _CountingList.passes = 0
    ex.events = events_mod.extract_events(doc, ex, times)
    ex.quotes = _CountingList(quotes_mod.extract_quotes(doc, ex))
    ex.claims = claims_mod.extract_claims(doc, ex, times, "2025-06-01")
    assert len(ex.events) > 100 and len(ex.quotes) > 50 and len(ex.claims) > 20
    assert _CountingList.passes <= 20


def test_russian_extractors_pass_over_the_article_lists_a_fixed_number_of_times() -> None:
    from storyline.extract.claims import extract_claims_ru
    from storyline.extract.events import extract_events_ru
    from storyline.extract.mentions import extract_entities_ru
    from storyline.extract.quotes import extract_quotes_ru
    from storyline.nlp import parse_russian, russian_spacy
    from storyline.text.timex.ru import find_times_ru

    rng = random.Random(4)
    people = ["Сергей Лавров", "Дмитрий Песков", "Кирилл Дмитриев", "Юрий Ушаков", "Марко Рубио"]
    templates = [
        "{P} встретился с {Q} в Женеве {d} марта, сообщили в МИД.",
        "«Мы готовы к диалогу со всеми сторонами», — заявил {P} журналистам.",
        "По словам {P}, экспорт вырос на {d}% в марте.",
        "Российская и американская делегации встретились в Стамбуле {d} февраля.",
    ]
    lines = [rng.choice(templates).format(P=rng.choice(people), Q=rng.choice(people), d=rng.randint(1, 28))
             for _ in range(120)]  # fmt: skip
    text = "Хроника переговоров\n\n" + "\n\n".join(lines) + "\n"
    doc = parse_russian(text)
    ex = extract_entities_ru(russian_spacy(doc))
    times = _CountingList(find_times_ru(text, "2025-06-01"))
    ex.mentions = _CountingList(ex.mentions)
    _CountingList.passes = 0
    ex.events = extract_events_ru(russian_spacy(doc), ex, times)
    ex.quotes = _CountingList(extract_quotes_ru(russian_spacy(doc), ex))
    ex.claims = extract_claims_ru(russian_spacy(doc), ex, times, "2025-06-01")
    assert len(ex.events) > 40 and len(ex.quotes) > 20 and len(ex.claims) > 10
    assert _CountingList.passes <= 20


def test_position_lookups_answer_what_scans_did() -> None:
    rng = random.Random(8)
    for _ in range(300):
        ranges = [(a, a + rng.randint(0, 8)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 12)))]
        if rng.random() < 0.5:  # disjoint ranges, as quotations are
            ranges = [r for i, r in enumerate(sorted(ranges)) if all(r[0] >= q[1] for q in sorted(ranges)[:i])]
        regions = Regions(ranges)
        for pos in range(-2, 75):
            assert (pos in regions) == any(a <= pos < b for a, b in ranges)
            for skip in ranges[:2]:
                assert regions.holding_other(pos, skip) == any(a <= pos < b for a, b in ranges if (a, b) != skip)
            end = pos + rng.randint(0, 10)
            assert regions.overlapping(pos, end) == sorted(r for r in ranges if r[0] < end and r[1] > pos)
        items = [Mention(a, b, "x", "PERSON", "name") for a, b in ranges if b > a]
        index = ByStart(items)
        for pos in range(-2, 75):
            end = pos + rng.randint(0, 10)
            assert index.starting_in(pos, end) == [m for m in items if pos <= m.start < end]
            assert index.holding(pos) == [m for m in items if m.start <= pos < m.end]
        items.append(Mention(3, 9, "late", "GPE", "demonym"))  # added after the index was built
        assert index.holding(5) == [m for m in items if m.start <= 5 < m.end]


def test_the_sentence_around_a_time_is_found_as_the_text_search_found_it() -> None:
    rng = random.Random(6)
    for _ in range(500):
        text = "".join(rng.choice(["a", " ", ". ", ".", "\n", "b"]) for _ in range(rng.randint(0, 40)))
        breaks = _Breaks(text)
        for _ in range(10):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
            b = min([i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0] or [len(text)])
            assert breaks.sentence_around(start, end) == text[a:b]


# --- conflicts -------------------------------------------------------------------------------------
def test_figures_clash_exactly_when_some_pair_of_sources_disagrees() -> None:
    """The linear check gives the verdict of testing every pair of figures from independent sources."""
    from storyline.resolve.conflicts import Figure, _sources_clash, disagree

    rng = random.Random(5)
    bounds = [None, "about", "at least", "at most", "up to", "plus or minus"]
    for _ in range(3000):
        figures = [
            Figure(id=str(i), doc=(doc := rng.choice("abcd")), measure="m", unit="u",
                   value=rng.choice([1, 2, 3, 10, 100, 101]), value_max=rng.choice([None, None, 4.0]), as_of="2025",
                   bound=rng.choice(bounds), status=None, speaker=rng.choice([None, "e1"]), speaker_name=None,
                   source="a" if doc == "d" else doc)  # d shares a passage with a: one source
            for i in range(rng.randint(1, 7))
        ]  # fmt: skip
        pairwise = any(disagree(a, b) for a, b in itertools.combinations(figures, 2) if a.source != b.source)
        assert _sources_clash(figures) == pairwise, figures
