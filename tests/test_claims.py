"""Numeric claims: one invented news sentence per pattern of storyline.extract.claims, run through the real
analysis (parse, entities, times, quotes, claims). Each text is parsed once (cached)."""

from __future__ import annotations

from functools import cache

import pytest

from storyline.extract import analyse
from storyline.extract.claims import find_figures
from storyline.model import Article, ClaimMention

PUBLISHED = "2024-05-10"  # a Friday


@cache
def _article(text: str, published: str | None) -> Article:
    a = Article(source="t.txt", part=0, text=text, language="en", published=published)
    analyse([a])
    assert a.extraction is not None
    return a


def claims_of(text: str, published: str | None = PUBLISHED) -> list[ClaimMention]:
    return _article(text, published).extraction.claims


def figures(text: str, published: str | None = PUBLISHED) -> list[str]:
    """The figures as written, in order."""
    return [text[c.number_start : c.number_end] for c in claims_of(text, published)]


def one(text: str, figure: str | None = None, published: str | None = PUBLISHED) -> ClaimMention:
    """The only claim of the text (or the only one whose figure as written is `figure`)."""
    hits = [c for c in claims_of(text, published) if figure is None or text[c.number_start : c.number_end] == figure]
    assert len(hits) == 1, (figure, figures(text, published))
    return hits[0]


def speaker_name(text: str, claim: ClaimMention) -> str | None:
    names = {e.local: e.name for e in _article(text, PUBLISHED).extraction.entities}
    return names.get(claim.speaker) if claim.speaker is not None else None


# --- every claim points at its sentence and at the figure as written ------------------------------------------------


def test_spans_are_the_sentence_and_the_figure() -> None:
    text = "Rescue teams worked through the night. The alliance deployed 12,500 troops along the border. More came."
    c = one(text)
    assert text[c.start : c.end] == "The alliance deployed 12,500 troops along the border."
    assert text[c.number_start : c.number_end] == "12,500"


# --- currencies with scale words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit", "measure"),
    [
        (
            "Western governments froze $280 billion in central bank reserves after the invasion.",
            "$280 billion", 2.8e11, "USD", "bank reserve",
        ),
        ("The package includes €2.5bn of aid for farmers.", "€2.5bn", 2.5e9, "EUR", "aid"),
        ("The European Union approved €2.5 billion in aid for the farmers of the region.", "€2.5 billion", 2.5e9,
         "EUR", "aid for farmer"),
        ("The company paid a fine of 40 million rubles.", "40 million rubles", 4e7, "RUB", "fine"),
        ("The donors pledged US$5 million in humanitarian aid.", "US$5 million", 5e6, "USD", "aid"),
        ("The donors pledged USD 5 million in humanitarian aid.", "USD 5 million", 5e6, "USD", "aid"),
        ("The city has a deficit of two million dollars.", "two million dollars", 2e6, "USD", "deficit"),
        ("The deal is worth £3bn.", "£3bn", 3e9, "GBP", "deal"),
        ("The company's revenue reached $12 billion in 2023.", "$12 billion", 1.2e10, "USD", "revenue"),
    ],
)  # fmt: skip
def test_currency_with_scale_words(text: str, figure: str, value: float, unit: str, measure: str) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure
    assert (c.value, c.value_max, c.unit, c.measure) == (pytest.approx(value), None, unit, measure)


def test_money_subject_keeps_its_modifiers() -> None:
    assert one("Western governments froze $280 billion in central bank reserves.").subject == "central bank reserves"
    assert one("The donors pledged US$5 million in humanitarian aid.").subject == "humanitarian aid"
    assert one("The company's revenue reached $12 billion in 2023.").subject == "company's revenue"


def test_us_dollar_sign_with_space() -> None:
    text = "The donors pledged US$ 5 million in humanitarian aid."
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.unit) == ("US$ 5 million", 5e6, "USD")


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Brussels pledged €2.5bn in new aid to the region on Monday.", "aid"),
        ("The donors pledged 5 million US dollars in humanitarian aid.", "aid"),
    ],
)
def test_money_counts_what_it_is_in_not_who_pays(text: str, measure: str) -> None:
    assert one(text).measure == measure


