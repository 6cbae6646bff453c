"""Russian quotes and sources: sentences written for the test, one per convention of Russian news."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from storyline.extract.quotes import extract_quotes_ru
from storyline.model import Extraction, LocalEntity, Mention
from storyline.nlp import parse_russian, russian_spacy

TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


def entities(doc: Doc) -> Extraction:
    """Enough of an entity extractor for unit tests: one entity per nominative name, and a lone surname
    joins the earlier full name it ends."""
    ex = Extraction()
    ids: dict[tuple[str, str], int] = {}
    for s in doc.ents:
        kind = TYPES[s.label_]
        name = s._.normal
        if kind == "PERSON" and " " not in name:
            name = next((e.name for e in ex.entities if e.type == kind and e.name.split()[-1] == name), name)
        if (kind, name) not in ids:
            ids[kind, name] = len(ex.entities)
            ex.entities.append(LocalEntity(ids[kind, name], kind, name))
        mention_kind = (
            "surname" if kind == "PERSON" and " " not in s.text else "acronym" if s.text.isupper() else "name"
        )
        ex.mentions.append(Mention(s.start_char, s.end_char, s.text, kind, mention_kind, ids[kind, name]))
    return ex


def quotes(text: str) -> list[dict]:
    doc = russian_spacy(parse_russian(text))
    ex = entities(doc)
    names = {e.local: e.name for e in ex.entities}

    def span(a: int | None, b: int | None) -> str | None:
        return text[a:b] if a is not None and b is not None else None

    return [
        {"text": text[q.start : q.end], "direct": q.direct, "speaker": names.get(q.speaker) if q.speaker is not None
         else None, "speaker_text": q.speaker_text, "anonymous": q.anonymous, "hedged": q.hedged,
         "cue": span(q.cue_start, q.cue_end), "speaker_span": span(q.speaker_start, q.speaker_end)}
        for q in extract_quotes_ru(doc, ex)
    ]  # fmt: skip


def one(text: str, fragment: str) -> dict:
    hits = [q for q in quotes(text) if fragment in q["text"]]
    assert len(hits) == 1, (fragment, quotes(text))
    return hits[0]


# --- direct quotes ------------------------------------------------------------------------------
def test_quote_then_dash_and_verb() -> None:
    text = "Пресс-секретарь Кремля Дмитрий Песков провел брифинг. «Мы готовы к диалогу с Вашингтоном», — сказал Песков."
    q = one(text, "диалогу")
    assert q["text"] == "Мы готовы к диалогу с Вашингтоном" and q["direct"]
    assert q["speaker"] == "Дмитрий Песков" and q["speaker_span"] == "Песков" and q["cue"] == "сказал"
    assert not q["anonymous"] and not q["hedged"]


def test_quote_then_verb_with_addressee() -> None:
    q = one("«Переговоры прошли в конструктивном ключе», — заявил журналистам Кирилл Дмитриев.", "ключе")
    assert q["text"] == "Переговоры прошли в конструктивном ключе"
    assert q["speaker"] == "Кирилл Дмитриев" and q["speaker_text"] == "Кирилл Дмитриев" and q["cue"] == "заявил"


def test_verb_colon_quote_title_covered_by_name() -> None:
    q = one("Пресс-секретарь Кремля Дмитрий Песков заявил: «Мы не видим оснований менять позицию».", "оснований")
    assert q["text"] == "Мы не видим оснований менять позицию" and q["direct"]
    assert q["speaker"] == "Дмитрий Песков" and q["speaker_text"] == "Пресс-секретарь Кремля Дмитрий Песков"


def test_pronoun_goes_to_nearest_person_of_its_gender() -> None:
    text = (
        "Официальный представитель МИД Мария Захарова ответила на заявление Сергея Лаврова. "
        "«Это откровенная провокация со стороны Лондона» — отметила она."
    )
    q = one(text, "провокация")
    assert q["speaker"] == "Мария Захарова" and q["speaker_text"] == "она" and q["cue"] == "отметила"


def test_colon_at_end_of_previous_paragraph() -> None:
    text = "Министр иностранных дел Сергей Лавров ответил на вопрос:\n«Контакты продолжаются на экспертном уровне»."
    q = one(text, "экспертном")
    assert q["direct"] and q["speaker"] == "Сергей Лавров" and q["cue"] == "ответил"


def test_next_quote_continues_the_speaker() -> None:
    text = "«Мы готовы к диалогу», — сказал Песков. «Но условия должны быть честными для всех сторон»."
    q = one(text, "честными")
    assert q["text"] == "Но условия должны быть честными для всех сторон" and q["speaker"] == "Песков"


def test_dash_speech_paragraph() -> None:
    q = one("В Кремле прокомментировали визит.\n— Мы готовы к диалогу, — сказал Песков.", "диалогу")
    assert q["text"] == "Мы готовы к диалогу" and q["direct"] and q["speaker"] == "Песков" and q["cue"] == "сказал"


def test_dash_speech_continuing_after_the_attribution_is_one_quote() -> None:
    text = "— Мы не ожидаем быстрых результатов, — сказал Песков. — Слишком много проблем накопилось за эти годы."
    q = one(text, "быстрых результатов")
    assert q["text"].startswith("Мы не ожидаем") and q["text"].endswith("за эти годы.") and q["speaker"] == "Песков"


def test_attribution_inside_the_quotation_marks() -> None:
    q = one("«Мы готовы, — сказал Песков, — но только на равных условиях».", "равных")
    assert q["text"] == "Мы готовы, — сказал Песков, — но только на равных условиях" and q["speaker"] == "Песков"
    assert q["cue"] == "сказал"


def test_two_pieces_around_a_dashed_attribution_are_one_quote() -> None:
    q = one("«Мы готовы к диалогу», — сказал Песков, — «но только на равных условиях».", "равных")
    assert q["text"].startswith("Мы готовы к диалогу") and q["speaker"] == "Песков"


def test_impersonal_plural_names_the_institution() -> None:
    q = one("«Визит президента в регион пока не планируется», — сообщили в Кремле.", "Визит")
    assert q["speaker"] == "Кремль" and q["speaker_text"] == "в Кремле" and not q["anonymous"]


def test_titles_in_quotation_marks_are_not_quotes() -> None:
    assert quotes("Газопровод «Северный поток» был поврежден в 2022 году.") == []
    assert quotes("Компания «Газпром» и концерн «Роснефть» подписали соглашение в Сочи.") == []
    # a speech verb elsewhere in the sentence makes it reported speech, not the title a quote
    [q] = quotes("Газопровод «Северный поток» был поврежден в 2022 году, сообщает агентство «Интерфакс».")
    assert not q["direct"] and q["text"].startswith("Газопровод «Северный поток»") and q["speaker"] == "Интерфакс"
    # a short quote right at its speech verb is a quote all the same
    q = one("«Никаких комментариев», — ответил Песков.", "комментариев")
    assert q["direct"] and q["speaker"] == "Песков"


# --- indirect speech ----------------------------------------------------------------------------
def test_po_slovam() -> None:
    q = one("По словам Дмитрия Пескова, встреча прошла конструктивно.", "встреча")
    assert q["text"] == "встреча прошла конструктивно" and not q["direct"]
    assert q["speaker"] == "Дмитрий Песков" and q["speaker_span"] == "Дмитрия Пескова" and q["cue"] == "По словам"


def test_po_ego_slovam_goes_to_previous_person() -> None:
    text = "Кирилл Дмитриев провел переговоры в Майами. По его словам, стороны обсудили экономическое сотрудничество."
    q = one(text, "стороны")
    assert q["speaker"] == "Кирилл Дмитриев" and q["speaker_text"] == "его"


def test_kak_soobshil_organisation() -> None:
    q = one("Как сообщил МИД России, следующий раунд переговоров пройдет в Стамбуле.", "раунд")
    assert q["text"] == "следующий раунд переговоров пройдет в Стамбуле"
    assert q["speaker"] == "МИД" and q["speaker_text"] == "МИД России" and q["cue"] == "Как сообщил"


def test_kak_otmetil_at_the_end_of_the_sentence() -> None:
    q = one("Следующий раунд переговоров пройдет в Стамбуле, как отметил Сергей Лавров.", "раунд")
    assert q["text"] == "Следующий раунд переговоров пройдет в Стамбуле" and q["speaker"] == "Сергей Лавров"


@pytest.mark.parametrize(
    ("text", "content", "speaker", "speaker_text"),
    [
        ("Сергей Лавров заявил, что Москва готова продолжить переговоры.",
         "Москва готова продолжить переговоры", "Сергей Лавров", "Сергей Лавров"),
        ("Глава РФПИ Кирилл Дмитриев сообщил ТАСС, что делегации встретятся в апреле.",
         "делегации встретятся в апреле", "Кирилл Дмитриев", "Глава РФПИ Кирилл Дмитриев"),
        ("Мария Захарова заявила о том, что Москва ответит на высылку дипломатов.",
         "Москва ответит на высылку дипломатов", "Мария Захарова", "Мария Захарова"),
        ("Сергей Лавров выступил в Анкаре, подчеркнув, что Россия ценит посредничество Турции.",
         "Россия ценит посредничество Турции", "Сергей Лавров", "Сергей Лавров"),
        ("Россия ответит на любые недружественные шаги, предупредила Мария Захарова.",
         "Россия ответит на любые недружественные шаги", "Мария Захарова", "Мария Захарова"),
    ],
)  # fmt: skip
def test_reported_clause(text: str, content: str, speaker: str, speaker_text: str) -> None:
    q = one(text, content)
    assert q["text"] == content and not q["direct"]
    assert q["speaker"] == speaker and q["speaker_text"] == speaker_text


def test_ob_etom_soobshil_refers_to_the_previous_sentence() -> None:
    text = "Заголовок новости\n\nСтороны договорились о продлении перемирия на 30 дней. Об этом сообщил Сергей Лавров."
    q = one(text, "перемирия")
    assert q["text"] == "Стороны договорились о продлении перемирия на 30 дней" and q["speaker"] == "Сергей Лавров"
    assert q["cue"] == "сообщил"


def test_document_speaks_for_its_issuer() -> None:
    q = one("В заявлении МИД говорится, что следующая встреча пройдет весной.", "встреча")
    assert q["text"] == "следующая встреча пройдет весной" and q["speaker"] == "МИД"


def test_unnamed_title_is_unresolved_not_anonymous() -> None:
    q = one("Представитель ведомства заявил, что проверка продолжается.", "проверка")
    assert q["speaker"] is None and q["speaker_text"] == "Представитель ведомства" and not q["anonymous"]


def test_things_that_are_not_speech() -> None:
    assert quotes("Суд признал бывшего министра виновным в получении взятки.") == []
    assert quotes("Исследование подтвердило, что инфляция замедлилась в марте.") == []
    assert quotes("Правительство объявило конкурс на строительство моста.") == []


# --- anonymity and hedging ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fragment", "speaker_text"),
    [
        ("Как сообщил источник в Кремле, визит перенесен на осень.", "визит", "источник в Кремле"),
        ("Источники сообщили, что санкции могут ввести уже в понедельник.", "санкции", "Источники"),
        ("Собеседник издания сообщил, что решение еще не принято.", "решение", "Собеседник издания"),
        ("Осведомленный источник сообщил, что встреча отложена на неделю.", "встреча", "Осведомленный источник"),
        ("По данным источников, переговоры возобновятся в мае.", "переговоры", "источников"),
        ("Как сообщили источники, делегация прилетит в Женеву в среду.", "делегация", "источники"),
        ("Как сообщает РИА Новости со ссылкой на источник в правительстве, решение уже принято.", "решение",
         "источник в правительстве"),
        ("Источник, знакомый с ходом переговоров, сообщил агентству, что решение пока не принято.", "решение",
         "Источник, знакомый с ходом переговоров"),
    ],
)  # fmt: skip
def test_anonymous_sources(text: str, fragment: str, speaker_text: str) -> None:
    q = one(text, fragment)
    assert q["anonymous"] and q["speaker"] is None and q["speaker_text"] == speaker_text


def test_named_source_is_not_anonymous() -> None:
    q = one("По данным Росстата, инфляция в марте замедлилась до 7,7%.", "инфляция")
    assert q["speaker"] == "Росстат" and not q["anonymous"] and not q["hedged"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Как сообщил источник в Кремле, визит якобы перенесен на осень.", "визит"),
        ("По неподтвержденным данным источников, саммит пройдет в Будапеште.", "саммит"),
        ("Сергей Лавров заявил, что переговоры предположительно возобновятся в мае.", "переговоры"),
        ("Как утверждается, Сергей Лавров заявил, что документ был подписан накануне.", "документ"),
        ("По некоторым данным, Сергей Лавров сообщил, что встреча отложена на неделю.", "встреча"),
        ("Мария Захарова утверждает, что западные страны нарушили договоренности.", "договоренности"),
    ],
)
def test_hedged(text: str, fragment: str) -> None:
    assert one(text, fragment)["hedged"]


def test_not_hedged() -> None:
    assert not one("Сергей Лавров заявил, что переговоры возобновятся в мае.", "переговоры")["hedged"]


def test_a_parenthetical_attribution_keeps_both_sides_of_the_sentence() -> None:
    text = (
        "Пресс-секретарь Кремля Дмитрий Песков провел брифинг. Состав делегации, по его словам, будет объявлен позднее."
    )
    q = one(text, "Состав")
    assert q["text"] == "Состав делегации, по его словам, будет объявлен позднее"
    assert q["speaker"] == "Дмитрий Песков" and not q["direct"]


def test_reminded_that_is_reported_speech() -> None:
    q = one("Дмитрий Песков напомнил, что следующим шагом станут технические переговоры.", "шагом")
    assert q["text"] == "следующим шагом станут технические переговоры" and q["speaker"] == "Дмитрий Песков"


def test_a_description_goes_to_the_person_whose_role_it_repeats() -> None:
    text = (
        "Пресс-секретарь Кремля Дмитрий Песков заявил, что переговоры продолжатся. "
        "Позже в Москве выступил министр Сергей Лавров.\n\n"
        "«Мы не видим оснований менять нашу позицию по этому вопросу», — подчеркнул пресс-секретарь Кремля."
    )
    from storyline.extract.mentions import extract_entities_ru  # the roles come from the real entities stage

    doc = russian_spacy(parse_russian(text))
    ex = extract_entities_ru(doc)
    names = {e.local: e.name for e in ex.entities}
    hits = [q for q in extract_quotes_ru(doc, ex) if "оснований" in text[q.start : q.end]]
    assert len(hits) == 1 and names.get(hits[0].speaker) == "Дмитрий Песков" and hits[0].via_how == "description"
