"""Temporal expressions: one sentence (written for the test) per resolution rule."""

from __future__ import annotations

import pytest

from storyline.text.timex import find_times


def value(text: str, published: str | None, expr: str) -> tuple[str | None, str]:
    hits = [t for t in find_times(text, published) if t.text == expr]
    assert hits, (expr, [(t.text, t.value) for t in find_times(text, published)])
    return hits[0].value, hits[0].anchor


@pytest.mark.parametrize(
    ("text", "published", "expr", "expected", "anchor"),
    [
        # fully stated
        ("The talks opened on April 2, 2025 in Washington.", "2025-06-01", "April 2, 2025", "2025-04-02", "absolute"),
        ("The memo is dated 1/27/25.", None, "1/27/25", "2025-01-27", "absolute"),
        ("Results came on 13.03.2025.", None, "13.03.2025", "2025-03-13", "absolute"),
        ("He first went there in 2007.", None, "2007", "2007", "absolute"),
        ("Growth slowed in the 1990s.", None, "the 1990s", "199", "absolute"),
        ("Prices rose in February 2014.", None, "February 2014", "2014-02", "absolute"),
        ("Exports peaked in the third quarter of 2024.", None, "the third quarter of 2024", "2024-Q3", "absolute"),
        # year-less dates: nearest before publication...
        ("The first round had been held in Istanbul on Feb. 27.", "2025-04-04", "Feb. 27", "2025-02-27", "publication"),
        ("Their last session in Miami on January 31 ended late.", "2026-02-14", "January 31", "2026-01-31", "publication"),  # noqa: E501
        ("The envoys met on December 28.", "2026-01-10", "December 28", "2025-12-28", "publication"),
        # ...unless the clause speaks of the future
        ("The ministers will meet on March 3.", "2025-02-20", "March 3", "2025-03-03", "publication"),
        ("Campaigning intensified in the run-up to the elections on September 20.", "2026-02-14", "September 20",
         "2026-09-20", "publication"),
        ("The deadline falls on Jan. 14.", "2025-12-20", "Jan. 14", "2026-01-14", "publication"),
        # ranges
        ("Dmitriev visited the US April 2-3.", "2025-04-04", "April 2-3", "2025-04-02/2025-04-03", "publication"),
        # deictic, against publication
        ("Ryabkov spoke yesterday.", "2025-04-04", "yesterday", "2025-04-03", "publication"),
        ("Officials confirmed it today.", "2025-04-04", "today", "2025-04-04", "publication"),
        ("The Journal reported last week that aid was frozen.", "2025-01-27", "last week", "2025-W04", "publication"),
        ("Sales rose this year.", "2025-04-04", "this year", "2025", "publication"),
        ("The deal collapsed last year.", "2025-04-04", "last year", "2024", "publication"),
        ("Talks resume next month.", "2025-12-04", "next month", "2026-01", "publication"),
        ("The fund was set up two years ago.", "2025-04-04", "two years ago", "2023", "publication"),
        ("The Kremlin said Monday that it was ready.", "2025-01-29", "Monday", "2025-01-27", "publication"),
        ("The delegations will meet again on Friday.", "2025-02-12", "Friday", "2025-02-14", "publication"),
        ("If talks do not begin by this summer, the front may collapse.", "2025-01-27", "this summer", "2025-SU",
         "publication"),
        ("The ceasefire held through last winter.", "2025-06-01", "last winter", "2024-WI", "publication"),
        ("Negotiations are continuing now.", "2025-06-01", "now", "PRESENT_REF", "publication"),
        # against the date the text is talking about
        ("Consultations began in Riyadh on March 24. The previous day, Ryabkov had spoken to reporters.", "2025-04-04",
         "The previous day", "2025-03-23", "text"),
        ("The call took place on Feb. 12. The next day the Kremlin confirmed it.", "2025-03-01", "The next day",
         "2025-02-13", "text"),
        ("The summit opened on Aug. 15, 2025. Two days later the envoys left.", None, "Two days later", "2025-08-17",
         "text"),
        # quarters follow the one under discussion
        ("Profit rose in the third quarter. A year earlier, the quarter had been weak.", "1998-10-27", "A year earlier",
         "1997-Q3", "text"),
    ],
)  # fmt: skip
def test_resolution_rules(text: str, published: str | None, expr: str, expected: str, anchor: str) -> None:
    assert value(text, published, expr) == (expected, anchor)


def test_unresolvable_without_a_publication_date() -> None:
    assert value("He arrived yesterday.", None, "yesterday") == (None, "none")


def test_month_precision_publication_resolves_dates_but_not_days() -> None:
    assert value("The bank acted on February 13.", "2026-02", "February 13") == ("2026-02-13", "publication")
    assert value("He spoke yesterday.", "2026-02", "yesterday") == (None, "none")


def test_words_that_only_look_like_dates_are_left_alone() -> None:
    found = [
        t.text
        for t in find_times("Prices may fall 2,000 points; 1999 troops and $2025 were sent in March.", "2025-05-01")
    ]
    assert "fall" not in found and "may" not in found and "2025" not in found and "1999" not in found
    assert "March" in found


def test_spans_are_exact_and_deterministic() -> None:
    text = "On Feb. 27 the delegations met; the previous day the envoys had called, and on March 18 they spoke again."
    a = find_times(text, "2025-04-04")
    assert [(t.text, t.value) for t in a] == [(t.text, t.value) for t in find_times(text, "2025-04-04")]
    assert all(text[t.start : t.end] == t.text for t in a)


@pytest.mark.parametrize(
    ("text", "published", "expr", "expected"),
    [
        # the publication's own weekday in a future sentence is that day, not a week later
        ("The talks will resume Friday in Geneva.", "2025-03-21", "Friday", "2025-03-21"),
        # a past participle after "be" is no past tense: "will be held in June" is the coming June
        ("The summit will be held in June.", "2025-03-12", "June", "2025-06"),
        ("The summit was held in June.", "2025-03-12", "June", "2024-06"),
        # a clock time right before a day is on that day
        ("Polls close at 15:00 GMT on Friday, officials said.", "2025-03-12", "15:00 GMT", "2025-03-07T15:00"),
    ],
)
def test_issue_19_date_classes(text: str, published: str, expr: str, expected: str) -> None:
    assert value(text, published, expr)[0] == expected


@pytest.mark.parametrize(
    ("text", "expr", "expected"),
    [
        ("Castro spoke Wednesday night to thousands.", "Wednesday night", "2000-01-05TNI"),
        ("He arrived last night.", "last night", "2000-01-06TNI"),
        ("The vote is this morning.", "this morning", "2000-01-07TMO"),
    ],
)
def test_a_part_of_day_is_written_as_timeml_writes_it(text: str, expr: str, expected: str) -> None:
    assert value(text, "2000-01-07", expr)[0] == expected


def test_an_event_on_a_part_of_day_is_dated_by_its_day() -> None:
    from storyline.extract.events import extract_events
    from storyline.extract.mentions import extract_entities
    from storyline.nlp import english

    text = "Anna Keller met Reza Tavakoli in Vienna on Wednesday night."
    doc = english()(text)
    found = extract_events(doc, extract_entities(doc), find_times(text, "2000-01-07"))
    assert [(e.type, e.date) for e in found] == [("meeting", "2000-01-05")]