# --- percent, basis points, percentage points -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "value", "measure"),
    [
        ("Inflation rose to 16.5% in March, the statistics office said.", "16.5%", 16.5, "inflation"),
        ("The economy grew by 3 per cent in the first quarter.", "3 per cent", 3.0, "economy growth"),
        ("Inflation reached 9 pct in March.", "9 pct", 9.0, "inflation"),
        ("The unemployment rate was 9% in the capital.", "9%", 9.0, "unemployment rate"),
        ("The budget deficit widened to 2.1% of GDP.", "2.1%", 2.1, "budget deficit"),
        ("The central bank cut the key rate to 16.5% on Friday.", "16.5%", 16.5, "key rate"),
        ("Economists predicted 2.4% growth for the quarter.", "2.4%", 2.4, "growth"),
        ("The plan foresees a 2.5% increase in pensions.", "2.5%", 2.5, "increase"),
    ],
)
def test_percent(text: str, figure: str, value: float, measure: str) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure
    assert (c.value, c.unit, c.measure) == (value, "percent", measure)


def test_percent_spelled_out_with_a_change_verb() -> None:
    c = one("Unemployment fell by 7 percent last year.")
    assert (c.value, c.unit) == (7.0, "percent")
    assert c.measure.startswith("unemployment") and not c.measure.endswith("growth")  # a fall is not growth


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("The central bank raised its key rate by 75 basis points on Friday.", "75 basis points", 75.0),
        ("The central bank raised its key rate by 200 bps.", "200 bps", 200.0),
    ],
)
def test_basis_points(text: str, figure: str, value: float) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure
    assert (c.value, c.unit) == (value, "basis points")
    assert c.measure.startswith("key rate") and c.subject.startswith("its key rate")  # "key rate change" since "by"


def test_basis_points_then_percent_are_two_figures() -> None:
    text = "The bank cut rates by 25 bp to 16.5%."
    a, b = claims_of(text)
    assert (text[a.number_start : a.number_end], a.value, a.value_max, a.unit) == ("25 bp", 25.0, None, "basis points")
    assert (text[b.number_start : b.number_end], b.value, b.value_max, b.unit) == ("16.5%", 16.5, None, "percent")
    assert a.measure.startswith("rate") and b.measure.startswith("rate")


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        ("The ruling party's support slipped 3 percentage points in the latest poll.", "3 percentage points",
         "support"),
        ("The party's share of the vote fell by 4 percentage points compared with the previous election.",
         "4 percentage points", "share change"),
    ],
)  # fmt: skip
def test_percentage_points(text: str, figure: str, measure: str) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure
    assert (c.unit, c.measure) == ("percentage points", measure)


def test_percentage_points_subject_is_readable() -> None:
    text = "The ruling party's support slipped 3 percentage points in the latest poll."
    assert one(text).subject == "ruling party's support"


# --- ranges and changes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "lo", "hi", "unit"),
    [
        ("The bank expects inflation of 2.5-3.5% next year.", "2.5-3.5%", 2.5, 3.5, "percent"),
        ("Analysts expect the economy to grow between 1.5% and 2.5% this year.", "1.5% and 2.5%", 1.5, 2.5, "percent"),
        ("The ministry forecast a contraction of between minus 3% and minus 4% for the year.",
         "minus 3% and minus 4%", -4.0, -3.0, "percent"),
        ("The fund projects growth of 1.5 to 2 percent in 2025.", "1.5 to 2 percent", 1.5, 2.0, "percent"),
        ("Between 10,000 and 15,000 troops were deployed to the region.", "10,000 and 15,000", 10000.0, 15000.0,
         "people"),
        ("The operation involved 10,000-15,000 troops.", "10,000-15,000", 10000.0, 15000.0, "people"),
    ],
)  # fmt: skip
def test_ranges(text: str, figure: str, lo: float, hi: float, unit: str) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure
    assert (c.value, c.value_max, c.unit) == (lo, hi, unit)


def test_from_x_to_y_is_a_change_not_a_range() -> None:
    text = "Trade between the two countries rose from $120 billion to $410 billion over the decade."
    a, b = claims_of(text)
    assert (text[a.number_start : a.number_end], a.value, a.value_max) == ("$120 billion", 1.2e11, None)
    assert (text[b.number_start : b.number_end], b.value, b.value_max) == ("$410 billion", 4.1e11, None)
    assert a.unit == b.unit == "USD" and a.measure == b.measure == "trade"


def test_figures_joined_by_and_share_the_subject() -> None:
    text = "Inflation slowed to 4.2% and 3.9% in the two following months."
    assert [(c.value, c.measure) for c in claims_of(text)] == [(4.2, "inflation"), (3.9, "inflation")]


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("The economy shrank by −2.1% last year.", "−2.1%", -2.1),
        ("The economy shrank by -3.5% in the second quarter.", "-3.5%", -3.5),
    ],
)
def test_negative_sign(text: str, figure: str, value: float) -> None:
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.unit) == (figure, value, "percent")


