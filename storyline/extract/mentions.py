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
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from itertools import pairwise

from spacy.tokens import Doc, Span

from storyline.extract.roles import PERSON_NOUNS, appositive_roles, premodifier_role
from storyline.extract.spans import Regions, quoted_regions
from storyline.lexicon.names import (
    SurnameIndex,
    acronym_key,
    initials,
    is_acronym,
    name_key,
    person_name,
    same_person,
    surname_key,
)
from storyline.model import Extraction, LocalEntity, Mention, RoleMention
from storyline.nlp import doc_text

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
    people = _People()
    for m in mentions:  # rule 1: full names
        if m.type == "PERSON" and m.kind == "name":
            target = people.same_person(m.name)
            if target is None:
                people.new_group(m)
            else:
                people.add(target, m)
    n_full = len(people.groups)
    for m in mentions:  # rule 1: surnames alone
        if m.type == "PERSON" and m.kind == "surname":
            target = people.for_single_name(m, n_full)
            if target is None:
                target = people.for_single_name(m, len(people.groups))
            if target is None:
                people.new_group(m)
            else:
                people.add(target, m)
    for m in mentions:  # rule 2: one-word names the model mistyped (not places: Washington, Jackson)
        if m.type in ("ORG", "NORP", "OTHER", "WORK", "EVENT") and m.kind != "acronym" and " " not in m.name:
            target = people.for_single_name(m, len(people.groups), by_given=False)
            if target is not None:
                m.type, m.kind = "PERSON", "surname"
                people.add(target, m)
    groups = people.groups
    _link_other_names(mentions, groups, text)
    for i, g in enumerate(groups):
        for m in g:
            m.local = i
    return groups


class _People:
    """The article's person groups while rules 1 and 2 link names, indexed so that a mention is
    compared only with the groups that could take it — by surname (`SurnameIndex`), by surname
    skeleton and by the first word of full names — instead of with every group and every member
    (which made a long article quadratic: 10,000 paragraphs took minutes here). Each question
    gets the answer a scan of all groups in order gave."""

    def __init__(self) -> None:
        self.groups: list[list[Mention]] = []
        self._starts: list[list[int]] = []  # each group's member starts, sorted
        self._surnames = SurnameIndex()
        self._by_surname: dict[str, set[int]] = {}  # surname of a full-name member -> groups
        self._names: list[dict[str, set[str]]] = []  # per group: surname -> full names of its members
        self._by_key: dict[str, set[int]] = {}  # surname skeleton of any member -> groups
        self._by_first: dict[str, set[int]] = {}  # first word of a full-name member -> groups
        self._same: dict[tuple[str, str], bool] = {}

    def new_group(self, m: Mention) -> None:
        self.groups.append([])
        self._starts.append([])
        self._names.append({})
        self.add(len(self.groups) - 1, m)

    def add(self, g: int, m: Mention) -> None:
        self.groups[g].append(m)
        insort(self._starts[g], m.start)
        name = m.name
        surname = person_name(name).surname
        for k in surname_key(surname):
            self._by_key.setdefault(k, set()).add(g)
        if m.kind == "name":
            self._by_first.setdefault(name.split()[0], set()).add(g)
            self._surnames.matching(surname)
            self._by_surname.setdefault(surname, set()).add(g)
            self._names[g].setdefault(surname, set()).add(name)

    def same_person(self, name: str) -> int | None:
        """Rule 1: the first group with a member that `same_person` says is this full name."""
        surname = person_name(name).surname
        if not surname:
            return None  # same_person needs a surname on both sides
        matching = self._surnames.matching(surname)
        for g in sorted({g for s in matching for g in self._by_surname.get(s, ())}):
            for s in matching:
                for other in self._names[g].get(s, ()):
                    key = (other, name)
                    if key not in self._same:
                        self._same[key] = same_person(other, name)
                    if self._same[key]:
                        return g
        return None

    def for_single_name(self, m: Mention, among: int, by_given: bool = True) -> int | None:
        """The person group (of the first `among`) a one-word name refers to: the nearest one
        before it with that surname, else the first after it; failing that (by_given), a full name
        whose first word it is ("Xi" for "Xi Jinping": name order differs across languages)."""
        hits = sorted(g for k in surname_key(m.name) for g in self._by_key.get(k, ()) if g < among)
        if not hits and by_given:
            hits = sorted(g for g in self._by_first.get(m.name, ()) if g < among)
        if not hits:
            return None
        hits = list(dict.fromkeys(hits))
        before = [g for g in hits if self._starts[g][0] < m.start]
        if before:
            return max(before, key=lambda g: self._starts[g][bisect_left(self._starts[g], m.start) - 1])
        return min(hits, key=lambda g: self._starts[g][0])


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
    orgs = _Organisations([o for o in others if o.type == "ORG" and o.kind != "acronym"])
    defined: dict[str, list[Mention]] = {}  # an acronym defined once stands for the same body throughout
    for m in acronyms:
        acr = acronym_key(m.name)
        if acr not in defined and (target := _acronym_target(m, orgs, by_key, text)) is not None:
            defined[acr] = target
    for m in acronyms:
        acr = acronym_key(m.name)
        if acr not in defined:
            defined[acr] = []
            groups.append(defined[acr])
        defined[acr].append(m)


