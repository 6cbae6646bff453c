"""Russian: what the mentions algorithm (core.py) needs to know about Russian text and natasha's tagger.

Read from the spaCy Doc that `nlp.russian_spacy` builds from natasha's parse. Russian inflects
names (Стив Уиткофф, Стива Уиткоффа, со Стивом Уиткоффом), so every mention carries its nominative
form (natasha's morphology-driven normaliser, `span._.normal`) and entities are grouped and named
by it. What else differs from English:
- the tagger splits an organisation named with its country or city in the genitive ("Министерства
  обороны России" -> ORG + LOC: 15 of 25 ORG misses on our annotated sample, bench/ner_ru.py): the
  two are joined again, as the reader and the gold convention want;
- it tags "Российского фонда прямых инвестиций (РФПИ)" as one name: split into the name and its acronym;
- its LOC covers countries and cities as well as rivers and regions: a LOC the gazetteer knows is
  typed GPE so that it meets English places of that type, and a dateline in capitals
  ("МОСКВА, 27 февраля. /ТАСС/.") is title-cased and made a place;
- a role is the noun phrase a name stands in apposition to ("специальный посланник президента США
  Стив Уиткофф"), read off the dependency tree and put in the nominative;
- title-only mentions ("пресс-секретарь Кремля" without a name) are not linked to people.
"""

from __future__ import annotations

import re

from spacy.attrs import HEAD, IS_SPACE
from spacy.tokens import Doc, Span, Token

from storyline.extract.mentions.core import Found, Language, Linking, extract, form
from storyline.lexicon.places import canonical_place
from storyline.lexicon.roles import ROLE_STEMS_RU
from storyline.model import Extraction, Mention
from storyline.nlp import doc_text

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# the dependency tree finds the apposition; its head noun makes it a role, not a place or a thing
_ROLE_HEAD = re.compile("^(?:" + "|".join(ROLE_STEMS_RU) + ")")
_CHILDREN = "storyline.mentions.children"  # doc.user_data: each token's dependents
_DEFINED_ACRONYM = re.compile(r"^(?P<body>.+?)\s*\((?P<acr>[A-ZА-ЯЁ]{2,7})\)$")


def extract_entities_ru(doc: Doc) -> Extraction:
    return extract(doc, RUSSIAN)


def _joins(prev: Found, ent: Span, text: str) -> Found | None:
    """An organisation and its country or city in the genitive ("Министерства обороны" + "России")."""
    if prev.label != "ORG" or ent.label_ != "LOC" or text[prev.end : ent.start_char].strip():
        return None
    return (
        Found(prev.start, ent.end_char, "ORG", f"{prev.normal} {ent.text}")
        if ent[0].morph.get("Case") == ["Gen"]
        else None
    )


def _pieces(doc: Doc, text: str, found: Found) -> list[Found]:
    """ "Российского фонда прямых инвестиций (РФПИ)" is the name and its acronym."""
    m = _DEFINED_ACRONYM.match(text[found.start : found.end])
    if not m:
        return [found]
    body = m.group("body")
    normal = _DEFINED_ACRONYM.match(found.normal or "")
    return [
        Found(found.start, found.start + len(body), found.label, normal.group("body") if normal else body),
        Found(found.start + m.start("acr"), found.start + m.end("acr"), "ORG", m.group("acr")),
    ]


def _retype(typ: str, normal: str) -> tuple[str, str]:
    if normal.isupper() and len(normal) > 3 and canonical_place(normal):
        # a dateline in capitals (МОСКВА, АДДИС-АБЕБА): a place, whatever type the tagger gave it
        normal = "-".join(w.capitalize() for w in normal.split("-"))
        typ = "LOC"
    if typ == "LOC" and canonical_place(normal):
        typ = "GPE"
    return typ, normal


def _roles(doc: Doc, m: Mention) -> list[tuple[str, int, int]]:
    """The noun phrase the name is in apposition to: its head noun governs the name."""
    span = doc.char_span(m.start, m.end, alignment_mode="contract")
    idx = [t.i for t in span if not t.is_space] if span is not None else []
    if not idx:
        return []
    inside = set(idx)
    name = next((doc[i] for i in idx if doc[i].head.i == i or doc[i].head.i not in inside), doc[idx[0]])
    head = name.head
    if name.dep_ != "appos" or head.i == name.i or head.pos_ != "NOUN" or not _ROLE_HEAD.match(head.lemma_):
        return []
    subtree = _subtree(head) - _subtree(name)
    words = sorted(i for i in subtree if i < name.i and doc[i].dep_ not in ("case", "punct", "cc"))
    if not words or words[-1] < head.i:
        return []
    lo, hi = words[0], words[-1]
    # the role in the nominative: its head noun and the adjectives agreeing with it take their lemma
    # ("с главой" -> "глава", "специального посланника" -> "специальный посланник"); dependents
    # keep their case, as they would in the nominative phrase ("глава Российского фонда")
    text = doc_text(doc)
    parts = []
    for i in range(lo, hi + 1):
        if i not in subtree:
            continue
        t = doc[i]
        word = t.lemma_ if i == head.i or (t.head.i == head.i and t.dep_ == "amod") else t.text
        if i < hi:
            after = i + 2 if doc[i + 1].is_space else i + 1  # the next word, past a run of spaces
            word += text[t.idx + len(t.text) : doc[after].idx]
        parts.append(word)
    role = re.sub(r"\s*\([^)]*\)?$", "", "".join(parts)).strip(" ,—–-")  # no trailing "(РФПИ)"
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    return [(role, start, end)] if role and end <= m.start else []


def _subtree(t: Token) -> set[int]:
    """A word and every word that depends on it, runs of spaces (which lean on the word before them)
    left out. Walked over our own index of dependents, not spaCy's `Token.subtree`: natasha's trees
    are not always projective, and spaCy's walk, which assumes they are, can then miss words or
    never end (it does on factru-dev texts)."""
    doc = t.doc
    children = doc.user_data.get(_CHILDREN)
    if children is None:  # read from the Doc's arrays: making a Token of every word costs more than the walk
        heads, spaces = doc.to_array([HEAD, IS_SPACE]).astype("int64").T.tolist()  # heads relative to the word
        children = [[] for _ in range(len(doc))]
        for i, (offset, space) in enumerate(zip(heads, spaces, strict=True)):
            if offset and not space:
                children[i + offset].append(i)
        doc.user_data[_CHILDREN] = children
    out, todo = {t.i}, [t.i]
    while todo:
        for c in children[todo.pop()]:
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _may_be_surname(m: Mention) -> bool:
    name = form(m)
    return len(name.split()) == 1 and not canonical_place(name)  # a surname that is also a place stays a place


RUSSIAN = Language(
    labels=LABELS,
    normal=lambda ent: ent._.normal,
    joins=_joins,
    pieces=_pieces,
    plausible=lambda text, label: True,
    retype=_retype,
    is_surname=lambda name: len(name.split()) < 2,
    acronym_types=frozenset({"ORG", "LOC", "GPE"}),
    roles=_roles,
    descriptions=None,
    linking=Linking(
        by_given=False,
        lone_groups=False,
        may_be_surname=_may_be_surname,
        retype_kind=False,
        parentheses=False,
        order={"full": 0, "lone": 1, "named": 1, "acronym": 1},
    ),
)
