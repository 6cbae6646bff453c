"""Events and the timeline, on the seeds and on articles written for the test."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS, cli, export_checked, needs_shared

from storyline.extract.events import extract_events
from storyline.extract.mentions import extract_entities
from storyline.model import EventMention
from storyline.nlp import english
from storyline.text.timex import find_times

A = """Envoys meet in Vienna

The Austrian and Iranian delegations met in Vienna on March 3 to discuss a prisoner exchange, officials said.
Foreign Minister Anna Keller called her Iranian counterpart Reza Tavakoli on March 5. The next day, Keller
visited Geneva. The talks will resume in Oslo on April 20.
"""
B = """Vienna talks: a second account

Reza Tavakoli and Anna Keller met in Vienna on March 3, according to the Iranian foreign ministry.
A statement on the prisoner exchange is expected next week.
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("events")
    folder = tmp / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        "".join(
            __import__("json").dumps({"id": k, "date": "2025-03-07", "title": t.split("\n")[0], "text": t}) + "\n"
            for k, t in (("a", A), ("b", B))
        ),
        encoding="utf-8",
    )
    assert cli("build", folder, "--db", tmp / "e.db")[0] == 0
    return export_checked(tmp / "e.db", tmp), tmp / "e.db"


def _names(d: dict) -> dict[str, str]:
    return {e["id"]: e["name"] for e in d["entities"]}


def _events(d: dict, typ: str, date: str) -> list[dict]:
    return [e for e in d["events"] if e["type"] == typ and e["date"] == date]


def test_meeting_merged_across_sources_with_countries_and_place(written: tuple[dict, Path]) -> None:
    d, _ = written
    names = _names(d)
    [meeting] = [e for e in d["events"] if e["date"] == "2025-03-03"]
    assert meeting["type"] in ("meeting", "talks")
    assert names[meeting["place"]] == "Vienna"
    assert {"Austria", "Iran"} <= {names[p] for p in meeting["participants"]}
    assert len({s["doc"] for s in meeting["evidence"]}) == 2  # one event, evidence from both sources


def test_call_next_day_visit_and_future_round(written: tuple[dict, Path]) -> None:
    d, _ = written
    names = _names(d)
    [call] = _events(d, "call", "2025-03-05")
    assert {"Anna Keller", "Reza Tavakoli"} <= {names[p] for p in call["participants"]}
    [visit] = _events(d, "visit", "2025-03-06")  # "The next day" after March 5
    assert names[visit["place"]] == "Geneva"
    future = [e for e in d["events"] if e["date"] == "2025-04-20"]
    assert future and names[future[0]["place"]] == "Oslo"


def test_times_exported_with_anchor(written: tuple[dict, Path]) -> None:
    d, _ = written
    by_text = {t["text"]: t for t in d["times"]}
    assert by_text["The next day"]["value"] == "2025-03-06" and by_text["The next day"]["anchor"] == "text"
    assert by_text["next week"]["anchor"] == "publication"


def test_timeline_cli_filters(written: tuple[dict, Path]) -> None:
    _, db = written
    code, out = cli("timeline", "--db", db, "--from", "2025-03-04", "--to", "2025-03-31")
    assert code == 0 and "2025-03-05" in out and "2025-03-03" not in out and "2025-04-20" not in out
    code, out = cli("timeline", "--db", db, "--entity", "Oslo", "--all")  # "will resume": scheduled
    assert code == 0 and "2025-04-20" in out and "scheduled" in out and "2025-03-05" not in out
    assert "2025-04-20" not in cli("timeline", "--db", db, "--entity", "Oslo")[1]
    code, out = cli("timeline", "--db", db, "--type", "call")
    assert code == 0 and "2025-03-05" in out and "Vienna" not in out


def test_timeline_period_means_the_same_at_any_precision(written: tuple[dict, Path]) -> None:
    _, db = written
    outs = [cli("timeline", "--db", db, "--from", a, "--to", b)[1]
            for a, b in (("2025", "2025"), ("2025-01", "2025-12"), ("2025-01-01", "2025-12-31"))]  # fmt: skip
    assert "2025-03-03" in outs[0] and outs[0] == outs[1] == outs[2]
    code, out = cli("timeline", "--db", db, "--from", "2025-04", "--to", "2025-04", "--all")
    assert code == 0 and "2025-04-20" in out and "2025-03-05" not in out


