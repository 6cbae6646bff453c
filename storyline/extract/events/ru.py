"""Russian event words and the checks natasha's parse needs (the algorithm is `core.py`), with the
same event types as English, so that a Russian and an English report of one meeting merge.

Russian inflects and conjugates, so every trigger is a lemma: "встретились", "встретится" and
"встреча" are one family; both aspects of a verb are listed. Checks a lemma needs: "разговор",
"беседа", "поговорить" are calls only with "телефон*" in the sentence, and a meeting "по телефону" is
one; "принять" is a meeting only when it takes a person ("Путин принял Моди"), not a decision;
"сохранить" is a decision only about a rate; "подписать указ/закон" is a decision (or what the decree
is about: "указ об отставке"), not an agreement. Places follow "в"/"во"/"на" (the `case` child of the
place) in the trigger's clause; an attack's place follows "по" ("удар по Киеву"). A capital that is a
subject takes part for its government ("Москва и Вашингтон договорились"); a nationality adjective
of a group noun ("российская и американская делегации") is the country of the article whose Russian
name shares its stem — only a country the article itself names, never a new entity. A negated
trigger ("не встречались", "встреча не состоялась") gives no event.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from storyline.extract.events.core import Article, Language, clause_tree, first_root, governing, word_type
from storyline.extract.references import PronounRules
from storyline.lexicon.countries import name_words, russian_country_words
from storyline.lexicon.places import canonical_place, is_country
from storyline.model import Extraction, Mention

TRIGGERS: dict[str, str] = {
    **dict.fromkeys("встретиться встречаться встреча саммит принять принимать совещание заседание".split(), "meeting"),
    **dict.fromkeys("переговоры консультация раунд обсудить обсуждать переговорить".split(), "talks"),
    **dict.fromkeys(
        "созвониться созваниваться разговор беседа поговорить побеседовать видеоконференция видеосвязь".split(), "call"
    ),
    **dict.fromkeys("визит посетить посещать прибыть прибывать приехать приезжать поездка турне".split(), "visit"),
    **dict.fromkeys(
        "соглашение договориться договариваться подписать подписывать меморандум перемирие договор сделка".split(),
        "agreement",
    ),
    **dict.fromkeys(
        "решение решить утвердить одобрить повысить снизить понизить сохранить запретить приостановить "
        "ратифицировать".split(),
        "decision",
    ),
    **dict.fromkeys("опубликовать публиковать публикация обнародовать".split(), "publication"),
    **dict.fromkeys("выборы избрать голосование референдум".split(), "election"),
    **dict.fromkeys("назначить назначать назначение отставка уволить инаугурация".split(), "appointment"),
    **dict.fromkeys("санкция эмбарго".split(), "sanction"),
    **dict.fromkeys("удар атака атаковать обстрел обстрелять бомбардировка теракт вторжение".split(), "attack"),
    **dict.fromkeys(
        "заявить заявлять сказать сообщить сообщать отметить подчеркнуть объявить заверить предупредить "
        "подтвердить опровергнуть заявление".split(),
        "statement",
    ),
}
# Verbs that report that an event took place; the event is their subject (or object, for провести).
LIGHT_VERBS = frozenset(
    "состояться пройти проходить начаться начинаться завершиться закончиться возобновиться продолжиться "
    "открыться".split()
)
HOLD_VERBS = frozenset("провести проводить".split())
# Triggers that need more than their lemma: a phone for a conversation, a person for "принять",
# an interest rate for "сохранить".
PHONE_ONLY = frozenset("разговор беседа поговорить побеседовать".split())
GUEST_VERBS = frozenset("принять принимать".split())
RATE_ONLY = frozenset({"сохранить"})
DECREES = frozenset("указ закон распоряжение постановление".split())
GROUP_NOUNS = frozenset(
    "делегация сторона команда правительство власть переговорщик представитель чиновник лидер министр "
    "президент дипломат военный силы".split()
)
_PHONE = re.compile(r"(?i)телефон")
_ADJ_SUFFIX = re.compile(r"(?:ск|цк)(?:ий|ой|ая|ое|ие)$")
_VERBS = frozenset({"VERB", "AUX"})


def _refine(ctx: Article, tok: Token, typ: str) -> str | None:
    lemma = tok.lemma_
    if lemma in PHONE_ONLY:
        return "call" if _PHONE.search(tok.sent.text) else None
    kids = list(tok.children)
    if typ in ("meeting", "talks") and any(k.lemma_.startswith("телефон") for k in kids):
        return "call"  # "обсудили по телефону", "телефонные переговоры"
    objs = [k for k in kids if k.dep_ == "obj"]
    if lemma in GUEST_VERBS:
        # "принял премьер-министра" / "принял Моди": a guest; "принял решение" is the noun's event
        return "meeting" if any("Anim" in o.morph.get("Animacy") or o.pos_ == "PROPN" for o in objs) else None
    if lemma in RATE_ONLY:
        return "decision" if any(o.lemma_ == "ставка" for o in objs) else None
    decrees = [o for o in objs if o.lemma_ in DECREES]
    if decrees and lemma.startswith("подпис"):
        # "подписал указ": a decision, not an agreement — or what the decree is about ("об отставке")
        about = [TRIGGERS.get(k.lemma_) for o in decrees for k in o.children if k.dep_ == "nmod"]
        return next((t for t in about if t not in (None, "statement", "agreement")), "decision")
    return typ


def _country(m: Mention) -> str | None:
    canonical = canonical_place(m.normal or m.name)
    return canonical if canonical and is_country(canonical) else None


def _capital_as_subject(ctx: Article, m: Mention) -> int | None:
    """ "Москва и Вашингтон договорились": a capital that is the subject takes part for its government."""
    if m.type != "GPE" or (tok := first_root(ctx, m)) is None:
        return None
    while tok.dep_ == "conj":
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return m.local if tok.dep_ in ("nsubj", "nsubj:pass") else None


def _countries(ex: Extraction) -> dict[int, set[str]]:
    """The article's countries (local entity -> the words of their Russian names), for nationality adjectives."""
    countries: dict[int, set[str]] = {}
    for m in ex.mentions:
        if m.local >= 0 and (c := _country(m)) is not None:
            countries.setdefault(m.local, set()).update(name_words(m.normal or m.name) | russian_country_words(c))
    return countries


