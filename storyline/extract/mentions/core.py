"""Named mentions of one article, their roles, and the article's own entities: the algorithm every
language shares.

Per-article and pure: a parsed spaCy `Doc` (English from spaCy; Russian from natasha, converted by
`nlp.russian_spacy`) and a `Language` in, `Extraction` out, no store. A `Language` (en.py, ru.py)
holds only what differs between languages — the tagger's labels, how a name is trimmed or split,
cue words, how a role is read off the tree — so a new language is one small module.

1. Mentions come from the tagger's entities, joined where the tagger split one name
   (`Language.joins`), trimmed or split (`Language.pieces`), refused when implausible, then typed and
   given a kind (name, surname, acronym). Where a language inflects names, a mention carries its
   nominative form (`Mention.normal`), and entities are grouped and named by it, never by the
   inflected text. A nationality word ("Russian", "the Americans"; `Language.nationality`) is a
   mention of its country: type GPE, kind "demonym", the country's name as its normal form, the
   word itself kept as the mention's text (evidence), so an actor list shows Russia, not "Russian".
2. Within the article they are grouped into *local entities* by rules, since no coreference model
   is available offline:
   a. a full person name starts or joins the local entity of a compatible full name (`same_person`),
      or of the same name spelt with other spacing, hyphens or apostrophes or in the other order
      (Kim Jong-un / Kim Jong Un / Kim Jongun, O'Brien / OBrien, Orbán Viktor / Viktor Orbán);
      a one-word name joins the person whose surname it is or whose name it opens (family name
      first: "Xi" for Xi Jinping, "Kim" for Kim Jong Un). When several people qualify (Donald,
      Melania and Ivanka Trump) it goes by salience (`_People.choose`): gender named before it
      ("Mrs."), the last one named as a subject in this or the previous paragraph, the one the
      article is mostly about, the one named first in the lead — else it stays apart;
   b. a one-word mention the tagger typed as something else (`Linking.may_be_surname`) that is the
      surname of a person in the article is that person (the tagger's error is fixed by the
      article's own evidence);
   c. an acronym joins the organisation it is defined with in parentheses ("Russian Central Bank
      (CBR)", "CBR (Central Bank of Russia)") or the one organisation of the article whose initials
      spell it; other names are grouped by their key.
   The languages still differ in a few of these choices (`Linking`): each is an accuracy question to
   settle on annotated data, kept apart here so that sharing the algorithm changed no output.
3. A person's roles are read off the parse by `Language.roles` (premodifiers, appositions).
4. Title-only mentions ("the Russian envoy", "the expert"), where a language describes them
   (`Descriptions`), link to the most recent person whose role has the same head noun and every
   modifier, or — for a generic person noun — to the one person named outside quotation marks
   within the last three sentences.

Where the rules stop: pronouns are not resolved here (the quotes stage does it for speakers), a
person's gender is read only from the words before a name and from pronouns in sentences naming
no one else (no table of given names), given names that differ by a diminutive (Ivana / Ivanka)
still match, and plural or indefinite descriptions ("experts", "an official") are never linked.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from storyline.extract.references import in_opener
from storyline.extract.spans import Regions, quoted_regions
from storyline.lexicon.names import (
    SurnameIndex,
    acronym_key,
    capitals_initials,
    compact_key,
    initials,
    is_acronym,
    name_key,
    person_name,
    same_person,
    surname_key,
)
from storyline.model import Extraction, LocalEntity, Mention, RoleMention
from storyline.nlp import doc_text

DEMONYM = "demonym"  # a mention's kind: a nationality word standing for its country
_YEAR = re.compile(r"(?<![\d-])(?:19|20)\d\d(?![\d-])")
_LETTER = re.compile(r"[^\W\d_]")
MAX_LOOKBACK_SENTENCES = 3


@dataclass(frozen=True)
class Found:
    """A name as the tagger found it (or two it split, joined again): characters, label, nominative form."""

    start: int
    end: int
    label: str
    normal: str | None = None


@dataclass(frozen=True)
class Linking:
    """The linking choices in which the languages still differ (rule letters as in the module doc)."""

    by_given: bool  # a: a lone name may be the first word of a full name ("Xi" for "Xi Jinping")
    lone_groups: bool  # a: an unlinked surname opens a person later surnames may join (else: grouped by its form)
    may_be_surname: Callable[[Mention], bool]  # b: a non-person mention that may be a mistyped surname
    retype_kind: bool  # b: such a mention becomes a surname (else it keeps its kind)
    parentheses: bool  # c: an acronym defined in parentheses joins its organisation
    order: Mapping[str, int]  # local entities numbered by how their group began: full, lone, named, acronym
    # a: a person's gender from the words just before a mention ("Mrs.", "his wife"): "f", "m" or None
    gender_before: Callable[[str], str | None] = lambda _before: None
    pronouns: Mapping[str, str] = field(default_factory=dict)  # lower-case personal pronoun -> "f" | "m"


Roles = Callable[[Doc, Mention], list[tuple[str, int, int]]]  # a person mention's roles: (text, start, end)


@dataclass(frozen=True)
class Descriptions:
    """How a language writes a title-only mention of a person ("the deputy minister")."""

    phrase: Callable[[Token], tuple[Span, Span, set[str]] | None]  # headed by this noun: mention, role, modifiers
    person_nouns: frozenset[str]  # generic heads that may link to the one person in view
    role_text: Callable[[str], str]  # the role as stored


@dataclass(frozen=True)
class Language:
    labels: Mapping[str, str]  # the tagger's labels we keep -> our types
    normal: Callable[[Span], str | None] | None  # an entity's nominative form, where names inflect
    joins: Callable[[Found, Span, str], Found | None]  # the previous name and this entity as one name, or None
    pieces: Callable[[Doc, str, Found], list[Found]]  # the name trimmed, or split into its mentions
    plausible: Callable[[str, str], bool]  # (text, label): the language's own refusals
    retype: Callable[[str, str], tuple[str, str]] | None  # (type, form) -> (type, form): places the tagger mistyped
    is_surname: Callable[[str], bool]  # a person's form that is a surname alone
    acronym_types: frozenset[str]  # types whose upper-case forms are acronyms
    roles: Roles
    descriptions: Descriptions | None
    linking: Linking
    # (text, label) -> the country a nationality word stands for ("Russian" -> Russia), or None
    nationality: Callable[[str, str], str | None] | None = None


def extract(doc: Doc, lang: Language) -> Extraction:
    text = doc_text(doc)
    mentions = _named_mentions(doc, text, lang)
    n_groups = _link(mentions, text, lang.linking, doc)
    roles = [RoleMention(m.local, *r) for m in mentions if m.type == "PERSON" for r in lang.roles(doc, m)]
    if lang.descriptions is not None:
        for m, role in _title_mentions(doc, text, mentions, roles, lang):
            mentions.append(m)
            roles.append(role)
    mentions.sort(key=lambda m: (m.start, m.end))
    return Extraction(mentions, roles, _local_entities(doc, mentions, n_groups))


# --- 1. mentions --------------------------------------------------------------------------------
def _named_mentions(doc: Doc, text: str, lang: Language) -> list[Mention]:
    out: list[Mention] = []
    founds = _found(doc, text, lang)
    for i, found in enumerate(founds):
        # "American Indian": two names of one kind side by side make one compound (an ethnic group,
        # not two countries), whether or not the tagger joined them
        compound = any(
            0 <= j < len(founds)
            and founds[j].label == found.label
            and _side_by_side(text, founds[min(i, j)], founds[max(i, j)])
            for j in (i - 1, i + 1)
        )
        for p in lang.pieces(doc, text, found):
            piece = text[p.start : p.end]
            if len(piece) < 2 or not _LETTER.search(piece) or not lang.plausible(piece, p.label):
                continue
            if (
                lang.nationality is not None
                and not compound
                and (country := lang.nationality(piece, p.label)) is not None
            ):
                # rule 1b: "Russian", "the Americans": the country, named as the gazetteer names it
                out.append(Mention(p.start, p.end, piece, "GPE", DEMONYM, normal=country))
                continue
            normal = " ".join(p.normal.split()) if p.normal is not None else None
            typ, form = lang.labels.get(p.label, "OTHER"), normal if normal is not None else piece
            if lang.retype is not None:
                typ, form = lang.retype(typ, form)
                normal = form if normal is not None else None
            if typ == "PERSON":
                kind = "surname" if lang.is_surname(form) else "name"
            else:
                kind = "acronym" if typ in lang.acronym_types and is_acronym(form) else "name"
            out.append(Mention(p.start, p.end, piece, typ, kind, normal=normal))
    return out


def _side_by_side(text: str, a: Found, b: Found) -> bool:
    return a.end < b.start and text[a.end : b.start] == " "


def _found(doc: Doc, text: str, lang: Language) -> list[Found]:
    """The tagger's entities of the kept labels, each joined with the one before it where the
    language says the tagger split one name in two."""
    out: list[Found] = []
    for ent in doc.ents:
        if ent.label_ not in lang.labels:
            continue
        if out and (joined := lang.joins(out[-1], ent, text)) is not None:
            out[-1] = joined
            continue
        out.append(Found(ent.start_char, ent.end_char, ent.label_, lang.normal(ent) if lang.normal else None))
    return out


def form(m: Mention) -> str:
    """What a mention is grouped and named by: its nominative form where the language gives one."""
    return m.normal if m.normal is not None else m.name


# --- 2. linking inside the article ----------------------------------------------------------
FULL, LONE, NAMED, ACRONYM = "full", "lone", "named", "acronym"  # how a group began


def _link(mentions: list[Mention], text: str, linking: Linking, doc: Doc | None = None) -> int:
    """Group the mentions into local entities and number them (`Mention.local`); returns how many."""
    people = _People(_Salience(doc, text, linking))
    for m in mentions:  # rule a: full names
        if m.type == "PERSON" and m.kind == "name":
            target = people.same_person(form(m))
            if target is None:
                people.new_group(m, FULL)
            else:
                people.add(target, m)
    n_full = len(people.groups)
    surnames = [m for m in mentions if m.type == "PERSON" and m.kind == "surname"]
    mistyped = [m for m in mentions if m.type != "PERSON" and linking.may_be_surname(m)]
    grouped = {id(m) for g in people.groups for m in g}
    for m in surnames + mistyped:
        if m.type == "PERSON":  # rule a: surnames alone
            target = people.for_single_name(m, n_full, linking.by_given)
            if target is None:  # no one named in full: the bare name's own group, if it has one
                target = people.for_single_name(m, len(people.groups), linking.by_given, n_full)
            if target is not None:
                people.add(target, m)
            elif linking.lone_groups:
                people.new_group(m, LONE)
            else:
                continue  # grouped by its form with the other names (rule c)
        elif (target := people.for_single_name(m, len(people.groups), False)) is not None:  # rule b
            m.type = "PERSON"
            if linking.retype_kind:
                m.kind = "surname"
            people.add(target, m)
        else:
            continue
        grouped.add(id(m))
    groups, began = people.groups, people.began
    _link_other_names([m for m in mentions if id(m) not in grouped], groups, began, text, linking)
    numbered = sorted((i for i, g in enumerate(groups) if g), key=lambda i: linking.order[began[i]])
    for local, i in enumerate(numbered):
        for m in groups[i]:
            m.local = local
    return len(numbered)


class _People:
    """The article's person groups while rule a and b link names, indexed so that a mention is
    compared only with the groups that could take it — by surname (`SurnameIndex`), by surname
    skeleton and by the first word of full names — instead of with every group and every member
    (which made a long article quadratic: 10,000 paragraphs took minutes here). Each question
    gets the answer a scan of all groups in order gave."""

    def __init__(self, salience: _Salience) -> None:
        self.salience = salience
        self.groups: list[list[Mention]] = []
        self.began: list[str] = []  # how each group began (FULL, LONE ...): numbering order
        self._starts: list[list[int]] = []  # each group's member starts, sorted
        self._at: list[dict[int, Mention]] = []  # each group's members by start
        self._by_spelling: dict[str, set[int]] = {}  # compact whole name / surname / word set of a full name -> groups
        self._gender: dict[int, tuple[int, str | None]] = {}  # group -> (its size when asked, gender)
        self._surnames = SurnameIndex()
        self._by_surname: dict[str, set[int]] = {}  # surname of a full-name member -> groups
        self._names: list[dict[str, set[str]]] = []  # per group: surname -> full names of its members
        self._by_key: dict[str, set[int]] = {}  # surname skeleton of a member -> groups
        self._by_first: dict[str, set[int]] = {}  # first word of a full-name member -> groups
        self._same: dict[tuple[str, str], bool] = {}

    def new_group(self, m: Mention, began: str) -> None:
        self.groups.append([])
        self.began.append(began)
        self._starts.append([])
        self._at.append({})
        self._names.append({})
        self.add(len(self.groups) - 1, m)

    def add(self, g: int, m: Mention) -> None:
        self.groups[g].append(m)
        insort(self._starts[g], m.start)
        self._at[g][m.start] = m
        name = form(m)
        surname = person_name(name).surname
        for k in surname_key(surname):
            self._by_key.setdefault(k, set()).add(g)
        if m.kind == "name":
            self._by_first.setdefault(name.split()[0], set()).add(g)
            for k in _spellings(name, surname):
                self._by_spelling.setdefault(k, set()).add(g)
            self._surnames.matching(surname)
            self._by_surname.setdefault(surname, set()).add(g)
            self._names[g].setdefault(surname, set()).add(name)

    def same_person(self, name: str) -> int | None:
        """Rule a: the first group with a full name that `same_person` says is this full name."""
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
        # the same name spelt with other spacing, hyphens or apostrophes, or in the other order
        # ("Kim Jong Un" / "Kim Jong-un", "Wasserman Schultz" / "Debbie Wasserman-Schultz",
        # "Orbán Viktor" / "Viktor Orbán"): by the keys of `_spellings`
        hits = {g for k in _spellings(name, "") for g in self._by_spelling.get(k, ())}
        return min(hits) if hits else None

    def for_single_name(self, m: Mention, among: int, by_given: bool, first: int = 0) -> int | None:
        """The person group (numbered `first` to `among`) a one-word name refers to: a person whose surname
        it is or (by_given) whose full name it opens ("Xi" for "Xi Jinping", "Kim" for "Kim Jong
        Un": in East Asian and Hungarian names the family name comes first, and the bare form the
        article uses shows it). When several people qualify, `choose` decides by salience."""
        name = form(m)
        hits = {g for k in surname_key(name) for g in self._by_key.get(k, ()) if first <= g < among}
        if by_given:
            hits |= {g for g in self._by_first.get(name, ()) if first <= g < among}
        return self.choose(m, sorted(hits)) if hits else None

    def choose(self, m: Mention, candidates: list[int]) -> int | None:
        """Which of the people who share a name a bare mention means — never simply the nearest:
        1. not one of another gender, when the words before it say ("Mrs. Trump", "his wife");
        2. one person left: that one;
        3. the one last named as a subject (of "said" too) in this paragraph or the previous one;
        4. the one the article is mostly about: DOMINANCE times the mentions of the next;
        5. the one named first, when that is in the title or the lead;
        else none: the mention stays apart rather than go to the wrong person."""
        sal = self.salience
        gender = sal.gender_of(m)
        if gender is not None:
            candidates = [g for g in candidates if self.gender(g) in (gender, None)]
            known = [g for g in candidates if self.gender(g) == gender]
            if len(known) == 1:
                return known[0]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        floor = sal.window_start(m.start)
        latest: tuple[int, int] | None = None  # (start, group) of the last subject mention in the window
        for g in candidates:
            starts = self._starts[g]
            for i in range(bisect_left(starts, m.start) - 1, bisect_left(starts, floor) - 1, -1):
                if sal.is_subject(self._at[g][starts[i]]):
                    latest = max(latest or (-1, -1), (starts[i], g))
                    break
        if latest is not None:
            return latest[1]
        sizes = sorted(((len(self.groups[g]), g) for g in candidates), reverse=True)
        if sizes[0][0] >= DOMINANCE * sizes[1][0]:
            return sizes[0][1]
        first = min(candidates, key=lambda g: self._starts[g][0])
        return first if self._starts[first][0] < sal.lead_end else None

    def gender(self, g: int) -> str | None:
        """A person's gender as the article shows it: the words before the mentions and the
        pronouns of sentences that name only this person; None when the votes do not agree."""
        size = len(self.groups[g])
        if (cached := self._gender.get(g)) is not None and cached[0] == size:
            return cached[1]
        votes = Counter(v for m in self.groups[g] for v in self.salience.gender_votes(m))
        found = None if votes["f"] == votes["m"] else max(("f", "m"), key=lambda v: votes[v])
        self._gender[g] = (size, found)
        return found


DOMINANCE = 2  # rule a: a bare name goes to the person the article is mostly about when he has this many times the next


def _spellings(name: str, surname: str) -> set[str]:
    """Keys under which two spellings of one name meet: the whole name run together ("kimjongun"
    for Kim Jong-un / Kim Jong Un / Kim Jongun), a compound surname run together (given with
    `surname`: "Wasserman Schultz" meets Debbie Wasserman-Schultz), and the set of its words (for
    the family name written first or last: Orbán Viktor / Viktor Orbán)."""
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name)
    if len(words) < 2:
        return set()
    suffix = person_name(name).suffix  # Donald Trump Jr. is not his father
    keys = {"=" + compact_key(name), "{" + " ".join(sorted(compact_key(w) for w in words))}
    if surname and len(re.split(r"[\s'’-]+", surname)) > 1:
        keys.add("=" + compact_key(surname))
    return {f"{k}|{suffix}" for k in keys}


class _Salience:
    """What the article says about who is in focus where: paragraphs, the lead, subjects, gender
    cues (the language's words before a name, its pronouns)."""

    def __init__(self, doc: Doc | None, text: str, linking: Linking) -> None:
        self.doc, self.text, self.linking = doc, text, linking
        self.paragraphs = [0] + [b.end() for b in re.finditer(r"\n+", text)]
        self.lead_end = self.paragraphs[2] if len(self.paragraphs) > 2 else len(text)  # title and first paragraph
        self._spans: dict[tuple[int, int], Span | None] = {}

    def window_start(self, offset: int) -> int:
        """Where the paragraph before the one holding `offset` starts."""
        i = bisect_right(self.paragraphs, offset) - 1
        return self.paragraphs[max(0, i - 1)]

    def _span(self, m: Mention) -> Span | None:
        key = (m.start, m.end)
        if key not in self._spans:
            self._spans[key] = None if self.doc is None else self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return self._spans[key]

    def is_subject(self, m: Mention) -> bool:
        """The mention is (in apposition to) a clause's subject ("Trump said", "said Trump") or the
        source of "according to"."""
        span = self._span(m)
        if span is None:
            return False
        root = span.root
        if root.dep_ == "appos":  # "His sister Kim Yo Jong issued a statement": the subject's apposition
            root = root.head
        return root.dep_.startswith("nsubj") or (root.head.lower_ == "to" and root.head.head.lower_ == "according")

    def gender_of(self, m: Mention) -> str | None:
        return self.linking.gender_before(self.text[max(0, m.start - 40) : m.start])

    def gender_votes(self, m: Mention) -> list[str]:
        """The gender cues of one mention: the words before it, and the personal pronouns after it in
        its sentence when the sentence names no other person."""
        votes = [g] if (g := self.gender_of(m)) is not None else []
        span = self._span(m) if self.linking.pronouns else None
        if span is not None:
            sent = span.sent
            if sum(1 for e in sent.ents if e.label_ in ("PERSON", "PER")) <= 1:
                pronouns = self.linking.pronouns
                votes += [pronouns[t.lower_] for t in sent[span.end - sent.start :] if t.lower_ in pronouns]
        return votes


def _link_other_names(
    others: list[Mention], groups: list[list[Mention]], began: list[str], text: str, linking: Linking
) -> None:
    """Rule c: names that are not people, grouped by type and key; acronyms joined to their organisation."""
    by_key: dict[tuple[str, str], list[Mention]] = {}
    acronyms: dict[tuple[str, str], list[Mention]] = {}  # of organisations: each may join one
    for m in others:
        acronym = m.kind == "acronym"
        key = (m.type, acronym_key(form(m)) if acronym else name_key(form(m)))
        if key not in by_key:
            by_key[key] = []
            groups.append(by_key[key])
            began.append(ACRONYM if acronym else NAMED)
            if acronym and m.type == "ORG":
                acronyms[key] = by_key[key]
        by_key[key].append(m)
    orgs = _Organisations([o for o in others if o.type == "ORG" and o.kind != "acronym"], linking.parentheses)
    for group in acronyms.values():
        target = next((t for m in group if (t := orgs.target(m, text)) is not None), None)
        if target is not None:
            by_key[target].extend(group)
            group.clear()


_PAREN_AFTER = re.compile(r"\s*\(\S")  # the name, optional space, "(", then the other form
_SPACE = re.compile(r"\s")


class _Organisations:
    """The article's organisation names (not acronyms), by where they start and end and by their
    initials: an acronym looks up the few that could define it rather than scanning them all."""

    def __init__(self, orgs: list[Mention], parentheses: bool) -> None:
        self.parentheses = parentheses
        self.by_start: dict[int, list[Mention]] = {}
        self.by_end: dict[int, list[Mention]] = {}
        self.by_initials: dict[str, set[str]] = {}
        for o in orgs:
            self.by_start.setdefault(o.start, []).append(o)
            self.by_end.setdefault(o.end, []).append(o)
            self.by_initials.setdefault(initials(form(o)), set()).add(name_key(form(o)))

    def target(self, m: Mention, text: str) -> tuple[str, str] | None:
        """The key of the organisation an acronym is defined by or juxtaposed with in this article."""
        for o in self._around_parenthesis(m, text) if self.parentheses else ():
            # a definition in parentheses: "Russian Central Bank (CBR)" or "CBR (Central Bank of Russia)"
            if _PAREN_AFTER.fullmatch(text[o.end : m.start + 1] if o.end <= m.start else "") or _PAREN_AFTER.fullmatch(
                text[m.end : o.start + 1] if m.end <= o.start else ""
            ):
                return ("ORG", name_key(form(o)))
        matches = self.by_initials.get(acronym_key(form(m)), set())
        return ("ORG", next(iter(matches))) if len(matches) == 1 else None

    def _around_parenthesis(self, m: Mention, text: str) -> list[Mention]:
        """Organisations (in order) that may stand with `m` as "Name (ACR)" or "ACR (Name)": those
        ending in the spaces before a "(" that opens right at `m`, and those starting right after a
        "(" that follows `m` across spaces. `target` checks them exactly."""
        found: list[Mention] = []
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
        return sorted(found, key=lambda o: o.start)


# --- 4. title-only mentions -------------------------------------------------------------------
def _title_mentions(
    doc: Doc, text: str, mentions: list[Mention], roles: list[RoleMention], lang: Language
) -> list[tuple[Mention, RoleMention]]:
    assert lang.descriptions is not None
    desc = lang.descriptions
    role_spans = Regions((r.start, r.end) for r in roles)
    by_head: dict[str, list[tuple[int, set[str], int]]] = {}  # head lemma -> (position, words, local), in order
    for r in roles:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is not None:
            words = {t.lower_ for t in span if t.is_alpha} | {t.lemma_.lower() for t in span if t.is_alpha}
            # "head of the Russian Direct Investment Fund" is also "head of the RDIF"
            words.add(capitals_initials(t.text for t in span).lower())
            by_head.setdefault(span.root.lemma_.lower(), []).append((r.start, words, r.local))
    # where a head's roles are in text order (the usual case), the ones before a phrase are found by bisection
    positions = {h: [p for p, _w, _l in v] for h, v in by_head.items()}
    positions = {h: v for h, v in positions.items() if all(a <= b for a, b in pairwise(v))}
    people = sorted((m for m in mentions if m.type == "PERSON"), key=lambda m: m.start)
    recent = _RecentPeople(doc, people, Regions(quoted_regions(text)))
    out: list[tuple[Mention, RoleMention]] = []
    for tok in doc:
        found = desc.phrase(tok)
        if found is None:
            continue
        span, role_span, modifiers = found
        if (
            any(lang.labels.get(t.ent_type_) == "PERSON" for t in span)
            or role_spans.overlapping(span.start_char, span.end_char)
            or _names_follow(doc, span, lang.labels)
        ):
            continue
        lemma = tok.lemma_.lower()
        # rule 4a: a role seen earlier with the same head noun and every modifier of this phrase
        local = _last_role(by_head.get(lemma, []), positions.get(lemma), span.start_char, modifiers)
        if (
            local is None
            and lemma in desc.person_nouns
            and not any(lang.labels.get(t.ent_type_) in ("NORP", "GPE") for t in span)
        ):
            # rule 4b: a generic description, when exactly one person is in view
            local = recent.only_person(span)
        if local is None:
            continue
        m = Mention(span.start_char, span.end_char, span.text, "PERSON", "title", local)
        out.append((m, RoleMention(local, desc.role_text(role_span.text), role_span.start_char, role_span.end_char)))
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


def _names_follow(doc: Doc, span: Span, labels: Mapping[str, str]) -> bool:
    """'the US Special Representative for Ukraine Keith Kellogg': the phrase is a premodifier; 'The
    head of the fund, Kirill Dmitriev, …': a name in apposition right after the comma is who it is."""
    after = doc[span.end : min(len(doc), span.end + 8)]
    for i, t in enumerate(after):
        if labels.get(t.ent_type_) == "PERSON":
            return True
        if i == 0 and t.text == "," and len(after) > 1 and labels.get(after[1].ent_type_) == "PERSON":
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
        seen = {
            m.local for m in self.people[lo:hi]
            if m.local >= 0 and m.start not in self.quoted and not self._in_opener(m, span)
        }  # fmt: skip
        return seen.pop() if len(seen) == 1 else None

    def _in_opener(self, m: Mention, span: Span) -> bool:
        """'Welcoming Secretary Rubio to Riyadh, the minister said': a person named in a participle
        clause that opens the phrase's own sentence is who the subject acts on, not the subject."""
        tok = span.doc.char_span(m.start, m.end, alignment_mode="expand")
        return tok is not None and tok.root.sent.start == span.sent.start and in_opener(tok.root, span.start)


# --- 5. the article's entities ---------------------------------------------------------------
def _local_entities(doc: Doc, mentions: list[Mention], n_groups: int) -> list[LocalEntity]:
    by_local: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind != "title":
            by_local.setdefault(m.local, []).append(m)
    sentences = _Sentences(doc)
    out: list[LocalEntity] = []
    for i in range(n_groups):
        members = by_local.get(i)
        if members:
            out.append(
                local_entity(i, members, [form(m) for m in members], [sentences.around(m.start) for m in members])
            )
    return out


def local_entity(local: int, members: list[Mention], names: list[str], sentences: list[str]) -> LocalEntity:
    """The article's entity from its mentions: the type most of them have (a person on a tie), the
    fullest and then most frequent name — on a tie, the order the article's bare name confirms
    ("Donald Trump", not a tag list's "Trump Donald", when it says "Trump") — and the span of
    years named in their sentences."""
    types = [m.type for m in members]
    typ = max(set(types), key=lambda t: (types.count(t), t == "PERSON"))
    counts = Counter(names)
    bare = {n for n in counts if " " not in n}
    best = max(counts, key=lambda n: (len(n.split()), counts[n], n.split()[-1] in bare, n))
    years = [int(y) for s in dict.fromkeys(sentences) for y in _YEAR.findall(s)]
    return LocalEntity(local, typ, best, (min(years), max(years)) if years else None)


class _Sentences:
    """The text of the sentence around an offset, by binary search over the sentences' starts (each
    sentence is read once, however many names it holds)."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.bounds = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
        self.starts = [start for start, _end in self.bounds]
        self.texts: dict[int, str] = {}

    def around(self, offset: int) -> str:
        if not self.bounds:
            return ""
        i = max(0, bisect_right(self.starts, offset) - 1)
        if i not in self.texts:
            start, end = self.bounds[i]
            self.texts[i] = self.text[start:end]
        return self.texts[i]
