"""Russian numeric claims: news sentences written for the test, run through the real natasha parse, entities,
times and quotes, one per convention of Russian figures (decimal comma, spaced thousands, "млрд долларов")."""

from __future__ import annotations

from functools import cache

import pytest

from storyline.extract import analyse
from storyline.model import Article, ClaimMention, Extraction

PUBLISHED = "2024-10-28"


@cache
def _analysed(text: str, published: str | None) -> tuple[Extraction, tuple[ClaimMention, ...]]:
    """The real Russian route: natasha's parse as a spaCy Doc, entities, times, quotes, claims."""
    article = Article(source="t.txt", part=0, text=text, language="ru", published=published)
    analyse([article])
    assert article.extraction is not None
    return article.extraction, tuple(article.extraction.claims)


def claims_of(text: str, published: str | None = PUBLISHED) -> list[ClaimMention]:
    return list(_analysed(text, published)[1])


def one(text: str, published: str | None = PUBLISHED) -> ClaimMention:
    hits = claims_of(text, published)
    assert len(hits) == 1, [text[c.number_start : c.number_end] for c in hits]
    return hits[0]


def written(text: str, c: ClaimMention) -> str:
    return text[c.number_start : c.number_end]


def test_spans_are_the_sentence_and_the_figure() -> None:
    text = "Заседание прошло в пятницу. Банк России 25 октября повысил ключевую ставку до 21% годовых. Рынок ждал."
    c = one(text)
    assert text[c.start : c.end] == "Банк России 25 октября повысил ключевую ставку до 21% годовых."
    assert written(text, c) == "21%"
    assert (c.value, c.unit, c.measure, c.bound, c.as_of) == (21.0, "percent", "key rate", None, "2024-10-25")
    assert "Банк России" in c.holders


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit", "measure"),
    [
        ("Товарооборот России и Китая в 2024 году составил 245 млрд долларов.", "245 млрд долларов", 2.45e11,
         "USD", "trade"),
        ("США выделили Украине $300 млрд помощи.", "$300 млрд", 3e11, "USD", "aid"),
        ("Санкции затронули активы на сумму 1,5 трлн рублей.", "1,5 трлн рублей", 1.5e12, "RUB", "asset"),
        ("ЕС заморозил 500 млн евро российских активов.", "500 млн евро", 5e8, "EUR", "asset"),
        ("Ставка составляет 21 процент.", "21 процент", 21.0, "percent", "rate"),
        ("Банк России повысил ключевую ставку на 200 базисных пунктов.", "200 базисных пунктов", 200.0,
         "basis points", "key rate change"),
        ("Безработица опустилась до 2,4% в августе.", "2,4%", 2.4, "percent", "unemployment"),
        ("Экономика России выросла на 3,6% в 2023 году.", "3,6%", 3.6, "percent", "economy growth"),
        ("Экспорт сократился на 0,5 процентного пункта.", "0,5 процентного пункта", 0.5, "percentage points",
         "export change"),
        ("Промышленное производство упало на минус 6%.", "минус 6%", -6.0, "percent", "производство change"),
    ],
)  # fmt: skip
def test_figures_units_and_measures(text: str, figure: str, value: float, unit: str, measure: str) -> None:
    c = one(text)
    assert written(text, c) == figure
    assert (c.value, c.value_max, c.unit, c.measure) == (pytest.approx(value), None, unit, measure)


@pytest.mark.parametrize(
    ("text", "value", "bound", "hedged"),
    [
        ("Около 10 тыс. человек погибли при землетрясении.", 1e4, "about", True),
        ("Примерно 2 500 человек эвакуированы из города.", 2500.0, "about", True),
        ("Порядка 300 человек получили ранения.", 300.0, "about", True),
        ("Более 1\u00a0000 человек вышли на акцию протеста.", 1000.0, "at least", False),
        ("Не менее 40 человек погибли в результате удара.", 40.0, "at least", False),
        ("До 100 человек погибли при обрушении.", 100.0, "up to", True),
    ],
)
def test_approximations_are_bounds(text: str, value: float, bound: str, hedged: bool) -> None:
    c = one(text)
    assert (c.value, c.unit, c.measure, c.bound, c.hedged) == (value, "people", "people", bound, hedged)


