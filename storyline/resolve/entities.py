"""Cross-document entity resolution: the articles' own entities clustered into canonical ones.

Input is each article's local entities (a person, organisation or place as one article names it,
already linked within the article). They are compared only inside *blocks* that share a key —
a surname skeleton for people, a name key or gazetteer spelling for places, initials for
organisations — so the work grows with block sizes, not with the square of the corpus.

Decisions, strongest first:
1. people with given names merge when surnames match (transliteration-aware) and given names are
   compatible; two different full names never merge because they share a first name;
2. other names merge on equal keys (case, articles, accents ignored) or equal gazetteer spelling
   (Kiev -> Kyiv);
3. a surname on its own joins the one full-name person with that surname whose era is compatible
   (years named around the mentions, else the article's year): "Bush" in a 1989 passage does not
   join "Bush" in a 2025 article; with several candidates it joins one only if that one has
   DOMINANCE times the mentions of the next, else it stays apart;
4. an acronym joins the organisation an article defines it for, else the one organisation whose
   initials spell it (RDIF -> Russian Direct Investment Fund): a body that merely spells an acronym
   another article defines for another body does not take it (RNC defined for the Republican
   National Committee is not the Republican National Convention); and a shorter organisation name
   joins the one longer name that ends with it
   (Direct Investment Fund -> Russian Direct Investment Fund);
5. a one-word name the model typed two ways takes the type most of its mentions have — except
   that a known person's surname which is no place (per the gazetteer) is a person;
6. names that need knowledge (lexicon.aliases): a country under any variant of its name
   ("America", "the States", "РФ") is the country; two organisations named by forms of one entry of
   the curated alias file are one ("FSB" / "Federal Security Service" / "ФСБ", "Sber" / "Sberbank");
   and a generic institution name ("the Central Bank", "the Foreign Ministry", "МИД") is the
   institution of its article's country when one country clearly dominates the article (at least
   3 mentions, two thirds of its country mentions and three times the next country's, cities and
   nationality words counted for their country: `aliases.dominant_country`), else it stays a
   generic name. A name resolved through the
   file takes no part in rule 4 (its entry decides: "CIS" is the Commonwealth of Independent States
   even where an article spells out another body with those initials), and a generic name resolved
   by its context does not merge with the same generic name elsewhere ("the Central Bank" of an
   article about Turkey is not that of an article about Russia).

Across scripts: a person named in Cyrillic meets Latin-script people under the *sound keys* of
the surname (names.sound_keys: Трамп/Trump) as well as the romanisation skeletons, and rules 1 and
3 then decide with the same `same_person` test; places meet through the gazetteer's Russian names
(Эр-Рияд -> Riyadh, США -> United States). An entity named in both scripts takes its Latin-script
name; the Cyrillic forms are its aliases. A Latin-only entity never gets a Cyrillic name.

Incremental use: resolving a set of new local entities re-clusters exactly the local entities
reachable from them through shared keys, which is a union of whole clusters, so the result equals
a full rebuild (a test checks it).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz.fuzz import ratio

from storyline.lexicon.aliases import (
    Organisation,
    country_of_place,
    dominant_country,
    institution,
    organisation,
    place_name,
)
from storyline.lexicon.names import (
    acronym_key,
    compact_key,
    initials,
    is_acronym,
    is_cyrillic,
    name_key,
    person_name,
    same_person,
    surname_key,
    surname_sounds,
    surnames_match,
)
from storyline.lexicon.places import canonical_place, is_country
from storyline.resolve.stage import Changes
from storyline.resolve.unionfind import UnionFind
from storyline.store import judgements, reads
from storyline.store.db import Store

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
MAX_ERA_GAP = 8  # years between two passages for a lone surname to be the same person
# A lone surname shared by several people goes to one of them only if that one has this many
# times the mentions of the next (Trump in a corpus about Donald, not Melania); else it stays apart.
DOMINANCE = 5
# two names of one body spelt a little differently (Federal Election(s) Commission), as rapidfuzz's ratio;
# Republican National Committee / Convention score 78
SPELLING_VARIANT = 90
MIN_ENDING_WORDS = 3  # "Direct Investment Fund" may stand for a longer name; "Central Bank" may not
_ORG_FUNCTION_WORDS = frozenset("of the for and in on at to de".split())


def type_group(t: str) -> str:
    return "PLACE" if t in PLACE_TYPES else t


@dataclass(frozen=True)
class LocalRecord:
    doc_id: str
    local: int
    type: str
    name: str
    era: tuple[int, int] | None  # years named in the sentences that mention it
    mentions: int
    year: int | None = None  # the article's publication year
    acronyms: tuple[str, ...] = ()  # acronyms the article uses for it ("CBR" for Russian Central Bank)
    context: str | None = None  # the country its article is about, if one dominates (rule 6)
    spelled_out: bool = False  # an acronym its article spells out for a body the alias file does not list

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.local)

    @property
    def acronym(self) -> bool:
        return self.type == "ORG" and is_acronym(self.name)

    @property
    def known_as(self) -> set[str]:
        """Acronyms this organisation goes by: its initials and any the article defines."""
        if self.type != "ORG":
            return set()
        if self.acronym:
            return {acronym_key(self.name)}
        ini = initials(self.name)
        return {acronym_key(a) for a in self.acronyms} | ({ini} if len(ini) >= 2 else set())

    @property
    def place(self) -> str | None:
        """Gazetteer spelling for places (a country under any of its names), and for
        'organisations' that are really countries."""
        if self.named_entry is not None:
            return None  # an organisation the alias file knows: ЕС is the EU, not ES (Spain's ISO code)
        if self.type == "GPE" or (self.type == "ORG" and len(re.sub(r"\W", "", self.name)) > 3):
            place = place_name(self.name)  # an 'organisation' named AG or B.A. is no country's code
            if place and (self.type == "GPE" or is_country(place)):
                return place
        return None

    @property
    def named_entry(self) -> Organisation | None:
        """The alias file's entry its name or acronyms are a form of (a generic name's entry too)."""
        if self.type == "PERSON" or self.spelled_out:
            return None
        entry = organisation((self.name, *self.acronyms))
        return entry if entry is not None and entry.type != "GPE" else None  # GPE rows are country names

    @property
    def entry(self) -> Organisation | None:
        """The organisation it is, by the alias file: a generic name ('the Central Bank') only with
        its article's country."""
        entry = self.named_entry
        if entry is not None and entry.generic:
            return institution(entry, self.context)
        return entry

    @property
    def in_context(self) -> bool:
        """A generic name resolved by its article's country."""
        entry = self.named_entry
        return entry is not None and entry.generic and self.entry is not None

    @property
    def full_person(self) -> bool:
        return self.type == "PERSON" and bool(person_name(self.name).given)

    def __hash__(self) -> int:
        return hash(self.key)


