"""Cleaning, segmentation and metadata on texts written for these tests."""

from storyline.model import SourceUnit, content_hash
from storyline.prepare import prepare
from storyline.text.dates import find_dates, infer_publication, parse_date


def _prep(text: str, name: str = "page.txt"):
    data = text.encode("utf-8")
    return prepare(SourceUnit(name=name, origin=name, kind="text", content_hash=content_hash(data), data=data)).articles


BODY = (
    "The foreign ministers met in Geneva on Tuesday to discuss a prisoner exchange and the reopening of "
    "consulates, officials said after the meeting ended late in the evening.\n\n"
    "Both delegations described the talks as useful and agreed to meet again within a month, according to "
    "a statement released by the host government.\n\n"
    "Analysts cautioned that the harder questions of territory and sanctions were not on the agenda."
)

SCRAPE = f"""Skip to navigation
Home
World
Ministers agree to meet again after Geneva talks on prisoner exchange
Posted 05.06.2024 10:12
Ministers at the table in Geneva (Photo: Pool/AFP)
Follow the latest

{BODY}

Ministers agree to meet again after Geneva talks on prisoner exchange
Officials leaving the venue. Photo: Jane Roe/Wire Images

Diplomats cited by the newspaper said a date for the next round could be announced soon.
(more…)
example-news.org
Leave a comment
Your email address will not be published. Required fields are marked *
Этот сайт использует файлы cookie. Продолжая пользоваться сайтом, вы соглашаетесь с их использованием.
"""


def test_furniture_lines_are_removed_and_title_dated() -> None:
    [a] = _prep(SCRAPE)
    assert a.title == "Ministers agree to meet again after Geneva talks on prisoner exchange"
    assert a.published == "2024-06-05" and a.published_basis == "stated"
    for junk in (
        "Skip to",
        "Home",
        "Follow the latest",
        "Photo:",
        "(more",
        "example-news",
        "Leave a",
        "email address",
        "cookie",
        "Ministers agree",
    ):
        assert junk not in a.text, junk
    assert a.text.startswith("The foreign ministers met in Geneva")
    assert a.text.endswith("could be announced soon.")
    reasons = {r for _line, r in a.removed}
    assert {"photo caption/credit", "comment form", "cookie notice", "headline repeated"} <= reasons


def test_table_of_contents_is_dropped_but_headings_stay() -> None:
    text = f"""Why the talks stalled
Contents
• The opening
• The sticking points

{BODY}

The opening

{BODY}

The sticking points

{BODY}"""
    [a] = _prep(text)
    assert a.text.count("The opening") == 1 and a.text.count("The sticking points") == 1
    assert "Contents" not in a.text and "•" not in a.text


DIGEST = f"""Envoys meet in Geneva; Markets shrug off the talks

By Ann Lee, Harbor Post, 3/5/24

{BODY}

***

Markets shrug off the talks

By Ann Lee, Harbor Post, 3/5/24

{BODY}

Tom Berg: What a ceasefire would take

By Tom Berg, Policy Review Online, March 7, 2024

Tom Berg is a senior fellow at a think tank and a former diplomat.

By 2023, both sides had stopped talking about a quick deal. {BODY}
"""


def test_digest_becomes_one_document_per_article() -> None:
    arts = _prep(DIGEST)
    assert [a.title for a in arts] == [
        "Envoys meet in Geneva",
        "Markets shrug off the talks",
        "What a ceasefire would take",
    ]
    assert [a.outlet for a in arts] == ["Harbor Post", "Harbor Post", "Policy Review Online"]
    assert [a.authors for a in arts] == [["Ann Lee"], ["Ann Lee"], ["Tom Berg"]]
    assert [a.published for a in arts] == ["2024-03-05", "2024-03-05", "2024-03-07"]
    assert [a.part for a in arts] == [0, 1, 2]
    assert "senior fellow" not in arts[2].text and arts[2].text.startswith("By 2023, both sides")
    assert all("By Ann Lee" not in a.text and "***" not in a.text for a in arts)


def test_single_article_with_byline_is_not_split() -> None:
    [a] = _prep(f"Talks resume\n\nBy Ann Lee and Bob Stone, Reuters, 12 May 2024\n\n{BODY}\n\n{BODY}")
    assert a.authors == ["Ann Lee", "Bob Stone"] and a.outlet == "Reuters" and a.published == "2024-05-12"


def test_byline_labels_and_roles_are_neither_authors_nor_outlets() -> None:
    [a] = _prep(f"By Ann Lee, Staff Writer | Published April 3, 2025 10:30 AM ET\n\n{BODY}")
    assert a.authors == ["Ann Lee"] and a.outlet is None and a.published == "2025-04-03"
    [b] = _prep(f"By ANN LEE and BOB STONE, Senior Correspondent, The Daily Ledger\n\n{BODY}")
    assert b.authors == ["ANN LEE", "BOB STONE"] and b.outlet == "The Daily Ledger"


def test_byline_place_is_not_an_outlet() -> None:
    [a] = _prep(f"By Ann Lee, Berlin\n\n{BODY}")
    assert a.authors == ["Ann Lee"] and a.outlet is None


def test_undated_article_gets_inferred_month() -> None:
    text = (
        "Officials met on March 3 and again on March 9, after a first round in 2024 had failed. "
        "A statement on March 10 said the sides would meet again on April 20.\n\n" + BODY
    )
    [a] = _prep(text)
    assert a.published == "2024-03" and a.published_basis == "inferred"


def test_no_evidence_means_unknown_date() -> None:
    [a] = _prep(BODY)
    assert a.published is None and a.published_basis == "unknown"


def test_translation_notice_and_language_mismatch() -> None:
    [a] = _prep(f"{BODY}\n\nÜbersetzt mit DeepL\nСледующая новость\nГлавное за день")
    assert a.translation == "DeepL"
    assert "Следующая" not in a.text and "Главное" not in a.text and a.language == "en"


def test_russian_article_keeps_its_text() -> None:
    ru = (
        "Министры иностранных дел встретились в Женеве во вторник и обсудили обмен пленными, "
        "сообщили официальные лица после окончания встречи поздно вечером.\n\n"
    ) * 3
    [a] = _prep("Переговоры в Женеве\n12.05.2024\n\n" + ru)
    assert a.language == "ru" and a.published == "2024-05-12" and a.title == "Переговоры в Женеве"
    assert a.text.startswith("Министры")


def test_stated_date_formats() -> None:
    assert parse_date("13/03/2025 02:17") == "2025-03-13"
    assert parse_date("1/27/25") == "2025-01-27"
    assert parse_date("April 4, 2025") == "2025-04-04"
    assert parse_date("4 апреля 2025 г.") == "2025-04-04"
    assert parse_date("2016-09-20T10:00:00Z") == "2016-09-20"
    assert parse_date("March 2024") == "2024-03"
    assert parse_date("Tue, 27 Jan 2025 10:00:00 GMT") == "2025-01-27"
    assert parse_date("not a date") is None


def test_date_mentions_and_ranges() -> None:
    [m] = find_dates("visited the US April 2-3, then left")
    assert (m.month, m.day, m.day_end, m.year) == (4, 2, 3, None)
    assert find_dates("Feb. 27")[0].iso(2025) == "2025-02-27"
    assert infer_publication("Nothing dated here, just 2025 mentioned.") is None
