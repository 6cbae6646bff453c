"""English quotes: the speech verbs, source and hedging words, and the conventions of English news
and of spaCy's English parse that the shared rules (`core`) ask about.

What English adds to the shared rules:
* a quote's verb may also be an auxiliary-tagged "said" or "according to", and is the one nearest
  to either end of the quote; a "said:" closing the paragraph before a quote is looked for before
  one closing the sentence before it;
* "“A” – Peskov told Tass – “B”": the quoted pieces around a short attribution are one quote, and
  the person named between them spoke; a writer's misplaced marks ('“…, Peskov said. ‘…’”') hide
  the attribution inside the quote;
* a dash paragraph ("— The sanctions ..., — X told Izvestia.") stops before its attribution;
* a paragraph introduced by 'X wrote:' and set apart without marks is X's block quote;
* reported speech: "X said (that) ...", "..., X said the previous day", "sources report
  resentment at ..." (the verb's object), "Lavrov – Moscow sources say – was reflecting ..." (a
  parenthetical verb: the sentence), and "according to X, ..." (the rest of the sentence; X is the
  entity it names, or an anonymous source, or at least a proper name);
* speakers: spaCy's subject labels (nsubj, nsubjpass); the noun phrase up to its head plus short
  modifiers ("a source in Delhi"), cut to 14 words; "he"/"she" go to the most salient person of
  that gender (core's `salient_person`; English names carry no gender in the parse, so the gender is
  the article's own: "Mrs.", "spokeswoman", "his" after the only person in a sentence), "it" to the
  organisation and "they" to the anonymous source that spoke just before, "him/her" to nobody; a
  source noun just before a verb the parser left without a subject; a one-word subject close to a
  surname of the article is its misspelling ("Farapov"); "a current House GOP member" is anonymous.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Literal

from spacy.tokens import Doc, Span, Token

from storyline.extract.quotes.core import (
    Article,
    Grammar,
    Quoted,
    Speaker,
    acceptable,
    entity_in,
    extract,
    quote,
    reported_clause,
    resolve,
    rest_of_sentence,
    speaker,
    trim,
)
from storyline.extract.roles import PERSON_NOUNS, is_person_noun
from storyline.lexicon.countries import country_code
from storyline.lexicon.roles import DESCRIPTIVE_NOUNS, GENDER_PRONOUNS, GENDER_WORDS, RELATIONAL_NOUNS
from storyline.model import Extraction, QuoteMention

CUES = frozenset(
    """say tell note warn claim stress believe report add argue insist explain announce state suggest write
    predict emphasize emphasise acknowledge admit deny confirm think reckon fear hope comment declare assert
    contend maintain point observe recall remark reply respond answer ask urge caution concede estimate
    allege testify indicate reveal disclose share express expect feel promise vow pledge threaten propose
    signal tweet post text email thunder shout yell scream exclaim cry chant whisper mutter quip joke muse
    recount retort counter lament complain boast scoff sigh interject remind plead proclaim continue offer
    wonder protest find show elaborate""".split()
)
# Verbs that also take non-human subjects ("the data suggest", "the visit confirmed"): their
# subject must be able to speak (a named entity, a person noun, a source, a pronoun).
EPISTEMIC_CUES = frozenset(
    "confirm indicate reveal suggest disclose share express estimate recall point observe signal find show".split()
)
BLOCK_CUES = CUES | {"agree", "conclude", "put"}
SOURCE_NOUNS = frozenset(
    """source sources official officials diplomat diplomats insider insiders person people aide aides someone
    spokesman spokeswoman spokesperson representative representatives member members expert experts analyst
    analysts observer observers witness witnesses resident residents lawmaker lawmakers""".split()
)
# Nouns that, named without a person's name, leave the speaker unidentified.
ANONYMOUS_HEADS = frozenset(
    "source sources official officials diplomat diplomats insider insiders person people aide aides someone".split()
)
# ... and members of a body, when indefinite or plural ("a current House GOP member", "staffers")
UNNAMED_HEADS = frozenset(
    "member members staffer staffers employee employees adviser advisers advisor advisors".split()
)
# People by what they think or do, not by a position ("critics", "supporters", "voters"): in the
# plural or indefinite, a kind of person who stays unnamed
KINDS_OF_PEOPLE = frozenset(
    """critic supporter opponent advocate activist protester protestor voter backer detractor skeptic sceptic
    donor ally rival conservative liberal progressive moderate veteran parent student worker""".split()
)
# words for people by trade or group ("strategist", "lawmaker", "woman"), not the wider agent suffixes
# of `roles.is_person_noun` ("statement", "document" end in -ent too)
_PEOPLE_SUFFIX = re.compile(r"(?:er|or|ist|ian|man|woman|men|women|person|people)$")
_DEFINITE = frozenset("the this that these those both either neither which whose each".split())
HEDGES = re.compile(
    r"(?i)\b(?:allegedly|reportedly|purportedly|supposedly|apparently|is said to|are said to|was said to|"
    r"were said to|unconfirmed|unverified|rumou?red|claims?|claimed)\b"
)
# Speech verbs whose direct object is what was said ("sources report resentment", "he stressed the
# need to ...", "the campaign disclosed her diagnosis").
OBJECT_CUES = frozenset(
    "report express share voice stress cite propose disclose reveal detail announce deny confirm acknowledge".split()
)
# Verbs of stance that report a position without "that": "X called for a ceasefire", "X accused Y of
# ...", "X urged Y to ...", "X pledged to ...", "X called the plan a mistake". Read only as reported
# speech (never as the cue of a direct quote), and only when their subject can speak.
STANCE_CUES = frozenset(
    """accuse criticize criticise slam blast praise defend demand pledge vow promise urge call predict
    forecast dismiss reject condemn denounce endorse oppose welcome applaud back describe blame mock attack
    question challenge decry tout highlight outline unveil portray invoke compare reiterate repeat echo mention
    discuss cite support favor seek want assure""".split()
)
_STANCE_DEPS = ("dobj", "prep", "xcomp", "ccomp", "oprd", "dative", "prt")
# Nouns of saying whose owner is the source: "Trump's claim that ...", "the minister's call for ...".
NOMINAL_CUES = frozenset(
    """claim statement assertion argument warning promise pledge call proposal accusation allegation
    demand insistence suggestion prediction denial admission threat vow assurance contention charge""".split()
)
_NOMINAL_DEPS = ("acl", "ccomp", "prep", "relcl")
DASH_ATTRIBUTION = re.compile(
    r"(?:,|\.|!|\?)?\s*[—–]\s*[^—–]{1,120}$"
    r"|[,.!?][”\"»]?\s+[A-ZА-ЯЁ][^;]{0,200}?\b(?:told|said|says|noted|believes|shared|added|explained|stressed)\b[^.]*\.?$"
)
# pronoun -> the gender its antecedent must not contradict; None: resolved another way, or not at all
PRONOUNS: dict[str, str | None] = {
    "he": "Masc", "she": "Fem", "him": None, "her": None, "they": None, "it": None, "this": None, "these": None,
}  # fmt: skip
# Documents that speak for their publisher, and the verbs that name the publisher
PUBLICATION_NOUNS = frozenset(
    """memo memorandum report document summary letter statement study survey poll readout transcript paper
    analysis draft cable dossier filing communique communiqué note assessment""".split()
)
PUBLISHING_VERBS = frozenset("publish obtain release leak circulate issue see review post".split())
INTERRUPTED = re.compile(r"\b(?:said|says|told|tells|added|noted|stressed|continued|explained|according)\b")


class English(Grammar):
    cues = CUES
    epistemic = EPISTEMIC_CUES
    anonymous_heads = ANONYMOUS_HEADS
    hedges = HEDGES
    hedge_cues = frozenset({"claim", "allege"})
    subject_deps = frozenset({"nsubj", "nsubjpass"})
    passive_deps = frozenset({"nsubjpass"})
    passive_speakers = frozenset({"quote", "cite"})
    verb_tags = ("VERB", "AUX")
    pronouns = PRONOUNS
    gender_words = GENDER_WORDS
    gender_pronouns = GENDER_PRONOUNS
    thing_pronouns = frozenset({"it", "this"})
    group_pronouns = frozenset({"they", "these"})
    publication_nouns = PUBLICATION_NOUNS
    publishing_verbs = PUBLISHING_VERBS
    entity_types = (("PERSON",), ("ORG", "GPE", "NORP"))
    dash_end = DASH_ATTRIBUTION
    interrupted = INTERRUPTED
    lead_ins = ("paragraph", "sentence")
    speaker_between_pieces = True
    misspelt_surnames = True

    def more_direct(self, ctx: Article) -> list[QuoteMention]:
        return _block_quotes(ctx)

    def near_cue(self, ctx: Article, tok: Token) -> bool:
        return (tok.lemma_.lower() in CUES and tok.pos_ in ("VERB", "AUX")) or _according(ctx.doc, tok)

    def touching(self, ctx: Article, a: int, b: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        doc = ctx.doc
        first = doc.char_span(a, min(b, a + 1), alignment_mode="expand")
        last = doc.char_span(max(a, b - 1), b, alignment_mode="expand")
        if first is None or last is None:
            return None
        lo = first.sent.start
        before = doc[lo - 1].sent if lo > 0 else None
        return (first.sent.start_char, last.sent.end_char), (
            before.start_char,
            before.end_char,
        ) if before is not None else None

    def distance(self, tok: Token, a: int, b: int) -> int:
        return min(abs(tok.idx - a), abs(tok.idx - b))

    def attribution_inside(self, ctx: Article, span: Quoted) -> tuple[Speaker, Token] | None:
        for tok in ctx.doc.char_span(span.start, span.end, alignment_mode="expand") or []:
            if tok.lemma_.lower() in ("say", "tell", "add", "note") and tok.pos_ == "VERB":
                subj = ctx.child(tok, ("nsubj",))
                if subj is not None:
                    hits = [m for m in ctx.mentions.holding(subj.idx) if m.type == "PERSON"]
                    if hits:
                        return Speaker.named(hits[0]), tok
        return None

    def cited(self, ctx: Article, cue: Token) -> tuple[Span, Token] | Literal[False] | None:
        if cue.lower_ != "according":
            return None
        obj = ctx.child(ctx.doc[cue.i + 1], ("pobj",))
        if obj is None:
            return False
        span = _subtree_span(obj)
        return span, span.root

    def phrase(self, ctx: Article, head: Token) -> tuple[Span, Token]:
        """The noun phrase up to its head, plus short prepositional modifiers ("a source in Delhi")."""
        end = head.i
        for c in head.rights:
            if c.dep_ in ("prep", "amod", "compound", "nummod") and len(list(c.subtree)) <= 6:
                end = max(end, max(t.i for t in c.subtree))
            else:
                break
        start = head.left_edge.i
        line = ctx.text.rfind("\n", 0, head.idx) + 1  # not back over a line break (a heading run in)
        while start < head.i and ctx.doc[start].idx < line:
            start += 1
        span = ctx.doc[start : end + 1]
        return span, span.root

    def subjectless(self, ctx: Article, cue: Token) -> tuple[Span, Token] | None:
        """'A Dubai source engaged in trade arbitrage adds:' parsed without a subject for 'adds'."""
        for tok in reversed(list(ctx.doc[cue.sent.start : cue.i])):
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in ANONYMOUS_HEADS:
                span = ctx.doc[tok.left_edge.i : tok.i + 1]
                return span, span.root
            if tok.text in ("”", '"', "»", "."):
                break
        return None

    def anonymous(self, span: Span) -> bool:
        """'a Moscow source', 'sources in Moscow', 'officials who asked not to be named', and
        'a current House GOP member' (an indefinite member of a body, nobody named)."""
        root = span.root
        if root.lemma_.lower() in ANONYMOUS_HEADS or root.lower_ in ANONYMOUS_HEADS:
            return True
        kids = list(root.children)
        definite = any((c.dep_ in ("det", "predet") and c.lower_ in _DEFINITE) or c.dep_ == "poss"
                       for c in kids)  # fmt: skip
        indefinite = not definite and any(
            (c.dep_ == "det" and c.lower_ in ("a", "an", "some", "several", "one", "many", "other", "another"))
            or c.dep_ == "nummod"
            or (c.dep_ == "amod" and c.lower_ in ("many", "several", "other", "some"))
            for c in kids
        )
        plural = root.tag_ in ("NNS", "NNPS") and not definite
        if root.lower_ in UNNAMED_HEADS and (indefinite or root.tag_ == "NNS"):
            return True
        # a kind of person, not a person: "a Democratic strategist", "two analysts", "critics",
        # "Republicans" (plural, with no determiner that picks out known people)
        lemma = root.lemma_.lower()
        kind = (
            lemma in PERSON_NOUNS | SOURCE_NOUNS | KINDS_OF_PEOPLE
            or (root.pos_ == "NOUN" and _PEOPLE_SUFFIX.search(lemma) is not None)
            or (root.ent_type_ == "NORP" and root.tag_ == "NNPS")
        )
        return kind and (indefinite or plural) and root.ent_type_ not in ("PERSON", "ORG", "GPE")

    def speaker_text(self, span: Span) -> str:
        """The speaker as named, up to the start of a relative clause and at most 14 words."""
        return " ".join(span.text.strip(' ,;:“”"«»–—-').split()[:14])

    def definite(self, span: Span) -> bool:
        return span.root.tag_ not in ("NNS", "NNPS") and any(
            (t.dep_ == "det" and t.lower_ in ("the", "this", "that"))
            or (t.dep_ == "poss" and t.pos_ in ("PRON", "PROPN"))
            for t in span.root.children
        )

    def lead_in_verb(self, tok: Token) -> bool:
        return tok.lemma_.lower() in CUES or tok.lemma_.lower() in STANCE_CUES

    def agent(self, ctx: Article, verb: Token) -> Token | None:
        by = ctx.child(verb, ("agent",))
        return ctx.child(by, ("pobj",)) if by is not None else None

    def someone(self, tok: Token) -> bool:
        return self.person_noun(tok) or (
            is_person_noun(tok) and tok.lemma_.lower() not in PUBLICATION_NOUNS and tok.ent_type_ == ""
        )

    def person_noun(self, tok: Token) -> bool:
        # the word lists, not the agent suffixes of `is_person_noun` ("paper", "government" would pass)
        lemma = tok.lemma_.lower()
        known = lemma in PERSON_NOUNS or lemma in KINDS_OF_PEOPLE or lemma in GENDER_WORDS
        return tok.pos_ in ("NOUN", "PROPN") and known and tok.ent_type_ not in ("PERSON", "ORG", "GPE")

    def description_kind(self, tok: Token) -> str:
        lemma = tok.lemma_.lower()
        return "descriptive" if lemma in DESCRIPTIVE_NOUNS else "relational" if lemma in RELATIONAL_NOUNS else "office"

    def country(self, tok: Token) -> str | None:
        return country_code(tok.text) if tok.ent_type_ in ("GPE", "NORP") else None

    def country_word(self, word: str) -> str | None:
        return country_code(word.removesuffix("'s").removesuffix("’s")) if word[:1].isalpha() else None

    def can_speak(self, ctx: Article, spk: Speaker) -> bool:
        assert spk.span is not None
        root = spk.span.root
        return (
            spk.local is not None
            or bool(ctx.mentions.holding(root.idx)) or self.anonymous(spk.span) or root.lemma_.lower() in SOURCE_NOUNS
            or (root.lemma_.lower() in PUBLICATION_NOUNS and bool(ctx.mentions.starting_in(spk.start, spk.end)))
            or (root.lower_ in self.pronouns and root.lower_ not in self.thing_pronouns) or is_person_noun(root)
        )  # fmt: skip

    def speech_rule(self, ctx: Article, tok: Token) -> Callable[[Article, Token], QuoteMention | None] | None:
        if _according(ctx.doc, tok):
            return _according_to
        if self.is_cue(tok):
            return reported_clause
        if tok.pos_ == "VERB" and tok.lemma_.lower() in STANCE_CUES:
            return _stance
        return _nominal if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOMINAL_CUES else None

    def complement(self, ctx: Article, cue: Token) -> tuple[int, int] | None:
        """The clause after the verb ("adds that ..."), else the one before it ("..., Ryabkov said");
        else the verb's object for a verb of saying something ("sources report resentment at ..."),
        or the whole sentence around a parenthetical verb."""
        text = ctx.text
        comps = [c for c in cue.children if c.dep_ == "ccomp"]
        comp = next((c for c in comps if c.i > cue.i), comps[-1] if comps else None)
        if comp is None:
            obj = ctx.child(cue, ("dobj",)) if cue.lemma_.lower() in OBJECT_CUES else None
            if obj is not None:
                end = ctx.sentence(cue.idx)[1]
                while end > obj.idx and text[end - 1] in " .":
                    end -= 1
                return obj.left_edge.idx, end
            if cue.dep_ == "parataxis":  # "Lavrov – Moscow sources say – was reflecting ..."
                return trim(text, *ctx.sentence(cue.idx), "", " .")
            return None
        sub = list(comp.subtree)
        a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if comp.i < cue.i:  # inverted: the content ends before the attribution
            return trim(text, a, min(b, cue.idx), "", " ,")
        return a, b

    def hedge_zones(self, ctx: Article, a: int, b: int, cue: Token | None) -> list[tuple[int, int]]:
        span = ctx.doc.char_span(a, b, alignment_mode="expand")
        return [(span.sent.start_char, span.sent.end_char)] if span is not None else [(a, b)]


ENGLISH = English()


def extract_quotes(doc: Doc, ex: Extraction) -> list[QuoteMention]:
    return extract(doc, ex, ENGLISH)


def _stance(ctx: Article, cue: Token) -> QuoteMention | None:
    """'X called for a ceasefire', 'X accused Y of lying': what follows the verb in its clause, when
    its subject is a named entity, a person or a pronoun (a source that can take a position)."""
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "acl", "pcomp") and cue.i < cue.head.i:
        return None  # "Welcoming the minister to Riyadh, ...": an opener, not a position ("…, accusing X" is)
    right = [c for c in ctx.children(cue) if c.i > cue.i and c.dep_ in _STANCE_DEPS]
    if not right:
        return None
    words = [t for c in right for t in ctx.subtree(c)]
    a, b = min(t.idx for t in words), max(t.idx + len(t.text) for t in words)
    a, b = trim(ctx.text, a, min(b, ctx.sentence(cue.idx)[1]), " ,", " ,.;:")
    if not acceptable(ctx, a, b):
        return None
    spk = speaker(ctx, cue)
    if spk is None or spk.head is None:
        return None
    if spk.local is None and not spk.anonymous and spk.head.lower_ in PRONOUNS:
        return None  # "They discussed ways to ...": a position needs a holder the article names
    if not (spk.local is not None or spk.anonymous or ctx.grammar.can_speak(ctx, spk)):
        return None
    return quote(ctx, a, b, False, spk, cue)


def _nominal(ctx: Article, noun: Token) -> QuoteMention | None:
    """ "Trump's claim that ...", "Lavrov's call for ...": what the noun's clause or "for/of/to"
    phrase says, credited to the noun's owner when that owner can speak."""
    owner = ctx.child(noun, ("poss",))
    comp = next(
        (c for c in ctx.children(noun) if c.i > noun.i and c.dep_ in _NOMINAL_DEPS
         and (c.dep_ != "prep" or c.lower_ in ("for", "of", "to", "about", "against"))),
        None,
    )  # fmt: skip
    if (
        owner is None
        or comp is None
        or (comp.dep_ == "relcl" and not any(t.lower_ == "that" for t in ctx.children(comp)))
    ):
        return None
    words = ctx.subtree(comp)
    start = words[1].idx if comp.dep_ == "prep" and len(words) > 1 else words[0].idx
    a, b = trim(ctx.text, start, min(words[-1].idx + len(words[-1].text), ctx.sentence(noun.idx)[1]), " ,", " ,.;:")
    if not acceptable(ctx, a, b):
        return None
    lo = ctx.subtree(owner)
    span = ctx.doc[lo[0].i : lo[-1].i + 1]
    if span and span[-1].tag_ == "POS":
        span = span[:-1]
    if not len(span):
        return None
    spk = resolve(ctx, span, owner)
    if not (spk.local is not None or spk.anonymous or ctx.grammar.can_speak(ctx, spk)):
        return None
    return quote(ctx, a, b, False, spk, noun)


