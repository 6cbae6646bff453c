"""Quotes and sources, one algorithm for every language: who said what, who is anonymous, and what
the source itself hedges.

Per article and pure (a parsed spaCy Doc and the article's entities in, quotes out). No attribution
model is available offline, so these are rules over the quotation marks and the parse. They are
written once, here; a `Grammar` (`en.py`, `ru.py`) holds what a language changes: its speech verbs
(by lemma), cue words, source and hedging words, its parser's labels, and small hooks where its news
conventions differ (Russian marks speech with a dash, English puts "said" between two quoted
pieces). A new language is one new grammar module.

1. Direct spans (`direct_spans`): text between quotation marks of any style; a mark left open at a
   paragraph's end continues into the next paragraph when that one opens with a mark; an open mark
   with nothing to close it ends at the paragraph end; a paragraph opening with a dash is reported
   speech. The grammar joins interrupted quotes around their attribution ("“A” – X told Tass –
   “B”", «A», — сказал X, — «B»): the attribution stays out of the quoted words (`Quoted.pieces`).
2. A span is a quote when a speech verb stands near it (`cue_near`): in an attribution inside it,
   else outside quotes in the sentences it touches and in its paragraph, else in a sentence or a
   paragraph ending with "said:" just before it. A short span (fewer than MIN_QUOTE_WORDS words)
   without one is a term or a title, not a quote.
3. The speaker (`speaker`) is the speech verb's subject (a participle or conjunct shares its main
   verb's), or the source the verb cites; with none, the person named just before the quote in the
   verb's sentence. It is linked to the article's entity it names (a person first, `resolve`); a
   pronoun goes to the nearest person named before it outside quotes whose gender (token.morph)
   does not contradict it; a phrase built on a source noun that names no person is anonymous: no
   speaker entity, its words kept as `speaker_text`.
4. A quote with no attribution right after an attributed one in the same paragraph continues that
   speaker (`continue_speakers`).
5. Indirect speech: the grammar says which rule a token starts ("X said that ..." is
   `reported_clause`, shared; "according to X", "по словам X" are the grammar's own patterns,
   finished by `rest_of_sentence`). A direct quote inside reported speech of the same verb is that
   speech.
6. Hedging (`hedged`): the sentences carry the source's own doubt ("allegedly", "якобы"), or the
   verb is one of doubt ("claim", "утверждать").

Every lookup by position is a binary search (`Article`): scanning all quotes, mentions or tokens per
candidate made long articles quadratic.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from rapidfuzz.fuzz import ratio
from spacy.tokens import Doc, Span, Token

from storyline.extract.quotes import ranker
from storyline.extract.references import SALIENCE_SENTENCES, People, PronounRules, in_opener
from storyline.extract.spans import ByStart, Regions
from storyline.lexicon.names import capitals_initials
from storyline.model import Extraction, Mention, QuoteMention, RoleMention
from storyline.nlp import doc_text

MIN_QUOTE_WORDS = 4  # fewer words in quotation marks and no speech verb: a term, not a quote
PUBLICATION_SENTENCES = 3  # how far back "this"/"the memo" looks for the document and its publisher
_OPEN = {"“": "”", "«": "»", "„": "“"}
_CLOSE = {"”", "»"}
_DASH_START = re.compile(r"^[—–-]\s+")
# the quoted pieces of a joined quote: a closing mark, a short attribution, an opening mark
_BETWEEN_PIECES = re.compile(r"[”\"»]\s*[–—,-]?\s*[^“\"«]{1,120}?[–—,-]?\s*[“\"«]")


@dataclass(frozen=True)
class Quoted:
    """Quoted or dash-introduced content, with the attributions inside it (the gaps of a joined quote)."""

    start: int
    end: int
    dash: bool
    gaps: tuple[tuple[int, int], ...] = ()

    def pieces(self) -> list[tuple[int, int]]:
        """The quoted words: the attributions between them are the writer's, not the speaker's."""
        out, start = [], self.start
        for x, y in self.gaps:
            out.append((start, x))
            start = y
        out.append((start, self.end))
        return out


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to and how the article names them."""

    local: int | None  # the local entity; None when anonymous or unresolved
    text: str
    start: int
    end: int
    span: Span | None = None  # the phrase naming the speaker (None when taken from a mention)
    head: Token | None = None  # its head word
    anonymous: bool = False
    via: Mention | None = None  # a pronoun's or description's antecedent: the mention that names the speaker
    how: str | None = None  # how `via` was found: "pronoun" | "description"

    @classmethod
    def named(cls, m: Mention) -> Speaker:
        return cls(m.local, m.text, m.start, m.end)


