"""Russian cue words for positions (extract.positions.core), on natasha's parse as a spaCy Doc
(lemmas in the infinitive, Universal Dependencies labels)."""

from __future__ import annotations

import re

from storyline.extract.positions.core import Language

_VERBS = {
    **dict.fromkeys(("предложить", "предлагать", "выдвинуть", "выдвигать", "внести", "представить"), "proposal"),
    **dict.fromkeys(("потребовать", "требовать", "настаивать", "настоять", "призвать", "призывать"), "demand"),
    **dict.fromkeys(("обусловить", "увязать", "увязывать"), "condition"),
    **dict.fromkeys(("пообещать", "обещать", "гарантировать"), "offer"),
    **dict.fromkeys(
        ("согласиться", "соглашаться", "принять", "одобрить", "поддержать", "приветствовать", "подписать"), "acceptance"
    ),
    **dict.fromkeys(("отвергнуть", "отвергать", "отклонить", "отклонять", "отказаться", "отказываться"), "rejection"),
    **dict.fromkeys(("опровергнуть", "опровергать", "отрицать"), "denial"),
    **dict.fromkeys(("выступить", "выступать"), "support"),
    **dict.fromkeys(("возражать", "возразить", "осудить", "осуждать"), "opposition"),
}
_NOUNS = {
    **dict.fromkeys(("предложение", "план", "инициатива", "проект"), "proposal"),
    **dict.fromkeys(("требование", "ультиматум"), "demand"),
    **dict.fromkeys(("условие", "предусловие"), "condition"),
    **dict.fromkeys(("отказ",), "rejection"),
}  # fmt: skip
_NUMBERS = {w: i for i, w in enumerate(
    "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать".split()
)}  # fmt: skip
_NUMBERS |= {"двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "пяти": 5, "шести": 6, "семи": 7, "восьми": 8,
             "девяти": 9, "десяти": 10}  # fmt: skip
_NUMBER = "|".join(["\\d{1,2}", *_NUMBERS])

RUSSIAN = Language(
    verbs=_VERBS,
    phrasal={
        ("выступить", "против"): "opposition",
        ("выступать", "против"): "opposition",
        ("выступить", "за"): "support",
        ("выступать", "за"): "support",
    },
    nouns=_NOUNS,
    ready=frozenset({"готовый", "готов"}),
    stance_adjectives={"против": "opposition"},
    obligations=frozenset({"должен", "должна", "должны", "нужно", "необходимо"}),
    if_words=frozenset({"если"}),
    future=frozenset({"будет", "бы"}),
    commentator=re.compile(
        r"(?:аналитик|обозревател|колумнист|корреспондент|журналист|профессор|исследовател|эксперт"
        r"|политолог|экономист|историк|научный сотрудник)",
        re.I,
    ),
    conditions=re.compile(r"(?:при условии,? что|только если|лишь если|в обмен на|если только)", re.I),
    subject_deps=frozenset({"nsubj", "nsubj:pass", "csubj"}),
    complement_deps=frozenset({"obj", "ccomp", "xcomp", "obl", "iobj"}),
    owner_deps=frozenset({"nmod", "amod", "det"}),
    first_person=frozenset({"мы", "я"}),
    relative=frozenset({"который", "которая", "которые", "что"}),
    third_person=frozenset({"он", "она", "они"}),
    hedges=re.compile(
        r"(?:якобы|по некоторым данным|по данным источник|возможно|может|могут|вероятно|предположительно)", re.I
    ),
    anonymous=re.compile(r"(?:источник|собеседник|на условиях анонимности|осведомлен)", re.I),
    document_nouns=frozenset({"меморандум", "документ", "проект", "план", "письмо", "записка"}),
    reporting=re.compile(
        r"(?P<how>опубликова\w*|сообщи\w*|получи\w*)\s+(?P<who>[А-ЯA-Z][\w-]*(?: [А-ЯA-Z][\w-]*){0,2})"
    ),
    authoring=re.compile(r"(?:подготовлен\w*|составлен\w*|написан\w*)\s+(?P<who>[А-Я][\w-]*(?: [А-Я][\w-]*){0,2})"),
    announce=re.compile(
        rf"(?P<n>{_NUMBER})\s+(?:пункт\w*|шаг\w*|предложени\w*|требовани\w*|услови\w*)"
        rf"|(?P<n2>{_NUMBER})-?пунктн\w*|следующ\w+ (?:пункт|предложени|требовани|услови)\w*",
        re.I,
    ),
    numbers=_NUMBERS,
    ordinal_start=re.compile(r"\s*(?:во-первых|во-вторых|в-третьих|в-четвертых|в-четвёртых|в-пятых|наконец)\b,?", re.I),
    plan_words=re.compile(r"(?:план|меморандум|предложени|пункт|проект|документ|доклад|инициатив)", re.I),
    praise=re.compile(
        r"(?:хорош|лучш|приемлем|историческ|справедлив|позитивн|прорыв|прогресс|важн|конструктивн)", re.I
    ),
    blame=re.compile(
        r"(?:плох|хуже|неприемлем|катастроф|опасн|слаб|унизительн|предательств|капитуляц|ошибк|провал)", re.I
    ),
    deal_words=re.compile(r"(?:сделк|соглашени|договор|переговор|план|предложени|саммит)", re.I),
)