@pytest.mark.xfail(strict=True, reason="the parser reads 'contracted' as a reduced relative (acl) of 'economy'; the "
                   "verb walk ignores acl, finds no subject and drops the figure")  # fmt: skip
def test_contracted_by_negative_percent() -> None:
    c = one("The economy contracted by -3.5% in the second quarter.")
    assert (c.value, c.unit) == (-3.5, "percent") and c.measure.startswith("economy")


# --- thousands separators, people and other counted nouns ---------------------------------------------------------


@pytest.mark.parametrize("sep", [",", " ", "\u202f", "\u00a0"])
def test_thousands_separators(sep: str) -> None:
    text = f"The war has displaced 64{sep}318 people."
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.unit) == (f"64{sep}318", 64318.0, "people")


@pytest.mark.parametrize(
    ("text", "figure", "value", "measure", "subject"),
    [
        ("The alliance deployed 12,500 troops along the border.", "12,500", 12500.0, "troops", "troops"),
        ("The shelling forced 3,200 civilians to leave the town.", "3,200", 3200.0, "civilian", "civilians"),
        ("The fighting caused 1,400 deaths in the province.", "1,400", 1400.0, "casualties", "deaths"),
        ("Officials have counted 1,250 civilian deaths since the start of the war.", "1,250", 1250.0, "casualties",
         "civilian deaths"),
        ("The strike left 250 casualties among the defenders.", "250", 250.0, "casualties", "casualties"),
        ("A total of 1,500 fatalities were recorded in the province.", "1,500", 1500.0, "casualties", "fatalities"),
        ("We have lost 3,000 soldiers in this battle.", "3,000", 3000.0, "troops", "soldiers"),
        ("More than 2,000 refugees crossed the border on Tuesday.", "2,000", 2000.0, "refugees", "refugees"),
        ("Fewer than 100 hostages remain in captivity.", "100", 100.0, "hostage", "hostages"),
    ],
)  # fmt: skip
def test_people_counts_and_measure_families(text: str, figure: str, value: float, measure: str, subject: str) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure
    assert (c.value, c.unit, c.measure, c.subject) == (value, "people", measure, subject)


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        ("The agency said 4,000 homes were destroyed.", "4,000", 4000.0, "homes"),
        ("In 2023, the company exported 3 million tonnes of grain.", "3 million", 3e6, "tonnes"),
        ("The army has lost 2,000 tanks since 2022.", "2,000", 2000.0, "tanks"),
    ],
)
def test_other_counted_nouns_are_their_own_unit(text: str, figure: str, value: float, unit: str) -> None:
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.unit) == (figure, value, unit)


def test_spelled_vague_count_has_no_value() -> None:
    text = "The outbreak killed several thousand people last winter."
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.unit) == ("several thousand", None, "people")


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        pytest.param(
            "The army reported 350 killed and 1,200 wounded in the offensive.",
            350.0,
            "casualties",
            marks=pytest.mark.xfail(strict=True, reason="'350 killed': the figure is the verb's subject; no noun"),
        ),
        ("The death toll from the earthquake rose to 75 on Sunday.", 75.0, "casualties"),
        ("The number of refugees has reached 2 million.", 2e6, "refugees"),
    ],
)
def test_people_counts_without_a_following_noun(text: str, value: float, measure: str) -> None:
    c = next(c for c in claims_of(text) if c.value == value)
    assert (c.unit, c.measure) == ("people", measure)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Officials said 12 percent of the harvest was lost.", "harvest"),
        ("Turnout was high and 40 percent of voters approved the constitution.", "voter"),
    ],
)
def test_percent_of_something(text: str, measure: str) -> None:
    c = one(text)
    assert not c.subject.startswith("of ") and c.measure != "percent" and measure in c.measure


def test_year_on_year_is_not_the_subject() -> None:
    """A bare unit of time names no quantity: the verb's subject does (issue 20)."""
    c = one("Consumer prices rose 7.4% year on year.")
    assert c.measure.startswith("price")


# --- days -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "value", "measure"),
    [
        ("The two sides agreed on a 45-day ceasefire.", "45", 45.0, "ceasefire"),  # how long the ceasefire is
        ("The truce will hold for 60 days, officials said.", "60", 60.0, "truce duration"),  # what lasts 60 days
    ],
)
def test_days(text: str, figure: str, value: float, measure: str) -> None:
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.unit, c.measure) == (figure, value, "days", measure)


