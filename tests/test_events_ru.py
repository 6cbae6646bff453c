"""Russian event candidates: sentences written for the test about public events of 2025, parsed by natasha.

Dates are given by hand (the resolved time expressions the time grammar would give), so these
tests pin the event rules alone: whatever the sentence does not date stays undated.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.extract.events import extract_events_ru
from storyline.extract.mentions import extract_entities_ru
from storyline.nlp import parse_russian, russian_spacy
from storyline.text.timex.core import TimeExpr
from storyline.text.timex.ru import find_times_ru


@dataclass
class Ev:
    type: str
    trigger: str
    date: str | None
    place: str | None
    participants: set[str]


def events(text: str, **dates: str) -> list[Ev]:
    """Events of `text`, with the dates named as keyword pairs: `d18_02="18 февраля"` -> 2025-02-18."""
    times = []
    for key, fragment in dates.items():
        day, month = key[1:].split("_")
        start = text.index(fragment)
        value = f"2025-{month}-{day}"
        times.append(TimeExpr(start, start + len(fragment), fragment, value, "DATE", "publication"))
    times.sort(key=lambda t: t.start)
    doc = russian_spacy(parse_russian(text))
    ex = extract_entities_ru(doc)
    names = {e.local: e.name for e in ex.entities}
    return [
        Ev(
            e.type,
            e.trigger,
            e.date,
            names[e.place] if e.place is not None else None,
            {names[p] for p in e.participants},
        )
        for e in extract_events_ru(doc, ex, times)
    ]


def test_one_trigger_two_dates_each_with_its_place_and_the_delegations_countries() -> None:
    text = (
        "Переговоры российской и американской делегаций прошли 18 февраля в Эр-Рияде и 27 февраля в Стамбуле. "
        "В состав делегаций вошли представители России и США."
    )
    got = events(text, d18_02="18 февраля", d27_02="27 февраля")
    assert [(e.type, e.date, e.place) for e in got] == [
        ("talks", "2025-02-18", "Эр-Рияд"),
        ("talks", "2025-02-27", "Стамбул"),
    ]
    assert all(e.participants == {"Россия", "США"} for e in got)  # from "российской и американской"


def test_place_before_its_date_and_an_ordinal_second_round() -> None:
    got = events(
        "Первый раунд прошел в Эр-Рияде 18 февраля, второй — в Стамбуле 27 февраля.",
        d18_02="18 февраля",
        d27_02="27 февраля",
    )
    assert [(e.type, e.date, e.place) for e in got] == [
        ("talks", "2025-02-18", "Эр-Рияд"),
        ("talks", "2025-02-27", "Стамбул"),
    ]


def test_elliptical_second_meeting_inherits_the_parties() -> None:
    got = events(
        "Первая встреча делегаций России и США прошла 18 февраля в Эр-Рияде. Вторая состоялась 27 февраля в Стамбуле.",
        d18_02="18 февраля",
        d27_02="27 февраля",
    )
    assert [(e.type, e.date, e.place) for e in got] == [
        ("meeting", "2025-02-18", "Эр-Рияд"),
        ("meeting", "2025-02-27", "Стамбул"),
    ]
    assert got[1].participants == {"Россия", "США"}


def test_imperfective_verb_with_two_dates_gives_two_meetings() -> None:
    got = events(
        "Сергей Лавров и Марко Рубио встречались 18 февраля в Эр-Рияде и 27 февраля в Стамбуле.",
        d18_02="18 февраля",
        d27_02="27 февраля",
    )
    assert [(e.type, e.date, e.place) for e in got] == [
        ("meeting", "2025-02-18", "Эр-Рияд"),
        ("meeting", "2025-02-27", "Стамбул"),
    ]
    assert all(e.participants == {"Сергей Лавров", "Марко Рубио"} for e in got)


def test_telephone_conversation_is_a_call() -> None:
    [e] = events("Владимир Путин и Дональд Трамп провели телефонный разговор 12 февраля.", d12_02="12 февраля")
    assert (e.type, e.date, e.place) == ("call", "2025-02-12", None)
    assert e.participants == {"Владимир Путин", "Дональд Трамп"}


def test_other_call_shapes() -> None:
    [e] = events("Лавров и Рубио созвонились 5 марта.", d05_03="5 марта")
    assert (e.type, e.date, e.participants) == ("call", "2025-03-05", {"Лавров", "Рубио"})
    [e] = events("Путин и Трамп обсудили по телефону 18 марта перемирие в энергетике.", d18_03="18 марта")
    assert (e.type, e.date) == ("call", "2025-03-18")
    telephone_plural = events(
        "Владимир Зеленский и Дональд Трамп провели телефонные переговоры 12 февраля и 19 марта.",
        d12_02="12 февраля",
        d19_03="19 марта",
    )
    assert [(e.type, e.date) for e in telephone_plural] == [("call", "2025-02-12"), ("call", "2025-03-19")]


def test_conversation_without_a_telephone_is_no_call() -> None:
    assert events("Путин и Трамп провели разговор 12 февраля.", d12_02="12 февраля") == []


def test_negated_triggers_give_no_event() -> None:
    assert events("Путин и Трамп не встречались 5 марта.", d05_03="5 марта") == []
    assert events("Встреча Лаврова и Рубио в Эр-Рияде не состоялась 18 февраля.", d18_02="18 февраля") == []


def test_statement_only_when_dated() -> None:
    assert events("Дмитрий Песков заявил, что Кремль готов к диалогу.") == []
    [e] = events("Дмитрий Песков 3 марта заявил журналистам, что Кремль готов к диалогу.", d03_03="3 марта")
    assert (e.type, e.date, e.participants) == ("statement", "2025-03-03", {"Дмитрий Песков"})


def test_names_inside_quotes_are_not_participants_and_quoted_triggers_do_not_count() -> None:
    [e] = events(
        "Как заявил Дмитрий Песков 3 марта, «Владимир Путин и Дональд Трамп договорились о встрече».",
        d03_03="3 марта",
    )
    assert (e.type, e.participants) == ("statement", {"Дмитрий Песков"})


def test_visit_place_is_what_was_visited_and_undated_past_visit_is_kept() -> None:
    [e] = events("Сергей Лавров посетил Пекин 9 апреля.", d09_04="9 апреля")
    assert (e.type, e.date, e.place, e.participants) == ("visit", "2025-04-09", "Пекин", {"Сергей Лавров"})
    [e] = events("Сергей Лавров посетил Пекин.")  # no date in the sentence: undated, never the publication date
    assert (e.type, e.date, e.place) == ("visit", None, "Пекин")
    [e] = events("Лавров прибыл в Анкару 24 февраля.", d24_02="24 февраля")
    assert (e.type, e.place) == ("visit", "Анкара")


def test_undated_topic_is_no_event() -> None:
    assert events("Переговоры о мирном урегулировании продолжатся.") == []


def test_future_meeting_with_place_after_na() -> None:
    [e] = events("Путин и Трамп встретятся 15 августа на Аляске.", d15_08="15 августа")
    assert (e.type, e.date, e.place, e.participants) == ("meeting", "2025-08-15", "Аляска", {"Путин", "Трамп"})


def test_receiving_a_guest_is_a_meeting_taking_a_decision_is_not() -> None:
    [e] = events("Владимир Путин принял в Кремле Стива Уиткоффа 6 августа.", d06_08="6 августа")
    assert (e.type, e.place, e.participants) == ("meeting", "Кремль", {"Владимир Путин", "Стив Уиткофф"})
    [e] = events(
        "Совет директоров Банка России 14 февраля принял решение сохранить ключевую ставку.", d14_02="14 февраля"
    )
    assert (e.type, e.date) == ("decision", "2025-02-14")
    assert "Банк России" in e.participants


def test_decrees_are_decisions_or_what_they_decree() -> None:
    [e] = events("Владимир Путин 7 июля подписал закон о бюджете.", d07_07="7 июля")
    assert e.type == "decision"
    [e] = events(
        "Владимир Путин 7 июля подписал указ об отставке министра транспорта Романа Старовойта.", d07_07="7 июля"
    )
    assert (e.type, e.participants) == ("appointment", {"Владимир Путин", "Роман Старовойт"})
    [e] = events("Россия и Украина подписали 22 июля меморандум в Стамбуле.", d22_07="22 июля")
    assert (e.type, e.place, e.participants) == ("agreement", "Стамбул", {"Россия", "Украина"})


def test_rate_decision_and_strike_target() -> None:
    [e] = events("Банк России 14 февраля сохранил ключевую ставку на уровне 21%.", d14_02="14 февраля")
    assert (e.type, e.participants) == ("decision", {"Банк России"})
    [e] = events("В ночь на 24 апреля армия России нанесла удар по Киеву.", d24_04="24 апреля")
    assert (e.type, e.date, e.place, e.participants) == ("attack", "2025-04-24", "Киев", {"Россия"})


def test_a_bound_is_not_the_date_and_capitals_as_subjects_take_part() -> None:
    [e] = events("Россия и Украина договорились о перемирии до 30 апреля.", d30_04="30 апреля")
    assert (e.type, e.date) == ("agreement", None)
    # "the sides agreed": no one and nowhere named tells a reader nothing, so it is no event
    assert events("Стороны договорились о перемирии до 30 апреля.", d30_04="30 апреля") == []
    [e] = events("Москва и Вашингтон договорились 11 марта о прекращении огня.", d11_03="11 марта")
    assert (e.type, e.date, e.participants) == ("agreement", "2025-03-11", {"Москва", "Вашингтон"})


def test_a_city_in_the_sentence_is_a_place_not_a_participant() -> None:
    [e] = events("Российская и американская делегации встретились 18 февраля в Эр-Рияде.", d18_02="18 февраля")
    assert (e.type, e.place) == ("meeting", "Эр-Рияд")
    assert e.participants == set()  # the article names neither country: no entity is invented


def test_a_coarser_date_around_the_event_is_context_not_another_event() -> None:

    text = "Первый в этом году телефонный разговор Владимира Путина и Дональда Трампа состоялся 12 февраля."
    doc = russian_spacy(parse_russian(text))
    ex = extract_entities_ru(doc)
    times = find_times_ru(text, "2025-03-20")
    assert {t.value for t in times} == {"2025", "2025-02-12"}
    assert [(e.type, e.date) for e in extract_events_ru(doc, ex, times)] == [("call", "2025-02-12")]