class Grammar:
    """What a language changes in the shared rules: tables, and hooks with the default most
    languages want. A hook receives the article (`Article`) and spaCy tokens."""

    cues: frozenset[str]  # speech verbs, by lemma
    epistemic: frozenset[str]  # speech verbs that also take non-speaking subjects ("the data confirm")
    anonymous_heads: frozenset[str]  # nouns that, naming no person, leave the speaker unidentified
    hedges: re.Pattern[str]  # the source's own doubt in the sentence
    hedge_cues: frozenset[str]  # speech verbs of doubt ("claim")
    subject_deps: frozenset[str]  # the parser's subject labels
    verb_tags: tuple[str, ...] = ("VERB",)  # tags of a main verb whose subject a participle shares
    passive_deps: frozenset[str] = frozenset()  # the parser's passive-subject labels
    passive_speakers: frozenset[str] = frozenset()  # verbs whose passive subject speaks ("was quoted")
    # pronoun -> the gender its antecedent must not contradict ("" any; None: not resolved)
    pronouns: dict[str, str | None]
    # words that tell a person's gender when they stand right before the name or in the person's
    # role ("Mrs.", "spokeswoman"), and pronouns that do when they follow the only person named in
    # a sentence ("his", "her"): the article's own evidence, where the parse gives no gender
    gender_words: Mapping[str, str] = MappingProxyType({})
    gender_pronouns: Mapping[str, str] = MappingProxyType({})
    # "it said": an organisation's pronoun; "they said" after "officials said": the same anonymous source
    thing_pronouns: frozenset[str] = frozenset()
    group_pronouns: frozenset[str] = frozenset()
    # "the memo", "this": a document speaks for whoever published it ("a memo published by X")
    publication_nouns: frozenset[str] = frozenset()
    publishing_verbs: frozenset[str] = frozenset()  # "published/obtained/leaked by X", "X released a memo"
    entity_types: tuple[tuple[str, ...], ...]  # what a speaker phrase names, by preference
    dash_end: re.Pattern[str] | None = None  # the attribution closing a dash paragraph
    interrupted: re.Pattern[str] | None = None  # an attribution between two quoted pieces on one line
    requote: bool = False  # after attribution, only the accepted quotes' pieces count as quoted
    spaces_are_words: bool = True  # False: runs of whitespace are filler tokens of a converted parse
    breaks_end_sentences: bool = False  # the parser runs a headline into the next paragraph
    lead_ins: tuple[str, ...] = ("sentence", "paragraph")  # where a "said:" before a quote is looked for, in order
    speaker_between_pieces: bool = False  # a person named between two quoted pieces spoke them
    misspelt_surnames: bool = False  # a one-word subject close to one person's surname is that person
    summed_coverage: bool = False  # reported speech covered by several quotations together is theirs
    parenthetical: bool = False  # "A, according to X, B": both sides are the content
    trim_before: tuple[str, str] = (" ,", " ,")  # characters trimmed off (left, right) of content before ...
    trim_after: tuple[str, str] = (" ,.", " ,.")  # ... and after an attribution phrase

    # --- direct quotes ---
    def spans(self, ctx: Article) -> list[Quoted]:
        """The article's quoted spans, a joined quote's attributions as its gaps."""
        out = []
        for a, b, dash in direct_spans(ctx.text, self.dash_end, self.interrupted):
            gaps = tuple((a + m.start(), a + m.end()) for m in _BETWEEN_PIECES.finditer(ctx.text[a:b]))
            out.append(Quoted(a, b, dash, gaps))
        return out

    def quoted_regions(self, ctx: Article, spans: list[Quoted]) -> Iterable[tuple[int, int]]:
        """What counts as quoted while direct quotes are attributed."""
        return [(s.start, s.end) for s in spans]

    def more_direct(self, ctx: Article) -> list[QuoteMention]:
        """Direct quotes without quotation marks (block quotes)."""
        return []

    def is_term(self, ctx: Article, span: Quoted, cue: Token | None) -> bool:
        """Too short to be a quote: a term or a title in quotation marks."""
        return len(ctx.text[span.start : span.end].split()) < MIN_QUOTE_WORDS

    def is_cue(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.cues and tok.pos_ == "VERB"

    def near_cue(self, ctx: Article, tok: Token) -> bool:
        """A speech verb that attributes a quote in the sentences around it."""
        return self.is_cue(tok)

    def gap_cue(self, ctx: Article, start: int, end: int) -> Token | None:
        """The speech verb of an attribution inside a joined quote."""
        return None

    def touching(self, ctx: Article, a: int, b: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        """The characters of the sentences a quote touches, and the sentence before them."""
        if not ctx.sents:
            return None
        lo, hi = ctx.sentence_no(a), ctx.sentence_no(min(b, len(ctx.text) - 1))
        return (ctx.sents[lo][0], ctx.sents[hi][1]), (ctx.sents[lo - 1] if lo > 0 else None)

    def distance(self, tok: Token, a: int, b: int) -> int:
        """How far a speech verb stands from the quote [a, b)."""
        return min(abs(tok.idx - b), abs(a - tok.idx - len(tok.text)))

    def attribution_inside(self, ctx: Article, span: Quoted) -> tuple[Speaker, Token] | None:
        """A writer's misplaced quotation marks: the 'X said' inside the quoted text."""
        return None

    # --- speakers ---
    def cited(self, ctx: Article, cue: Token) -> tuple[Span, Token] | Literal[False] | None:
        """The source a speech verb cites, whose words they are (False: the cue names no one)."""
        return None

    def phrase(self, ctx: Article, head: Token) -> tuple[Span, Token]:
        """The words naming a speaker, from the head of its noun phrase."""
        raise NotImplementedError

    def subjectless(self, ctx: Article, cue: Token) -> tuple[Span, Token] | None:
        """A speaker phrase for a speech verb the parser gave no subject."""
        return None

    def anonymous(self, span: Span) -> bool:
        """A phrase that describes a source without naming it."""
        return any(t.lemma_ in self.anonymous_heads for t in span)

    def speaker_text(self, span: Span) -> str:
        return span.text

    def definite(self, span: Span) -> bool:
        """Does a description point back to someone ("the expert"), rather than introduce someone ("an expert")?"""
        return True

    def lead_in_verb(self, tok: Token) -> bool:
        """A verb whose subject speaks the quote a colon introduces."""
        return tok.lemma_.lower() in self.cues

    def agent(self, ctx: Article, verb: Token) -> Token | None:
        """A passive verb's agent ("by X"), when the parse marks it."""
        return None

    def someone(self, tok: Token) -> bool:
        """Does this noun stand for a person at all ("the speechwriter")? Wider than `person_noun`:
        it only keeps a pronoun from going to a named person when an unnamed one is more salient."""
        return self.person_noun(tok)

    def description_kind(self, tok: Token) -> str:
        """How a description's head noun picks out its person: "office" (the president: only a role
        the article gives says who), "descriptive" (the expert, the dictator: the person in focus
        when no role says otherwise) or "relational" (his counterpart: someone else of the named
        country)."""
        return "office"

    def person_noun(self, tok: Token) -> bool:
        """Does this noun describe a person by position or trade ("the envoy", "the expert")?"""
        return False

    def country(self, tok: Token) -> str | None:
        """The country a word of a description names or qualifies ("Russian", "U.S."), as an ISO code."""
        return None

    def country_word(self, word: str) -> str | None:
        """The same for a word of a role's text."""
        return None

    def can_speak(self, ctx: Article, spk: Speaker) -> bool:
        """A subject able to say something (not "the visit" of "the visit confirmed that ...")."""
        return spk.local is not None or spk.anonymous

    # --- indirect speech ---
    def speech_rule(self, ctx: Article, tok: Token) -> Callable[[Article, Token], QuoteMention | None] | None:
        """The indirect-speech rule a token starts, if any."""
        return reported_clause if self.is_cue(tok) else None

    def complement(self, ctx: Article, cue: Token) -> tuple[int, int] | None:
        """The characters of the clause a speech verb reports."""
        raise NotImplementedError

    # --- sentences and hedging ---
    def sentences(self, doc: Doc) -> list[tuple[int, int]]:
        return [(s.start_char, s.end_char) for s in doc.sents]

    def hedge_zones(self, ctx: Article, a: int, b: int, cue: Token | None) -> list[tuple[int, int]]:
        """Where the source's doubt is looked for: the content's sentences and the verb's."""
        zones = [(ctx.sentence(a)[0], ctx.sentence(max(a, b - 1))[1])]
        if cue is not None:
            zones.append(ctx.sentence(cue.idx))
        return zones


class Article:
    """One article and the questions the rules ask of it, answered by binary search: whether an
    offset is quoted (`Regions`), which mentions start in or cover a span (`ByStart`), the people
    named before an offset, the words of a character range, the sentence around an offset."""

    def __init__(self, doc: Doc, ex: Extraction, grammar: Grammar) -> None:
        self.doc, self.ex, self.grammar = doc, ex, grammar
        self.text = doc_text(doc)
        self._quoted = Regions(())
        self.mentions = ByStart(ex.mentions)
        self.words = list(doc) if grammar.spaces_are_words else [t for t in doc if t.pos_ != "SPACE"]
        self.word_starts = [t.idx for t in self.words]
        self._number = {t.i: k for k, t in enumerate(self.words)}
        # dependents from each word's head: spaCy's own `children`/`subtree` walk the left and right
        # edges it computes, which a converted non-projective tree (natasha's) can leave wrong
        self._children: dict[int, list[Token]] = {}
        for t in self.words:
            if t.head.i != t.i and t.head.i in self._number:
                self._children.setdefault(t.head.i, []).append(t)
        self.sents = grammar.sentences(doc)
        self.sent_starts = [s for s, _e in self.sents]
        rules = PronounRules(
            grammar.subject_deps, grammar.cues, grammar.gender_words, grammar.gender_pronouns, grammar.someone
        )
        self.refs = People(doc, ex, rules, self.sents, self.quoted, self.mentions)
        self._misspelt: dict[str, int | None] = {}
        self._surnames: dict[str, set[int]] | None = None  # last word of each full name -> its people
        self._forms: dict[str, Mention | None] | None = None  # an acronym's written form -> a mention of it
        self._countries: dict[int, set[str]] = {}  # person -> the countries the article gives them

    @property
    def quoted(self) -> Regions:
        """Where the article quotes someone: names there are the quoted speaker's, not the writer's."""
        return self._quoted

    @quoted.setter
    def quoted(self, regions: Regions) -> None:
        self._quoted = regions
        if hasattr(self, "refs"):
            self.refs.quoted = regions

    # --- words ---
    def words_in(self, start: int, end: int) -> list[Token]:
        """The words that begin inside text[start:end]."""
        return self.words[bisect_left(self.word_starts, start) : bisect_left(self.word_starts, end)]

    def number(self, tok: Token) -> int:
        """A word's position among the words."""
        return self._number[tok.i]

    def is_word(self, tok: Token) -> bool:
        return tok.i in self._number

    def children(self, tok: Token) -> list[Token]:
        """A word's dependents, in text order."""
        return self._children.get(tok.i, [])

    def subtree(self, tok: Token) -> list[Token]:
        """A word and the words that depend on it, in text order."""
        out, todo = {tok.i: tok}, [tok]
        while todo:
            for c in self.children(todo.pop()):
                if c.i not in out:
                    out[c.i] = c
                    todo.append(c)
        return [out[i] for i in sorted(out)]

    def child(self, tok: Token, deps: Iterable[str]) -> Token | None:
        """A word's first dependent with one of these relations."""
        return next((c for c in self.children(tok) if c.dep_ in deps), None)

    # --- sentences ---
    def sentence_no(self, pos: int) -> int:
        """The sentence an offset is in (the last one starting at or before it)."""
        return self.refs.sentence_no(pos)

    def sentence(self, pos: int) -> tuple[int, int]:
        """The characters of the sentence around an offset (cut at line breaks, where the grammar says so)."""
        s0, s1 = self.sents[self.sentence_no(pos)] if self.sents else (0, len(self.text))
        if self.grammar.breaks_end_sentences:
            s0 = max(s0, self.text.rfind("\n", s0, pos) + 1)  # within the sentence: not back to the text's start
            nl = self.text.find("\n", pos, s1)
            s1 = nl if nl >= 0 else s1
        return s0, s1

    # --- people ---
    def people_before(self, pos: int, floor: int = -1) -> Iterator[Mention]:
        """People named in [floor, pos), nearest first."""
        return self.refs.before(pos, floor)

    def person_before(self, pos: int, floor: int) -> Mention | None:
        """The person named outside quotes nearest before `pos` and not before `floor`."""
        return next((m for m in self.people_before(pos, floor) if m.start not in self.quoted), None)

    def previous_person(self, pos: int, gender: str) -> int | None:
        """The person a pronoun at `pos` refers to (`references.People.salient`), as a local entity."""
        m = self.salient_person(pos, gender)
        return m.local if m is not None else None

    def salient_person(self, pos: int, gender: str) -> Mention | None:
        return self.refs.salient(pos, gender)

    def gender(self, m: Mention) -> str | None:
        return self.refs.gender(m)

    def depth(self, m: Mention) -> int:
        """How many heads up from a mention's root word to its sentence's root (0 when unknown)."""
        tok, n = self.refs.root(m), 0
        while tok is not None and tok.head.i != tok.i and n < 50:
            tok, n = tok.head, n + 1
        return n

    def described(self, span: Span, head: Token) -> Mention | None:
        """The person a description ("the expert", "the Russian president") stands for: one whose
        role, as the article gives it, has the description's head noun and every country the
        description names; the one whose role is nearest before the description, else the first
        after it. The mention that names that person is returned, as the link's evidence."""
        g = self.grammar
        lemma = head.lemma_.lower()
        owner = self._owner(head)  # "his counterpart", "Putin's spokesman": never that person
        gender = self.grammar.gender_words.get(lemma)  # "the woman": never a man
        countries = {c for t in span if t.i != head.i and (c := g.country(t)) is not None}
        # "the head of the RDIF": a role must name what the description names
        names = {
            w.lower() for m in self.mentions.starting_in(span.start_char, span.end_char) if m.type != "PERSON"
            for w in re.findall(r"\w+", m.text) if g.country_word(w) is None
        } | {t.lower_ for t in span if t.pos_ == "PROPN" and g.country(t) is None}  # fmt: skip
        best: tuple[int, RoleMention] | None = None
        for r in self.ex.roles:
            if r.local == owner or (gender and self.refs.gender_of(r.local) not in (None, gender)):
                continue
            words = re.findall(r"[\w'’.-]+", r.role)
            lowered = {w.lower() for w in words}
            if lemma not in lowered and head.lower_ not in lowered:
                continue
            if not names <= lowered | {capitals_initials(words).lower()}:
                continue
            if not countries <= self._role_countries(r):
                continue
            rank = span.start_char - r.start if r.start < span.start_char else 10**9 + r.start
            if best is None or rank < best[0]:
                best = (rank, r)
        if best is not None:
            return self.naming_mention(best[1].local, span.start_char)
        # no role repeats it: the one person in view (this sentence and the two before it) whose
        # roles name every country the description names ("the Russian leader" beside a Ukrainian)
        here = self.sentence_no(span.start_char)
        floor = self.sent_starts[max(0, here - 2)] if self.sent_starts else 0
        in_view = {
            m.local for m in self.people_before(span.start_char, floor)
            if m.start not in self.quoted and not self._opener(m, span)
        }  # fmt: skip
        in_view.discard(owner if owner is not None else -1)
        in_view = {x for x in in_view if not gender or self.refs.gender_of(x) in (None, gender)}
        if owner is not None and not countries:
            return None  # "his spokesman": someone else, whom only a role could name
        if countries:
            in_view = {x for x in in_view if any(countries <= self._role_countries(r) for r in self._roles_of(x))}
        if len(in_view) == 1:
            return self.naming_mention(in_view.pop(), span.start_char)
        return self._in_focus(span, head, owner, gender, countries)

    def _in_focus(
        self, span: Span, head: Token, owner: int | None, gender: str | None, countries: set[str]
    ) -> Mention | None:
        """No role names the described person. A descriptive noun ("the expert", "the Russian
        dictator") then stands for the person in focus — the one a pronoun there would refer to,
        seen from the start of the quotation the description attributes (a long quotation does not
        push its speaker out of view). A
        relational noun ("his American counterpart") stands for the person in focus among those the
        article gives the named country (by a role or a title), never the owner; so does a
        descriptive noun that names a country (the person in focus is not the "Russian" one unless
        the article says so). An office ("the president") is left to roles: the person in focus is
        too often someone else."""
        kind = self.grammar.description_kind(head)
        if kind == "office" or (kind == "relational" and (owner is None or not countries)):
            return None

        def fits(local: int) -> bool:
            if local == owner or (gender and self.refs.gender_of(local) not in (None, gender)):
                return False
            return countries <= self.person_countries(local)

        anchor = self.attributed_from(span.start_char)
        # a country the article gives the candidates already rules out a person it does not name
        m = self.refs.salient(anchor, gender or "", allowed=fits, unnamed=not countries)
        if m is None or self.sentence_no(anchor) - self.sentence_no(m.start) > SALIENCE_SENTENCES:
            return None
        return self.naming_mention(m.local, span.start_char)

    def attributed_from(self, pos: int) -> int:
        """Where the quotation that a speaker phrase at `pos` attributes begins ("“…,” the expert
        notes"), or `pos` itself when the phrase does not follow a quotation."""
        k = pos
        while k > 0 and self.text[k - 1] in " ,\n–—-":
            k -= 1
        held = self.quoted.overlapping(k - 1, k) if k > 0 else []
        return held[0][0] if held else pos

    def person_countries(self, local: int) -> set[str]:
        """The countries the article gives a person: by the roles ("US Secretary of State") and titles
        ("the American president", linked by the entities stage) it gives them."""
        if local not in self._countries:  # asked for each person in view of each such description: once each
            found = {c for r in self._roles_of(local) for c in self._role_countries(r)}
            for m in self.ex.mentions:
                if m.local == local and m.kind == "title":
                    found |= self._countries_in(m.text)
            self._countries[local] = found
        return self._countries[local]

    def _opener(self, m: Mention, span: Span) -> bool:
        root = self.refs.root(m)
        return (
            root is not None
            and self.sentence_no(m.start) == self.sentence_no(span.start_char)
            and in_opener(root, span.start)
        )

    def _owner(self, head: Token) -> int | None:
        """Whose the described person is ("his counterpart" -> the person "his" refers to)."""
        poss = next((c for c in self.children(head) if c.dep_ in ("poss", "nmod:poss")), None)
        if poss is None:
            return None
        if poss.lower_ in self.grammar.pronouns or poss.lower_ in self.grammar.gender_pronouns:
            gender = self.grammar.gender_pronouns.get(poss.lower_, "")
            m = self.salient_person(poss.idx, gender)
            return m.local if m is not None else None
        named = [m for m in self.mentions.holding(poss.idx) if m.local >= 0]
        return named[0].local if named else None

    def _role_countries(self, r: RoleMention) -> set[str]:
        return self._countries_in(r.role)

    def _countries_in(self, words: str) -> set[str]:
        return {c for w in re.findall(r"[\w'’.-]+", words) if (c := self.grammar.country_word(w)) is not None}

    def _roles_of(self, local: int) -> list[RoleMention]:
        return [r for r in self.ex.roles if r.local == local]

    def publisher_before(self, pos: int) -> Mention | None:
        """Who published the document a pronoun or "the memo" at `pos` stands for: the nearest
        document noun in its sentence or the PUBLICATION_SENTENCES before it that names its
        publisher ("Bloomberg's memo", "a memo published/obtained by Bloomberg", "a report from
        Reuters", "Bloomberg published a memo"). A document noun with no publisher is passed over:
        "the published summary" of that memo, a sentence later, is the same document."""
        g = self.grammar
        for _hop in range(3):  # "the memo ... the summary ... They": each document noun extends the view
            here = self.sentence_no(pos)
            floor = self.sent_starts[max(0, here - PUBLICATION_SENTENCES)] if self.sent_starts else 0
            nouns = [
                t for t in reversed(self.words_in(floor, pos))
                if t.pos_ == "NOUN" and t.lemma_.lower() in g.publication_nouns and t.idx not in self.quoted
            ]  # fmt: skip
            for tok in nouns:
                found = self._publisher(tok)
                if found is not None:
                    return found
            if not nouns or self.sentence_no(nouns[-1].idx) == here:
                return None
            pos = self.sents[self.sentence_no(nouns[-1].idx)][0]
        return None

    def _publisher(self, noun: Token) -> Mention | None:
        g = self.grammar
        candidates: list[Token] = []
        for c in self.children(noun):
            if c.dep_ in ("poss", "nmod:poss"):
                candidates.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
                candidates += [k for k in self.children(c) if k.dep_ == "pobj"]
        # "a memo(randum of conversation) published by X": the participle may hang on the "of" noun
        for t in self.subtree(noun):
            if t.dep_ in ("acl", "relcl") and t.lemma_.lower() in g.publishing_verbs and t.i - noun.i < 12:
                by = self.child(t, ("agent",))
                candidates += [k for k in self.children(by) if k.dep_ == "pobj"] if by is not None else []
        verb = noun.head
        if verb.lemma_.lower() in g.publishing_verbs:
            if noun.dep_ in ("dobj", "obj"):  # "Bloomberg published a memo"
                subj = self.child(verb, g.subject_deps)
                candidates += [subj] if subj is not None else []
            elif noun.dep_ in g.passive_deps:  # "a memo was obtained by Bloomberg"
                agent = g.agent(self, verb)
                candidates += [agent] if agent is not None else []
        for c in candidates:
            m = next((m for m in self.mentions.holding(c.idx) if m.local >= 0), None)
            if m is not None:
                return m
        return None

    def naming_mention(self, local: int, pos: int) -> Mention | None:
        """The mention that names a person (not a description of them) nearest before `pos`, else the
        first after it: what a description's link points to."""
        named = [m for m in self.ex.mentions if m.local == local and m.kind != "title"]
        before = [m for m in named if m.start < pos]
        return max(before, key=lambda m: m.start) if before else min(named, key=lambda m: m.start, default=None)

    def previous_speaker(self, pos: int) -> Speaker | None:
        """The source of the last speech verb before `pos` in its sentence or the two before it, for
        "it said" / "they said": an organisation it names (as `via`), or an anonymous source."""
        here = self.sentence_no(pos)
        floor = self.sent_starts[max(0, here - 2)] if self.sent_starts else 0
        g = self.grammar
        for tok in reversed(self.words_in(floor, pos)):
            if tok.lemma_.lower() not in g.cues or tok.idx in self.quoted:
                continue
            subj = subject(self, tok)
            if subj is None or subj.lower_ in g.pronouns or subj.lower_ in g.thing_pronouns | g.group_pronouns:
                continue
            span, head = g.phrase(self, subj)
            if g.anonymous(span):
                return Speaker(None, span.text, span.start_char, span.end_char, span, head, anonymous=True)
            named = [m for m in self.mentions.starting_in(span.start_char, span.end_char) if m.local >= 0]
            org = next((m for m in named if m.type != "PERSON"), None)
            if org is not None and not any(m.type == "PERSON" for m in named):
                return Speaker(org.local, span.text, span.start_char, span.end_char, span, head, via=org)
            return None
        return None

    def named_form_in(self, start: int, end: int) -> Mention | None:
        """An organisation's acronym the article uses elsewhere, written the same way inside this
        phrase where the tagger did not see it ("the latest IMF projections" in an article that
        names the IMF): the tagger decides per occurrence, a reader per article. Only acronyms:
        a capitalised word ("Law enforcement", "Media playback") is too often something else, and
        people have their own surname rules. Forms two entities share are passed over."""
        if self._forms is None:
            self._forms = {}
            for m in self.ex.mentions:
                if m.local >= 0 and m.type != "PERSON" and len(m.text) > 1 and m.text.isupper():
                    known = self._forms.get(m.text, m)
                    self._forms[m.text] = m if known is not None and known.local == m.local else None
        for t in self.words_in(start, end):
            m = self._forms.get(t.text) if t.pos_ == "PROPN" else None
            if m is not None:
                return Mention(t.idx, t.idx + len(t.text), t.text, m.type, m.kind, m.local)
        return None

    def misspelt_person(self, word: str) -> int | None:
        """A one-word subject the model missed that is close to one person's surname in the article
        ("Farapov" for "Faraponov"), compared with each distinct surname once."""
        if self._surnames is None:
            self._surnames = {}
            for m in self.ex.mentions:
                if m.type == "PERSON" and m.kind == "name":
                    self._surnames.setdefault(m.name.split()[-1].lower(), set()).add(m.local)
        if word not in self._misspelt:
            low = word.lower()
            hits = {local for w, locals_ in self._surnames.items() if ratio(w, low) >= 80 for local in locals_}
            self._misspelt[word] = hits.pop() if len(hits) == 1 else None
        return self._misspelt[word]


def feature(tok: Token, name: str) -> str | None:
    """One morphological feature's value, as the parser wrote it (None when absent)."""
    return ",".join(tok.morph.get(name)) or None


def extract(doc: Doc, ex: Extraction, grammar: Grammar) -> list[QuoteMention]:
    """The quotes of one article, direct and indirect, in text order."""
    ctx = Article(doc, ex, grammar)
    spans = grammar.spans(ctx)
    ctx.quoted = Regions(grammar.quoted_regions(ctx, spans))
    accepted = [(s, q) for s in spans if (q := attribute_direct(ctx, s)) is not None]
    if grammar.requote:
        ctx.quoted = Regions(p for s, _q in accepted for p in s.pieces())
    out = [q for _s, q in accepted] + grammar.more_direct(ctx)
    continue_speakers(ctx.text, out)
    byline_speakers(ctx, out)
    indirect = indirect_speech(ctx)
    # a direct quote inside reported speech with the same cue is that speech
    by_cue: dict[int | None, list[tuple[int, int]]] = {}
    for i in indirect:
        by_cue.setdefault(i.cue_start, []).append((i.start, i.end))
    out = [q for q in out if not any(s <= q.start and q.end <= e for s, e in by_cue.get(q.cue_start, ()))] + indirect
    out.sort(key=lambda q: (q.start, q.end))
    return out


def quote(
    ctx: Article, a: int, b: int, direct: bool, spk: Speaker | None, cue: Token | None,
    cue_span: tuple[int, int] | None = None,
) -> QuoteMention:  # fmt: skip
    """A quote of [a, b), its speaker and cue (the cue's own characters unless `cue_span` says otherwise)."""
    if cue_span is None and cue is not None:
        cue_span = (cue.idx, cue.idx + len(cue.text))
    c0, c1 = cue_span if cue_span is not None else (None, None)
    hedge = hedged(ctx, a, b, cue)
    if spk is None:
        return QuoteMention(a, b, direct, None, None, None, None, c0, c1, False, hedge)
    via = spk.via if spk.local is not None else None
    return QuoteMention(
        a, b, direct, spk.local, spk.text, spk.start, spk.end, c0, c1, spk.anonymous, hedge,
        via.start if via else None, via.end if via else None, spk.how if via else None,
    )  # fmt: skip


def continue_speakers(text: str, quotes: list[QuoteMention]) -> None:
    """A quote with no attribution right after an attributed one in the same paragraph
    ('“…,” said Peskov. “This is why …”') continues the same speaker; so does a paragraph that is
    nothing but an unattributed quote right after a paragraph that ends with an attributed one
    (news prints a long statement as several such paragraphs)."""
    for prev, q in itertools.pairwise(quotes):
        if q.speaker_text is None and prev.speaker_text is not None and _continues(text, prev, q):
            q.speaker, q.speaker_text, q.anonymous = prev.speaker, prev.speaker_text, prev.anonymous
            q.speaker_start, q.speaker_end = prev.speaker_start, prev.speaker_end
            q.via_start, q.via_end, q.via_how = prev.via_start, prev.via_end, prev.via_how


def byline_speakers(ctx: Article, quotes: list[QuoteMention]) -> None:
    """Digest pages print a quote as its own paragraph and the writer's byline under it
    ("“…”" / "Jane Roe, The Daily Ledger"): a quote paragraph with no attribution whose next line
    is nothing but a person's name and a comma-separated affiliation is that person's."""
    text = ctx.text
    for q in quotes:
        if q.speaker_text is not None or not q.direct:
            continue
        p0 = text.rfind("\n", 0, q.start) + 1
        p1 = text.find("\n", q.end)
        if p1 < 0 or text[p0 : q.start].strip(' “"«„') or text[q.end : p1].strip(' ”"».,'):
            continue
        n0 = p1
        while n0 < len(text) and text[n0] in "\n ":
            n0 += 1
        n1 = text.find("\n", n0)
        line = text[n0 : n1 if n1 >= 0 else len(text)]
        person = next((m for m in ctx.mentions.starting_in(n0, n0 + 1) if m.type == "PERSON" and m.local >= 0), None)
        if person is None or len(line) > 80 or not line[person.end - n0 :].startswith(","):
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in ctx.words_in(n0, n0 + len(line))):
            continue  # "Jane Roe, who ..., said": a sentence, not a byline
        q.speaker, q.speaker_text, q.speaker_start, q.speaker_end = person.local, person.text, person.start, person.end


def _continues(text: str, prev: QuoteMention, q: QuoteMention) -> bool:
    between = text[prev.end : q.start]
    if "\n" not in between:
        return True
    if not (prev.direct and q.direct) or q.cue_start is not None:
        return False
    tail, _, head = between.partition("\n")
    q_end = text.find("\n", q.end)
    rest = text[q.end : q_end if q_end >= 0 else len(text)]
    # the attribution closing the paragraph before ("…,” he said.") and nothing but the quote in this one
    return len(tail) <= 80 and not head.strip(' \n“"«„') and len(rest.strip(' ”"».,')) == 0


# --- direct quotes ----------------------------------------------------------------------------
def direct_spans(
    text: str, dash_end: re.Pattern[str] | None = None, interrupted: re.Pattern[str] | None = None
) -> list[tuple[int, int, bool]]:
    """(start, end, dash-introduced?) of quoted content, quotation marks excluded. `dash_end` finds
    the attribution that closes a dash paragraph, `interrupted` the one that joins two quoted pieces
    on one line."""
    spans: list[tuple[int, int, bool]] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    carry: int | None = None  # a quote left open at the end of the previous paragraph
    for p_start, p_end in paragraphs:
        para = text[p_start:p_end]
        i = 0
        if carry is not None:
            if para.lstrip()[:1] in _OPEN or para.lstrip()[:1] == '"':
                i = len(para) - len(para.lstrip()) + 1  # the continuing paragraph's opening mark
            else:
                carry = None
        if carry is None and _DASH_START.match(para) and not para.lstrip("—–- ").startswith(("“", '"')):
            start = p_start + _DASH_START.match(para).end()  # type: ignore[union-attr]
            spans.append((start, _dash_speech_end(text, start, p_end, dash_end), True))
            continue
        open_at: int | None = carry
        closer = "”"
        while i < len(para):
            ch = para[i]
            if open_at is None and (ch in _OPEN or (ch == '"' and _opens(para, i))):
                open_at, closer = p_start + i + 1, _OPEN.get(ch, '"')
            elif open_at is not None and (
                ch == closer or (closer != '"' and ch in _CLOSE) or (ch == '"' and closer == '"')
            ):
                if p_start + i > open_at:
                    spans.append((open_at, p_start + i, False))
                open_at = None
            i += 1
        if open_at is not None:
            j = p_end  # the next paragraph's first character (not a copy of the rest of the text)
            while j < len(text) and text[j] == "\n":
                j += 1
            nxt = text[j : j + 1]
            if nxt[:1] in _OPEN or nxt[:1] == '"':
                # continues into the next paragraph: close this part here, the next opens again
                spans.append((open_at, p_end, False))
                carry = p_end  # marker only; the next paragraph reopens at its own mark
                continue
            spans.append((open_at, p_end, False))  # unbalanced: runs to the paragraph end
        carry = None
    return _join_interrupted(text, _merge_continued(text, spans), interrupted)


def _opens(para: str, i: int) -> bool:
    """A straight double quote opens when it follows a space, a dash or the line start."""
    return i == 0 or para[i - 1] in " \t([—–-:"


def _dash_speech_end(text: str, start: int, p_end: int, attribution: re.Pattern[str] | None) -> int:
    """'— Content ..., — X told Izvestia.': the content stops before the closing attribution."""
    para = text[start:p_end]
    m = attribution.search(para) if attribution is not None else None
    end = start + (m.start() if m else len(para))
    while end > start and text[end - 1] in ' ,”"':
        end -= 1
    return end


def _merge_continued(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Join the pieces of a quote that runs over several paragraphs."""
    out: list[tuple[int, int, bool]] = []
    for a, b, dash in spans:
        if out and not dash and not out[-1][2]:
            pa, pb, _ = out[-1]
            between = text[pb:a]
            if re.fullmatch(r"(?:\n+\s*[“\"«]?)?", between) and text[pb - 1 : pb] not in ("”", '"', "»"):
                out[-1] = (pa, b, False)
                continue
        out.append((a, b, dash))
    return out


def _join_interrupted(
    text: str, spans: list[tuple[int, int, bool]], attribution: re.Pattern[str] | None
) -> list[tuple[int, int, bool]]:
    """'“A” – Peskov told Tass – “B”' is one quote: join pieces around a short attribution."""
    out: list[tuple[int, int, bool]] = []
    for a, b, dash in spans:
        if out and not dash and attribution is not None:
            pa, pb, pdash = out[-1]
            between = text[pb:a]
            if not pdash and "\n" not in between and 1 <= len(between.split()) <= 10 and attribution.search(between):
                out[-1] = (pa, b, False)
                continue
        out.append((a, b, dash))
    return out


def attribute_direct(ctx: Article, span: Quoted) -> QuoteMention | None:
    g, a, b = ctx.grammar, span.start, span.end
    cue = cue_near(ctx, span)
    if g.is_term(ctx, span, cue):
        return None  # "the “Anchorage formula”": a term, a title or a snippet inside reported speech
    if g.speaker_between_pieces and span.gaps:  # "“A” – Peskov told Tass – “B”": the one named between spoke
        zone = [m for m in ctx.mentions.starting_in(*span.gaps[0]) if m.type == "PERSON"]
        if zone:
            return quote(ctx, a, b, True, Speaker.named(zone[0]), cue)
    if cue is None:
        inner = g.attribution_inside(ctx, span)
        if inner is not None:
            return quote(ctx, a, b, True, *inner)
        spk = lead_in_speaker(ctx, a)
    else:
        spk = speaker(ctx, cue)
    if spk is None and cue is not None:  # no subject ("..., declaring “...”"): the person named just before
        m = ctx.person_before(a, ctx.sentence(cue.idx)[0])
        spk = Speaker.named(m) if m is not None else None
    if spk is None and (found := ranker.pick(ctx, span, cue)) is not None:
        spk = resolve(ctx, *found)  # nobody by the rules: the learned ranker's pick, if confident (ranker.py)
    return quote(ctx, a, b, True, spk, cue)


def lead_in_speaker(ctx: Article, a: int) -> Speaker | None:
    """A quote introduced by a colon with no speech verb: "Yvette Cooper: “…”" (a name right before
    the colon), or "Dowd elaborated on how it happened: “…”" (the person who is the subject of the
    sentence that the colon ends)."""
    text = ctx.text
    k = a - 1
    while k >= 0 and text[k] in ' \n“"«„':
        k -= 1
    if k < 0 or text[k] != ":" or text.count("\n", k, a) > 2:
        return None
    people = [m for m in ctx.people_before(k, ctx.sentence(k)[0]) if m.start not in ctx.quoted]
    if not people:
        return None
    if text[people[0].end : k].strip() == "":
        return Speaker.named(people[0])  # "Yvette Cooper: “…”"
    for m in people:
        root = ctx.refs.root(m)
        if root is not None and root.dep_ in ctx.grammar.subject_deps and ctx.grammar.lead_in_verb(root.head):
            return Speaker.named(m)  # "X tweeted/dismissed it with this tweet/elaborated:" — not "X drew flak from Y:"
    return None


def cue_near(ctx: Article, span: Quoted) -> Token | None:
    """A quote's speech verb: in an attribution inside it, else the nearest one outside quotes (and
    outside this quote's pieces) in the sentences it touches and its paragraph (a verb in the next
    paragraph belongs to the next speaker), else one in a sentence or paragraph ending with ':'
    just before it."""
    g, text, a, b = ctx.grammar, ctx.text, span.start, span.end
    for gap in span.gaps:
        cue = g.gap_cue(ctx, *gap)
        if cue is not None:
            return cue
    touching = g.touching(ctx, a, b)
    if touching is None:
        return None
    (lo, hi), before = touching
    p_lo = text.rfind("\n", 0, a) + 1
    p_hi = text.find("\n", b)
    p_hi = len(text) if p_hi < 0 else p_hi

    def quoted(pos: int) -> bool:
        return pos in ctx.quoted and not any(x <= pos < y for x, y in span.gaps)

    cands = [t for t in ctx.words_in(max(lo, p_lo), min(hi, p_hi)) if g.near_cue(ctx, t) and not quoted(t.idx)]
    for lead_in in g.lead_ins:
        if cands:
            break
        if lead_in == "sentence" and before is not None and text[before[0] : before[1]].rstrip().endswith(":"):
            cands = [t for t in ctx.words_in(*before) if g.is_cue(t)]  # "Peskov said: “...”"
        elif lead_in == "paragraph" and p_lo > 1:  # "Peskov warned:" closing the paragraph before
            prev_hi = rstripped(text, p_lo)
            prev_lo = text.rfind("\n", 0, prev_hi) + 1
            if text[prev_lo:prev_hi].endswith(":"):
                cands = [t for t in ctx.words_in(prev_lo, prev_hi) if g.is_cue(t)]
    return min(cands, key=lambda t: g.distance(t, a, b)) if cands else None


def rstripped(text: str, pos: int) -> int:
    """len(text[:pos].rstrip()), without copying the text."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def lstripped(text: str, pos: int) -> int:
    """The first offset from `pos` on that is not white space (where text[pos:].lstrip() starts)."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


# --- indirect speech --------------------------------------------------------------------------
def indirect_speech(ctx: Article) -> list[QuoteMention]:
    out = []
    for tok in ctx.words:
        if tok.idx in ctx.quoted:
            continue
        rule = ctx.grammar.speech_rule(ctx, tok)
        q = rule(ctx, tok) if rule is not None else None
        if q is not None:
            out.append(q)
    return out


def reported_clause(ctx: Article, cue: Token) -> QuoteMention | None:
    """'X said (that) ...', '..., X said': the clause the speech verb reports, when its subject can speak."""
    g = ctx.grammar
    content = g.complement(ctx, cue)
    if content is None or not acceptable(ctx, *content):
        return None
    spk = speaker(ctx, cue)
    if spk is None:
        return None
    head = spk.head
    if not g.can_speak(ctx, spk) and (
        cue.lemma_.lower() in g.epistemic or head is None or head.pos_ not in ("NOUN", "PROPN")
    ):
        return None  # "the visit confirmed that ...": not a speaker
    return quote(ctx, *content, False, spk, cue)


def acceptable(ctx: Article, a: int, b: int) -> bool:
    """Reported speech long enough, and not words a direct quote already has: neither end inside a
    long quotation, and not mostly quoted."""
    if b - a < 10:
        return False
    near = ctx.quoted.overlapping(a, b)
    if any(x <= a < y or x < b <= y for x, y in near if y - x > 40):
        return False
    overlaps = [min(b, y) - max(a, x) for x, y in near]
    covered = sum(overlaps) if ctx.grammar.summed_coverage else max(overlaps, default=0)
    return covered < 0.8 * (b - a)


def rest_of_sentence(ctx: Article, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around an attribution phrase [lo, hi) ("according to X", "по словам X"): the
    longer side is what was said, or both sides around a parenthetical one where the grammar says so."""
    g, text = ctx.grammar, ctx.text
    s0, s1 = ctx.sentence(lo)
    before, after = trim(text, s0, lo, *g.trim_before), trim(text, hi, s1, *g.trim_after)
    a, b = after if after[1] - after[0] >= before[1] - before[0] else before
    if g.parenthetical:  # "Состав делегации, по его словам, будет объявлен позднее": both sides
        j, k = rstripped(text, lo), lstripped(text, hi)
        commas = j > 0 and text[j - 1] == "," and text[k : k + 1] == ","
        if commas and min(words(text[before[0] : before[1]]), words(text[after[0] : after[1]])) >= 2:
            a, b = before[0], after[1]
    return a, b


def trim(text: str, a: int, b: int, left: str, right: str) -> tuple[int, int]:
    """[a, b) without the characters `left` at its start and `right` at its end."""
    while a < b and text[a] in left:
        a += 1
    while b > a and text[b - 1] in right:
        b -= 1
    return a, b


def words(text: str) -> int:
    """Words, not dashes: «Северный поток — 2» is a title of two words and a number."""
    return len(re.findall(r"\w+", text))


# --- speakers -----------------------------------------------------------------------------------
def speaker(ctx: Article, cue: Token) -> Speaker | None:
    """Who speaks through a speech verb: the source it cites, else its subject, else the grammar's
    guess for a verb without one."""
    g = ctx.grammar
    found = g.cited(ctx, cue)
    if found is False:
        return None
    if found is None:
        subj = subject(ctx, cue)
        found = g.phrase(ctx, subj) if subj is not None else g.subjectless(ctx, cue)
    return resolve(ctx, *found) if found is not None else None


def subject(ctx: Article, verb: Token) -> Token | None:
    """Who does the saying: the verb's subject ("X said ..., adding that ...": a participle or
    conjunct shares its main verb's). A passive verb's subject is what was said or who was told
    ("the president is told that ..."), so the agent speaks ("criticized by X"), or nobody — except
    for verbs whose passive subject is the speaker ("X was quoted as saying")."""
    g = ctx.grammar
    shared = verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in g.verb_tags
    for v in (verb, verb.head) if shared else (verb,):
        subj = ctx.child(v, g.subject_deps)
        if subj is None:
            continue
        if subj.dep_ in g.passive_deps and v.lemma_.lower() not in g.passive_speakers:
            return g.agent(ctx, v)
        return _on_verb_line(ctx, subj, v)
    return None


def _on_verb_line(ctx: Article, subj: Token, verb: Token) -> Token:
    """A subject never reaches back over a line break: the parser runs a heading into the next
    paragraph ("The Collapse of Security⏎Gorbachev concluded"), and the heading is nobody. The
    part of the subject on the verb's own line is kept (its word whose head lies outside it)."""
    text = ctx.text
    if subj.i > verb.i or "\n" not in text[subj.idx : verb.idx]:
        return subj
    line = text.rfind("\n", 0, verb.idx) + 1
    piece = [t for t in subj.subtree if line <= t.idx < verb.idx]
    inside = {t.i for t in piece}
    return next((t for t in piece if t.head.i not in inside), subj)


def resolve(ctx: Article, span: Span, head: Token) -> Speaker:
    """Who a speaker phrase names: a pronoun's antecedent, an entity (a person first), an anonymous
    source. A pronoun or a description ("the envoy", linked to a person by the entities stage) keeps
    the mention that names the person as its evidence (`Speaker.via`)."""
    g = ctx.grammar
    s, e = span.start_char, span.end_char
    if len(span) == 1 and span[0].lower_ in g.pronouns:
        return _pronoun(ctx, span, head)
    text = g.speaker_text(span)
    if g.anonymous(span) and not any(m.type == "PERSON" and m.local >= 0 for m in ctx.mentions.starting_in(s, e)):
        return Speaker(None, text, s, e, span, head, anonymous=True)  # "a Moscow source": nobody named
    found = mention_in(ctx, s, e)
    if found is None and head.lemma_.lower() in g.publication_nouns:
        publisher = ctx.publisher_before(s)  # "the memo", named by its publisher a few sentences before
        if publisher is not None:
            return Speaker(publisher.local, text, s, e, span, head, via=publisher, how="publication")
    if (found is None or found.type != "PERSON") and g.person_noun(head) and not ctx.mentions.holding(head.idx):
        # "the Russian dictator", "the expert": a person described, not the country or body in the
        # phrase; the person whose role the description repeats, or nobody
        m = ctx.described(span, head) if g.definite(span) else None  # "a … expert" introduces someone new
        return Speaker(m.local if m else None, text, s, e, span, head, via=m, how="description" if m else None)
    local = found.local if found is not None else None
    if local is None and g.misspelt_surnames and len(span) == 1 and span[0].pos_ == "PROPN":
        local = ctx.misspelt_person(span.text)  # "Farapov" for "Faraponov": the article's own typo
    if found is not None and found.kind == "title":
        said_gender = g.gender_words.get(head.lemma_.lower())
        if said_gender and ctx.refs.gender_of(found.local) not in (None, said_gender):
            return Speaker(None, text, s, e, span, head)  # "the woman" linked to a man: not her
        via = ctx.naming_mention(found.local, s)
        return Speaker(local, text, s, e, span, head, via=via, how="description" if via else None)
    return Speaker(local, text, s, e, span, head)


def _pronoun(ctx: Article, span: Span, head: Token) -> Speaker:
    g, word = ctx.grammar, span[0].lower_
    s, e = span.start_char, span.end_char
    gender = g.pronouns[word]
    if gender is not None:
        m = ctx.salient_person(s, gender)
        if m is not None and m.kind == "title":  # "the envoy ... He said": the link shows the name
            m = ctx.naming_mention(m.local, s) or m
        return Speaker(m.local if m else None, span.text, s, e, span, head, via=m, how="pronoun" if m else None)
    if word in g.thing_pronouns or word in g.group_pronouns:
        prior = ctx.previous_speaker(s)
        if prior is not None and (prior.anonymous and word in g.group_pronouns):
            return Speaker(None, span.text, s, e, span, head, anonymous=True)
        if prior is not None and prior.via is not None and word in g.thing_pronouns:
            return Speaker(prior.local, span.text, s, e, span, head, via=prior.via, how="pronoun")
        publisher = ctx.publisher_before(s)
        if publisher is not None:
            return Speaker(publisher.local, span.text, s, e, span, head, via=publisher, how="publication")
    return Speaker(None, span.text, s, e, span, head)


def entity_in(ctx: Article, start: int, end: int) -> int | None:
    """The entity a phrase names, by its first mention of the grammar's most preferred type (a person first)."""
    m = mention_in(ctx, start, end)
    return m.local if m is not None else None


def mention_in(ctx: Article, start: int, end: int) -> Mention | None:
    """The mention a phrase is about: of the grammar's most preferred type, and among those the one
    nearest the phrase's head in the parse ("the readout from Putin's adviser Ushakov" is Ushakov's)."""
    named = [m for m in ctx.mentions.starting_in(start, end) if m.local >= 0]
    for types in ctx.grammar.entity_types:
        of_type = [m for m in named if m.type in types]
        if of_type:
            return min(of_type, key=lambda m: (ctx.depth(m), m.start))
    return ctx.named_form_in(start, end) if not named else None


def hedged(ctx: Article, a: int, b: int, cue: Token | None) -> bool:
    g = ctx.grammar
    if cue is not None and cue.lemma_.lower() in g.hedge_cues:
        return True
    return any(g.hedges.search(ctx.text[x:y]) for x, y in g.hedge_zones(ctx, a, b, cue))
