"""Named mentions of one Russian article, their roles, and the article's own entities.

Per-article and pure, like `mentions` for English: a `RussianDoc` (natasha's parse) in,
`Extraction` out. Russian inflects names (Стив Уиткофф, Стива Уиткоффа, со Стивом Уиткоффом), so
every mention carries its nominative form (`Mention.normal`, from natasha's morphology-driven
normaliser); entities are grouped and named by those forms, never by the inflected text.

Rules, as in English where the language allows:
1. a full person name starts or joins the local entity of a compatible full name (`same_person`
   on nominative forms); a surname alone joins the most recent full name with that surname, or
   the first one after it;
2. a one-word ORG/LOC mention equal to the surname of a person in the article is that person;
3. an acronym (МИД, РФПИ) stays its own entity unless the article spells the organisation whose
   initials it is;
4. a role is the noun phrase the name stands in apposition to ("специальный посланник президента
   США Стив Уиткофф" -> "специальный посланник президента США"), read off the dependency tree.

The tagger's LOC covers countries and cities as well as rivers and regions; a LOC that the
gazetteer knows as a city or country is typed GPE so it meets English places of that type.
Datelines in capitals ("МОСКВА, 27 февраля. /ТАСС/.") are title-cased. Title-only mentions
("пресс-секретарь Кремля" without a name) are not linked to people in Russian.
"""

from __future__ import annotations

import re

from storyline.extract.mentions import local_entity
from storyline.lexicon.names import initials, is_acronym, person_name, same_person, surname_key
from storyline.lexicon.places import canonical_place
from storyline.model import Extraction, LocalEntity, Mention, RoleMention
from storyline.nlp import RuSpan, RussianDoc

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# Nouns that make a noun phrase a role when a name stands in apposition to it; the dependency
# tree finds the apposition, this only keeps out places and things ("в городе Москве").
_ROLE_HEADS = re.compile(
    r"^(?:президент|премьер|министр|глава|руководител|председател|посланник|спецпосланник|посол|помощник|"
    r"советник|пресс-секретар|представител|секретар|директор|генеральн|генсек|канцлер|лидер|депутат|сенатор|"
    r"губернатор|мэр|заместител|замглав|вице|командующ|начальник|главнокомандующ|прокурор|судья|эксперт|"
    r"аналитик|политолог|экономист|журналист|корреспондент|основател|владел|участник|переговорщик|делегат|"
    r"координатор|спикер|официальн|чиновник|дипломат|генерал|адмирал|полковник|король|принц|шейх|эмир|"
    r"патриарх|бизнесмен|предприниматель|ученый|учёный|автор|глав)"
)


def extract_entities_ru(doc: RussianDoc) -> Extraction:
    mentions = [m for s in _joined_organisations(doc) for m in _mentions(s)]
    groups = _link(mentions)
    for i, group in enumerate(groups):
        for m in group:
            m.local = i
    roles = [r for m in mentions if m.type == "PERSON" and (r := _role(doc, m)) is not None]
    entities = _local_entities(doc, mentions, groups)
    return Extraction(mentions, roles, entities)


def _joined_organisations(doc: RussianDoc) -> list[RuSpan]:
    """An organisation named with its country or city in the genitive is one name: the tagger
    splits "Министерства обороны России" into ORG + LOC (15 of 25 ORG misses on our annotated
    sample, bench/ner_ru.py); the reader, and the gold convention, want "Министерство обороны России"."""
    out: list[RuSpan] = []
    for span in doc.spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "ORG"
            and span.type == "LOC"
            and not doc.text[prev.end : span.start].strip()
            and span.tokens
            and doc.tokens[span.tokens[0]].feats.get("Case") == "Gen"
        ):
            out[-1] = RuSpan(prev.start, span.end, "ORG", doc.text[prev.start : span.end],
                             f"{prev.normal} {span.text}", prev.tokens + span.tokens)  # fmt: skip
            continue
        out.append(span)
    return out


_DEFINED_ACRONYM = re.compile(r"^(?P<body>.+?)\s*\((?P<acr>[A-ZА-ЯЁ]{2,7})\)$")


def _mentions(span: RuSpan) -> list[Mention]:
    """The span as mentions: "Российского фонда прямых инвестиций (РФПИ)" is the name and its acronym."""
    if m := _DEFINED_ACRONYM.match(span.text):
        body = m.group("body")
        normal = _DEFINED_ACRONYM.match(span.normal)
        out = [_mention(span.start, span.start + len(body), body, normal.group("body") if normal else body, span.type)]
        out.append(
            _mention(span.start + m.start("acr"), span.start + m.end("acr"), m.group("acr"), m.group("acr"), "ORG")
        )
        return [x for x in out if x is not None]
    one = _mention(span.start, span.end, span.text, span.normal, span.type)
    return [one] if one is not None else []


