"""The negotiation tracker (issue 22) on real text: the seeds (a real negotiation) with the demo corpus,
through the real pipeline and CLI; and the rules on small sentences with the real spaCy model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS, cli, export_checked, needs_shared

from storyline.extract import analyse
from storyline.lexicon.issues import issue_of
from storyline.model import Article
from storyline.resolve.positions import Stance, resolve
from storyline.store import views
from storyline.store.db import Store


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("positions") / "seeds.db"
    code, out = cli("build", SEEDS, EXAMPLES, "--db", db)
    assert code == 0, out
    return db


def _positions(db: Path) -> list[views.Position]:
    store = Store(db, readonly=True)
    try:
        return views.positions(store.conn)
    finally:
        store.close()


@needs_shared
def test_a_leaked_memo_is_one_proposal_with_its_points_and_the_kremlin_reaction(seeds_db: Path) -> None:
    plans = [p for p in _positions(seeds_db) if len(p.points) == 7]
    assert len(plans) == 1
    memo = plans[0]
    assert memo.kind == "proposal" and memo.sourcing == "document" and memo.holder is None
    assert "author unknown" in (memo.document or "") and "date unknown" in (memo.document or "")
    assert all(x.text and x.text in memo.content.text for x in memo.points)
    reactions = [p for p in _positions(seeds_db) if p.answers == memo.id]
    assert reactions and all(p.side_name == "Russia" for p in reactions)
    assert memo.status in ("discussed", "agreed")


@needs_shared
def test_russias_black_sea_condition_is_a_condition_by_russia_on_sanctions_or_finance(seeds_db: Path) -> None:
    found = [p for p in _positions(seeds_db) if p.kind == "condition" and "SWIFT" in p.sentence.text]
    assert found
    assert any(p.side_name == "Russia" and p.issue in ("sanctions", "finance") for p in found), [
        (p.side_name, p.issue) for p in found
    ]


@needs_shared
def test_a_us_ceasefire_proposal_and_russias_answer_share_one_trajectory(seeds_db: Path, tmp_path: Path) -> None:
    ceasefire = [p for p in _positions(seeds_db) if p.issue == "ceasefire"]
    proposals = {p.id: p for p in ceasefire if p.kind == "proposal" and p.side_name == "United States"}
    answers = [p for p in ceasefire if p.answers in proposals and p.side_name == "Russia"]
    assert answers and {p.kind for p in answers} == {"rejection"}
    assert {proposals[p.answers].status for p in answers} == {"rejected"}
    d = export_checked(seeds_db, tmp_path)
    issue = next(i for i in d["issues"] if i["id"] == "ceasefire")
    parties = {x["party"] for x in issue["parties"]}
    assert {"United States", "Russia"} <= parties
    for p in d["positions"]:
        text = next(doc["text"] for doc in d["documents"] if doc["id"] == p["doc"])
        assert (
            text[p["start"] : p["end"]] == p["text"]
            and text[p["content"]["start"] : p["content"]["end"]] == (p["content"]["text"])
        )


@needs_shared
def test_positions_and_agenda_commands(seeds_db: Path) -> None:
    code, out = cli("positions", "--db", seeds_db, "--issue", "ceasefire", "--kind", "rejection", "--limit", "0")
    assert code == 0 and "rejection" in out and "Russia" in out, out
    code, out = cli("positions", "--db", seeds_db, "--issue", "no-such-issue")
    assert code == 1 and "unknown issue" in out
    code, out = cli("agenda", "--db", seeds_db)
    assert code == 0 and "Ceasefire and hostilities" in out and "Russia" in out, out


@needs_shared
def test_a_period_selects_positions_whose_date_overlaps_it(seeds_db: Path) -> None:
    store = Store(seeds_db, readonly=True)
    try:
        march = views.positions(store.conn, date_from="2025-03", date_to="2025-03")
        day = views.positions(store.conn, date_from="2025-03-18", date_to="2025-03-18")
    finally:
        store.close()
    assert march and all((p.date or "").startswith("2025-03") for p in march)
    assert {p.date for p in day} <= {"2025-03-18", "2025-03", "2025"}
    assert {p.id for p in march if p.date == "2025-03"} <= {p.id for p in day}  # a month covers its days


def _extract(text: str) -> list:
    article = Article(source="t", part=0, text=text, language="en", published="2025-03-18")
    analyse([article])
    assert article.extraction is not None
    return article.extraction.positions


@pytest.mark.parametrize(
    ("text", "kind", "holder", "issue"),
    [
        (
            "Iran rejected the American proposal to halt uranium enrichment for ten years.",
            "rejection",
            "Iran",
            "nuclear",
        ),
        ("China demanded that the United States lift all tariffs on Chinese goods.", "demand", "China", "trade"),
        (
            "Russia said it was ready to extend the grain corridor through Black Sea ports.",
            "offer",
            "Russia",
            "transport",
        ),
        ("Iranian negotiators agreed to the inspections regime.", "acceptance", "Iranian", "nuclear"),
        (
            "The European Union proposed a ceasefire along the current front line.",
            "proposal",
            "European Union",
            "ceasefire",
        ),
    ],
)
def test_stances_in_plain_sentences(text: str, kind: str, holder: str, issue: str) -> None:
    found = _extract(text)
    assert [(p.kind, text[p.holder_start : p.holder_end], p.issue) for p in found][:1] == [(kind, holder, issue)]


def test_a_speaker_weighing_a_deal_takes_a_side_and_a_commentator_none() -> None:
    text = '"This trade deal is a disaster for our workers," Senator John Smith said on Tuesday.'
    found = [(p.kind, text[p.holder_start : p.holder_end], p.issue) for p in _extract(text)]
    assert found == [("opposition", "John Smith", "trade")]
    assert _extract("Columnist Jane Doe opposed the nuclear deal with Iran in a long essay.") == []


def test_no_stance_without_a_party_or_an_agenda() -> None:
    assert _extract("The weather in Geneva was cold and the delegates ate lunch late.") == []
    assert _extract("The Iran deal requires careful reading, analysts said.") == []  # a deal is not a party


def test_a_numbered_plan_is_one_proposal_with_its_points() -> None:
    text = (
        "The leaked draft sets out the following points:\n"
        "1. A ceasefire along the line of contact.\n"
        "2. An exchange of all prisoners.\n"
        "3. Sanctions relief in stages.\n\n"
        "The Foreign Ministry denied that any draft existed."
    )
    plans = [p for p in _extract(text) if p.points]
    assert len(plans) == 1 and len(plans[0].points) == 3 and plans[0].sourcing == "document"
    assert [text[a:b] for a, b in plans[0].points][1] == "2. An exchange of all prisoners."


def test_issue_words_decide_by_the_head_first() -> None:
    assert issue_of("lift sanctions on the bank", head="sanction") == "sanctions"
    assert issue_of("the weather", head="weather") is None


def test_a_side_is_only_a_country_the_store_knows() -> None:
    from storyline.resolve.positions import side_of

    ids = {"Russia": "e1"}
    assert side_of("PERSON", "Ayman Safadi", ["Jordanian Foreign Minister", "Amman"], ids, "e9") == "e9"
    assert side_of("PERSON", "Dmitry Peskov", ["Kremlin spokesman"], ids, "e9") == "e1"
    assert side_of("GPE", "Moscow", [], ids, "e5") == "e1"
    ids["United States"] = "e2"  # a country written before the name with only title words between
    assert side_of("PERSON", "Donald Trump", ["President"], ids, "e7", [("US", " President ")]) == "e2"
    assert side_of("PERSON", "Donald Trump", [], ids, "e7", [("Ukraine", " battlefield to ingratiating with ")]) == "e7"


def test_answers_and_status_across_sources() -> None:
    def stance(key: str, kind: str, side: str, date: str, source: str) -> Stance:
        return Stance(key, key.split("/")[0], kind, "ceasefire", "ceasefire", date, 0, 0, side, source, "", side=side)

    stances = [
        stance("a/0", "proposal", "US", "2025-03-11", "a"),
        stance("b/0", "acceptance", "Ukraine", "2025-03-12", "b"),
        stance("c/0", "rejection", "Russia", "2025-03-18", "c"),
        stance("d/0", "rejection", "Russia", "2025-03-18", "c"),  # a copy of c: one source
    ]
    resolve(stances)
    proposal, accepted, rejected, copy = stances
    assert accepted.answers == "a/0" and rejected.answers == "a/0"
    assert proposal.status == "rejected"  # one side's no outweighs another's yes
    assert rejected.n_sources == 1 and copy.n_sources == 1
    assert json.dumps(proposal.status)
