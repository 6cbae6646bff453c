"""Russian names in one article (the real natasha parse) and Russian place names in the gazetteer."""

from __future__ import annotations

import pytest

from storyline.extract.mentions import extract_entities_ru, ru
from storyline.extract.mentions.core import Found
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


# --- every name natasha finds survives (ru.py's rules, by the names its docstring gives them) ----------
def _natasha(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.type) for s in parse_russian(text).spans]


def _mentions(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.type, m.normal) for m in _extract(text).mentions]


def test_genitive_a_country_inside_an_organisation_name_stays_a_mention_of_the_country() -> None:
    text = "Министерство иностранных дел Норвегии осудило решение властей Мали."
    assert ("Норвегии", "LOC") in _natasha(text)  # the tagger's split, which rule "genitive" joins
    ex = _extract(text)
    assert _entity_of(ex, "Министерство иностранных дел Норвегии") == "Министерство иностранных дел Норвегии"
    (country,) = [m for m in ex.mentions if m.text == "Норвегии"]  # rule "kept inside"
    assert (country.type, country.normal) == ("GPE", "Норвегия")
    assert _entity_of(ex, "Норвегии") == "Норвегия"


def test_genitive_joins_a_body_with_the_body_it_belongs_to_and_keeps_both() -> None:
    text = (
        "Члены Исполнительного комитета Международного олимпийского комитета и Генеральной ассамблеи ООН встретились."
    )
    assert ("Исполнительного комитета", "ORG") in _natasha(text) and ("ООН", "ORG") in _natasha(text)
    found = _mentions(text)
    assert (
        "Исполнительного комитета Международного олимпийского комитета",
        "ORG",
        "Исполнительный комитет Международного олимпийского комитета",
    ) in found
    assert ("Международного олимпийского комитета", "ORG", "Международный олимпийский комитет") in found
    assert ("Генеральной ассамблеи ООН", "ORG", "Генеральная ассамблея ООН") in found
    assert ("ООН", "ORG", "ООН") in found
    assert ("Исполнительного комитета", "ORG", "Исполнительный комитет") not in found


def test_genitive_joins_a_place_with_the_place_it_lies_in() -> None:
    found = _mentions("Суд Ленинского района Новосибирска рассмотрит иск.")
    assert ("Ленинского района Новосибирска", "LOC", "Ленинский район Новосибирска") in found
    assert ("Новосибирска", "GPE", "Новосибирск") in found


def test_genitive_leaves_two_one_word_names_apart() -> None:
    """A list that lost its comma: the parser hangs the second name on the first, but a one-word proper
    name takes no name in the genitive."""
    text = "Сотрудники Газпрома Лукойла и Роснефти встретились."
    assert [t for t, _ in _natasha(text)] == ["Газпрома", "Лукойла", "Роснефти"]
    assert [t for t, _, _ in _mentions(text)] == ["Газпрома", "Лукойла", "Роснефти"]


def test_one_name_per_line_a_list_the_tagger_ran_together_is_one_mention_each() -> None:
    text = "Хроника матча\n\n• 0:1 — 05:12 Панарин (Кучеров, Малкин) • 1:1 — 07:40 Смит (Джонс, Браун)"
    assert ("Кучеров, Малкин", "PER") in _natasha(text)
    people = [t for t, typ, _ in _mentions(text) if typ == "PERSON"]
    assert people == ["Панарин", "Кучеров", "Малкин", "Смит", "Джонс", "Браун"]
    text = "В финал вышли сборные: Перу • Боливия • Гондурас • Никарагуа."
    assert ("Перу • Боливия • Гондурас", "LOC") in _natasha(text)
    assert [(t, typ) for t, typ, _ in _mentions(text)] == [
        (c, "GPE") for c in ("Перу", "Боливия", "Гондурас", "Никарагуа")
    ]


def test_one_name_per_line_cuts_at_a_line_break_and_keeps_only_parts_that_are_names() -> None:
    """A headline and the next paragraph run together: the tagger's span over the break (given here
    as the tagger gives it on such text) is cut, and the pronoun after the break is no name."""
    text = "Делегация прилетела в Казань\n\nВсе встречи прошли по плану."
    doc = russian_spacy(parse_russian(text))
    start, end = text.index("Казань"), text.index("Все") + 3
    pieces = ru._pieces(doc, text, Found(start, end, "LOC", "Казань\n\nВсе"))
    assert [(text[p.start : p.end], p.normal) for p in pieces] == [("Казань", "Казань")]
    # a comma inside quotation marks parts nothing
    text = "Сеть «Север, Юг» открыла магазин."
    doc = russian_spacy(parse_russian(text))
    start, end = text.index("«"), text.index("»") + 1
    (piece,) = ru._pieces(doc, text, Found(start, end, "LOC", "«Север, Юг»"))
    assert text[piece.start : piece.end] == "«Север, Юг»"


def test_trimmed_an_unpaired_bracket_is_not_part_of_the_name() -> None:
    text = "Епископ Иван Петров (РПЦ) провёл службу."
    assert ("РПЦ)", "ORG") in _natasha(text)
    assert _mentions(text) == [("Иван Петров", "PERSON", "Иван Петров"), ("РПЦ", "ORG", "РПЦ")]


def test_parentheses_a_name_and_what_the_parentheses_give_are_two_mentions() -> None:
    text = "Американский блогер Джон Уолтерс (John Walters) заявил о преследовании."
    assert _natasha(text) == [("Джон Уолтерс (John Walters)", "PER")]
    assert _mentions(text) == [("Джон Уолтерс", "PERSON", "Джон Уолтерс"), ("John Walters", "PERSON", "John Walters")]
    # an acronym and its expansion, the tagger stopping before the ")"
    text = "Об этом сообщили в ОДКБ (Организации Договора о коллективной безопасности) в среду."
    assert _natasha(text) == [("ОДКБ (Организации Договора о коллективной безопасности", "ORG")]
    assert [(t, typ) for t, typ, _ in _mentions(text)] == [
        ("ОДКБ", "ORG"),
        ("Организации Договора о коллективной безопасности", "ORG"),
    ]


def test_places_by_name_a_country_the_tagger_took_for_a_person_is_the_country() -> None:
    text = "Страны-участницы: Шри Ланка • Буркина Фасо • Гватемала."
    assert _natasha(text) == [("Шри Ланка • Буркина Фасо • Гватемала", "PER")]
    assert [(t, typ) for t, typ, _ in _mentions(text)] == [
        ("Шри Ланка", "GPE"),
        ("Буркина Фасо", "GPE"),
        ("Гватемала", "GPE"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Министерство иностранных дел Норвегии осудило решение властей Мали.",
        "Члены Исполнительного комитета Международного олимпийского комитета и Генеральной ассамблеи ООН встретились.",
        "Хроника матча\n\n• 0:1 — 05:12 Панарин (Кучеров, Малкин) • 1:1 — 07:40 Смит (Джонс, Браун)",
        "Об этом сообщили в ОДКБ (Организации Договора о коллективной безопасности) в среду.",
        "Верховный суд Аргентины и Генеральная прокуратура Мексики начали проверку, сообщает агентство.",
    ],
    ids=["ministry", "bodies", "list", "bracket", "courts"],
)
def test_every_name_natasha_finds_is_still_a_mention_of_its_type(text: str) -> None:
    """What bench/factru.py counts as lost: a tagger's name that no mention of its type overlaps."""
    kinds = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
    kept = [(m.start, m.end, kinds.get(m.type)) for m in _extract(text).mentions]
    for s in parse_russian(text).spans:
        assert any(a < s.end and s.start < b and typ == s.type for a, b, typ in kept), s.text
