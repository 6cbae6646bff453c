"""Who "he" and "she" are: the person a pronoun refers to, within one article.

Quotes need it for their speakers ("“…,” he said") and events for their participants ("He met
Lavrov in Riyadh"). No coreference model installs offline (DESIGN.md lists the packages tried), so
this is a small salience model over the parse and the article's own entities, written once for every
language and task:

* candidates are the people named outside quotation marks in the pronoun's sentence and the
  SALIENCE_SENTENCES before it (names inside a quote belong to the quoted speaker's words);
* each is scored by recency (sentences back), by its grammatical role where named — the subject
  of a speech verb above a subject, a subject above an object, a possessive ("Trump's aide") least
  — and by how often the article has named them so far;
* a person whose gender contradicts the pronoun's is never chosen. The gender is the parse's
  morphology of the name where the language has it (Russian), else the article's own words about
  that person: a title or a gendered noun before the name or in their role ("Mrs.", "spokeswoman",
  "the president's wife"), and gendered pronouns after the only person named in a sentence;
* with nobody in that window, the nearest person named before the pronoun whose gender does not
  contradict it.

The mention that decided is returned, so that every link keeps its evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from spacy.tokens import Doc, Token

from storyline.extract.spans import ByStart, Regions
from storyline.model import Extraction, Mention
from storyline.nlp import doc_text

SALIENCE_SENTENCES = 4  # how far back a pronoun's antecedent is looked for by salience
_RECENCY = (3.0, 2.0, 1.2, 0.8, 0.5)  # by sentences back from the pronoun: 0, 1, 2, 3, 4+


@dataclass(frozen=True)
class PronounRules:
    """What a language tells the salience model."""

    subject_deps: frozenset[str]  # the parser's subject labels
    speech_verbs: frozenset[str]  # lemmas: the subject of one of these is the most salient
    # words that tell a person's gender when they stand right before the name or in the person's
    # role, and pronouns that do when they follow the only person named in a sentence
    gender_words: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    gender_pronouns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # a noun that describes a person ("the speechwriter"): an unnamed subject can be the antecedent
    person_noun: Callable[[Token], bool] | None = None


def in_opener(tok: Token, before: int) -> bool:
    """Is this word inside a participle clause that opens its sentence before token `before`
    ('Welcoming Secretary Rubio to Riyadh, the minister said')? Who is named there is who the
    subject acts on, not the subject."""
    t, steps = tok, 0
    while t.head.i != t.i and steps < 20:
        if t.dep_ in ("advcl", "acl") and t.tag_ in ("VBG", "VBN") and t.i < before:
            return True
        t, steps = t.head, steps + 1
    # the parser does not always see the participle ("Welcoming" tagged as a name): by the surface,
    # a sentence opening with an -ing word, up to its first comma, when `before` lies after that comma
    sent = tok.sent
    first = sent[0]
    if not (first.is_title and first.lower_.endswith("ing") and first.i < tok.i):
        return False
    comma = next((t.i for t in sent if t.text == "," and t.i > first.i), None)
    return comma is not None and tok.i < comma < before


class People:
    """The people an article names, in text order, and the salience questions asked of them; every
    lookup is a binary search over mention and sentence offsets."""

    def __init__(
        self,
        doc: Doc,
        ex: Extraction,
        rules: PronounRules,
        sents: list[tuple[int, int]],
        quoted: Regions,
        mentions: ByStart[Mention] | None = None,  # the caller's index of ex.mentions, if it has one
    ) -> None:
        self.doc, self.ex, self.rules, self.sents, self.quoted = doc, ex, rules, sents, quoted
        self.text = doc_text(doc)
        found = sorted((m.start, i) for i, m in enumerate(ex.mentions) if m.type == "PERSON" and m.local >= 0)
        self.people = [ex.mentions[i] for _s, i in found]  # by (start, order in the list)
        self.starts = [s for s, _i in found]
        self.sent_starts = [s for s, _e in sents]
        self.token_starts = [t.idx for t in doc]
        self._genders: dict[int, str] | None = None
        self._kids: dict[int, list[Token]] | None = None
        self.mentions = mentions if mentions is not None else ByStart(ex.mentions)

    def sentence_no(self, pos: int) -> int:
        return max(bisect_right(self.sent_starts, pos) - 1, 0)

    def before(self, pos: int, floor: int = -1) -> Iterator[Mention]:
        """People named in [floor, pos), nearest first; several at one offset in the list's order."""
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.starts[i] >= floor:
            j = bisect_left(self.starts, self.starts[i])
            yield from self.people[j : i + 1]
            i = j - 1

    def salient(
        self, pos: int, gender: str, allowed: Callable[[int], bool] | None = None, unnamed: bool = True
    ) -> Mention | None:
        """The person a pronoun at `pos` most likely refers to ("" gender: any; `allowed`: which local
        entities may be; `unnamed`: whether a person described but not named may be the one, which
        then leaves it unresolved), as the mention that decided."""
        here = self.sentence_no(pos)
        floor = self.sent_starts[max(0, here - SALIENCE_SENTENCES)] if self.sent_starts else 0
        best: dict[int, tuple[float, Mention]] = {}
        seen: dict[int, int] = {}
        for m in self.before(pos, floor):
            if m.start in self.quoted or (gender and self.gender(m) not in (None, gender)):
                continue
            if allowed is not None and not allowed(m.local):
                continue
            seen[m.local] = seen.get(m.local, 0) + 1
            distance = here - self.sentence_no(m.start)
            score = _RECENCY[min(distance, len(_RECENCY) - 1)] + self._role_weight(m)
            if m.local not in best or score > best[m.local][0]:
                best[m.local] = (score, m)
        if best:
            ranked = sorted(best.items(), key=lambda kv: -kv[1][1].start)  # among equals the most recent wins
            local, (score, m) = max(ranked, key=lambda kv: kv[1][0] + 0.2 * min(seen[kv[0]], 5))
            if unnamed and self._unnamed_subject(floor, pos, here) > score + 0.2 * min(seen[local], 5):
                return None  # "The speechwriter stopped at a picture of Medvedev. “…,” he said": nobody named
            return m
        for m in self.before(pos):
            fits = allowed is None or allowed(m.local)
            if fits and m.start not in self.quoted and (not gender or self.gender(m) in (None, gender)):
                return m
        return None

    def _unnamed_subject(self, floor: int, pos: int, here: int) -> float:
        """The best score of a person described but not named ("the speechwriter") as a subject in view."""
        if self.rules.person_noun is None:
            return 0.0
        best = 0.0
        for t in self.doc[bisect_left(self.token_starts, floor) : bisect_left(self.token_starts, pos)]:
            if t.dep_ not in self.rules.subject_deps or t.idx in self.quoted or not self.rules.person_noun(t):
                continue
            if any(m.local >= 0 for m in self.mentions.holding(t.idx)):
                continue  # a description the entities stage linked to someone is a named candidate
            if any(
                m.local >= 0 and m.type == "PERSON" for k in self._dependents(t) for m in self.mentions.holding(k.idx)
            ):
                continue  # "Официальный представитель МИД Мария Захарова": the name is in the phrase
            distance = here - self.sentence_no(t.idx)
            speech = 1.0 if t.head.lemma_.lower() in self.rules.speech_verbs else 0.0
            best = max(best, _RECENCY[min(distance, len(_RECENCY) - 1)] + 1.5 + speech)
        return best

    def _dependents(self, tok: Token) -> list[Token]:
        """A word's dependents, from each word's head (the converted Russian trees' own child lists
        can be wrong, see quotes.core.Article.children)."""
        if self._kids is None:
            self._kids = {}
            for t in self.doc:
                if t.head.i != t.i:
                    self._kids.setdefault(t.head.i, []).append(t)
        return self._kids.get(tok.i, [])

    def root(self, m: Mention) -> Token | None:
        """The mention's word whose head lies outside it."""
        toks = self.doc[bisect_left(self.token_starts, m.start) : bisect_left(self.token_starts, m.end)]
        return next((t for t in toks if not (m.start <= t.head.idx < m.end) or t.head.i == t.i), None)

    def _role_weight(self, m: Mention) -> float:
        root = self.root(m)
        if root is None:
            return 0.0
        if root.dep_ in self.rules.subject_deps:
            return 2.5 if root.head.lemma_.lower() in self.rules.speech_verbs else 1.5
        return -0.5 if root.dep_ in ("poss", "nmod:poss") else 0.0

    def gender(self, m: Mention) -> str | None:
        toks = self.doc[bisect_left(self.token_starts, m.start) : bisect_left(self.token_starts, m.end)]
        genders = {",".join(t.morph.get("Gender")) or None for t in toks if t.pos_ == "PROPN"}
        genders.discard(None)
        if len(genders) == 1:
            return genders.pop()
        if self._genders is None:
            self._genders = self._article_genders()
        return self._genders.get(m.local)

    def gender_of(self, local: int) -> str | None:
        """A person's gender as the article's words show it (None: not known)."""
        m = next((m for m in self.people if m.local == local), None)
        return self.gender(m) if m is not None else None

    def _article_genders(self) -> dict[int, str]:
        r = self.rules
        if not r.gender_words and not r.gender_pronouns:
            return {}
        votes: dict[int, dict[str, int]] = {}

        def vote(local: int, gender: str | None) -> None:
            if gender:
                votes.setdefault(local, {}).setdefault(gender, 0)
                votes[local][gender] += 1

        for m in self.people:
            before = self.text[max(0, m.start - 12) : m.start].split()
            if before:
                vote(m.local, r.gender_words.get(before[-1].lower().rstrip(".")))
        for role in self.ex.roles:
            for w in re.findall(r"\w+", role.role.lower()):
                vote(role.local, r.gender_words.get(w))
        by_sentence: dict[int, set[int]] = {}
        first: dict[int, int] = {}
        for m in self.people:
            if m.start not in self.quoted:
                k = self.sentence_no(m.start)
                by_sentence.setdefault(k, set()).add(m.local)
                first.setdefault(k, m.start)
        for k, locals_ in by_sentence.items():
            if len(locals_) != 1 or not self.sents:
                continue
            (local,) = locals_
            lo, hi = bisect_left(self.token_starts, first[k]), bisect_left(self.token_starts, self.sents[k][1])
            for t in self.doc[lo:hi]:
                if t.idx not in self.quoted:
                    vote(local, r.gender_pronouns.get(t.lower_))
        out = {}
        for local, counts in votes.items():
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
                out[local] = ranked[0][0]
        return out
