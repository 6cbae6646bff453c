"""Russian: what the mentions algorithm (core.py) needs to know about Russian text and natasha's tagger.

Read from the spaCy Doc that `nlp.russian_spacy` builds from natasha's parse. Russian inflects
names (Стив Уиткофф, Стива Уиткоффа, со Стивом Уиткоффом), so every mention carries its nominative
form (natasha's morphology-driven normaliser, `span._.normal`) and entities are grouped and named
by it.

Every name natasha's tagger finds stays a mention: these rules change a name's extent or type or
add mentions, and none drops one (core.py's own refusals aside: a piece under two characters or
without a letter, such as a bare number, is no name). bench/factru.py counts the names lost. The rules,
by the name the code gives them:
- "genitive": the tagger splits a name that takes another name in the genitive ("Министерства
  обороны России" -> ORG + LOC: 15 of 25 ORG misses on our annotated sample, bench/ner_ru.py;
  "Генеральной ассамблеи" + "ООН"; "Ленинского района" + "Новосибирска"): the two are joined,
  as the reader and both gold conventions want. An organisation joins its country or city at once;
  two organisations or two places only where the dependency tree makes the second depend on the
  first, and never across a line break.
- "kept inside": the names so joined stay mentions of their own ("России", "ООН"), so a
  country named inside an organisation's name is still a mention of that country (it used to
  vanish: "США", "России", "Франции" in running text);
- "one name per line": the tagger runs a name over a line break or a list mark ("Перу • Боливия",
  "Казань\n\nВсе"), and, for people and places, over a comma ("Кучеров, Малкин"): each part that
  has a noun, proper noun or adjective is a mention of its own;
- "trimmed": punctuation at a name's edges and a bracket or quotation mark whose partner is not in
  the name ("РПЦ)", "Перу •") are not part of it;
- "parentheses": "Джон Уолтерс (John Walters)", "Российский фонд прямых инвестиций (РФПИ)" are two
  mentions, the name and what the parentheses give: its spelling in another script (same type), an
  acronym (an organisation), a place the gazetteer knows (a place);
- "places by name": the tagger's LOC covers countries and cities as well as rivers and regions: a
  LOC the gazetteer knows is typed GPE so that it meets English places of that type; a dateline in
  capitals ("МОСКВА, 27 февраля. /ТАСС/.") is title-cased and made a place; a "person" whose name is
  a country's ("Шри Ланка", "Гватемала", tagged so in lists) is that country.
Besides, a role is the noun phrase a name stands in apposition to ("специальный посланник президента
США Стив Уиткофф"), read off the dependency tree and put in the nominative, and title-only mentions
("пресс-секретарь Кремля" without a name) are not linked to people.
"""

from __future__ import annotations

import re

from spacy.attrs import HEAD, IS_SPACE
from spacy.tokens import Doc, Span, Token

from storyline.extract.mentions.core import Found, Language, Linking, extract, form
from storyline.lexicon.places import canonical_place, is_country
from storyline.lexicon.roles import ROLE_STEMS_RU
from storyline.model import Extraction, Mention
from storyline.nlp import doc_text

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# the dependency tree finds the apposition; its head noun makes it a role, not a place or a thing
_ROLE_HEAD = re.compile("^(?:" + "|".join(ROLE_STEMS_RU) + ")")
_CHILDREN = "storyline.mentions.children"  # doc.user_data: each token's dependents
_LETTER = re.compile(r"[^\W\d_]")
_BREAK = re.compile(r"\s*(?:[\n\r•·▪|;]\s*)+")  # rule "one name per line": what no name runs over
_LIST = re.compile(r"\s*(?:[\n\r•·▪|;,]\s*)+")  # ... nor, for people and places, a comma
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
_EDGE = " \t,;:•·▪|–—-"  # rule "trimmed": never at a name's edge
_PAIRS = {"(": ")", "«": "»", "„": "“", "“": "”", '"': '"'}  # opening mark -> its closing mark
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_PAREN = re.compile(r"^(?P<body>[^()]*?)\s*\((?P<inner>[^()]+)\)?$")  # the tagger may stop before the ")"
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,7}(?:\s+[A-ZА-ЯЁ]{2,7})*$")


def extract_entities_ru(doc: Doc) -> Extraction:
    return extract(doc, RUSSIAN)


def _joins(prev: Found, ent: Span, text: str) -> Found | None:
    """Rule "genitive": a name and the name in the genitive after it are one name."""
    between = text[prev.end : ent.start_char]
    if between.strip() or "\n" in between or ent[0].morph.get("Case") != ["Gen"]:
        return None
    if (prev.label, ent.label_) in (("ORG", "ORG"), ("LOC", "LOC")):
        if not _depends(ent, prev):
            return None
    elif (prev.label, ent.label_) != ("ORG", "LOC"):
        return None
    return Found(prev.start, ent.end_char, prev.label, f"{prev.normal} {ent.text}")


def _depends(ent: Span, on: Found) -> bool:
    """The name's head word (the one whose head is outside it) depends on a word of `on`, and `on` is
    a descriptive name ("Исполнительного комитета" + "Международного олимпийского комитета",
    "Ленинского района" + "Новосибирска": several words, or a common noun): a proper name of one word
    ("Газпрома", "Москвы") takes no other name in the genitive, so "Газпрома Лукойла" (a list that
    lost its comma) stays two. Read word by word, not by `Span.root`, which natasha's
    non-projective trees can send out of bounds."""
    heads = [t.head for t in ent if not t.is_space and not ent.start <= t.head.i < ent.end]
    if not heads or not on.start <= heads[0].idx < on.end:
        return False
    words = ent.doc.char_span(on.start, on.end, alignment_mode="expand")
    return heads[0].pos_ == "NOUN" or (words is not None and sum(not t.is_space for t in words) > 1)