def _copy(written: tuple[dict, Path], tmp_path: Path) -> tuple[sqlite3.Connection, Path]:
    """A copy of the built store to change for one test, opened as the views expect (rows by name)."""
    db = tmp_path / "copy.db"
    shutil.copy(written[1], db)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn, db


def test_a_coarse_or_spanning_event_is_in_every_period_it_overlaps(written: tuple[dict, Path], tmp_path: Path) -> None:
    from storyline.store import views

    c, _db = _copy(written, tmp_path)
    with c:
        insert = (
            "INSERT INTO events(id, type, date, date_end, place, participants, summary) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        c.execute(insert, ("y", "election", "2025", None, None, "[]", "a year-precision event"))
        c.execute(insert, ("s", "visit", "2025-02-27", "2025-03-02", None, "[]", "a spanning one"))
        for a, b in (("2025-03", "2025-03"), ("2025-03-01", "2025-03-31"), ("2025-03-01", "2025-03-01")):
            found = {e.id for e in views.events(c, a, b)}
            assert {"y", "s"} <= found, (a, b)
        assert "s" not in {e.id for e in views.events(c, "2025-03-03", "2025-12")}


def test_each_report_says_how_its_date_was_resolved(written: tuple[dict, Path], tmp_path: Path) -> None:
    from storyline.store import views

    c, _db = _copy(written, tmp_path)
    with c:
        [visit] = [e for e in views.events(c, "2025-03-06", "2025-03-06") if e.type == "visit"]
        [call] = [e for e in views.events(c, "2025-03-05", "2025-03-05") if e.type == "call"]
    assert visit.reports[0].date_how == "“The next day”, counted from a date given earlier in the text"
    assert call.reports[0].date_how is not None and call.reports[0].date_how.startswith("“March 5”")


def test_timeline_min_sources_counts_independent_sources(written: tuple[dict, Path]) -> None:
    _, db = written
    code, out = cli("timeline", "--db", db, "--min-sources", "2")
    assert code == 0 and "2025-03-03" in out and "2025-03-05" not in out  # the meeting both sources report


@needs_shared
def test_seed_rounds_land_on_the_right_days(tmp_path: Path) -> None:
    assert cli("build", SEEDS, "--db", tmp_path / "s.db")[0] == 0
    d = export_checked(tmp_path / "s.db", tmp_path)
    names = _names(d)

    def find(typ: tuple[str, ...], date: str) -> dict:
        hits = [e for e in d["events"] if e["type"] in typ and (e["date"] or "").startswith(date)]
        assert hits, (typ, date, [(e["type"], e["date"]) for e in d["events"]])
        return hits[0]

    call = find(("call",), "2025-02-12")
    assert {"Vladimir Putin", "Donald Trump"} <= {names[p] for p in call["participants"]}
    assert names[find(("meeting", "talks"), "2025-02-18")["place"]] == "Riyadh"
    assert names[find(("meeting", "talks"), "2025-02-27")["place"]] == "Istanbul"
    assert {"Vladimir Putin", "Donald Trump"} <= {names[p] for p in find(("call",), "2025-03-18")["participants"]}
    riyadh = find(("meeting", "talks"), "2025-03-24")
    assert names[riyadh["place"]] == "Riyadh"
    visit = find(("visit",), "2025-04-02")
    assert visit["date_end"] == "2025-04-03" and names[visit["place"]] == "United States"
    assert "Kirill Dmitriev" in {names[p] for p in visit["participants"]}
    assert names[find(("meeting", "talks"), "2026-01-31")["place"]] == "Miami"
    find(("decision",), "2026-02-13")
    blog = next(x for x in d["documents"] if x["source"].startswith("000_"))
    assert (blog["published"], blog["published_basis"]) == ("2026-02", "inferred")


def test_a_subject_pronoun_is_the_person_it_refers_to() -> None:
    text = (
        "Secretary of State Marco Avila arrived in Geneva on Sunday with a small team. "
        "On Monday he met Foreign Minister Sergei Volkov for three hours."
    )
    found, names = _extracted(text, "2025-03-01")
    meetings = [e for e in found if e.type == "meeting"]
    assert meetings and {"Marco Avila", "Sergei Volkov"} <= {names.get(p) for p in meetings[0].participants}


def test_an_event_happened_if_any_report_says_so_and_is_background_only_if_all_do() -> None:
    from storyline.resolve.events import Report, merged_status

    def report(i: int, status: str, background: bool = False) -> Report:
        return Report("d", i, "meeting", "2025-03-03", None, None, (), status, background)

    assert merged_status([report(0, "scheduled"), report(1, "happened")]) == ("happened", False)
    assert merged_status([report(0, "scheduled"), report(1, "scheduled"), report(2, "cancelled")])[0] == "scheduled"
    assert merged_status([report(0, "happened", True), report(1, "happened")]) == ("happened", False)
    assert merged_status([report(0, "happened", True)]) == ("happened", True)


def test_the_default_timeline_shows_what_happened(written: tuple[dict, Path], tmp_path: Path) -> None:
    from storyline.store import browse, views

    c, db = _copy(written, tmp_path)
    with c:
        c.execute("UPDATE events SET status = 'scheduled' WHERE date = '2025-04-20'")
        c.execute("UPDATE events SET background = 1 WHERE date = '2025-03-05'")
        shown = {e.date for e in views.events(c, news_only=True)}
        assert "2025-04-20" not in shown and "2025-03-05" not in shown and "2025-03-03" in shown
        assert {"2025-04-20", "2025-03-05"} <= {e.date for e in views.events(c)}
        t = browse.timeline(c)
        assert t["hidden"] >= 2 and "2025-04-20" not in {e["date"] for e in t["events"]}
        assert "2025-04-20" in {e["date"] for e in browse.timeline(c, news_only=False)["events"]}
    code, out = cli("timeline", "--db", db, "--all")
    assert code == 0 and "scheduled" in out and "2025-04-20" in out
    assert "2025-04-20" not in cli("timeline", "--db", db)[1]


def test_a_participant_named_by_a_pronoun_keeps_the_mention_that_names_them(tmp_path: Path) -> None:
    import json

    from storyline.store import browse

    text = (
        "Senator Tom Wexler spoke to reporters in Oslo on Monday about the budget.\n\n"
        "On Tuesday he met Foreign Minister Anna Keller in Vienna to discuss the treaty."
    )
    (tmp_path / "in").mkdir()
    row = {"id": "a", "date": "2025-03-07", "title": "Wexler in Vienna", "text": text}
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert cli("build", tmp_path / "in", "--db", tmp_path / "s.db", "--quiet")[0] == 0
    with sqlite3.connect(tmp_path / "s.db") as c:
        c.row_factory = sqlite3.Row
        (eid,) = c.execute("SELECT id FROM events WHERE date = '2025-03-04'").fetchone()
        e = browse.event(c, eid)
    [(said, who, named)] = e["reports"][0].links
    assert said.text == "he" and named.text == "Tom Wexler" and e["link_names"][who] == "Tom Wexler"


def _extracted(text: str, published: str = "2025-03-07") -> tuple[list[EventMention], dict[int, str]]:
    """The events of one text (real parse, entities and times), and its entities' names by local id."""
    doc = english()(text)
    ex = extract_entities(doc)
    found = extract_events(doc, ex, find_times(text, published))
    return found, {e.local: e.name for e in ex.entities}


def _statuses(text: str) -> list[tuple[str, str | None, str]]:
    return [(e.type, e.date, e.status) for e in _extracted(text)[0]]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Foreign Minister Anna Keller met Reza Tavakoli in Vienna on March 3.", "happened"),
        ("Foreign Minister Anna Keller will meet Reza Tavakoli in Vienna on March 23.", "scheduled"),
        ("Anna Keller and Reza Tavakoli are expected to meet in Vienna on March 23.", "scheduled"),
        ("Anna Keller cancelled her visit to Vienna on March 5.", "cancelled"),
        ("Reza Tavakoli proposed a meeting with Anna Keller in Vienna on March 23.", "proposed"),
        ("Anna Keller may meet Reza Tavakoli in Vienna on March 23.", "speculated"),
        ("Reza Tavakoli said on Friday that he met Anna Keller in Vienna on March 3.", "happened"),
    ],
)
def test_what_the_sentence_says_became_of_the_event(sentence: str, status: str) -> None:
    found = [s for typ, _d, s in _statuses(sentence) if typ in ("meeting", "visit", "talks")]
    assert found and found[0] == status, _statuses(sentence)