_PAREN_AFTER = re.compile(r"\s*\(\S")  # the name, optional space, "(", then the other form
_SPACE = re.compile(r"\s")


class _Organisations:
    """The article's organisation names (not acronyms), by where they start and end and by their
    initials: an acronym looks up the few that could define it rather than scanning them all."""

    def __init__(self, orgs: list[Mention]) -> None:
        self.orgs = orgs
        self.by_start: dict[int, list[int]] = {}
        self.by_end: dict[int, list[int]] = {}
        self.by_initials: dict[str, set[str]] = {}
        for i, o in enumerate(orgs):
            self.by_start.setdefault(o.start, []).append(i)
            self.by_end.setdefault(o.end, []).append(i)
            self.by_initials.setdefault(initials(o.name), set()).add(name_key(o.name))

    def around_parenthesis(self, m: Mention, text: str) -> list[int]:
        """Organisations (indexes, ascending) that may stand with `m` as "Name (ACR)" or "ACR (Name)":
        those ending in the spaces before a "(" that opens right at `m`, and those starting right
        after a "(" that follows `m` across spaces. `_acronym_target` checks them exactly."""
        found: list[int] = []
        i = m.start - 1
        if i >= 0 and text[i] == "(":
            j = i
            while j > 0 and _SPACE.match(text[j - 1]):
                j -= 1
            for end in range(j, i + 1):
                found += self.by_end.get(end, [])
        r = m.end
        while r < len(text) and _SPACE.match(text[r]):
            r += 1
        if r < len(text) and text[r] == "(":
            found += self.by_start.get(r + 1, [])
        return sorted(set(found))


def _acronym_target(
    m: Mention, orgs: _Organisations, by_key: dict[tuple[str, str], list[Mention]], text: str
) -> list[Mention] | None:
    """The organisation an acronym is defined by or juxtaposed with in this article."""
    acr = acronym_key(m.name)
    for i in orgs.around_parenthesis(m, text):
        o = orgs.orgs[i]
        # a definition in parentheses: "Russian Central Bank (CBR)" or "CBR (Central Bank of Russia)"
        if _PAREN_AFTER.fullmatch(text[o.end : m.start + 1] if o.end <= m.start else "") or _PAREN_AFTER.fullmatch(
            text[m.end : o.start + 1] if m.end <= o.start else ""
        ):
            return by_key[(o.type, name_key(o.name))]
    matches = orgs.by_initials.get(acr, set())
    if len(matches) == 1:
        return by_key[("ORG", next(iter(matches)))]
    return None


# --- 3. title-only mentions -------------------------------------------------------------------
def _title_mentions(doc: Doc, mentions: list[Mention], roles: list[RoleMention]) -> list[tuple[Mention, RoleMention]]:
    role_spans = Regions((r.start, r.end) for r in roles)
    by_head: dict[str, list[tuple[int, set[str], int]]] = {}  # head lemma -> (position, words, local), in order
    for r in roles:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is not None:
            words = {t.lower_ for t in span if t.is_alpha} | {t.lemma_.lower() for t in span if t.is_alpha}
            by_head.setdefault(span.root.lemma_.lower(), []).append((r.start, words, r.local))
    # where a head's roles are in text order (the usual case), the ones before a phrase are found by bisection
    positions = {h: [p for p, _w, _l in v] for h, v in by_head.items()}
    positions = {h: v for h, v in positions.items() if all(a <= b for a, b in pairwise(v))}
    people = sorted((m for m in mentions if m.type == "PERSON"), key=lambda m: m.start)
    recent = _RecentPeople(doc, people, Regions(quoted_regions(doc_text(doc))))
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
        if (
            any(t.ent_type_ == "PERSON" for t in span)
            or role_spans.overlapping(span.start_char, span.end_char)
            or _names_follow(doc, span)
        ):
            continue
        modifiers = {t.lower_ for t in doc[det[0].i + 1 : tok.i] if t.is_alpha}
        # rule 4a: a role seen earlier with the same head noun and every modifier of this phrase
        local = _last_role(by_head.get(lemma, []), positions.get(lemma), span.start_char, modifiers)
        if local is None and lemma in PERSON_NOUNS and not any(t.ent_type_ in ("NORP", "GPE") for t in span):
            # rule 4b: a generic description, when exactly one person is in view
            local = recent.only_person(span)
        if local is None:
            continue
        role_span = doc[det[0].i + 1 : end_tok]
        m = Mention(span.start_char, span.end_char, span.text, "PERSON", "title", local)
        out.append((m, RoleMention(local, _role_text(role_span.text), role_span.start_char, role_span.end_char)))
    return out