def blocking_keys(r: LocalRecord) -> set[str]:
    """Keys under which a local entity may meet others; equal-key entities are compared."""
    keys: set[str] = set()
    nk = name_key(r.name)
    if r.type == "PERSON":
        surname = person_name(r.name).surname
        keys |= {f"p:{k}" for k in surname_key(surname)}
        keys |= {f"x:{k}" for k in surname_sounds(surname)}  # meets the other script
        if " " not in r.name.strip():
            keys.add(f"w:{nk}")  # one-word name: may meet the same word typed as ORG/GPE
        if compact := compact_key(r.name):
            keys.add(f"c:{compact}")  # "Kim Jong-un" meets "Kim Jong Un" in another article
        return keys
    keys.add(f"n:{type_group(r.type)}:{nk}")
    if " " not in nk:
        keys.add(f"w:{nk}")
    if place := r.place:
        keys.add(f"g:{name_key(place)}")
    keys |= {f"a:{a}" for a in r.known_as}
    if entry := r.entry:
        keys.add(f"k:{entry.key}")
    if r.type == "ORG" and not r.acronym:
        words = nk.split()
        for k in range(MIN_ENDING_WORDS, len(words) + 1):  # name endings: "direct investment fund"
            keys.add(f"s:{' '.join(words[-k:])}")
    return keys


Key = tuple[str, int]  # a local entity: (document id, its number in the article)


@dataclass(frozen=True)
class Judged:
    """What analysts decided about entities (store/judgements.py), as the local entities their
    mentions name now. Forced links are made before any rule and `apart` pairs refuse every union
    that would join them, so a judgement holds whatever the rules or new documents suggest."""

    together: tuple[tuple[Key, ...], ...] = ()  # merge: one entity
    apart: tuple[tuple[Key, Key], ...] = ()  # distinct: never one entity
    splits: tuple[tuple[Key, frozenset[str], str, str | None], ...] = ()  # anchor, name keys to move, name, type
    names: tuple[tuple[Key, str | None, str | None], ...] = ()  # rename/retype the anchor's entity

    def groups(self) -> list[set[Key]]:
        """Local entities each judgement ties together: they are always re-resolved together."""
        return [set(g) for g in self.together] + [set(p) for p in self.apart] + [{s[0]} for s in self.splits]