# --- bounds and hedging -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "bound", "hedged"),
    [
        ("As many as 650,000 people may have fled the region.", "650,000", "up to", True),
        ("Independent monitors say up to 800 people were detained.", "800", "up to", True),
        ("At least 40 people were killed in the attack.", "40", "at least", False),
        ("More than 2,000 refugees crossed the border on Tuesday.", "2,000", "at least", False),
        ("About 300 protesters gathered outside the parliament.", "300", "about", True),
        ("Some 1,500 workers lost their jobs.", "1,500", "about", True),
        ("No more than 500 observers will be allowed into the country.", "500", "at most", False),
        ("Fewer than 100 hostages remain in captivity.", "100", "at most", False),
        ("The alliance deployed 12,500 troops along the border.", "12,500", None, False),
    ],
)
def test_bounds(text: str, figure: str, bound: str | None, hedged: bool) -> None:
    c = one(text)
    assert text[c.number_start : c.number_end] == figure  # the bound is kept apart from the figure as written
    assert (c.bound, c.hedged) == (bound, hedged)


@pytest.mark.parametrize(
    "text",
    [
        "The unemployment rate was reportedly 9% in the capital.",
        "The rebels allegedly hold 300 hostages.",
        "The strikes could cost the economy $4 billion.",
        "“I think perhaps 10,000 soldiers have died,” said General Piotr Nowak.",
    ],
)
def test_hedged(text: str) -> None:
    c = one(text)
    assert c.hedged and c.bound is None


def test_month_may_is_not_a_hedge() -> None:
    c = one("The ministry reported 300 casualties on May 2.")
    assert c.as_of == "2024-05-02"
    assert not c.hedged


def test_month_other_than_may_is_not_a_hedge() -> None:
    assert not one("The ministry reported 300 casualties on June 2.").hedged


# --- status -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The health ministry reported 4,312 confirmed deaths from the outbreak.", "confirmed"),
        ("Monitors have verified 640 civilian deaths.", "confirmed"),
        ("Official figures show 1,200 deaths in the region.", "confirmed"),
        ("The monitoring group has documented 5,100 killed soldiers.", "confirmed"),
        ("An estimated 5,000 people fled the fighting.", "estimated"),
        ("Approximately 7,000 residents were evacuated from the area.", "estimated"),
        ("The economy is expected to grow by 2% next year.", "forecast"),
        ("Exports are forecast to rise by 4.5% in 2025.", "forecast"),
        ("Growth is projected at 3.1% next year.", "forecast"),
        ("Under the worst scenario, unemployment would reach 12%.", "forecast"),
        ("The bank expects inflation of 2.5-3.5% next year.", "forecast"),
        ("The alliance deployed 12,500 troops along the border.", None),
        ("The fighting caused 1,400 deaths in the province.", None),
    ],
)
def test_status(text: str, status: str | None) -> None:
    assert one(text).status == status


def test_confirmed_status_is_not_part_of_the_subject() -> None:
    c = one("The health ministry reported 4,312 confirmed deaths from the outbreak.")
    assert (c.subject, c.measure, c.unit) == ("deaths from outbreak", "casualties", "people")


def test_estimate_bound_and_status_are_separate() -> None:
    c = one("An estimated 5,000 people fled the fighting.")
    assert (c.status, c.bound, c.hedged) == ("estimated", "about", True)


@pytest.mark.parametrize(
    ("text", "measure", "subject"),
    [
        ("The economy is expected to grow by 2% next year.", "economy growth", "economy (growth)"),
        ("Exports are forecast to rise by 4.5% in 2025.", "export growth", "Exports (growth)"),
        ("The economy grew by 1.4% in 2023.", "economy growth", "economy (growth)"),
    ],
)
def test_growth_measure(text: str, measure: str, subject: str) -> None:
    c = one(text)
    assert (c.measure, c.subject, c.unit) == (measure, subject, "percent")


def test_generic_number_inherits_the_previous_figure() -> None:
    text = (
        "The regional office confirmed 23,000 casualties in the province. "
        "Independent researchers estimate that the number may be as high as 40,000."
    )
    first, second = claims_of(text)
    assert (first.value, first.status, first.bound, first.hedged) == (23000.0, "confirmed", None, False)
    assert (text[second.number_start : second.number_end], second.value) == ("40,000", 40000.0)
    assert (second.subject, second.measure, second.unit) == (first.subject, "casualties", "people")
    assert (second.status, second.bound, second.hedged) == ("estimated", "up to", True)