def test_an_event_that_did_not_happen_is_no_event() -> None:
    assert not [
        t for t in _statuses("Anna Keller did not meet Reza Tavakoli in Vienna on March 3.") if t[0] == "meeting"
    ]


def test_a_document_published_is_a_publication_and_a_reaction_is_a_statement() -> None:
    text = (
        "The plan was revealed in a memorandum of conversation published on February 12 by Bloomberg. "
        "The next day the Kremlin spokesman, Dmitry Orlov, responded to the report."
    )
    found = {(e.type, e.date) for e in _extracted(text, "2026-02-20")[0]}
    assert ("publication", "2026-02-12") in found and ("statement", "2026-02-13") in found


def test_history_long_before_the_article_is_background_and_what_comes_after_is_scheduled() -> None:
    from storyline.resolve.events import as_of

    assert as_of("happened", False, "1997", None, "2025-03-07") == ("happened", True)
    assert as_of("happened", False, "2024-05", None, "2025-03-07") == ("happened", False)  # within a year
    assert as_of("happened", False, "2025-06", None, "2025-03-07") == ("scheduled", False)  # "the summit in June"
    assert as_of("happened", False, "2025-03", None, "2025-03-07") == ("happened", False)  # same month: can't tell
    assert as_of("proposed", False, "2025-06-01", None, None) == ("proposed", False)  # no day to speak from


