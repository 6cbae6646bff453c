"""Named mentions of one article, their roles, and the article's own entities.

Per-article and pure: (text, parsed Doc, publication year) in, `Extraction` out, no store.

Mentions come from spaCy's entity recogniser, trimmed of determiners, possessive 's, honorifics
and citation junk ("Vol", "pp."). Within the article they are grouped into *local entities* by
rules, since no coreference model is available offline:

1. a full person name ("Kirill Dmitriev") starts or joins the local entity of a compatible full
   name; a surname alone ("Dmitriev") joins the most recent full name with that surname in the
   article, or the first one after it (a lead that names him fully only later);
2. a single-word mention the model typed as ORG/GPE that equals the surname of a person in the
   article is that person (the model's type error is fixed by the article's own evidence);
3. an acronym joins the organisation it is defined or juxtaposed with: "Russian Central Bank (CBR)",
   "CBR (Central Bank of Russia)", or an organisation in the article whose initials spell it;
4. a title-only noun phrase ("the Russian envoy", "the RDIF head", "the expert") links to the most
   recent person whose role has the same head noun, or — for a generic person noun — to the most
   recent person named outside quotation marks within the last three sentences.

Where the rules stop: pronouns are not resolved here (the quotes stage does it for speakers), a
surname shared by two people in one article goes to the nearest one before it, and plural or
indefinite descriptions ("experts", "an official") are never linked.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from storyline.extract.roles import PERSON_NOUNS, appositive_roles, premodifier_role
from storyline.model import Extraction, LocalEntity, Mention, RoleMention
from storyline.nlp import doc_text
from storyline.resolve.names import (
    acronym_key,
    initials,
    is_acronym,
    name_key,
    person_name,
    same_person,
    surname_key,
)

LABELS = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "NORP": "NORP",
    "EVENT": "EVENT", "LAW": "LAW", "WORK_OF_ART": "WORK", "PRODUCT": "OTHER",
}  # fmt: skip
_JUNK = re.compile(r"(?i)^(?:vol|no|nos|pp?|ibid|op|cit|ed|eds|cf|et al|fig|ch|art|sec)\.?$")
_HONORIFIC = re.compile(r"(?i)^(?:mr|mrs|ms|miss|dr|prof|sir|dame|mister)\.?\s+")
_YEAR = re.compile(r"(?<![\d-])(?:19|20)\d\d(?![\d-])")
_QUOTES = re.compile(r"[“«]|\"")
MAX_LOOKBACK_SENTENCES = 3


def extract_entities(doc: Doc) -> Extraction:
    mentions = _named_mentions(doc)
    groups = _link_names(mentions, doc_text(doc))
    roles: list[RoleMention] = []
    for m in mentions:
        if m.type != "PERSON":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        found = [premodifier_role(span), *appositive_roles(span)]
        for r in found:
            if r is not None:
                roles.append(RoleMention(m.local, _role_text(r.text), r.start_char, r.end_char))
    titles = _title_mentions(doc, mentions, roles)
    for m, role in titles:
        mentions.append(m)
        roles.append(role)
    mentions.sort(key=lambda m: (m.start, m.end))
    entities = _local_entities(doc, mentions, groups)
    return Extraction(mentions, roles, entities)


# --- 1. mentions --------------------------------------------------------------------------------
def _named_mentions(doc: Doc) -> list[Mention]:
    out: list[Mention] = []
    ents = list(doc.ents)
    full = doc_text(doc)
    skip: set[int] = set()
    for k, ent in enumerate(ents):
        if k in skip or ent.label_ not in LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        # "[Kirill] Dmitriev": an editor's bracketed insertion belongs to the name that follows.
        if ent.label_ == "PERSON" and k + 1 < len(ents) and ents[k + 1].label_ == "PERSON":
            gap = full[end : ents[k + 1].start_char]
            if start > 0 and full[start - 1] == "[" and gap.startswith("]") and gap.strip() == "]":
                start, end = start - 1, ents[k + 1].end_char
                skip.add(k + 1)
        if ent.label_ == "PERSON":  # "Explaining Peskov": the model swept a verb into the name
            while start < end and (t := doc.char_span(start, end, alignment_mode="expand")) and t[0].pos_ == "VERB":
                start = t[1].idx if len(t) > 1 else end
        start, end = _trim(full, start, end, ent.label_)
        if end <= start:
            continue
        text = full[start:end]
        if not _plausible(text, ent.label_):
            continue
        kind = "name"
        if ent.label_ == "PERSON" and len(person_name(text).given) == 0:
            kind = "surname"
        elif ent.label_ == "ORG" and is_acronym(text):
            kind = "acronym"
        out.append(Mention(start, end, text, LABELS[ent.label_], kind))
    return out


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    while start < end and text[start] in "|@#*•·>-–—:;,.\"“”'‘’ ":  # scrape debris around names
        start += 1
    while end > start and text[end - 1] in '|*•·…:;,"“”‘ ':
        end -= 1
    span = text[start:end]
    m = re.match(r"(?i)(?:the|a|an)\s+", span)
    if m and label != "WORK_OF_ART":
        start += m.end()
    if label == "PERSON" and (h := _HONORIFIC.match(text[start:end])):
        start += h.end()
    if cite := re.search(r"\.?\[\d*\]?$", text[start:end]):  # "Burns.[5]": a footnote marker
        end = start + cite.start()
    tail = re.search(r"\s*['’]s?$", text[start:end])
    if tail and (tail.group().strip() in ("'s", "’s") or label != "PERSON"):
        end = start + tail.start()
    while end > start and text[end - 1] in ".,;:–—-" and not re.search(r"\b[A-Z]\.$", text[start:end]):
        end -= 1
    return start, end


def _plausible(text: str, label: str) -> bool:
    if "\n" in text or len(text) < 2 or not re.search(r"[^\W\d_]", text) or _JUNK.match(text):
        return False
    if label == "PERSON":
        tokens = re.sub(r"[\[\]]", "", text).split()
        if len(tokens) > 5 or re.fullmatch(r"(?i)(?:jr|sr|ii|iii|iv|esq|phd)\.?", text.strip()):
            return False  # a name suffix split off by the model ("... Holton Jr.") is no person
        # every word of a name is capitalised, bar particles (van, de, al-...)
        return all(t[0].isupper() or t.lower() in ("van", "de", "der", "von", "al", "bin", "da", "di") for t in tokens)
    return True


# --- 2. linking inside the article ----------------------------------------------------------
def _link_names(mentions: list[Mention], text: str) -> list[list[Mention]]:
    """Assign `local` group numbers; returns the groups of named mentions."""
    groups: list[list[Mention]] = []
    for m in mentions:  # rule 1: full names
        if m.type == "PERSON" and m.kind == "name":
            target = next((g for g in groups if any(same_person(x.name, m.name) for x in g)), None)
            if target is None:
                groups.append([m])
            else:
                target.append(m)
    full_groups = list(groups)
    for m in mentions:  # rule 1: surnames alone
        if m.type == "PERSON" and m.kind == "surname":
            target = _group_for_single_name(m, full_groups) or _group_for_single_name(m, groups)
            if target is None:
                groups.append([m])
            else:
                target.append(m)
    for m in mentions:  # rule 2: one-word names the model mistyped (not places: Washington, Jackson)
        if m.type in ("ORG", "NORP", "OTHER", "WORK", "EVENT") and m.kind != "acronym" and " " not in m.name:
            target = _group_for_single_name(m, groups, by_given=False)
            if target is not None:
                m.type, m.kind = "PERSON", "surname"
                target.append(m)
    _link_other_names(mentions, groups, text)
    for i, g in enumerate(groups):
        for m in g:
            m.local = i
    return groups


def _group_for_single_name(m: Mention, groups: list[list[Mention]], by_given: bool = True) -> list[Mention] | None:
    """The person group a one-word name refers to: the nearest one before it with that surname,
    else the first after it; failing that (by_given), a full name whose first word it is ("Xi"
    for "Xi Jinping": name order differs across languages)."""
    keys = surname_key(m.name)
    persons = [g for g in groups if g and g[0].type == "PERSON"]
    hits = [g for g in persons if _surnames(g) & keys]
    if not hits and by_given:
        hits = [g for g in persons if any(x.kind == "name" and x.name.split()[0] == m.name for x in g)]
    if not hits:
        return None
    before = [g for g in hits if min(x.start for x in g) < m.start]
    if before:
        return max(before, key=lambda g: max(x.start for x in g if x.start < m.start))
    return min(hits, key=lambda g: min(x.start for x in g))


def _surnames(group: list[Mention]) -> frozenset[str]:
    keys: frozenset[str] = frozenset()
    for m in group:
        keys |= surname_key(person_name(m.name).surname)
    return keys


def _link_other_names(mentions: list[Mention], groups: list[list[Mention]], text: str) -> None:
    by_key: dict[tuple[str, str], list[Mention]] = {}
    others = [m for m in mentions if m.type != "PERSON"]
    for m in others:
        if m.kind == "acronym":
            continue
        key = (m.type, name_key(m.name))
        if key not in by_key:
            by_key[key] = []
            groups.append(by_key[key])
        by_key[key].append(m)
    acronyms = [m for m in others if m.kind == "acronym"]
    defined: dict[str, list[Mention]] = {}  # an acronym defined once stands for the same body throughout
    for m in acronyms:
        acr = acronym_key(m.name)
        if acr not in defined and (target := _acronym_target(m, others, by_key, text)) is not None:
            defined[acr] = target
    for m in acronyms:
        acr = acronym_key(m.name)
        if acr not in defined:
            defined[acr] = []
            groups.append(defined[acr])
        defined[acr].append(m)


_PAREN_AFTER = re.compile(r"\s*\(\S")  # the name, optional space, "(", then the other form


def _acronym_target(
    m: Mention, others: list[Mention], by_key: dict[tuple[str, str], list[Mention]], text: str
) -> list[Mention] | None:
    """The organisation an acronym is defined by or juxtaposed with in this article."""
    acr = acronym_key(m.name)
    orgs = [o for o in others if o.type == "ORG" and o.kind != "acronym"]
    for o in orgs:
        # a definition in parentheses: "Russian Central Bank (CBR)" or "CBR (Central Bank of Russia)"
        if _PAREN_AFTER.fullmatch(text[o.end : m.start + 1] if o.end <= m.start else "") or _PAREN_AFTER.fullmatch(
            text[m.end : o.start + 1] if m.end <= o.start else ""
        ):
            return by_key[(o.type, name_key(o.name))]
    matches = {name_key(o.name) for o in orgs if initials(o.name) == acr}
    if len(matches) == 1:
        return by_key[("ORG", matches.pop())]
    return None


# --- 3. title-only mentions -------------------------------------------------------------------
def _title_mentions(doc: Doc, mentions: list[Mention], roles: list[RoleMention]) -> list[tuple[Mention, RoleMention]]:
    role_spans = [(r.start, r.end) for r in roles]
    role_words: list[tuple[int, set[str], str, int]] = []  # (position, words, head lemma, local)
    for r in roles:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is not None:
            words = {t.lower_ for t in span if t.is_alpha} | {t.lemma_.lower() for t in span if t.is_alpha}
            role_words.append((r.start, words, span.root.lemma_.lower(), r.local))
    people = sorted((m for m in mentions if m.type == "PERSON"), key=lambda m: m.start)
    quoted = quoted_regions(doc_text(doc))
    out: list[tuple[Mention, RoleMention]] = []
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS") or tok.ent_type_ == "PERSON":
            continue
        det = [c for c in tok.children if c.dep_ == "det" and c.lower_ == "the" and c.i < tok.i]
        if not det:
            continue
        lemma = tok.lemma_.lower()
        end_tok = tok.i + 1
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1]
        if of:
            end_tok = max(t.i for t in of[0].subtree) + 1
        span = doc[det[0].i : end_tok]
        if any(t.ent_type_ == "PERSON" for t in span) or _overlaps(span, role_spans) or _names_follow(doc, span):
            continue
        modifiers = {t.lower_ for t in doc[det[0].i + 1 : tok.i] if t.is_alpha}
        # rule 4a: a role seen earlier with the same head noun and every modifier of this phrase
        same = [
            loc for p, words, head, loc in role_words if p < span.start_char and head == lemma and modifiers <= words
        ]
        if same:
            local: int | None = same[-1]
        elif lemma in PERSON_NOUNS and not any(t.ent_type_ in ("NORP", "GPE") for t in span):
            # rule 4b: a generic description, when exactly one person is in view
            local = _only_recent_person(doc, people, span, quoted)
        else:
            local = None
        if local is None:
            continue
        role_span = doc[det[0].i + 1 : end_tok]
        m = Mention(span.start_char, span.end_char, span.text, "PERSON", "title", local)
        out.append((m, RoleMention(local, _role_text(role_span.text), role_span.start_char, role_span.end_char)))
    return out


def _overlaps(span: Span, spans: list[tuple[int, int]]) -> bool:
    return any(a < span.end_char and span.start_char < b for a, b in spans)


def _names_follow(doc: Doc, span: Span) -> bool:
    """'the US Special Representative for Ukraine Keith Kellogg': the phrase is a premodifier."""
    after = doc[span.end : min(len(doc), span.end + 8)]
    for t in after:
        if t.ent_type_ == "PERSON":
            return True
        if t.is_punct or t.pos_ == "VERB":
            return False
    return False


def _only_recent_person(doc: Doc, people: list[Mention], span: Span, quoted: list[tuple[int, int]]) -> int | None:
    """The one person named (outside quotes) in the last few sentences, if there is exactly one."""
    sents = list(doc.sents)
    idx = next((i for i, s in enumerate(sents) if s.start <= span.start < s.end), 0)
    floor = sents[max(0, idx - MAX_LOOKBACK_SENTENCES)].start_char
    seen = {
        m.local
        for m in people
        if floor <= m.start < span.start_char and m.local >= 0 and not any(a <= m.start < b for a, b in quoted)
    }
    return seen.pop() if len(seen) == 1 else None


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, where a name or an event belongs to the quoted speaker."""
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]{1,3000}”|«[^»]{1,3000}»|\"[^\"\n]{1,3000}\"", text)]


def _role_text(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,;")


# --- 4. the article's entities ---------------------------------------------------------------
def _local_entities(doc: Doc, mentions: list[Mention], groups: list[list[Mention]]) -> list[LocalEntity]:
    out: list[LocalEntity] = []
    for i, _g in enumerate(groups):
        members = [m for m in mentions if m.local == i and m.kind != "title"]
        if not members:
            continue
        out.append(local_entity(i, members, [m.name for m in members], [_sentence(doc, m) for m in members]))
    return out


def local_entity(local: int, members: list[Mention], names: list[str], sentences: list[str]) -> LocalEntity:
    """The article's entity from its mentions: the type most of them have (a person on a tie), the
    fullest and then most frequent name, and the span of years named in their sentences."""
    types = [m.type for m in members]
    typ = max(set(types), key=lambda t: (types.count(t), t == "PERSON"))
    best = max(names, key=lambda n: (len(n.split()), names.count(n), n))
    years = [int(y) for s in sentences for y in _YEAR.findall(s)]
    return LocalEntity(local, typ, best, (min(years), max(years)) if years else None)


def _sentence(doc: Doc, m: Mention) -> str:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.sent.text if span is not None else ""