def test_generic_total_inherits_the_unit() -> None:
    text = "The central bank holds $600 billion in reserves. Analysts estimate the total may be as high as 650 billion."
    first, second = claims_of(text)
    assert (second.value, second.unit, second.measure) == (6.5e11, "USD", first.measure)
    assert (second.status, second.bound) == ("estimated", "up to")


def test_put_the_number_at_inherits() -> None:
    text = "The army says it lost 350 soldiers. Independent monitors put the number at 900."
    assert [(c.value, c.measure, c.unit) for c in claims_of(text)] == [(350.0, "troops", "people"),
                                                                        (900.0, "troops", "people")]  # fmt: skip


def test_generic_number_does_not_inherit_across_paragraphs() -> None:
    text = (
        "The regional office confirmed 23,000 casualties in the province.\n\n"
        "Independent researchers estimate that the number may be as high as 40,000."
    )
    assert figures(text) == ["23,000"]


# --- as of ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "as_of"),
    [
        ("The company's revenue reached $12 billion in 2023.", "$12 billion", "2023"),
        ("In 2022 the deficit was large, but the surplus reached $5 billion in 2023.", "$5 billion", "2023"),
        ("In 2023, the company exported 3 million tonnes of grain.", "3 million", "2023"),
        ("Inflation rose to 16.5% in March, the statistics office said.", "16.5%", "2024-03"),
        ("Unemployment fell by 7 percent last year.", "7 percent", "2023"),
        ("The economy is expected to grow by 2% next year.", "2%", "2025"),
        ("More than 2,000 refugees crossed the border on Tuesday.", "2,000", "2024-05-07"),
        ("Exports fell to $20 billion in 2022 from $25 billion in 2021.", "$20 billion", "2022"),
        ("Exports fell to $20 billion in 2022 from $25 billion in 2021.", "$25 billion", "2021"),
        ("The country has received $45 billion in military aid since February 2022.", "$45 billion", PUBLISHED),
        ("The alliance deployed 12,500 troops along the border.", "12,500", PUBLISHED),
    ],
)
def test_as_of(text: str, figure: str, as_of: str) -> None:
    assert one(text, figure).as_of == as_of


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("The alliance deployed 12,500 troops along the border.", None),
        ("The country has received $45 billion in military aid since February 2022.", None),
        ("The company's revenue reached $12 billion in 2023.", "2023"),
    ],
)
def test_as_of_without_publication_date(text: str, as_of: str | None) -> None:
    assert one(text, published=None).as_of == as_of


# --- attribution and holders ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We have lost 3,000 soldiers in this battle,” Defence Minister Oleg Marchenko said.", "Oleg Marchenko"),
        ("“Our exports have grown by 12% this year,” Economy Minister Laura Benedetti said on Tuesday.",
         "Laura Benedetti"),
        ("According to the World Bank, poverty rose by 3% in the region.", "World Bank"),
        ("Some 1,500 workers lost their jobs, according to the International Labour Organization.",
         "International Labour Organization"),
        ("The alliance deployed 12,500 troops along the border.", None),
    ],
)  # fmt: skip
def test_speaker(text: str, speaker: str | None) -> None:
    assert speaker_name(text, one(text)) == speaker


def test_quoted_figure_keeps_subject_and_date() -> None:
    text = "“Our exports have grown by 12% this year,” Economy Minister Laura Benedetti said on Tuesday."
    c = one(text)
    assert (c.value, c.unit, c.measure, c.as_of) == (12.0, "percent", "export growth", "2024")


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        ("Germany's economy grew by 0.3% in 2023.", ["Germany"]),
        ("Japan's exports rose by 5% last month.", ["Japan"]),
        ("The alliance deployed 12,500 troops along the border.", []),
    ],
)
def test_holders(text: str, holders: list[str]) -> None:
    assert one(text).holders == holders


# --- not figures ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 2019 by both governments.",
        "The attack took place on March 5 near the port.",
        "The meeting starts at 10:30 on Monday.",
        "The country asked for F-16 jets at the G20 summit.",
        "Members invoked Article 5 of the treaty for the first time.",
        "Item No. 5 on the agenda was postponed.",
        "The council adopted Resolution 2231 unanimously.",
        "Flight 370 disappeared over the ocean.",
        "The study appeared in Vol. 41 of the review.",
        "See page 45 and #3 of the list.",
        "The report has three sections.\n3. Trade\nThe second part deals with energy.",
        "The figure was first published in the journal.[8]",
        "The 2014-15 season was cancelled.",
        "He mentioned 250 in his speech.",
        "Jane Smith agrees 100% with the proposal, the adviser said.",
    ],
)
def test_not_a_figure(text: str) -> None:
    assert figures(text) == []