def _according(doc: Doc, tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


def _subtree_span(tok: Token) -> Span:
    sub = list(tok.subtree)
    return tok.doc[sub[0].i : sub[-1].i + 1]


def _according_to(ctx: Article, tok: Token) -> QuoteMention | None:
    """'According to X, ...': the rest of the sentence, X the entity it names or an anonymous source."""
    to = ctx.doc[tok.i + 1]
    obj = ctx.child(to, ("pobj",))
    if obj is None:
        return None
    span = _subtree_span(obj)
    a, b = rest_of_sentence(ctx, tok.idx, span.end_char)
    if b - a < 10 or a in ctx.quoted:
        return None
    local = entity_in(ctx, span.start_char, span.end_char)
    anonymous = local is None and ENGLISH.anonymous(span)
    if local is None and not anonymous and not any(t.pos_ == "PROPN" for t in span):
        return None  # "according to the plan": not a source
    spk = Speaker(local, ENGLISH.speaker_text(span), span.start_char, span.end_char, span, span.root, anonymous)
    return quote(ctx, a, b, False, spk, tok, (tok.idx, to.idx + len(to.text)))


def _block_quotes(ctx: Article) -> list[QuoteMention]:
    """A paragraph introduced by 'X wrote:' / 'X concluded that ...:' and set apart without
    quotation marks (a block quote) is X's direct quote."""
    doc, text = ctx.doc, ctx.text
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out = []
    for (a0, b0), (a1, b1) in itertools.pairwise(paras):
        intro = text[a0:b0].rstrip()
        body = text[a1:b1]
        if not intro.endswith(":") or body[:1] in ("“", "«", "„", '"', "—", "–", "-"):
            continue
        if len(body.split()) < 10 or a1 in ctx.quoted:
            continue
        last = doc.char_span(max(a0, b0 - 2), b0, alignment_mode="expand")
        if last is None:
            continue
        cues = [t for t in last.sent if t.lemma_.lower() in BLOCK_CUES and t.pos_ == "VERB" and a0 <= t.idx < b0]
        if not cues:
            continue
        spk = speaker(ctx, cues[-1])
        if spk is None:
            continue
        end = b1
        while end > a1 and text[end - 1] in " ":
            end -= 1
        out.append(quote(ctx, a1, end, True, spk, cues[-1]))
    return out


def quotes_for_text(text: str) -> list[object]:
    """Parse and extract in one call (for benchmarks): quotes with their speaker spans."""
    from storyline.extract.mentions import extract_entities
    from storyline.nlp import english

    doc = english()(text)
    return extract_quotes(doc, extract_entities(doc))  # type: ignore[return-value]