def test_page_furniture_reports_no_event() -> None:
    from storyline.extract.furniture import is_furniture

    tweet = "Trump met Kim in Hanoi today. pic.twitter.com/abc123 — Jane Roe (@janeroe) February 27, 2019"
    assert is_furniture(tweet, 0, len(tweet))
    text = "Related\nPutin and Trump meet in Helsinki\nPutin and Trump met in Helsinki on Monday, officials said.\n"
    a = text.index("Putin and Trump meet")
    b = text.index("Putin and Trump met")
    assert is_furniture(text, a, text.index("\n", a)) and not is_furniture(text, b, text.index("\n", b))


def test_a_venue_or_a_topic_is_no_participant_and_a_call_takes_no_place_from_elsewhere() -> None:
    doc_text = (
        "Anna Keller met Reza Tavakoli at the UN General Assembly in New York on March 3 to talk about the "
        "Nuclear Suppliers Group.\n\nKeller called Tavakoli on March 5. Officials in Vienna welcomed the call."
    )
    found, names = _extracted(doc_text)
    meeting = next(e for e in found if e.type == "meeting")
    assert {names[p] for p in meeting.participants} == {"Anna Keller", "Reza Tavakoli"}
    call = next(e for e in found if e.type == "call")
    assert call.place is None


def test_video_conferences_resignations_and_inaugurations_are_events() -> None:
    text = (
        "Anna Keller and Reza Tavakoli held a videoconference on March 3. "
        "Prime Minister Paul Okafor announced his resignation on March 5. "
        "The inauguration of President Marc Duval took place in Paris on March 6."
    )
    found = {(e.type, e.date) for e in _extracted(text)[0]}
    assert {("call", "2025-03-03"), ("appointment", "2025-03-05"), ("appointment", "2025-03-06")} <= found


def test_a_summary_says_who_did_what() -> None:
    from storyline.resolve.events import MergedEvent, event_summary

    names = {"a": "Donald Trump", "b": "Vladimir Putin", "r": "Riyadh", "k": "Kirill Dmitriev", "w": "Washington"}
    call = MergedEvent("1", "call", "2025-02-12", None, None, ["a", "b"], [])
    assert event_summary(call, names) == "Donald Trump and Vladimir Putin spoke by phone"
    visit = MergedEvent("2", "visit", "2025-04-02", "2025-04-03", "w", ["k"], [])
    assert event_summary(visit, names) == "Kirill Dmitriev visited Washington"
    planned = MergedEvent("3", "meeting", "2025-06", None, "r", ["a", "b"], [], "scheduled")
    assert event_summary(planned, names) == "Meeting of Donald Trump and Vladimir Putin in Riyadh (scheduled)"