def test_year_beside_a_figure_is_only_a_date() -> None:
    text = "The treaty was signed in 2019, and 40,000 soldiers left the region."
    c = one(text)
    assert (text[c.number_start : c.number_end], c.value, c.as_of) == ("40,000", 40000.0, "2019")


def test_find_figures_skips_references_and_keeps_quantities() -> None:
    text = "Under Article 5, No. 9 and F-16 jets, the fund gave $5 billion and 16.5% in 2019."
    found = [(text[f.start : f.end], f.value, f.unit) for f in find_figures(text, 0, len(text), [])]
    assert found == [("$5 billion", 5e9, "USD"), ("16.5%", 16.5, "percent")]


def test_margin_of_error_is_not_a_negative_figure() -> None:
    text = "The survey of 2,150 adults has a margin of error of plus or minus 4 percentage points."
    c = next(c for c in claims_of(text) if c.unit == "percentage points")
    assert (c.value, c.bound) == (4.0, "plus or minus")


# --- figures that mean something (issue 20): spelled counts, fractions, what a rate applies to, no furniture -------


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit", "measure"),
    [
        ("The two presidents held two phone calls in March.", "two", 2.0, "calls", "phone call"),
        ("Russia stands to lose two-thirds of the frozen assets.", "two-thirds", 66.67, "percent", "asset"),
        ("Half of the registered voters stayed home.", "Half", 50.0, "percent", "voter"),
        ("A third of the budget goes to defence.", "A third", 33.33, "percent", "budget"),
        ("Israel won a six-day war against its neighbours.", "six", 6.0, "days", "war against neighbour"),
        ("Twenty-five soldiers were wounded in the raid.", "Twenty-five", 25.0, "people", "troops"),
    ],
)
def test_spelled_counts_and_fractions(text: str, figure: str, value: float, unit: str, measure: str) -> None:
    c = one(text, figure)
    assert (c.value, c.unit, c.measure) == (pytest.approx(value, abs=0.01), unit, measure)


@pytest.mark.parametrize(
    "text",
    [
        "The two leaders met in Geneva on Monday.",  # a determiner: the leaders already named, not a count
        "Their three children were at home.",
        "There are two reasons for the delay.",  # the article's own discourse
        "Slideshow (5 Images)\n\nThe summit opened on Monday.",  # a gallery counter
        "Photo 3 of 12\n\nThe summit opened on Monday.",
    ],
)
def test_no_count_from_references_discourse_or_furniture(text: str) -> None:
    assert figures(text) == []


def test_measure_names_what_a_rate_applies_to() -> None:
    dairy = one("Canada imposes a 270% tariff on American dairy products.")
    steel = one("The United States imposed a 25% tariff on imported steel.")
    assert (dairy.measure, steel.measure) == ("tariff on dairy product", "tariff on steel")
    assert one("Exports to China reached $130 billion last year.").measure == "export to china"
    assert one("Economists predicted 2.4% growth for the quarter.").measure == "growth"  # a time is no target


def test_a_proper_noun_holds_a_figure_it_does_not_measure() -> None:
    c = one("The U.S. exported $130 billion worth of goods to China.")
    assert c.measure != "u.s."
    assert "U.S." in c.holders


def test_nothing_nameless_is_a_measure() -> None:
    """A name holds a figure but is not what it measures; a bare time unit measures nothing unless the
    verb's subject says what lasts; a bare count of people says what they did."""
    assert [c.measure for c in claims_of("Only 3 percent of Fox News viewers changed the channel.")] in ([], ["viewer"])
    assert figures("She has lived in the city for two decades.") == []
    assert one("The strike lasted for three weeks, the union said.").measure == "strike duration"
    assert one("About 60 people gathered outside the courthouse on Friday.").measure == "people gathered"


def test_people_do_not_last() -> None:
    assert figures("People waited for 24 hours outside the stadium.") == []  # not "people duration"


def test_units_and_bare_places_are_no_measure() -> None:
    assert figures("Gas prices rose 50 cents last week.") == []
    assert one("Fifteen states voted for the measure.").measure == "state voted"
