"""Speakers only the corpus can name (resolve/speakers.py): a description that names a country,
in an article that never gives anyone that country, goes to the nearest person before the quote
whose roles elsewhere in the corpus name it — built for real (spaCy, SQLite, the CLI)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import cli

from storyline.resolve.speakers import description

PROFILE = (
    "Belgian Prime Minister Lukas Verhoef and Russian President Ivan Sorokin met in Vienna on Monday, "
    "officials said. The talks lasted three hours.\n"
)
ARTICLE = (
    "The talks on the power plant took a new turn this week. Lukas Verhoef gave interviews all week, "
    "and Ivan Sorokin came forward with a plan of his own.\n\n"
    "“We could build the power station together with foreign companies within three years,” the {who} said.\n"
)


def speaker_of(tmp_path: Path, who: str) -> tuple[str | None, str | None, str | None]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "profile.txt").write_text(PROFILE, encoding="utf-8")
    (folder / "article.txt").write_text(ARTICLE.format(who=who), encoding="utf-8")
    db = tmp_path / "s.db"
    code, out = cli("build", folder, "--db", db, "--jobs", "1", "--quiet")
    assert code == 0, out
    with sqlite3.connect(db) as c:
        row = c.execute(
            """SELECT e.name, q.via_how, substr(d.text, q.via_start + 1, q.via_end - q.via_start)
               FROM quotes q JOIN documents d ON d.id = q.doc_id
               LEFT JOIN local_entities t ON t.doc_id = q.doc_id AND t.local = q.speaker
               LEFT JOIN entities e ON e.id = t.entity_id
               WHERE substr(d.text, q.start + 1, q.end - q.start) LIKE '%power station%'"""
        ).fetchone()
    assert row is not None
    return row


def test_a_country_the_article_does_not_give_comes_from_the_corpus(tmp_path: Path) -> None:
    name, how, via = speaker_of(tmp_path, "Russian dictator")
    assert name == "Ivan Sorokin" and how == "description" and via == "Ivan Sorokin"


def test_a_country_nobody_in_the_corpus_has_stays_unresolved(tmp_path: Path) -> None:
    name, how, _via = speaker_of(tmp_path, "Hungarian dictator")
    assert name is None and how is None


def test_an_office_must_repeat_the_role_s_noun(tmp_path: Path) -> None:
    # Verhoef is Belgian in the corpus, but as prime minister, not as king
    name, _how, _via = speaker_of(tmp_path, "Belgian king")
    assert name is None


def test_only_definite_person_descriptions_that_name_a_country_are_looked_up() -> None:
    assert description("the Russian dictator") == ("dictator", True, {"RU"})
    assert description("the Belgian prime minister") == ("minister", False, {"BE"})
    assert description("a Russian expert") is None  # someone new
    assert description("his American counterpart") is None  # the owner decides, in the article
    assert description("the expert") is None  # no country: the article decides
    assert description("Russian officials") is None