def cluster(
    records: list[LocalRecord], apart: Iterable[tuple[Key, Key]] = (), together: Iterable[Iterable[Key]] = ()
) -> list[list[LocalRecord]]:
    records = sorted(records, key=lambda r: r.key)
    uf = UnionFind((r.key for r in records), apart=apart)
    present = {r.key for r in records}
    for group in together:
        keys = [k for k in group if k in present]
        for k in keys[1:]:
            uf.union(keys[0], k)
    retyped = _majority_types(records)
    recs = _spelled_out(r if r.key not in retyped else _retype(r, retyped[r.key]) for r in records)
    _merge_full_people(recs, uf)
    _merge_equal_names(recs, uf)
    _merge_lone_surnames(recs, uf)
    _merge_acronyms_and_endings(recs, uf)
    out: dict[tuple[str, int], list[LocalRecord]] = defaultdict(list)
    for r in recs:
        out[uf.find(r.key)].append(r)
    return [out[k] for k in sorted(out)]


def _retype(r: LocalRecord, t: str) -> LocalRecord:
    return replace(r, type=t)


def _spelled_out(records: Iterable[LocalRecord]) -> list[LocalRecord]:
    """Lone acronyms that their own article spells out for another body than the alias file's: the
    article's meaning wins ("FSO" beside "Federal Statistics Office" is not Russia's FSO). The body
    shares the acronym's blocking key, so both are always clustered together."""
    recs = list(records)
    bodies = {  # initials only from three letters: two ("AP") are spelt by too many names
        (r.doc_id, a)
        for r in recs
        if r.type == "ORG" and not r.acronym and r.named_entry is None
        for a in {*(acronym_key(x) for x in r.acronyms), initials(r.name)}
        if len(a) >= 3 or a in r.acronyms
    }
    return [
        replace(r, spelled_out=True)
        if r.acronym and r.named_entry is not None and (r.doc_id, acronym_key(r.name)) in bodies
        else r
        for r in recs
    ]


def _majority_types(records: list[LocalRecord]) -> dict[tuple[str, int], str]:
    """Rule 5: one-word names seen with several types take the type of most mentions, unless the
    word is the surname of a person named in full somewhere (then PERSON mentions keep theirs)."""
    by_word: dict[str, list[LocalRecord]] = defaultdict(list)
    for r in records:
        if " " not in r.name.strip() and not r.acronym:
            by_word[name_key(r.name)].append(r)
    full_surnames: set[str] = set()
    for r in records:
        if r.full_person:
            full_surnames |= surname_key(person_name(r.name).surname)
    out: dict[tuple[str, int], str] = {}
    for group in by_word.values():
        votes: dict[str, int] = defaultdict(int)
        for r in group:
            votes[type_group(r.type) if r.type != "PERSON" else "PERSON"] += r.mentions
        if len(votes) < 2:
            continue
        if any(surname_key(r.name) & full_surnames for r in group):
            if canonical_place(group[0].name):
                continue  # a surname that is also a place (Washington, Jackson): both readings exist
            winner = "PERSON"  # a known person's surname that is no place: the model mistyped it
        else:
            winner = max(sorted(votes), key=votes.__getitem__)
        for r in group:
            current = r.type if r.type == "PERSON" else type_group(r.type)
            if current != winner:
                target = winner if winner != "PLACE" else next(x.type for x in group if type_group(x.type) == "PLACE")
                out[r.key] = target
    return out


