"""Name matching on pairs written from general knowledge of transliteration (tests/name_pairs.py),
not from the seeds."""

from __future__ import annotations

import pytest
from name_pairs import (
    CROSS_SCRIPT_DIFFERENT,
    CROSS_SCRIPT_SAME,
    DIFFERENT_ORGS,
    DIFFERENT_PEOPLE,
    DIFFERENT_PLACES,
    SAME_COUNTRY,
    SAME_ORG,
    SAME_PERSON,
)

from storyline.lexicon.names import initials, same_person, skeletons
from storyline.resolve.entities import LocalRecord, canonical, cluster


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_same_person(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people(a: str, b: str) -> None:
    assert not same_person(a, b) and not same_person(b, a)


@pytest.mark.parametrize(("a", "b"), CROSS_SCRIPT_SAME)
def test_same_person_across_scripts(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), CROSS_SCRIPT_DIFFERENT)
def test_different_people_across_scripts(a: str, b: str) -> None:
    assert not same_person(a, b) and not same_person(b, a)


def test_a_russian_article_joins_the_english_person_under_the_english_name() -> None:
    recs = [
        LocalRecord("ru", 0, "PERSON", "Стив Уиткофф", None, 3),
        LocalRecord("ru", 1, "PERSON", "Уиткофф", None, 1),
        LocalRecord("en", 0, "PERSON", "Steve Witkoff", None, 1),
        LocalRecord("en2", 0, "PERSON", "Steve Wozniak", None, 1),
    ]
    groups = sorted(sorted(r.key for r in g) for g in cluster(recs))
    assert groups == [[("en", 0), ("ru", 0), ("ru", 1)], [("en2", 0)]]
    (witkoff,) = [g for g in cluster(recs) if len(g) == 3]
    assert canonical(witkoff, {})[0] == "Steve Witkoff"  # fewer mentions, but the usual English name


def _clustered_together(a: str, b: str, typ: str = "ORG") -> bool:
    recs = [LocalRecord("doc-a", 0, typ, a, None, 1), LocalRecord("doc-b", 0, typ, b, None, 1)]
    return len(cluster(recs)) == 1


# Pairs the rules cannot know without a reference list of organisations (a Russian acronym for an
# English name, a rebrand, a c/k spelling variant of a brand) resolve through the curated alias file
# (lexicon/aliases.py); tests/test_aliases.py tests the file and the rules that use it.
@pytest.mark.parametrize(("a", "b"), SAME_ORG)
def test_same_org(a: str, b: str) -> None:
    assert _clustered_together(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_ORGS)
def test_different_orgs(a: str, b: str) -> None:
    assert not _clustered_together(a, b)


@pytest.mark.parametrize(("a", "b"), SAME_COUNTRY)
def test_same_country(a: str, b: str) -> None:
    assert _clustered_together(a, b, "GPE")


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PLACES)
def test_different_places(a: str, b: str) -> None:
    assert not _clustered_together(a, b, "GPE")


def test_a_bank_named_after_a_country_is_not_the_country() -> None:
    recs = [LocalRecord("a", 0, "ORG", "Bank of America", None, 2), LocalRecord("b", 0, "GPE", "America", None, 3)]
    assert len(cluster(recs)) == 2


def test_skeletons_of_cyrillic_and_latin_forms_meet() -> None:
    assert skeletons("Лошкарёв") & skeletons("Loshkaryov") & skeletons("Loshkarev")
    assert skeletons("Дмитриев") & skeletons("Dmitriyev")


def test_initials_skip_function_words() -> None:
    assert initials("Central Bank of Russia") == "CBR"
    assert initials("the Russian Direct Investment Fund") == "RDIF"


def test_lone_surnames_from_distant_eras_stay_apart() -> None:
    recs = [
        LocalRecord("a", 0, "PERSON", "Bush", (1989, 1989), 1, 2024),
        LocalRecord("b", 0, "PERSON", "Bush", None, 1, 2025),
        LocalRecord("c", 0, "PERSON", "Bush", (2024, 2025), 1, 2025),
    ]
    groups = sorted(sorted(r.doc_id for r in g) for g in cluster(recs))
    assert groups == [["a"], ["b", "c"]]


def test_lone_surname_joins_the_one_full_name_but_not_one_of_two() -> None:
    one = [
        LocalRecord("a", 0, "PERSON", "Anna Karlova", None, 3, 2025),
        LocalRecord("b", 0, "PERSON", "Karlova", None, 1),
    ]
    assert len(cluster(one)) == 1
    two = [*one, LocalRecord("c", 0, "PERSON", "Olga Karlova", None, 2, 2025)]
    assert sorted(len(g) for g in cluster(two)) == [1, 1, 1]
