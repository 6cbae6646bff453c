"""Russian quotes: the speech verbs, source and hedging words, and the conventions of Russian news
and of natasha's parse (read as a spaCy Doc, UD labels) that the shared rules (`core`) ask about.

Russian news marks speech differently from English:
* «…» (and „…“, “…”) with a speech verb next to it: «…», — сказал Песков. / «…» — отметил он. /
  Песков заявил: «…». A speech verb inside the marks between dashes («Мы готовы, — сказал Песков,
  — но …») and two quoted pieces around a short dashed attribution («A», — сказал он, — «B») make
  one quote, whose speech verb is the one in the attribution;
* a paragraph opening with a dash is reported speech: "— Мы готовы к диалогу, — сказал Песков.";
  the content stops before the attribution (or spans it, when the speech continues after it);
* a quoted term of fewer than MIN_QUOTE_WORDS words is a title or a term («Северный поток») unless
  its speech verb stands right next to it (across a dash, or after a colon); only long quotations
  count as quoted while direct quotes are attributed, only accepted quotes afterwards;
* a "заявил:" closing the sentence before a quote is looked for before one closing the paragraph.

Indirect speech
* "По словам X, …", "По данным X, …" (also "по его словам", "по мнению", "по информации"): the rest
  of the sentence, or both sides of a parenthetical "по его словам";
* "Как сообщил/заявил X, …": the rest of the sentence;
* "X заявил, что …" / "X сообщил ТАСС, что …" / "заявил о том, что …" / "X заявил: …" /
  "Встреча прошла в Женеве, отметил Лавров": the clause the verb reports (without the "что");
* "Об этом сообщил X.": the previous sentence, which "об этом" points back to.

Speakers: the subject (nsubj, nsubj:pass) of the speech verb, its phrase cut at punctuation,
relative clauses and quotes; an impersonal plural names the institution ("сообщили в Кремле", "в
заявлении МИД говорится"); "со ссылкой на X" hands the words to X, the source the outlet cites.
"он/она/они" and "по его словам" go to the nearest person named before them outside quotes, of the
pronoun's gender (token.morph) when both are known. A phrase built on "источник/собеседник/инсайдер"
that names no person is anonymous; any other phrase that names nobody ("представитель ведомства")
is kept as `speaker_text` with no entity; a subject can speak when it is named, anonymous, a pronoun
or animate.

Hedging: the content's and the verb's sentences carry the source's own doubt ("якобы",
"предположительно", "как утверждается", "по неподтвержденным/некоторым данным", "по слухам") or the
verb is "утверждать". Speech verbs are matched by lemma, so every tense, aspect and gender counts.
natasha runs a headline into the next paragraph: sentences end at line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from storyline.extract.quotes.core import (
    MIN_QUOTE_WORDS,
    Article,
    Grammar,
    Quoted,
    Speaker,
    acceptable,
    direct_spans,
    extract,
    feature,
    quote,
    reported_clause,
    resolve,
    rest_of_sentence,
    rstripped,
    speaker,
    trim,
    words,
)
from storyline.lexicon.roles import DESCRIPTIVE_STEMS_RU, ROLE_STEMS_RU
from storyline.model import Extraction, QuoteMention

# Both aspects of each verb: news uses the perfective ("заявил") and the imperfective ("заявляет",
# "пишет") alike.
CUES = frozenset(
    """сказать говорить заявить заявлять отметить отмечать сообщить сообщать подчеркнуть подчёркивать
    подчеркивать добавить добавлять пояснить пояснять рассказать рассказывать указать указывать признать
    признавать уточнить уточнять написать писать ответить отвечать заметить замечать назвать называть
    предупредить предупреждать считать полагать констатировать выразить выражать объявить объявлять
    призвать призывать заверить заверять опровергнуть опровергать подтвердить подтверждать передать
    передавать утверждать напомнить напоминать заключить предложить предлагать пообещать обещать
    допустить допускать прокомментировать комментировать""".split()
)
# Verbs that also take non-speaking subjects ("данные подтверждают, что …"): their subject must be
# able to speak (an entity, a person, a source, a pronoun).
EPISTEMIC_CUES = frozenset(
    "подтвердить подтверждать указать указывать выразить выражать передать передавать назвать называть".split()
)
# "В заявлении МИД говорится, что …": the document (and whoever issued it) speaks.
IMPERSONAL_CUES = frozenset("говориться сообщаться отмечаться подчеркиваться подчёркиваться указываться".split())
ANONYMOUS_HEADS = frozenset({"источник", "собеседник", "инсайдер"})
PRONOUNS: dict[str, str | None] = {"он": "Masc", "она": "Fem", "они": ""}
POSSESSIVES = {"его": "Masc", "её": "Fem", "ее": "Fem", "их": ""}
# "по словам X", "по данным X": the dative noun after "по" that makes X a source.
SOURCE_NOUNS = frozenset("словам данным информации сведениям мнению оценке оценкам".split())
SAYING_NOUNS = frozenset({"словам", "мнению"})  # X is someone who speaks, so any animate X qualifies
HEDGES = re.compile(
    r"(?i)(?<!\w)(?:якобы|предположительно|будто бы|по слухам|как утвержда(?:ется|ют|лось)|"
    r"по (?:неподтвержд[её]нн|непроверенн|некотор)\w* (?:данным|сведениям|информации))(?!\w)"
)
TRIM = (" ,;:—–\n\t", " ,;:.—–\n\t")  # around reported content: left, right


class Russian(Grammar):
    cues = CUES | IMPERSONAL_CUES
    epistemic = EPISTEMIC_CUES
    anonymous_heads = ANONYMOUS_HEADS
    hedges = HEDGES
    hedge_cues = frozenset({"утверждать"})
    subject_deps = frozenset({"nsubj", "nsubj:pass"})
    pronouns = PRONOUNS
    entity_types = (("PERSON",), ("ORG", "GPE", "LOC", "NORP"))
    requote = True
    spaces_are_words = False
    breaks_end_sentences = True
    summed_coverage = True
    parenthetical = True
    trim_before = trim_after = TRIM

    def spans(self, ctx: Article) -> list[Quoted]:
        """The shared quote finder's spans, with dash paragraphs re-cut and interrupted quotes joined."""
        out: list[Quoted] = []
        for a, b, dash in direct_spans(ctx.text):
            if dash:
                span = _dash_span(ctx, a)
                if span is not None:
                    out.append(span)
                continue
            gaps = _inner_gaps(ctx, a, b)
            prev = out[-1] if out else None
            if prev is not None and not prev.dash and _joins(ctx, prev.end, a):
                out[-1] = Quoted(prev.start, b, False, (*prev.gaps, (prev.end, a), *gaps))
                continue
            out.append(Quoted(a, b, False, gaps))
        return out

    def quoted_regions(self, ctx: Article, spans: list[Quoted]) -> Iterable[tuple[int, int]]:
        # a short quoted name («Газпром», «Интерфакс») is part of the sentence, not words set apart
        return (p for s in spans if words(ctx.text[s.start : s.end]) >= MIN_QUOTE_WORDS for p in s.pieces())

    def is_term(self, ctx: Article, span: Quoted, cue: Token | None) -> bool:
        short = words(ctx.text[span.start : span.end]) < MIN_QUOTE_WORDS
        return short and (cue is None or not _adjacent(ctx, span, cue))

    def is_cue(self, tok: Token) -> bool:
        return tok.lemma_ in self.cues and tok.pos_ == "VERB" and feature(tok, "VerbForm") in ("Fin", "Conv", None)

    def gap_cue(self, ctx: Article, start: int, end: int) -> Token | None:
        return _attribution_cue(ctx, start, end)

    def cited(self, ctx: Article, cue: Token) -> tuple[Span, Token] | None:
        """'Как сообщает РИА Новости со ссылкой на источник …': the words are the cited source's."""
        for c in ctx.children(cue):
            if c.lemma_ == "ссылка":
                src = next((k for k in ctx.children(c) if k.i > c.i and any(x.lower_ == "на" for x in ctx.children(k))),
                           None)  # fmt: skip
                if src is not None:
                    lo, hi = _phrase(ctx, src)
                    while lo < ctx.number(src) and ctx.words[lo].lower_ == "на":
                        lo += 1
                    return _span(ctx, lo, hi), src
        return None

    def phrase(self, ctx: Article, head: Token) -> tuple[Span, Token]:
        return _span(ctx, *_phrase(ctx, head)), head

    def subjectless(self, ctx: Article, cue: Token) -> tuple[Span, Token] | None:
        """ "сообщили в Кремле", "в заявлении МИД говорится": the institution speaks."""
        if feature(cue, "Number") == "Plur" or cue.lemma_ in IMPERSONAL_CUES:
            for c in ctx.children(cue):
                if c.dep_ == "obl" and any(k.lower_ in ("в", "во") for k in ctx.children(c)):
                    return self.phrase(ctx, c)
        return None

    def person_noun(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and tok.lemma_.lower().startswith(ROLE_STEMS_RU)

    def description_kind(self, tok: Token) -> str:
        return "descriptive" if tok.lemma_.lower().startswith(DESCRIPTIVE_STEMS_RU) else "office"

    def can_speak(self, ctx: Article, spk: Speaker) -> bool:
        head = spk.head
        return (
            spk.local is not None or spk.anonymous
            or (head is not None and (head.lower_ in PRONOUNS or feature(head, "Animacy") == "Anim"))
        )  # fmt: skip

    def speech_rule(self, ctx: Article, tok: Token) -> Callable[[Article, Token], QuoteMention | None] | None:
        if tok.lower_ == "по" and tok.pos_ == "ADP":
            return _po_slovam
        if not self.is_cue(tok):
            return None
        kids = ctx.children(tok)
        if any(c.lemma_ == "как" and c.dep_ == "mark" for c in kids):
            return _as_said
        if any(_is_ob_etom(ctx, c) for c in kids):
            return _said_of_previous
        return reported_clause

    def complement(self, ctx: Article, cue: Token) -> tuple[int, int] | None:
        """'X заявил, что …' (and '…, отметил X', 'X заявил: …'): the clause the speech verb reports."""
        text, kids = ctx.text, ctx.children(cue)
        comp = next((c for c in kids if c.dep_ == "ccomp" and c.i > cue.i), None)
        comp = comp if comp is not None else next((c for c in kids if c.dep_ == "ccomp"), None)
        if comp is None:  # "заявил о том, что …": the clause hangs off "том"
            to = next((c for c in kids if c.lemma_ in ("то", "тот") and c.dep_ in ("obl", "obj")), None)
            if to is not None:
                comp = next(
                    (c for c in ctx.children(to) if c.dep_ in ("acl", "acl:relcl", "ccomp") and c.i > to.i), None
                )
        if comp is None:  # "Песков заявил: переговоры продолжатся": the clause after the colon
            comp = next((c for c in kids if c.dep_ == "parataxis" and c.i > cue.i and ":" in
                         text[cue.idx + len(cue.text) : c.idx]), None)  # fmt: skip
        if comp is None:
            return _inverted(ctx, cue)
        sub = [t for t in ctx.subtree(comp) if t.pos_ != "PUNCT"]
        first = sub[0]
        if first.dep_ == "mark" and first.lemma_ in ("что", "чтобы", "будто", "якобы") and first.i < sub[-1].i:
            first = ctx.words[ctx.number(first) + 1]  # the content is what was said, not the conjunction
        b = sub[-1].idx + len(sub[-1].text)
        if comp.i < cue.i:  # "…, заявил X": the content ends before the verb
            b = min(b, cue.idx)
        return trim(text, first.idx, b, *TRIM)

    def sentences(self, doc: Doc) -> list[tuple[int, int]]:
        """natasha's sentences: the converted Doc's, without the whitespace tokens at their ends."""
        out = []
        for s in doc.sents:
            ws = [t for t in s if t.pos_ != "SPACE"]
            if ws:
                out.append((ws[0].idx, max(t.idx + len(t.text) for t in ws)))
        return out


RUSSIAN = Russian()


def extract_quotes_ru(doc: Doc, ex: Extraction) -> list[QuoteMention]:
    """The quotes of a Russian article, from natasha's parse as a spaCy Doc (`nlp.russian_spacy`)."""
    return extract(doc, ex, RUSSIAN)


# --- direct quotes ----------------------------------------------------------------------------
def _attribution_cue(ctx: Article, a: int, b: int) -> Token | None:
    """A speech verb among the first words of a dashed aside ("— сказал Песков", "— заявил журналистам …")."""
    ws = [t for t in ctx.words_in(a, b) if t.pos_ != "PUNCT"]
    if not ws or len(ws) > 20:
        return None
    return next((t for t in ws[:3] if RUSSIAN.is_cue(t)), None)


def _dash_span(ctx: Article, a: int) -> Quoted | None:
    """'— A, — сказал Песков, — B.': the speech pieces around the attribution, attribution excluded at the end."""
    text = ctx.text
    p_end = text.find("\n", a)
    p_end = len(text) if p_end < 0 else p_end
    cuts = list(re.finditer(r"\s[—–]\s+", text[a:p_end]))
    bounds = [a] + [a + m.end() for m in cuts]
    ends = [a + m.start() for m in cuts] + [p_end]
    speech: list[tuple[int, int]] = []
    gaps: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(zip(bounds, ends, strict=True)):
        prev_end = text[bounds[i - 1] : ends[i - 1]].rstrip() if i else ""
        aside = (
            i > 0 and text[s : s + 1].islower() and prev_end[-1:] in (",", "!", "?", "…") and speech
            and _attribution_cue(ctx, s, e) is not None
        )  # fmt: skip
        if aside:
            gaps.append((s, e))
        else:
            speech.append((s, e))
    if not speech:
        return None
    start, end = speech[0][0], speech[-1][1]
    while end > start and text[end - 1] in ' ,”"\t':
        end -= 1
    if end <= start:
        return None
    return Quoted(start, end, True, tuple(g for g in gaps if start <= g[0] < end))


def _inner_gaps(ctx: Article, a: int, b: int) -> tuple[tuple[int, int], ...]:
    """«Мы готовы, — сказал Песков, — но …»: the attribution the writer put inside the marks."""
    out = []
    for m in re.finditer(r"[,!?…]\s+[—–]\s+([^—–«»\n]{1,120}?)[,.]?\s+[—–]\s+", ctx.text[a:b]):
        if _attribution_cue(ctx, a + m.start(1), a + m.end(1)) is not None:
            out.append((a + m.start() + 1, a + m.end()))
    return tuple(out)


def _joins(ctx: Article, prev_end: int, start: int) -> bool:
    """«A», — сказал Песков, — «B»: one quote around a dashed attribution."""
    m = re.fullmatch(r"[»”“\"]?[,.!?…]*\s*[—–]\s+(.{1,120}?)[,.]?\s*[—–]\s*[«„“\"]", ctx.text[prev_end:start])
    return m is not None and _attribution_cue(ctx, prev_end + m.start(1), prev_end + m.end(1)) is not None


def _adjacent(ctx: Article, span: Quoted, cue: Token) -> bool:
    """The verb sits right at the quote: «…», — сказал / заявил: «…» (or inside it, between dashes)."""
    if any(x <= cue.idx < y for x, y in span.gaps):
        return True
    if cue.idx >= span.end:
        return re.fullmatch(r"[»”“\"]?[,.!?…]*\s*[—–]\s*", ctx.text[span.end : cue.idx]) is not None
    return re.fullmatch(r"[^.!?«»\n]{0,60}:\s*[«„“\"]", ctx.text[cue.idx + len(cue.text) : span.start]) is not None


# --- indirect speech --------------------------------------------------------------------------
def _po_slovam(ctx: Article, po: Token) -> QuoteMention | None:
    """'По словам Дмитрия Пескова, …', 'по данным источников, …', 'по его словам, …'."""
    ws, i = ctx.words, ctx.number(po)
    j, poss = i + 1, None
    while j < len(ws) and j <= i + 3 and ws[j].lower_ not in SOURCE_NOUNS:
        if ws[j].lower_ in POSSESSIVES:
            poss = ws[j]
        elif ws[j].pos_ not in ("ADJ", "DET"):
            return None
        j += 1
    if j >= len(ws) or ws[j].lower_ not in SOURCE_NOUNS or ctx.sentence_no(ws[j].idx) != ctx.sentence_no(po.idx):
        return None
    noun = ws[j]
    if poss is not None:
        local = ctx.previous_person(poss.idx, POSSESSIVES[poss.lower_])
        spk = Speaker(local, poss.text, poss.idx, poss.idx + len(poss.text), ctx.doc[poss.i : poss.i + 1], poss)
        region_end = noun.idx + len(noun.text)
    else:
        src = next((c for c in ctx.children(noun) if c.i > noun.i and c.dep_.startswith("nmod")), None)
        if src is None:
            return None
        lo, hi = _phrase(ctx, src)
        spk = resolve(ctx, _span(ctx, max(lo, j + 1), hi), src)
        animate = feature(src, "Animacy") == "Anim" and noun.lower_ in SAYING_NOUNS
        if spk.local is None and not spk.anonymous and not animate:
            return None  # "по данным опроса": a document, not a source
        region_end = spk.end
    a, b = rest_of_sentence(ctx, po.idx, region_end)
    if not acceptable(ctx, a, b):
        return None
    return quote(ctx, a, b, False, spk, po, (po.idx, noun.idx + len(noun.text)))


def _as_said(ctx: Article, cue: Token) -> QuoteMention | None:
    """'Как сообщил МИД России, …' (or '…, как заявил X.'): the rest of the sentence."""
    mark = next(c for c in ctx.children(cue) if c.lemma_ == "как" and c.dep_ == "mark")
    spk = speaker(ctx, cue)
    if spk is None:
        return None
    sent_end = ctx.sentence(cue.idx)[1]
    last = [t for t in ctx.subtree(cue) if t.pos_ != "PUNCT" and t.idx + len(t.text) <= sent_end][-1]
    a, b = rest_of_sentence(ctx, mark.idx, max(last.idx + len(last.text), spk.end))
    if not acceptable(ctx, a, b):
        return None
    return quote(ctx, a, b, False, spk, cue, (mark.idx, cue.idx + len(cue.text)))


def _is_ob_etom(ctx: Article, tok: Token) -> bool:
    """'об этом': the verb's object points back at what was just said."""
    return tok.lemma_ == "это" and any(c.lower_ in ("о", "об", "обо") for c in ctx.children(tok))


def _said_of_previous(ctx: Article, cue: Token) -> QuoteMention | None:
    """'Об этом сообщил X.': X said the previous sentence."""
    before = rstripped(ctx.text, ctx.sentence(cue.idx)[0])
    if not before:
        return None
    spk = speaker(ctx, cue)
    if spk is None:
        return None
    a, b = trim(ctx.text, *ctx.sentence(before - 1), *TRIM)
    if not acceptable(ctx, a, b):
        return None
    return quote(ctx, a, b, False, spk, cue)


def _inverted(ctx: Article, cue: Token) -> tuple[int, int] | None:
    """ "Встреча прошла в Женеве, отметил Лавров": the sentence up to the verb, which precedes its subject."""
    k = ctx.number(cue)
    subj = ctx.child(cue, RUSSIAN.subject_deps)
    root = cue.head.i == cue.i
    inverted = (
        ((cue.dep_ in ("parataxis", "conj") and cue.head.i < cue.i) or root)
        and k > 0
        and ctx.words[k - 1].text in (",", "—", "–")
        and subj is not None
        and subj.i > cue.i
    )
    s0 = ctx.sentence(cue.idx)[0]
    if inverted and len(ctx.text[s0 : cue.idx].split()) >= 3:
        return trim(ctx.text, s0, cue.idx, *TRIM)
    return None


# --- speakers -----------------------------------------------------------------------------------
def _span(ctx: Article, lo: int, hi: int) -> Span:
    """The words lo..hi (by number) as a span of the Doc."""
    return ctx.doc[ctx.words[lo].i : ctx.words[hi].i + 1]


def _phrase(ctx: Article, head: Token) -> tuple[int, int]:
    """The noun phrase a head word heads (first and last word numbers), cut at punctuation, relative
    clauses ("источник, который …") and quotes; a modifier set off by commas ("источник, знакомый с
    ходом переговоров,") belongs to it."""
    ws = ctx.words
    sub = {ctx.number(t) for t in ctx.subtree(head)}

    def stop(k: int) -> bool:
        t = ws[k]
        return (
            k not in sub
            or (t.pos_ == "PUNCT" and t.text not in '«»„“”"')
            or t.lemma_ == "который"
            or t.idx in ctx.quoted
        )

    lo = hi = ctx.number(head)
    while lo - 1 >= 0 and not stop(lo - 1):
        lo -= 1
    while hi + 1 < len(ws) and not stop(hi + 1):
        hi += 1
    for c in ctx.children(head):
        inner = [ctx.number(t) for t in ctx.subtree(c) if t.pos_ != "PUNCT"]
        if (
            ctx.number(c) > hi
            and c.dep_ in ("amod", "acl")
            and all(ws[k].pos_ == "PUNCT" for k in range(hi + 1, min(inner)))
            and not any(ws[k].idx in ctx.quoted for k in inner)
        ):
            hi = max(inner)
    return lo, hi
