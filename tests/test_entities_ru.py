"""Russian names in one article (the real natasha parse) and Russian place names in the gazetteer."""

from __future__ import annotations

import pytest

from storyline.extract.mentions import extract_entities_ru
from storyline.lexicon.places import canonical_place
from storyline.model import Extraction
from storyline.nlp import parse_russian, russian_spacy


def _extract(text: str) -> Extraction:
    return extract_entities_ru(russian_spacy(parse_russian(text)))


def _entity_of(ex: Extraction, surface: str) -> str:
    (m,) = [m for m in ex.mentions if m.text == surface]
    return next(e.name for e in ex.entities if e.local == m.local)


def test_inflected_names_are_read_in_the_nominative_and_grouped() -> None:
    ex = _extract(
        "Глава МИД России Сергей Лавров провел переговоры со Стивом Уиткоффом. "
        "После встречи Уиткофф вылетел в Вашингтон, а Лавров — в Москву."
    )
    assert _entity_of(ex, "Стивом Уиткоффом") == "Стив Уиткофф"
    assert _entity_of(ex, "Уиткофф") == "Стив Уиткофф"
    assert _entity_of(ex, "Лавров") == "Сергей Лавров"
    assert {m.normal for m in ex.mentions if m.text == "Москву"} == {"Москва"}
    assert next(m.type for m in ex.mentions if m.text == "Москву") == "GPE"


def test_an_organisation_keeps_its_country_and_its_defined_acronym() -> None:
    ex = _extract(
        "Представители Министерства обороны России и Российского фонда прямых инвестиций (РФПИ) "
        "прибыли в Эр-Рияд. Позднее РФПИ сообщил об итогах встречи."
    )
    assert _entity_of(ex, "Министерства обороны России") == "Министерство обороны России"
    fund = _entity_of(ex, "Российского фонда прямых инвестиций")
    assert fund.startswith("Российский фонд ")  # the head in the nominative (its dependents follow the parse)
    acronyms = [m for m in ex.mentions if m.text == "РФПИ"]
    assert len(acronyms) == 2
    assert {next(e.name for e in ex.entities if e.local == m.local) for m in acronyms} == {fund}


def test_dateline_capitals_are_a_place() -> None:
    ex = _extract("МОСКВА, 27 февраля. /ТАСС/. Переговоры продолжатся на следующей неделе.")
    (m,) = [m for m in ex.mentions if m.text == "МОСКВА"]
    assert (m.normal, m.type) == ("Москва", "GPE")


def test_roles_come_from_the_apposition_in_the_nominative() -> None:
    ex = _extract(
        "Специальный посланник президента США Стив Уиткофф встретился с главой "
        "Российского фонда прямых инвестиций Кириллом Дмитриевым."
    )
    roles = {next(e.name for e in ex.entities if e.local == r.local): r.role for r in ex.roles}
    assert roles["Стив Уиткофф"] == "специальный посланник президента США"
    assert roles["Кирилл Дмитриев"] == "глава Российского фонда прямых инвестиций"


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Россия", "Russia"),
        ("Российская Федерация", "Russia"),
        ("США", "United States"),
        ("Соединённые Штаты Америки", "United States"),
        ("ОАЭ", "United Arab Emirates"),
        ("Саудовская Аравия", "Saudi Arabia"),
        ("Эр-Рияд", "Riyadh"),
        ("Киев", "Kyiv"),
        ("Женева", "Geneva"),
    ],
)
def test_russian_place_names_reach_the_english_gazetteer_spelling(name: str, place: str) -> None:
    assert canonical_place(name) == place
