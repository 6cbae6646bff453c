"""Entities end to end: real spaCy model, real store, real CLI."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, cli, export_checked, needs_shared

# --- articles written for these tests ---------------------------------------------------------------
A1 = """Talks on the grain corridor resume in Ankara

Russian Deputy Foreign Minister Alexei Verkhovtsev met Turkish officials in Ankara on Monday. Verkhovtsev, \
head of the ministry's trade department, said the talks were useful. The deputy minister added that a second \
round could follow within weeks.

The Eurasian Grain Council (EGC) welcomed the meeting. The EGC said exports had fallen by a third.
"""
A2 = """Ankara round ends without a deal

Alexey Verkhovtsev told reporters in Ankara that differences remained. Mr. Verkhovtsev said Moscow wanted \
guarantees for its banks, a position the Eurasian Grain Council described as a "hard line".

Separately, analyst Maria Verkhovtseva of the Kiev School of Economics said Kyiv expected no change.
"""
A3 = """Grain council sees slow progress

The Eurasian Grain Council said on Friday that the talks in Kiev and Ankara had produced no agreement. \
EGC chief economist Daniel Oduya said prices would stay high, and Verkhovtsev declined to comment.
"""
B1 = """Second round opens in Istanbul

Alexei Verkhovtsev opened the second round in Istanbul. The envoy said both sides had brought new proposals. \
The EGC expects a statement on Thursday, Daniel Oduya said. Oduya added that Kyiv would send observers.
"""
B2 = """Kyiv watches the grain talks