@pytest.mark.parametrize(
    "sentence",
    [
        "According to a 2015 survey by the agency, only 35 percent of Americans trust the government.",
        "The new poll finds warning signs for the front-runner in 2016.",
        "Obama raised more than $114 million in August 2012.",
        "US producers cannot meet demand, steel buyers said in March 2017.",
        "Conrad did not say who fired the fatal shot on June 1, 2020.",
        "Reached by phone in December 2018, Aponte said he could not confirm the report.",
        "The governor has released 300 prisoners since April 2020.",
    ],
)
def test_a_word_in_another_sense_is_no_event(sentence: str) -> None:
    assert _statuses(sentence) == [], _statuses(sentence)


def test_the_words_in_their_event_sense_still_are() -> None:
    found = {t for t, _d, _s in _statuses("The Bank of England raised its key rate on March 3.")}
    found |= {t for t, _d, _s in _statuses("Trump fired FBI Director James Comey on March 4.")}
    found |= {t for t, _d, _s in _statuses("The Pentagon released the report on March 5.")}
    assert {"decision", "appointment", "publication"} <= found


def test_idioms_and_bodies_voting() -> None:
    assert _statuses("A Gallup survey conducted March 7-10 found 58 percent worry a great deal.") == []
    assert _statuses("The CNN poll was conducted by telephone May 29-31, 2015.") == []
    voted = _statuses("The House voted 255-67 on June 28 to hold Eric Holder in contempt.")
    assert [t for t, _d, _s in voted] == ["decision"]


def test_a_statement_on_an_occasion_is_an_event_even_undated_and_a_bare_said_is_not() -> None:
    made = _statuses("Foreign Minister Anna Keller said in a statement that the budget was balanced.")
    assert [(t, d) for t, d, _s in made] == [("statement", None)]
    assert _statuses("Foreign Minister Anna Keller said that the budget was balanced.") == []


def test_a_speech_is_a_statement() -> None:
    made = _statuses("Bill Clinton gave a rousing speech at the convention in Charlotte on Wednesday.")
    assert [t for t, _d, _s in made] == ["statement"]


def test_coordinated_verbs_report_events_of_their_own_and_reported_content_does_not() -> None:
    both = _statuses("Anna Keller called Reza Tavakoli on March 3 and visited Geneva on March 5.")
    assert [(t, d) for t, d, _s in both] == [("call", "2025-03-03"), ("visit", "2025-03-05")]
    # the saying is a statement of that day; what was said is a meeting, not dated by the day of saying
    said = _statuses("Anna Keller said on March 3 that she met Reza Tavakoli in Vienna.")
    assert sorted((t, d) for t, d, _s in said) == [("meeting", None), ("statement", "2025-03-03")]


def test_what_had_happened_before_the_news_is_background() -> None:
    text = "Anna Keller had met Reza Tavakoli in Vienna on March 3. Anna Keller met Paul Okafor in Oslo on March 4."
    found = [(e.date, e.background) for e in _extracted(text)[0]]
    assert found == [("2025-03-03", True), ("2025-03-04", False)]


def test_an_event_noun_with_its_own_date_is_an_event_of_its_own() -> None:
    made = _statuses("After the March 3 meeting with Reza Tavakoli in Vienna, Anna Keller flew to Oslo on March 5.")
    assert sorted((t, d) for t, d, _s in made) == [("meeting", "2025-03-03"), ("visit", "2025-03-05")]
    ahead = _statuses("Anna Keller visited Oslo on March 5, ahead of the summit on March 20 with Paul Okafor.")
    assert sorted((t, d) for t, d, _s in ahead) == [("meeting", "2025-03-20"), ("visit", "2025-03-05")]
    truce = _statuses("The ceasefire agreed by Anna Keller and Reza Tavakoli holds until March 30.")
    assert [(t, d) for t, d, _s in truce] == [("agreement", None)]  # a bound is not its date


