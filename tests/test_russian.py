"""Russian articles in the same build as English ones, end to end: the real natasha and spaCy
models, a real store, the exported dossier. The articles (tests/data/ru, see its README) were
written for these tests: a Russian original, an English translation of it, an independent English
report of the same day, and a German note."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import cli, export_checked, store_content

from storyline.store import browse

DATA = Path(__file__).parent / "data" / "ru"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("ru")
    inp = tmp / "in"
    shutil.copytree(DATA, inp, ignore=shutil.ignore_patterns("*.md"))
    db = tmp / "ru.db"
    code, out = cli("build", inp, "--db", db, "--jobs", "1")
    assert code == 0, out
    d = export_checked(db, tmp)
    d["_build_output"] = out
    d["_db"] = db
    return d


def _doc(d: dict, name: str) -> dict:
    return next(x for x in d["documents"] if x["source"].endswith(name))


def _entity(d: dict, name: str) -> dict:
    hits = [e for e in d["entities"] if e["name"] == name]
    assert len(hits) == 1, (name, sorted(e["name"] for e in d["entities"]))
    return hits[0]


def _in_doc(e: dict, doc_id: str) -> bool:
    return any(m["doc"] == doc_id for m in e["mentions"])


def test_languages_are_routed_and_the_unsupported_one_is_noted(dossier: dict) -> None:
    assert _doc(dossier, "istanbul_ru.txt")["language"] == "ru"
    assert _doc(dossier, "istanbul_en_translation.txt")["language"] == "en"
    assert _doc(dossier, "statement_de.txt")["language"] == "de"
    out = " ".join(dossier["_build_output"].split())
    assert "statement_de.txt" in out and "language 'de'" in out and "no extraction" in out
    de = _doc(dossier, "statement_de.txt")["id"]
    assert not any(_in_doc(e, de) for e in dossier["entities"])


@pytest.mark.parametrize(
    ("english", "cyrillic"),
    [
        ("Steve Witkoff", "Стив Уиткофф"),
        ("Marco Rubio", "Марко Рубио"),
        ("Sergei Lavrov", "Сергей Лавров"),
        ("Alexander Darchiev", "Александр Дарчиев"),
        ("Dmitry Peskov", "Дмитрий Песков"),
        ("Yuri Ushakov", "Юрий Ушаков"),
    ],
)
def test_people_merge_across_scripts_under_their_english_name(dossier: dict, english: str, cyrillic: str) -> None:
    e = _entity(dossier, english)
    assert cyrillic in e["aliases"]  # the nominative form, whatever case the article used
    assert _in_doc(e, _doc(dossier, "istanbul_ru.txt")["id"])
    assert _in_doc(e, _doc(dossier, "istanbul_en_translation.txt")["id"])


def test_inflected_forms_are_aliases_and_nothing_is_invented(dossier: dict) -> None:
    lavrov = _entity(dossier, "Sergei Lavrov")
    assert "Сергея Лаврова" in lavrov["aliases"]  # the genitive, as written
    bruce = _entity(dossier, "Tammy Bruce")  # only in the English report
    assert not any(CYRILLIC.search(a) for a in bruce["aliases"]), bruce["aliases"]


@pytest.mark.parametrize(("place", "cyrillic"), [("Riyadh", "Эр-Рияд"), ("Istanbul", "Стамбул"), ("Moscow", "Москва")])
def test_places_meet_through_the_gazetteer(dossier: dict, place: str, cyrillic: str) -> None:
    e = _entity(dossier, place)
    assert cyrillic in e["aliases"]
    assert _in_doc(e, _doc(dossier, "istanbul_ru.txt")["id"])


def test_russian_dates_are_resolved(dossier: dict) -> None:
    ru = _doc(dossier, "istanbul_ru.txt")
    assert ru["published"] == "2025-02-28"
    values = {t["text"]: t["value"] for t in dossier["times"] if t["doc"] == ru["id"]}
    assert values.get("27 февраля") == "2025-02-27"
    assert values.get("18 февраля") == "2025-02-18"


def test_russian_quotes_are_attributed(dossier: dict) -> None:
    ru = _doc(dossier, "istanbul_ru.txt")["id"]
    quotes = [q for q in dossier["quotes"] if q["doc"] == ru]
    darchiev = _entity(dossier, "Alexander Darchiev")["id"]
    direct = [q for q in quotes if q["direct"] and q["speaker"] == darchiev]
    assert direct and "деловом ключе" in direct[0]["text"]
    peskov = _entity(dossier, "Dmitry Peskov")["id"]
    assert any(q["speaker"] == peskov and "посольств" in q["text"] for q in quotes)
    anonymous = [q for q in quotes if q["anonymous"]]
    assert anonymous and "банковское обслуживание" in anonymous[0]["text"]


def test_the_russian_original_and_its_translation_are_one_article(dossier: dict) -> None:
    ru = _doc(dossier, "istanbul_ru.txt")
    en = _doc(dossier, "istanbul_en_translation.txt")
    other = _doc(dossier, "istanbul_en_other.txt")
    assert {ru["duplicate_of"], en["duplicate_of"]} - {None} in ({ru["id"]}, {en["id"]})
    assert other["duplicate_of"] is None
    assert other["id"] not in {ru["duplicate_of"], en["duplicate_of"]}


def test_russian_events_join_the_english_ones(dossier: dict) -> None:
    ru = _doc(dossier, "istanbul_ru.txt")["id"]
    riyadh = _entity(dossier, "Riyadh")["id"]
    talks = [e for e in dossier["events"] if e["date"] == "2025-02-18" and any(ev["doc"] == ru for ev in e["evidence"])]
    assert talks, [(e["type"], e["date"]) for e in dossier["events"]]
    assert any(e["place"] == riyadh for e in talks)


def test_rebuilding_a_store_with_russian_documents_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    inp = tmp_path / "in"
    shutil.copytree(DATA, inp, ignore=shutil.ignore_patterns("*.md"))
    assert cli("build", inp, "--db", db, "--jobs", "1")[0] == 0
    before = store_content(db)
    assert cli("build", inp, "--db", db, "--jobs", "1")[0] == 0
    assert store_content(db) == before


def test_a_translation_added_later_is_linked_to_the_original_already_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first, second = tmp_path / "en", tmp_path / "ru"
    first.mkdir()
    second.mkdir()
    shutil.copy(DATA / "istanbul_en_translation.txt", first)
    shutil.copy(DATA / "istanbul_en_other.txt", first)
    shutil.copy(DATA / "istanbul_ru.txt", second)
    assert cli("build", first, "--db", db, "--jobs", "1")[0] == 0
    assert cli("build", second, "--db", db, "--jobs", "1")[0] == 0
    with sqlite3.connect(db) as c:
        rows = dict(c.execute("SELECT source, duplicate_of FROM documents").fetchall())
        ids = dict(c.execute("SELECT source, id FROM documents").fetchall())
    by_name = {Path(k).name: v for k, v in rows.items()}
    id_of = {Path(k).name: v for k, v in ids.items()}
    # same publication date: the one stored first (the translation) stands for the article
    assert by_name["istanbul_ru.txt"] == id_of["istanbul_en_translation.txt"]
    assert by_name["istanbul_en_other.txt"] is None


def test_the_document_page_says_why_a_german_article_is_not_analysed(dossier: dict) -> None:
    de = _doc(dossier, "statement_de.txt")["id"]
    with sqlite3.connect(f"file:{dossier['_db']}?mode=ro", uri=True) as c:
        c.row_factory = sqlite3.Row
        page = browse.document(c, de)
        ru = browse.document(c, _doc(dossier, "istanbul_ru.txt")["id"])
    assert page is not None and "language 'de'" in page["not_analysed"] and "Russian" in page["not_analysed"]
    assert ru is not None and ru["not_analysed"] is None