Officials in Kyiv said they were following the talks closely. Maria Verkhovtseva said a deal was unlikely \
before winter, and the Eurasian Grain Council agreed.
"""


def _write(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _entity_view(d: dict) -> list[tuple]:
    return sorted(
        (e["id"], e["name"], e["type"], tuple(sorted(e["aliases"])), tuple(sorted(e["roles"])),
         tuple(sorted((m["doc"], m["start"], m["end"]) for m in e["mentions"])))
        for e in d["entities"]
    )  # fmt: skip


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("written")
    inp = _write(tmp / "in", {"a1.txt": A1, "a2.txt": A2, "a3.txt": A3, "b1.txt": B1, "b2.txt": B2})
    code, output = cli("build", inp, "--db", tmp / "all.db")
    assert code == 0, output
    return export_checked(tmp / "all.db", tmp)


def _find(d: dict, alias: str) -> list[dict]:
    return [e for e in d["entities"] if alias in e["aliases"]]


def test_spellings_within_and_across_articles_are_one_person(written: dict) -> None:
    [e] = _find(written, "Alexei Verkhovtsev")
    assert {"Alexey Verkhovtsev", "Verkhovtsev"} <= set(e["aliases"])
    assert e["type"] == "PERSON" and e["name"] == "Alexei Verkhovtsev"
    assert any("Deputy Foreign Minister" in r for r in e["roles"])
    assert any("head of the ministry's trade department" in r for r in e["roles"])
    texts = {m["text"] for m in e["mentions"]}
    assert "The deputy minister" in texts  # a title-only mention linked to him
    assert "The envoy" in texts


def test_a_relative_or_namesake_is_not_merged(written: dict) -> None:
    [maria] = _find(written, "Maria Verkhovtseva")
    assert "Verkhovtsev" not in maria["aliases"]
    assert maria["id"] not in {e["id"] for e in _find(written, "Alexei Verkhovtsev")}


def test_acronym_and_place_spellings(written: dict) -> None:
    [council] = _find(written, "Eurasian Grain Council")
    assert "EGC" in council["aliases"]
    [kyiv] = [e for e in written["entities"] if e["name"] == "Kyiv"]
    assert {"Kiev", "Kyiv"} <= set(kyiv["aliases"])
    assert kyiv["type"] == "GPE"


def test_incremental_resolution_equals_full_rebuild(tmp_path: Path, written: dict) -> None:
    inp = _write(tmp_path / "first", {"a1.txt": A1, "a2.txt": A2, "a3.txt": A3})
    db = tmp_path / "incremental.db"
    assert cli("build", inp, "--db", db)[0] == 0
    before = export_checked(db, tmp_path)
    assert len(_find(before, "Daniel Oduya")) == 1
    more = _write(tmp_path / "second", {"b1.txt": B1, "b2.txt": B2})
    assert cli("build", more, "--db", db)[0] == 0
    after = export_checked(db, tmp_path)
    assert _entity_view(after) == _entity_view(written)


def test_entities_cli(tmp_path: Path) -> None:
    inp = _write(tmp_path / "in", {"a1.txt": A1, "a2.txt": A2})
    db = tmp_path / "c.db"
    cli("build", inp, "--db", db)
    code, out = cli("entities", "--db", db, "--type", "PERSON", "--limit", "0")
    assert code == 0 and "Verkhovtsev" in out and "Ankara" not in out
    code, out = cli("entity", "Alexey Verkhovtsev", "--db", db)
    assert code == 0 and "Deputy Foreign Minister" in out and "a2.txt" in out
    code, out = cli("entity", "Nobody Atall", "--db", db)
    assert code == 1 and "no entity matches" in out


# --- the seeds ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("seed-entities")
    code, output = cli("build", SEEDS, "--db", tmp / "s.db")
    assert code == 0, output
    return export_checked(tmp / "s.db", tmp)


def _entity_of(d: dict, alias: str) -> dict:
    found = _find(d, alias)
    assert len(found) == 1, (alias, [e["name"] for e in found])
    return found[0]


@needs_shared
def test_seed_spellings_land_in_one_entity(seeds: dict) -> None:
    dmitriev = _entity_of(seeds, "Kirill Dmitriev")
    for alias in ("Dmitriev", "[Kirill] Dmitriev", "Kirill Dmitriyev", "Dmitriyev"):
        assert _entity_of(seeds, alias)["id"] == dmitriev["id"], alias
    assert "Russian Presidential Special Envoy" in dmitriev["roles"]
    assert _entity_of(seeds, "Ivan Loshkarev")["id"] == _entity_of(seeds, "Ivan Loshkaryov")["id"]
    assert _entity_of(seeds, "Kiev")["id"] == _entity_of(seeds, "Kyiv")["id"]
    assert _entity_of(seeds, "RDIF")["id"] == _entity_of(seeds, "Russian Direct Investment Fund")["id"]
    assert _entity_of(seeds, "Central Bank of Russia")["id"] == _entity_of(seeds, "Russian Central Bank")["id"]


@needs_shared
def test_seed_must_not_merge_pairs(seeds: dict) -> None:
    def eid(alias: str) -> str:
        return _entity_of(seeds, alias)["id"]

    assert eid("Dmitry Peskov") != eid("Dmitry Medvedev")
    assert eid("Kirill Dmitriev") != eid("Kyrylo Budanov")
    assert eid("Rosselkhozbank") != eid("Rosselkhoznadzor")
    bushes = [e for e in seeds["entities"] if "Bush" in e["aliases"]]
    assert len(bushes) == 2  # "President Bush" after 9/11 and "Bush" in Malta in 1989


def _code_strings_and_names(path: Path) -> list[str]:
    """Every string literal and identifier of a module, docstrings excluded (they may cite examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append(node.value)
        elif isinstance(node, ast.Name):
            out.append(node.id)
    return out


def test_no_hand_written_table_names_a_seed_person() -> None:
    names = ["Dmitriev", "Dmitriyev", "Peskov", "Loshkar", "Nabiullina", "Witkoff", "Budanov", "Medvedev", "Kiev",
             "Rosselkhoz", "Ryabkov", "Lavrov", "Izvestia", "Antiwar"]  # fmt: skip
    pattern = re.compile("|".join(names), re.IGNORECASE)
    for path in (REPO / "storyline").rglob("*.py"):
        hits = [s for s in _code_strings_and_names(path) if pattern.search(s)]
        assert not hits, (path, hits)


def test_re_resolving_part_of_a_store_never_takes_an_id_in_use() -> None:
    """An incremental build re-resolves only the clusters new articles touch; a new cluster whose
    name is that of an untouched entity gets a suffixed id instead of colliding with it."""
    from storyline.resolve.entities import LocalRecord, entity_id, resolve

    records = [LocalRecord("doc-b", 0, "PERSON", "Anna Keller", None, 3, 2025, ())]
    forms = {("doc-b", 0): {"Anna Keller": 3}}
    plain = entity_id("PERSON", "Anna Keller")
    assert [e.id for e in resolve(records, forms)] == [plain]
    assert [e.id for e in resolve(records, forms, frozenset({plain}))] == [f"{plain}-2"]
    assert [e.id for e in resolve(records, forms, frozenset({plain, f"{plain}-2"}))] == [f"{plain}-3"]