def _pieces(doc: Doc, text: str, found: Found) -> list[Found]:
    """The mentions in one name as the tagger (and `_joins`) gave it: the name itself and the names
    joined into it, each cut at line breaks and list marks, trimmed, and split at a parenthesis."""
    out: dict[tuple[int, int], Found] = {}  # one mention a span: an "(ACR)" after a joined name comes twice
    for f in [found, *_inner(doc, text, found)]:
        for part in _split(doc, f, _LIST if f.label in ("PER", "LOC") else _BREAK, text):
            for p in _parenthesised(_trimmed(part, text), text):
                if p.end > p.start:
                    out.setdefault((p.start, p.end), p)
    return list(out.values())


def _inner(doc: Doc, text: str, found: Found) -> list[Found]:
    """Rule "kept inside": the names `_joins` took into this one, each a mention of its own; an inner
    organisation keeps the names after it, which depend on it ("Международного олимпийского комитета
    России")."""
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    ents = [e for e in span.ents if e.start_char > found.start] if span is not None else []
    out = []
    for e in ents:
        end = ents[-1].end_char if e.label_ == "ORG" else e.end_char
        out.append(Found(e.start_char, end, e.label_, f"{e._.normal}{text[e.end_char : end]}"))
    return out


def _split(doc: Doc, found: Found, sep: re.Pattern[str], text: str) -> list[Found]:
    """Rule "one name per line": the parts of a name between separators (not those inside quotation
    marks: "«Рога, копыта»"), each with its part of the nominative form where the form splits alike."""
    piece = text[found.start : found.end]
    cuts = [m for m in sep.finditer(piece) if not _inside_quotes(piece, m.start())]
    if not cuts:
        return [found]
    bounds: list[tuple[int, int]] = []
    at = 0
    for m in cuts:
        bounds.append((at, m.start()))
        at = m.end()
    bounds.append((at, len(piece)))
    bounds = [(a, b) for a, b in bounds if b > a]
    normals = [n for n in sep.split(found.normal or "") if n]
    if len(normals) != len(bounds):
        normals = [piece[a:b] for a, b in bounds]
    return [
        Found(found.start + a, found.start + b, found.label, n)
        for (a, b), n in zip(bounds, normals, strict=True)
        if len(bounds) == 1 or _has_name_word(doc, found.start + a, found.start + b)
    ]


def _has_name_word(doc: Doc, start: int, end: int) -> bool:
    """A part cut from a name is a name if it has a noun, a proper noun or an adjective ("Все" is not)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ in _NAME_POS for t in span)


def _inside_quotes(piece: str, at: int) -> bool:
    before = piece[:at]
    if before.count('"') % 2:
        return True
    return any(before.count(o) > before.count(c) for o, c in _PAIRS.items() if o not in '("')


def _trimmed(found: Found, text: str) -> Found:
    """Rule "trimmed": the name without punctuation or unpaired marks at its edges."""
    start, end = found.start, found.end
    normal = found.normal or text[start:end]
    while start < end:
        piece = text[start:end]
        if _loose(piece[0], piece[1:], _PAIRS):
            start += 1
            normal = normal[1:] if normal[:1] == piece[0] else normal
        elif _loose(piece[-1], piece[:-1], _CLOSERS):
            end -= 1
            normal = normal[:-1] if normal[-1:] == piece[-1] else normal
        else:
            break
    return Found(start, end, found.label, normal.strip(_EDGE) or text[start:end])


def _loose(mark: str, rest: str, partners: dict[str, str]) -> bool:
    """Punctuation, or a bracket or quotation mark at this edge of a name whose partner (looked up
    in `partners`: the closing mark of an opening one at the start, and the reverse at the end) is
    not in the rest of the name."""
    if mark in _EDGE:
        return True
    if mark in partners:
        return partners[mark] not in rest
    return mark in _PAIRS or mark in _CLOSERS  # a closing mark at the start, an opening one at the end


def _parenthesised(found: Found, text: str) -> list[Found]:
    """Rule "parentheses": the name, and what the parentheses after it give as a mention of its own."""
    m = _PAREN.match(text[found.start : found.end])
    if not m or not _LETTER.search(m.group("body")):
        return [found]
    body, inner = m.group("body"), m.group("inner").strip()
    normal = _PAREN.match(found.normal or "")
    at = found.start + m.start("inner") + len(m.group("inner")) - len(m.group("inner").lstrip())
    if canonical_place(inner):
        label = "LOC"
    elif _ACRONYM.match(inner):
        label = "ORG"
    else:
        label = found.label
    return [
        Found(found.start, found.start + len(body), found.label, normal.group("body") if normal else body),
        Found(at, at + len(inner), label, inner),
    ]


def _retype(typ: str, normal: str) -> tuple[str, str]:
    """Rule "places by name"."""
    if normal.isupper() and len(normal) > 3 and canonical_place(normal):
        # a dateline in capitals (МОСКВА, АДДИС-АБЕБА): a place, whatever type the tagger gave it
        normal = "-".join(w.capitalize() for w in normal.split("-"))
        typ = "LOC"
    place = canonical_place(normal)
    if place is not None and (typ == "LOC" or (typ == "PERSON" and is_country(place))):
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