def _merge_full_people(recs: list[LocalRecord], uf: UnionFind[tuple[str, int]]) -> None:
    """Rule 1: full names, compared once per distinct spelling inside each surname block; across
    scripts, inside each sound-key block."""
    blocks: dict[str, dict[str, list[LocalRecord]]] = defaultdict(lambda: defaultdict(list))
    sounds: dict[str, dict[str, list[LocalRecord]]] = defaultdict(lambda: defaultdict(list))
    for r in recs:
        if r.full_person:
            surname = person_name(r.name).surname
            for k in surname_key(surname):
                blocks[k][" ".join(r.name.split())].append(r)
            for k in surname_sounds(surname):
                sounds[k][" ".join(r.name.split())].append(r)
    for variants in blocks.values():
        names = sorted(variants)
        for group in variants.values():
            for r in group[1:]:
                uf.union(group[0].key, r.key)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if same_person(a, b):
                    uf.union(variants[a][0].key, variants[b][0].key)
    for variants in sounds.values():
        cyrillic = sorted(n for n in variants if is_cyrillic(n))
        latin = sorted(n for n in variants if not is_cyrillic(n))
        for a in cyrillic:
            for b in latin:
                if same_person(a, b):
                    uf.union(variants[a][0].key, variants[b][0].key)


def _merge_equal_names(recs: list[LocalRecord], uf: UnionFind[tuple[str, int]]) -> None:
    """Rule 2: equal keys within a type group, and equal gazetteer spellings for places."""
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for r in recs:
        if r.type == "PERSON" or r.spelled_out:
            continue  # a spelled-out acronym joins its article's body (rule 4), not the same letters elsewhere
        entry = r.entry
        if entry is not None and r.in_context:
            keys = [("ENTRY", entry.key)]  # "the Central Bank" of one country: not these words elsewhere
        else:
            keys = [(type_group(r.type), name_key(r.name))] + ([("ENTRY", entry.key)] if entry else [])
            if place := r.place:
                keys.append(("PLACE", "g:" + name_key(place)))
            if r.acronym:  # also meets the same word in ordinary case: GAZPROM / Gazprom, NATO / Nato
                keys.append(("ACR", acronym_key(r.name)))
            elif r.acronyms:  # the article defines an acronym for it: same body as others so defined
                keys += [("ACR", acronym_key(a)) for a in r.acronyms]
        for k in keys:
            if k in seen:
                uf.union(seen[k], r.key)
            else:
                seen[k] = r.key


def _era(r: LocalRecord, fallback: bool) -> tuple[int, int] | None:
    """Explicit era; with `fallback`, the article's year when the passage names none."""
    if r.era or not fallback:
        return r.era
    return (r.year, r.year) if r.year else None