def test_a_saying_with_its_own_day_is_a_statement_of_its_speaker_only() -> None:
    made = _statuses("Senator Ann Lee said on Monday that the Senate passed the budget bill on Friday.")
    assert sorted((t, d) for t, d, _s in made) == [("decision", "2025-03-07"), ("statement", "2025-03-03")]
    text = "Gabriel Moss, an official of the Georgia election office, said on Tuesday that the machines worked."
    [said], names = _extracted(text)
    assert [names[p] for p in said.participants] == ["Gabriel Moss"]  # not the office his apposition names


@pytest.mark.parametrize(
    ("sentence", "made"),
    [
        ('"The situation is critical," Ann Lee told the Associated Press.', [("statement", None)]),
        ("Ann Lee told Reza Tavakoli that the situation was critical.", []),  # a person, no occasion
        ("Ann Lee criticized the plan, tweeting that it would fail.", [("statement", None)]),
        ("Ann Lee said in an April interview that the plan would fail.", [("statement", "2024-04")]),
    ],
)
def test_an_interview_with_a_news_organisation_is_an_occasion(sentence: str, made: list) -> None:
    assert [(t, d) for t, d, _s in _statuses(sentence)] == made


@pytest.mark.parametrize(
    ("sentence", "typ"),
    [
        ("The Senate passed the bill on March 3.", "decision"),
        ("Her father passed away on March 3.", None),
        ("Ann Lee won the Iowa caucuses on March 3.", "election"),
        ("Ann Lee won broad support on March 3.", None),
        ("Ann Lee was sworn in on March 3.", "appointment"),
        ("Ann Lee stepped down on March 3.", "appointment"),
        ("Ann Lee took office on March 3.", "appointment"),
        ("A new Gallup poll released on March 3 shows Lee ahead.", "publication"),
        ("Ann Lee attacked Reza Tavakoli on March 3.", "statement"),  # words, aimed at a person
        ("Gunmen attacked a police station in Kabul on March 3.", "attack"),
        ("Ann Lee spoke with Reza Tavakoli on March 3.", "call"),
    ],
)
def test_words_in_the_sense_that_names_an_event(sentence: str, typ: str | None) -> None:
    found = [t for t, _d, _s in _statuses(sentence)]
    assert found == ([typ] if typ else []), found


def test_a_speech_at_a_convention_is_the_statement_not_the_venue() -> None:
    made = _statuses("Bill Clinton gave a rousing speech at the convention in Charlotte on Wednesday.")
    assert [t for t, _d, _s in made] == ["statement"]


def test_undated_reports_of_two_articles_merge_only_when_close_and_the_same_people() -> None:
    from storyline.resolve.events import Report, merge_reports

    def rep(doc: str, parts: tuple[str, ...], seen: str, typ: str = "meeting") -> Report:
        return Report(doc, 0, typ, None, None, "oslo", parts, people=frozenset(parts), speaks_from=seen)

    same = merge_reports([rep("a", ("lee", "moss"), "2025-03-03"), rep("b", ("lee", "moss"), "2025-03-06")])
    assert len(same) == 1 and len(same[0].reports) == 2
    assert len(merge_reports([rep("a", ("lee", "moss"), "2025-03-03"), rep("b", ("lee", "moss"), "2025-05-06")])) == 2
    assert len(merge_reports([rep("a", ("lee", "moss"), "2025-03-03"), rep("b", ("lee",), "2025-03-04")])) == 2
    said = [rep("a", ("lee",), "2025-03-03", "statement"), rep("b", ("lee",), "2025-03-03", "statement")]
    assert len(merge_reports(said)) == 2  # one speaker says many things


def test_a_headline_line_is_a_sentence_of_its_own_and_a_wrapped_line_is_not() -> None:
    text = "More news: Lee works on a puzzle during the trial\n\nMoss said on Dec. 12 that he would go.\n\n"
    text += "The next day, Keller\n\nvisited Geneva."
    sents = [s.text.strip() for s in english()(text).sents]
    assert "Moss said on Dec. 12 that he would go." in sents
    assert "The next day, Keller\n\nvisited Geneva." in sents


def test_a_statement_asked_for_on_a_day_is_dated_by_that_day() -> None:
    made = _statuses("On March 4, Anna Keller's spokesman was asked to respond.")
    assert [(t, d) for t, d, _s in made] == [("statement", "2025-03-04")]