def _mention(start: int, end: int, text: str, normal: str, label: str) -> Mention | None:
    if len(text.strip()) < 2 or not re.search(r"[^\W\d_]", text):
        return None
    normal = " ".join(normal.split())
    typ = LABELS.get(label, "OTHER")
    if normal.isupper() and len(normal) > 3 and canonical_place(normal):
        # a dateline in capitals (МОСКВА, АДДИС-АБЕБА): a place, whatever type the tagger gave it
        normal = "-".join(w.capitalize() for w in normal.split("-"))
        typ = "LOC"
    if typ == "LOC" and canonical_place(normal):
        typ = "GPE"
    if typ == "PERSON":
        kind = "name" if len(normal.split()) > 1 else "surname"
    else:
        kind = "acronym" if is_acronym(normal) else "name"
    return Mention(start, end, text, typ, kind, normal=normal)


def _link(mentions: list[Mention]) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    people: list[list[Mention]] = []
    by_name: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:  # full names first
        if m.type != "PERSON" or m.kind != "name":
            continue
        group = next((g for g in reversed(people) if same_person(g[0].normal or "", m.normal or "")), None)
        if group is None:
            group = []
            people.append(group)
            groups.append(group)
        group.append(m)
    by_surname: dict[str, list[list[Mention]]] = {}
    for g in people:
        for k in {k for x in g for k in surname_key(person_name(x.normal or "").surname)}:
            by_surname.setdefault(k, []).append(g)
    for m in mentions:
        if m.type == "PERSON" and m.kind == "name":
            continue
        target = _person_for_word(m, by_surname) if len(m.normal.split()) == 1 else None
        if target is not None:
            target.append(m)
            if m.type != "PERSON":
                m.type = "PERSON"
            continue
        key = ("PERSON" if m.type == "PERSON" else m.type, m.normal.lower())
        if key not in by_name:
            by_name[key] = []
            groups.append(by_name[key])
        by_name[key].append(m)
    _join_acronyms(groups)
    return [g for g in groups if g]


def _person_for_word(m: Mention, by_surname: dict[str, list[list[Mention]]]) -> list[Mention] | None:
    """The person a lone surname (or a mistyped one-word ORG/LOC) names: the most recently named
    person with that surname before it, else the first one after it."""
    matching = list({id(g): g for k in surname_key(m.normal or "") for g in by_surname.get(k, ())}.values())
    if not matching:
        return None
    if m.type != "PERSON" and canonical_place(m.normal):
        return None  # a surname that is also a place name: keep the tagger's reading
    before = [g for g in matching if min(x.start for x in g) < m.start]
    if before:
        return max(before, key=lambda g: max(x.start for x in g if x.start < m.start))
    return min(matching, key=lambda g: min(x.start for x in g))


def _join_acronyms(groups: list[list[Mention]]) -> None:
    """An acronym joins the one organisation of the article whose initials spell it."""
    orgs = [g for g in groups if g and g[0].type == "ORG" and g[0].kind != "acronym"]
    for g in groups:
        if not g or g[0].kind != "acronym" or g[0].type != "ORG":
            continue
        bodies = [o for o in orgs if initials(o[0].normal) == g[0].normal.replace(".", "").upper()]
        if len(bodies) == 1:
            bodies[0].extend(g)
            g.clear()


def _role(doc: RussianDoc, m: Mention) -> RoleMention | None:
    """The noun phrase the name is in apposition to: its head noun governs the name."""
    idx = doc.tokens_in(m.start, m.end)
    if not idx:
        return None
    head_tok = next((i for i in idx if doc.tokens[i].head not in idx), idx[0])
    tok = doc.tokens[head_tok]
    if tok.rel != "appos" or tok.head < 0:
        return None
    head = doc.tokens[tok.head]
    if head.pos != "NOUN" or not _ROLE_HEADS.match(head.lemma):
        return None
    subtree = doc.subtree(tok.head) - doc.subtree(head_tok)
    words = sorted(i for i in subtree if i < head_tok and doc.tokens[i].rel not in ("case", "punct", "cc"))
    if not words or words[-1] < tok.head:
        return None
    lo, hi = words[0], words[-1]
    # the role in the nominative: its head noun and the adjectives agreeing with it take their lemma
    # ("с главой" -> "глава", "специального посланника" -> "специальный посланник"); dependents
    # keep their case, as they would in the nominative phrase ("глава Российского фонда")
    parts = []
    for i in range(lo, hi + 1):
        t = doc.tokens[i]
        if i not in subtree:
            continue
        word = t.lemma if i == tok.head or (t.head == tok.head and t.rel == "amod") else t.text
        parts.append(word + doc.text[t.end : doc.tokens[i + 1].start] if i < hi else word)
    text = re.sub(r"\s*\([^)]*\)?$", "", "".join(parts)).strip(" ,—–-")  # no trailing "(РФПИ)"
    start, end = doc.tokens[lo].start, doc.tokens[hi].end
    if not text or end > m.start:
        return None
    return RoleMention(m.local, text, start, end)


def _local_entities(doc: RussianDoc, mentions: list[Mention], groups: list[list[Mention]]) -> list[LocalEntity]:
    return [
        local_entity(i, members, [m.normal or m.name for m in members], [_sentence(doc, m) for m in members])
        for i, members in enumerate(groups)
    ]


def _sentence(doc: RussianDoc, m: Mention) -> str:
    s, e = doc.sents[doc.sentence_of(m.start)] if doc.sents else (0, len(doc.text))
    return doc.text[s:e]