def _era_bounds(eras: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(earliest, latest) year of some eras; None when there are none."""
    return (min(e[0] for e in eras), max(e[1] for e in eras)) if eras else None


def _bounds_compatible(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Two passages (or groups of passages) with these era bounds may name one person: no more
    than MAX_ERA_GAP years apart; no era on either side says nothing against it."""
    if a is None or b is None:
        return True
    return max(a[0] - b[1], b[0] - a[1], 0) <= MAX_ERA_GAP


def _merge_lone_surnames(recs: list[LocalRecord], uf: UnionFind[tuple[str, int]]) -> None:
    """Rule 3: a surname alone joins the single full-name person with it unless the years named
    around them conflict; two lone surnames join only if their passages' years (or, failing
    those, their articles' years) are close — a full name is identity evidence, a surname is not.

    Each cluster's mentions and era bounds, and each group of lone surnames' era bounds, are kept
    up to date rather than recomputed from all members for every record (a feed repeating a name
    10,000 times made that quadratic)."""
    people = [r for r in recs if r.type == "PERSON"]
    clusters: dict[tuple[str, int], list[LocalRecord]] = defaultdict(list)
    for r in people:
        clusters[uf.find(r.key)].append(r)
    by_surname: dict[str, set[tuple[str, int]]] = defaultdict(set)  # skeleton -> full-name clusters
    by_sound: dict[str, set[tuple[str, str]]] = defaultdict(set)  # sound key -> (cluster, surname)
    eras: dict[tuple[str, int], tuple[int, int] | None] = {}  # full-name cluster -> era bounds
    weight: dict[tuple[str, int], int] = {}  # full-name cluster -> its mentions
    for root, members in clusters.items():
        if any(x.full_person for x in members):
            for x in members:
                if x.full_person:
                    surname = person_name(x.name).surname
                    for k in surname_key(surname):
                        by_surname[k].add(root)
                    for k in surname_sounds(surname):
                        by_sound[k].add((root, surname))
            eras[root] = _era_bounds([e for x in members if (e := _era(x, False))])
            weight[root] = sum(x.mentions for x in members)
    # per surname key: groups of lone surnames, each as (first member's key, era bounds)
    lone_groups: dict[str, list[list]] = defaultdict(list)
    for r in (r for r in people if not r.full_person):
        keys = surname_key(r.name)
        explicit = _era_bounds([e for e in (_era(r, False),) if e])
        roots = set().union(*(by_surname.get(k, set()) for k in keys)) if keys else set()
        roots |= {  # the other script: Уиткофф alone joins Steve Witkoff
            root
            for k in surname_sounds(r.name)
            for root, surname in by_sound.get(k, ())
            if is_cyrillic(surname) != is_cyrillic(r.name) and surnames_match(r.name, surname)
        }
        candidates = sorted(k for k in roots if _bounds_compatible(explicit, eras[k]))
        if len(candidates) > 1:  # several people share the surname: only a dominant one takes it
            ranked = sorted(candidates, key=lambda k: (-weight[k], k))
            if weight[ranked[0]] >= DOMINANCE * weight[ranked[1]]:
                candidates = ranked[:1]
            else:
                continue  # leave it unattributed
        if candidates:
            uf.union(candidates[0], r.key)
            continue
        mine = _era_bounds([e for e in (_era(r, True),) if e])
        groups = lone_groups[min(keys)] if keys else []
        for g in groups:
            if _bounds_compatible(mine, g[1]):
                if mine is not None:
                    g[1] = mine if g[1] is None else (min(g[1][0], mine[0]), max(g[1][1], mine[1]))
                uf.union(g[0], r.key)
                break
        else:
            groups.append([r.key, mine])


def _merge_acronyms_and_endings(recs: list[LocalRecord], uf: UnionFind[tuple[str, int]]) -> None:
    """Rule 4: acronyms to the one organisation with those initials; shorter names to the one
    longer name that ends with them."""
    known = {r.key for r in recs if r.entry is not None}  # the alias file decides for these (rule 6)
    orgs = [r for r in recs if r.type == "ORG" and not r.acronym and r.key not in known]
    defined: dict[str, set[tuple[str, int]]] = defaultdict(set)
    spelled: dict[str, set[tuple[str, int]]] = defaultdict(set)
    lone: dict[str, list[tuple[str, int]]] = defaultdict(list)
    names: dict[tuple[str, int], set[str]] = defaultdict(set)  # cluster -> its organisations' name keys
    for r in orgs:
        names[uf.find(r.key)].add(name_key(r.name))
        for a in r.acronyms:
            defined[acronym_key(a)].add(uf.find(r.key))
        if len(ini := initials(r.name)) >= 2:
            spelled[ini].add(uf.find(r.key))
    for r in recs:
        if r.acronym and r.key not in known:
            lone[acronym_key(r.name)].append(r.key)
    for acr in sorted(set(defined) | set(spelled) | set(lone)):
        # a body an article defines the acronym for takes it, with the spelling variants of its name
        # (Federal Elections Commission); else the one body whose initials spell it
        bodies = defined[acr] | {
            k
            for k in spelled[acr] - defined[acr]
            if any(ratio(a, b) >= SPELLING_VARIANT for d in defined[acr] for a in names[d] for b in names[k])
        }
        if not defined[acr] and len(spelled[acr]) == 1:
            bodies = spelled[acr]
        if not bodies:
            continue  # no body, or several unrelated names share these initials
        first, *rest = sorted(bodies)
        for k in [*rest, *lone[acr]]:
            uf.union(first, k)
    longer_names = [r for r in recs if r.type == "ORG" and not r.acronym and not r.in_context]
    keys = {r.key: name_key(r.name) for r in longer_names}
    endings: dict[str, set[tuple[str, int]]] = defaultdict(set)  # proper word-endings of longer names
    for r in longer_names:
        words = keys[r.key].split()
        for k in range(MIN_ENDING_WORDS, len(words)):
            # the extra words must modify the name ("Russian" Direct Investment Fund), not govern it
            # ("Congress of the" United States)
            if not _ORG_FUNCTION_WORDS & set(words[:-k]):
                endings[" ".join(words[-k:])].add(r.key)
    for r in orgs:
        short = keys[r.key]
        if len(short.split()) >= MIN_ENDING_WORDS and short in endings:
            longer = {uf.find(k) for k in endings[short]}
            if len(longer) == 1:
                uf.union(longer.pop(), r.key)


# --- canonical names and ids ------------------------------------------------------------------
@dataclass(frozen=True)
class ResolvedEntity:
    id: str
    name: str
    type: str
    members: tuple[tuple[str, int], ...]


def canonical(members: list[LocalRecord], forms: dict[tuple[str, int], dict[str, int]]) -> tuple[str, str]:
    """(name, type): the fullest, most common spelling; places take the gazetteer's spelling."""
    votes: dict[str, int] = defaultdict(int)
    for r in members:
        votes[r.type] += r.mentions
    typ = max(sorted(votes), key=lambda t: (votes[t], t == "PERSON"))
    counts: dict[str, int] = defaultdict(int)
    for r in members:
        for form, n in forms.get(r.key, {r.name: r.mentions}).items():
            counts[" ".join(form.split())] += n
        counts.setdefault(" ".join(r.name.split()), 0)  # the article's fullest form is a candidate too
        if r.in_context and (entry := r.entry):  # "the Central Bank" in an article about Russia
            counts.setdefault(entry.name, 0)  # is named as the entry names it: Central Bank of Russia
    if typ == "GPE" and not any(r.named_entry for r in members):
        for form in sorted(counts, key=lambda f: (-counts[f], f)):
            if place := place_name(form):
                return place, typ

    def rank(form: str) -> tuple:  # the usual English name first: Cyrillic forms are aliases
        words = len(form.split())
        if typ == "PERSON":
            return (not is_cyrillic(form), bool(person_name(form).given), counts[form], words, form)
        return (not is_cyrillic(form), not is_acronym(form), words, counts[form], form)

    return max(counts, key=rank), typ


def entity_id(typ: str, name: str) -> str:
    return "e" + hashlib.sha1(f"{type_group(typ)}:{name_key(name)}".encode()).hexdigest()[:12]


def resolve(
    records: list[LocalRecord],
    forms: dict[tuple[str, int], dict[str, int]],
    taken: frozenset[str] = frozenset(),
    judged: Judged | None = None,
) -> list[ResolvedEntity]:
    """Cluster and name; colliding ids (two people both called 'Bush') get a numeric suffix,
    the one with more mentions keeping the plain id. `taken` are ids of entities outside these
    records (an incremental build re-resolves only part of the store): they keep their ids.
    `judged`: the analysts' merges, separations, splits and names, which win over every rule."""
    judged = judged or Judged()
    clusters = cluster(records, judged.apart, judged.together)
    renamed = {k: (name, typ) for k, name, typ in judged.names}
    if judged.splits:
        apart, together = list(judged.apart), list(judged.together)
        for anchor, aliases, name, typ in judged.splits:
            group = next((g for g in clusters if any(r.key == anchor for r in g)), [])
            moved = [r.key for r in group if r.key != anchor and _named_as(r, aliases, forms)]
            apart += [(anchor, k) for k in moved]
            together.append(tuple(moved))
            renamed |= dict.fromkeys(moved, (name, typ))
        clusters = cluster(records, apart, together)
    named = []
    for members in clusters:
        name, typ = canonical(members, forms)
        for r in members:
            if r.key in renamed:
                new_name, new_type = renamed[r.key]
                name, typ = new_name or name, new_type or typ
        mentions = sum(r.mentions for r in members)
        named.append((entity_id(typ, name), -mentions, min(r.key for r in members), name, typ, members))
    named.sort()
    out: list[ResolvedEntity] = []
    used: dict[str, int] = defaultdict(int)
    for base, _neg, _first, name, typ, members in named:
        used[base] += 1
        eid = base if used[base] == 1 else f"{base}-{used[base]}"
        while eid in taken:
            used[base] += 1
            eid = f"{base}-{used[base]}"
        out.append(ResolvedEntity(eid, name, typ, tuple(sorted(r.key for r in members))))
    return out


def _named_as(r: LocalRecord, aliases: frozenset[str], forms: dict[Key, dict[str, int]]) -> bool:
    """A local entity an analyst's split moves: its article names it by one of the split's names."""
    return any(name_key(f) in aliases for f in [r.name, *forms.get(r.key, {})])


def judged_locals(store: Store) -> Judged:
    """The entity judgements in force, as the local entities their mentions name now (a judgement
    whose mention is gone is left out here and reported by resolve.corrections)."""
    together, apart, splits, names = [], [], [], []
    for j in judgements.active(store.conn, judgements.ENTITY_ACTIONS):
        found = [judgements.local_at(store.conn, ref) for ref in j.refs]
        keys = [k for k in found if k is not None]
        if len(keys) < len(found):
            continue
        if j.action == "merge":
            together.append(tuple(keys))
        elif j.action == "distinct":
            apart.append((keys[0], keys[1]))
        elif j.action == "split":
            aliases = frozenset(name_key(a) for a in j.value.get("aliases", []))
            splits.append((keys[0], aliases, j.value.get("name", ""), j.value.get("type")))
        else:
            names.append((keys[0], j.value.get("name"), j.value.get("type")))
    return Judged(tuple(together), tuple(apart), tuple(splits), tuple(names))


# --- the stage: incremental update over the store -------------------------------------------------


def update(store: Store, changes: Changes) -> int:
    """Cluster new local entities, and every cluster they reach through shared blocking keys (a name's
    transliteration skeleton, sound key, acronym), so that a new spelling can join or merge entities
    already stored; returns the number of entities written and records in `changes` the documents
    where a local entity now belongs to another entity (or to one at all): their events must be
    re-merged."""
    _refresh_stale_keys(store)
    pending = set(store.pending_locals())
    if not pending:
        return 0
    records = _records(store, pending)
    keys = [(k, r.doc_id, r.local) for r in records for k in sorted(blocking_keys(r))]
    store.save_keys(keys)
    judged = judged_locals(store)
    members = set(pending)
    frontier = {k for k, _d, _l in keys}
    seen: set[str] = set()
    tied: set[tuple[str, int]] = set()
    while frontier or tied:
        seen |= frontier
        found = (reads.locals_with_keys(store.conn, frontier) - members) | tied
        members |= found
        frontier = reads.keys_of(store.conn, found) - seen if found else set()
        # what a judgement ties to these is resolved with them, however far apart their names are
        tied = {k for g in judged.groups() if g & members for k in g} - members
    before = reads.entity_of_locals(store.conn, members)
    taken = frozenset(reads.entity_names(store.conn).keys() - set(before.values()))
    forms = reads.mention_forms(store.conn, members)
    resolved = resolve(_records(store, members, forms), forms, taken, judged)
    after = {m: e.id for e in resolved for m in e.members}
    store.apply_entities(members, [(e.id, e.name, e.type, list(e.members)) for e in resolved])
    changes.touched |= {d for d, loc in members if before.get((d, loc)) != after.get((d, loc))}
    return len(resolved)


def _refresh_stale_keys(store: Store, chunk: int = 5000) -> None:
    """Blocking keys of entities resolved under older key rules, recomputed once (after an upgrade)
    so that new documents can reach them; their entities do not change."""
    while stale := store.stale_key_locals(chunk):
        keys = [(k, r.doc_id, r.local) for r in _records(store, set(stale)) for k in sorted(blocking_keys(r))]
        store.save_keys(keys)
        store.clear_stale_keys(stale)  # also those that no longer exist or have no key


def _records(
    store: Store, locals_: set[tuple[str, int]], forms: dict[tuple[str, int], dict[str, int]] | None = None
) -> list[LocalRecord]:
    out = []
    forms = reads.mention_forms(store.conn, locals_) if forms is None else forms
    rows = reads.local_rows(store.conn, locals_)
    generic = {
        r["doc_id"]
        for r in rows
        if (e := organisation((r["name"], *_acronyms(forms, r)))) is not None and e.generic and r["type"] != "PERSON"
    }
    contexts = document_countries(store, generic)
    for r in rows:
        era = (r["era_lo"], r["era_hi"]) if r["era_lo"] is not None else None
        year = int(r["published"][:4]) if r["published"] else None
        out.append(
            LocalRecord(
                r["doc_id"], r["local"], r["type"], r["name"], era, r["n_mentions"], year, _acronyms(forms, r),
                contexts.get(r["doc_id"]),
            )
        )  # fmt: skip
    return out


def _acronyms(forms: dict[tuple[str, int], dict[str, int]], row: dict) -> tuple[str, ...]:
    return tuple(sorted(f for f in forms.get((row["doc_id"], row["local"]), {}) if is_acronym(f)))


def document_countries(store: Store, doc_ids: set[str]) -> dict[str, str]:
    """The country each of these articles is about, where one dominates its places and nationality
    words (rule 6); read from all of the article's local entities, so that it does not depend on
    which of them a build re-resolves."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in reads.places_of_documents(store.conn, doc_ids):
        if country := country_of_place(row["name"], row["type"]):
            counts[row["doc_id"]][country] += row["n_mentions"]
    return {d: c for d, per in counts.items() if (c := dominant_country(per))}
