"""Words that name a person by position or trade, in the languages Storyline reads.

Pure data: the extractors decide with them whether a noun phrase is a role ("Kremlin spokesman",
"глава МИД") or a title-only mention of a person ("the envoy"), so one table per language serves
the mentions, quotes and events extractors alike.
"""

from __future__ import annotations

# English lemmas: the head of a title-only mention ("the envoy", "the expert") must be one of these
# or the head of a role already seen in the same article.
PERSON_NOUNS = frozenset(
    """president minister envoy spokesman spokeswoman spokesperson head chief director secretary ambassador
    diplomat official expert analyst researcher professor scholar leader dictator chairman chairwoman chair
    governor senator general commander adviser advisor negotiator representative politician journalist
    economist scientist lawmaker deputy premier chancellor king queen prince monarch emperor mayor founder
    ceo executive manager investor businessman businesswoman banker oligarch officer agent spy lawyer judge
    prosecutor candidate nominee speaker emissary mediator strongman autocrat ruler counterpart colleague
    correspondent reporter editor author writer commentator columnist historian associate fellow""".split()
)

# English lemmas of PERSON_NOUNS that describe someone by trade or character rather than by an office
# the article would give as a role ("the expert", "the Russian dictator"): a definite one refers to
# the person in focus when no role repeats it. An office ("the president") still needs a role.
DESCRIPTIVE_NOUNS = frozenset(
    """expert analyst researcher professor scholar dictator strongman autocrat politician economist
    scientist historian commentator columnist journalist lawyer businessman businesswoman banker oligarch
    investor""".split()
)
# Relational nouns: someone defined by another person's position ("his American counterpart")
RELATIONAL_NOUNS = frozenset({"counterpart", "colleague"})

# Russian lemma beginnings (stems, so that one entry covers a word's derivations: "руководител"
# for руководитель): a noun phrase a name stands in apposition to is a role when its head noun
# starts with one of these (which keeps out places and things: "в городе Москве").
ROLE_STEMS_RU = (
    "президент", "премьер", "министр", "глава", "руководител", "председател", "посланник", "спецпосланник", "посол",
    "помощник", "советник", "пресс-секретар", "представител", "секретар", "директор", "генеральн", "генсек",
    "канцлер", "лидер", "депутат", "сенатор", "губернатор", "мэр", "заместител", "замглав", "вице", "командующ",
    "начальник", "главнокомандующ", "прокурор", "судья", "эксперт", "аналитик", "политолог", "экономист",
    "журналист", "корреспондент", "основател", "владел", "участник", "переговорщик", "делегат", "координатор",
    "спикер", "официальн", "чиновник", "дипломат", "генерал", "адмирал", "полковник", "король", "принц", "шейх",
    "эмир", "патриарх", "бизнесмен", "предприниматель", "ученый", "учёный", "автор", "глав",
)  # fmt: skip

# Russian lemma beginnings of descriptive nouns (as DESCRIPTIVE_NOUNS): "эксперт", "политолог"
DESCRIPTIVE_STEMS_RU = (
    "эксперт", "аналитик", "политолог", "экономист", "журналист", "историк", "учен", "учён", "профессор",
    "бизнесмен", "предприниматель", "диктатор", "юрист", "адвокат", "банкир", "олигарх", "инвестор",
)  # fmt: skip

# English names carry no gender in the parse: the article's own words show it. A title before the
# name, a gendered noun in the person's role ("the president's wife", "spokeswoman"), ...
_GENDERED = {
    "Masc": "mr mister sir lord king prince duke emperor man men husband father son brother uncle nephew "
    "grandfather grandson widower boy boyfriend spokesman chairman congressman businessman statesman "
    "councilman assemblyman alderman anchorman gentleman actor fiance stepson stepfather",
    "Fem": "mrs ms miss madam madame dame lady queen princess duchess empress woman women wife mother daughter "
    "sister aunt niece grandmother granddaughter widow girl girlfriend spokeswoman chairwoman congresswoman "
    "businesswoman stateswoman councilwoman assemblywoman alderwoman anchorwoman actress mme fiancee "
    "stepdaughter stepmother",
}
GENDER_WORDS = {w: g for g, words in _GENDERED.items() for w in words.split()}
# ... and the pronouns that follow the only person named in a sentence ("Smith said his ...")
GENDER_PRONOUNS = {"his": "Masc", "him": "Masc", "himself": "Masc", "her": "Fem", "hers": "Fem", "herself": "Fem"}
