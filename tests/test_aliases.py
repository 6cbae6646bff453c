"""Aliases that need knowledge (lexicon/aliases.py): the curated organisation file, country variants
from `countrynames`, and generic institution names resolved by their article's country — the
file's integrity, the rules on records, and a real build (spaCy, SQLite) of articles we wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import cli

from storyline.lexicon.aliases import (
    ambiguous_forms,
    country_variant,
    dominant_country,
    organisation,
    organisations,
    place_name,
)
from storyline.lexicon.places import is_country
from storyline.resolve.entities import LocalRecord, canonical, cluster

G20 = ["Argentina", "Australia", "Brazil", "Canada", "China", "France", "Germany", "India", "Indonesia", "Italy",
       "Japan", "Mexico", "Russia", "Saudi Arabia", "South Africa", "South Korea", "Turkey", "United Kingdom",
       "United States"]  # fmt: skip
NEIGHBOURS = ["Ukraine", "Belarus", "Poland", "Moldova", "Romania", "Hungary", "Slovakia", "Finland", "Norway",
              "Estonia", "Latvia", "Lithuania", "Georgia", "Azerbaijan", "Kazakhstan", "Mongolia",
              "North Korea"]  # fmt: skip


# --- the file ----------------------------------------------------------------------------------------
def test_every_entry_is_well_formed() -> None:
    entries = organisations()
    assert len({e.key for e in entries}) == len(entries), "keys are unique"
    for e in entries:
        assert e.type in {"ORG", "GPE"}, e.key
        assert e.country in {"", "*"} or is_country(e.country), f"{e.key}: {e.country} is not a gazetteer country"
        assert e.forms and all(f == f.strip() and f for f in e.forms), e.key


def test_no_form_names_two_entries() -> None:
    assert ambiguous_forms() == {}


@pytest.mark.parametrize("kind", ["foreign-ministry", "defence-ministry", "central-bank"])
def test_the_g20_and_the_neighbours_have_each_institution(kind: str) -> None:
    have = {e.country for e in organisations() if e.kind == kind and not e.generic}
    assert set(G20 + NEIGHBOURS) <= have


def test_forms_match_by_key_and_acronyms_only_as_acronyms() -> None:
    fsb = organisation(["the Federal Security Service"])
    assert fsb is not None and fsb.key == "fsb"
    assert organisation(["FSB"]) == organisation(["ФСБ"]) == fsb
    assert organisation(["WHO"]) is not None and organisation(["Who"]) is None
    assert organisation(["FSB", "SVR"]) is None  # names pointing at two entries decide nothing
    assert organisation(["Bank Rossiya"]) is None  # a private bank, not the Bank of Russia


# --- countries ---------------------------------------------------------------------------------------
def test_country_variants_and_what_is_not_one() -> None:
    assert country_variant("America") == place_name("U.S.") == "United States"
    assert place_name("РФ") == place_name("Российская Федерация") == "Russia"
    not_countries = ("California", "Kent", "American", "Siberia", "Russian Empire", "Thirteen Colonies", "States")
    for not_the_country in not_countries:
        assert country_variant(not_the_country) is None, not_the_country
    assert place_name("Moscow") == "Moscow"  # a city stays a city


def test_dominant_country_needs_a_clear_majority() -> None:
    assert dominant_country({"Russia": 5, "Ukraine": 1}) == "Russia"
    assert dominant_country({"Russia": 5, "Ukraine": 4}) is None  # an article about both
    assert dominant_country({"North Korea": 20, "United States": 9, "South Korea": 2}) is None  # quotes others
    assert dominant_country({"Russia": 2}) is None  # named too rarely to say
    assert dominant_country({}) is None


# --- rules on records ----------------------------------------------------------------------------------
def _groups(recs: list[LocalRecord]) -> list[list[str]]:
    return sorted(sorted(r.doc_id for r in g) for g in cluster(recs))


def test_a_generic_name_is_the_institution_of_its_articles_country() -> None:
    recs = [
        LocalRecord("ru1", 0, "ORG", "Central Bank", None, 4, context="Russia"),
        LocalRecord("ru2", 0, "ORG", "Bank of Russia", None, 2),
        LocalRecord("tr1", 0, "ORG", "Central Bank", None, 3, context="Turkey"),
        LocalRecord("tr2", 0, "ORG", "CBRT", None, 1),
        LocalRecord("xx1", 0, "ORG", "Central Bank", None, 1),  # an article about no one country
        LocalRecord("xx2", 0, "ORG", "central bank", None, 1),
    ]
    assert _groups(recs) == [["ru1", "ru2"], ["tr1", "tr2"], ["xx1", "xx2"]]
    turkish = next(g for g in cluster(recs) if {r.doc_id for r in g} == {"tr1", "tr2"})
    assert "Turkey" in canonical(turkish, {})[0]  # named as the institution, not "Central Bank"


def test_a_generic_name_without_a_dominant_country_stays_generic() -> None:
    recs = [
        LocalRecord("a", 0, "ORG", "Foreign Ministry", None, 2),
        LocalRecord("b", 0, "ORG", "Russian Foreign Ministry", None, 2),
        LocalRecord("c", 0, "ORG", "МИД", None, 2, context="Ukraine"),
        LocalRecord("d", 0, "ORG", "МИД Украины", None, 1),
    ]
    assert _groups(recs) == [["a"], ["b"], ["c", "d"]]


def test_a_known_acronym_is_not_taken_by_another_body_with_those_initials() -> None:
    recs = [
        LocalRecord("a", 0, "ORG", "CIS", None, 3),
        LocalRecord("b", 0, "ORG", "Commonwealth of Independent States", None, 1),
        LocalRecord("c", 0, "ORG", "Center for Immigration Studies", None, 1),
    ]
    assert _groups(recs) == [["a", "b"], ["c"]]


# --- a real build ---------------------------------------------------------------------------------------
RUSSIA = """Moscow keeps rates on hold