def _last_role(
    roles: list[tuple[int, set[str], int]], positions: list[int] | None, before: int, modifiers: set[str]
) -> int | None:
    """The local entity of the last role (in the article's order) placed before `before` whose
    words include every modifier; `positions` are the roles' positions when they are in order."""
    end = bisect_left(positions, before) if positions is not None else len(roles)
    for i in range(end - 1, -1, -1):
        position, words, local = roles[i]
        if position < before and modifiers <= words:
            return local
    return None


def _names_follow(doc: Doc, span: Span) -> bool:
    """'the US Special Representative for Ukraine Keith Kellogg': the phrase is a premodifier."""
    after = doc[span.end : min(len(doc), span.end + 8)]
    for t in after:
        if t.ent_type_ == "PERSON":
            return True
        if t.is_punct or t.pos_ == "VERB":
            return False
    return False


class _RecentPeople:
    """Who is in view of a title-only mention: the people named (outside quotes) in its sentence
    and the MAX_LOOKBACK_SENTENCES before it, found by binary search over sentence and mention
    offsets (listing the article's sentences and people for every such noun was quadratic)."""

    def __init__(self, doc: Doc, people: list[Mention], quoted: Regions) -> None:
        sents = list(doc.sents)
        self.sent_tokens = [s.start for s in sents]
        self.sent_chars = [s.start_char for s in sents]
        self.people = people  # sorted by start
        self.starts = [m.start for m in people]
        self.quoted = quoted

    def only_person(self, span: Span) -> int | None:
        """The one person named in the last few sentences, if there is exactly one."""
        idx = max(0, bisect_right(self.sent_tokens, span.start) - 1) if self.sent_tokens else 0
        floor = self.sent_chars[max(0, idx - MAX_LOOKBACK_SENTENCES)] if self.sent_chars else 0
        lo, hi = bisect_left(self.starts, floor), bisect_left(self.starts, span.start_char)
        seen = {m.local for m in self.people[lo:hi] if m.local >= 0 and m.start not in self.quoted}
        return seen.pop() if len(seen) == 1 else None


def _role_text(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,;")


# --- 4. the article's entities ---------------------------------------------------------------
def _local_entities(doc: Doc, mentions: list[Mention], groups: list[list[Mention]]) -> list[LocalEntity]:
    by_local: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind != "title":
            by_local.setdefault(m.local, []).append(m)
    sentences: dict[int, str] = {}  # sentence start -> text: a sentence naming many is read once
    out: list[LocalEntity] = []
    for i, _g in enumerate(groups):
        members = by_local.get(i)
        if not members:
            continue
        out.append(local_entity(i, members, [m.name for m in members], [_sentence(doc, m, sentences) for m in members]))
    return out


def local_entity(local: int, members: list[Mention], names: list[str], sentences: list[str]) -> LocalEntity:
    """The article's entity from its mentions: the type most of them have (a person on a tie), the
    fullest and then most frequent name, and the span of years named in their sentences."""
    types = [m.type for m in members]
    typ = max(set(types), key=lambda t: (types.count(t), t == "PERSON"))
    counts = Counter(names)
    best = max(counts, key=lambda n: (len(n.split()), counts[n], n))
    years = [int(y) for s in dict.fromkeys(sentences) for y in _YEAR.findall(s)]
    return LocalEntity(local, typ, best, (min(years), max(years)) if years else None)


def _sentence(doc: Doc, m: Mention, cache: dict[int, str] | None = None) -> str:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return ""
    sent = span.sent
    if cache is None:
        return sent.text
    if sent.start not in cache:
        cache[sent.start] = sent.text
    return cache[sent.start]