def _nationalities(ctx: Article, sent: Span) -> list[int]:
    """ "российская и американская делегации": the article's countries those adjectives name."""
    countries = ctx.memo.get("countries")
    if countries is None:
        countries = ctx.memo["countries"] = _countries(ctx.ex)
    assert isinstance(countries, dict)
    if not countries:
        return []
    out: list[int] = []
    for tok in sent:
        if tok.pos_ != "ADJ" or tok.idx in ctx.quoted or not _ADJ_SUFFIX.search(tok.lemma_):
            continue
        head = tok
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "российская и американская": the second hangs off the first
        noun = head.head
        if head.dep_ != "amod" or noun.i == head.i or noun.lemma_ not in GROUP_NOUNS:
            continue
        stem = _ADJ_SUFFIX.sub("", tok.lemma_.replace("ё", "е"))
        if len(stem) < 4:
            continue
        need = min(5, len(stem) - 1)
        scores = {local: max(_common_prefix(stem, w) for w in words) for local, words in countries.items()}
        best = max(scores.values())
        hits = [local for local, s in scores.items() if s == best]
        if best >= max(4, need) and len(hits) == 1 and hits[0] not in out:
            out.append(hits[0])
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _sentence_bounds(sent: Span) -> tuple[int, int]:
    """The sentence as natasha drew it: from its first word to the end of its last (the Doc's
    sentence also holds the line breaks after it)."""
    words = [t for t in sent if not t.is_space]
    if not words:
        return sent.start_char, sent.start_char
    return words[0].idx, words[-1].idx + len(words[-1].text)


# what a word governing an event's trigger says became of it ("отменил визит", "предложил встречу")
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys("отменить отменять отложить откладывать перенести переносить".split(), "cancelled"),
    **dict.fromkeys("опровергнуть опровергать отрицать".split(), "denied"),
    **dict.fromkeys("предложить предлагать пригласить приглашать призвать призывать".split(), "proposed"),
    **dict.fromkeys(
        "планировать запланировать намереваться собираться ожидаться предстоять готовиться".split(), "scheduled"
    ),
    **dict.fromkeys("обсуждать рассматривать возможный вероятный мочь".split(), "speculated"),
}

RUSSIAN = Language(
    triggers=TRIGGERS,
    light_verbs=LIGHT_VERBS,
    hold_verbs=HOLD_VERBS,
    statement_nouns=frozenset({"заявление"}),
    ordinals=frozenset("первый второй третий четвертый четвёртый пятый последний следующий очередной".split()),
    place_prepositions=frozenset({"в", "во", "на"}),
    topic_prepositions=frozenset({"о", "об", "обо", "про"}),
    response_prepositions=frozenset({"к"}),
    place_types=frozenset({"GPE", "LOC"}),
    # "до 27 февраля", "с 1 марта", "после 5 мая": a bound of something else, not the event's date
    bound=re.compile(r"(?i)(?<!\w)(?:с|со|до|после|к|ко|начиная с|вплоть до)\s+$"),
    target_prepositions={"attack": frozenset({"по"})},
    negations=frozenset({"не"}),
    subject_deps=("nsubj", "nsubj:pass"),
    object_deps=("obj",),
    date_types=frozenset({"DATE"}),
    refine=_refine,
    argument_type=word_type,
    asserting_verb=lambda tok: governing(tok, _VERBS),
    in_clause=clause_tree,
    mention_root=first_root,
    prepositions=lambda root: {k.lemma_ for k in root.children if k.dep_ == "case"},
    names_country=lambda m: m.type in ("GPE", "LOC") and _country(m) is not None,
    other_party=_capital_as_subject,
    extra_parties=_nationalities,
    sentence_bounds=_sentence_bounds,
    quoted_places=False,
    places_in_clause=True,
    quoted_antecedents=False,
    distinct_dates=True,
    date_places=("stretch", "after"),
    # what separates one "date + place" stretch of a sentence from the next
    stretch_break=re.compile(r"[,;—–]|\s(?:и|а)\s"),
    pronouns={"он": "Masc", "она": "Fem"},
    pronoun_rules=PronounRules(frozenset({"nsubj", "nsubj:pass"}), frozenset({"заявить", "сказать", "сообщить"})),
    status_words=STATUS_WORDS,
    occasion=re.compile(
        r"(?i)(?<!\w)(?:в (?:своем |своём |совместном |официальном )?(?:заявлении|интервью|обращении|выступлении|"
        r"телеграм-канале|Telegram-канале|коммюнике)|журналистам|на (?:пресс-конференции|брифинге)|в соцсетях)(?!\w)"
    ),
    auxiliary_deps=("aux",),  # "будут проводиться": the future auxiliary
    status_auxiliaries={"будет": "scheduled", "будут": "scheduled"},
)