Russia's economy slowed in the spring. The Central Bank kept its key rate unchanged on Friday, and the \
regulator said inflation in Russia was easing. Russian exporters had asked for a cut. Prices in Moscow rose \
less than expected, and Russia's budget deficit narrowed.
"""
RUSSIA_NAMED = """Analysts expect a cut in Russia

The Central Bank of Russia may lower rates in July, analysts said. Officials of the Federal Security Service \
were not available for comment.
"""
TURKEY = """Ankara surprises markets

Turkey's economy grew faster than expected. The Central Bank raised its main rate on Thursday, and Turkish \
exporters welcomed the stable lira. Inflation in Turkey remains high, and Istanbul shops raised prices again.
"""
AMERICA = """Sanctions debate

America will extend the sanctions, the FSB said in a statement. Officials in the United States declined to \
comment.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("aliases")
    for name, text in {"ru.txt": RUSSIA, "ru_named.txt": RUSSIA_NAMED, "tr.txt": TURKEY, "us.txt": AMERICA}.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "store.db"
    code, out = cli("build", folder, "--db", db, "--jobs", "1", "--quiet")
    assert code == 0, out
    return db


def _entities_of(db: Path, *names: str) -> dict[str, set[str]]:
    """Each local name -> the names of the entities it resolved to."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT le.name, e.name FROM local_entities le JOIN entities e ON e.id = le.entity_id"
        f" WHERE le.name IN ({','.join('?' * len(names))})",
        names,
    ).fetchall()
    out: dict[str, set[str]] = {}
    for local, entity in rows:
        out.setdefault(local, set()).add(entity)
    return out


def test_a_build_resolves_generic_names_and_aliases(store: Path) -> None:
    found = _entities_of(store, "Central Bank", "Central Bank of Russia", "FSB", "Federal Security Service")
    # Russia's in the article about Russia, Turkey's in the article about Turkey
    assert found["Central Bank"] == {"Central Bank of Russia", "Central Bank of the Republic of Turkey"}
    assert found["Central Bank of Russia"] == {"Central Bank of Russia"}
    assert found["FSB"] == found["Federal Security Service"] == {"Federal Security Service"}


def test_a_build_resolves_country_variants(store: Path) -> None:
    found = _entities_of(store, "America", "the United States", "United States")
    assert set().union(*found.values()) == {"United States"}


def test_an_acronym_its_article_spells_out_for_another_body_is_that_body() -> None:
    recs = [
        LocalRecord("de", 0, "ORG", "Federal Statistics Office", None, 2),
        LocalRecord("de", 1, "ORG", "FSO", None, 1),
        LocalRecord("ru", 0, "ORG", "FSO", None, 1),
        LocalRecord("ru2", 0, "ORG", "Russian Federal Protective Service", None, 1),
    ]
    assert _groups(recs) == [["de", "de"], ["ru", "ru2"]]