def test_do_after_a_verb_of_change_is_the_value_reached_not_a_bound() -> None:
    c = one("Инфляция в сентябре замедлилась до 9,5%, по официальным данным Росстата.")
    assert (c.value, c.measure, c.bound, c.status, c.as_of) == (9.5, "inflation", None, "confirmed", "2024-09")


def test_estimate_with_its_source() -> None:
    c = one("По оценкам ООН, около 10 тыс. человек погибли с начала конфликта.")
    assert (c.value, c.unit, c.status, c.bound, c.hedged) == (1e4, "people", "estimated", "about", True)


def test_generic_head_counts_its_genitive() -> None:
    c = one("Число погибших превысило 1 000 человек, сообщили в Минздраве.")
    assert (c.value, c.unit, c.measure) == (1000.0, "people", "casualties")


def test_forecast_range_with_its_year() -> None:
    text = "По прогнозу ЦБ, ВВП может вырасти на 0,5–1,5% в 2025 году."
    c = one(text)
    assert written(text, c) == "0,5–1,5%"
    assert (c.value, c.value_max, c.unit, c.measure) == (0.5, 1.5, "percent", "gdp growth")
    assert (c.status, c.hedged, c.as_of) == ("forecast", True, "2025")


def test_from_to_is_a_range() -> None:
    c = one("Дефицит бюджета составит от 3 до 5 млрд рублей.")
    assert (c.value, c.value_max, c.unit, c.measure) == (3e9, 5e9, "RUB", "deficit")


def test_money_losses_are_not_casualties_and_may_is_a_forecast() -> None:
    c = one("Потери могут составить до 1,5 трлн рублей.")
    assert (c.value, c.unit, c.measure, c.bound, c.status, c.hedged) == (1.5e12, "RUB", "loss", "up to", "forecast",
                                                                         True)  # fmt: skip


def test_unconfirmed_reports_are_hedged() -> None:
    c = one("По неподтвержденным данным, в боях якобы погибли свыше 500 военнослужащих.")
    assert (c.value, c.unit, c.measure, c.bound, c.status, c.hedged) == (500.0, "people", "troops", "at least", None,
                                                                         True)  # fmt: skip


def test_a_bound_date_is_not_the_as_of_date() -> None:
    c = one("С 1 марта 2024 года погибли более 500 мирных жителей.")
    assert (c.value, c.unit, c.as_of) == (500.0, "people", PUBLISHED)


@pytest.mark.parametrize(
    "text",
    [
        "Переговоры прошли в 2023 году в Женеве.",
        "Второй раунд переговоров пройдет 3 марта.",
        "Россия поставила Су-35 и МиГ-29 в Иран.",
        "Лидеры G20 собрались в Рио-де-Жанейро.",
        "Газопровод «Северный поток — 2» так и не запустили.",
        "Встреча начнется в 15:00, а 2-й этап — 5 марта.",
        "В 2022 году стороны подписали соглашение № 5.",
    ],
)
def test_not_figures(text: str) -> None:
    assert claims_of(text) == []


def test_the_quote_gives_the_speaker() -> None:
    text = "«Инфляция, как ожидается, составит 8,5%», — заявила Эльвира Набиуллина."
    ex, _ = _analysed(text, PUBLISHED)
    c = one(text)
    names = {e.local: e.name for e in ex.entities}
    assert (c.value, c.measure, c.status) == (8.5, "inflation", "forecast")
    assert c.speaker is not None and names[c.speaker] == "Эльвира Набиуллина"


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Инфляция в сентябре замедлилась до 9,5%.", "Inflation slowed to 9.5% in September."),
        ("Банк России повысил ключевую ставку на 200 базисных пунктов.",
         "The Bank of Russia raised the key rate by 200 basis points."),
        ("Товарооборот России и Китая в 2024 году составил 245 млрд долларов.",
         "Trade between Russia and China reached $245 billion in 2024."),
    ],
)  # fmt: skip
def test_same_quantity_in_russian_and_english_has_the_same_measure(ru: str, en: str) -> None:
    a = Article(source="t.txt", part=0, text=en, language="en", published=PUBLISHED)
    analyse([a])
    assert a.extraction is not None
    [english] = a.extraction.claims
    russian = one(ru)
    assert (russian.measure, russian.unit, russian.value) == (english.measure, english.unit, english.value)
