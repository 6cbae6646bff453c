"""Quotes and sources in Russian articles: who said what, who is anonymous, what the source hedges.

The Russian counterpart of `quotes.py`, over natasha's parse (`RussianDoc`). Russian news marks
speech differently from English, so the rules are its own; the language-neutral parts (finding
quoted and dash-introduced text, carrying a speaker over to the next unattributed quote, the
minimum length of a quote) are shared with the English module.

Direct quotes
* «…» (and „…“, “…”) with a speech verb next to them: «…», — сказал Песков. / «…» — отметил он. /
  Песков заявил: «…». A speech verb inside the marks between dashes («Мы готовы, — сказал Песков,
  — но …») and two quoted pieces around a short dashed attribution («A», — сказал он, — «B») make
  one quote, like the English interrupted quote;
* a paragraph opening with a dash is reported speech: "— Мы готовы к диалогу, — сказал Песков.";
  the content stops before the attribution (or spans it, when the speech continues after it);
* a quoted term of fewer than MIN_QUOTE_WORDS words with no speech verb right next to it (across a
  dash, or after a colon) is a title or a term («Северный поток»), not a quote.

Indirect speech
* "По словам X, …", "По данным X, …" (also "по его словам", "по мнению", "по информации"): the rest
  of the sentence;
* "Как сообщил/заявил X, …": the rest of the sentence;
* "X заявил, что …" / "X сообщил ТАСС, что …": the что-clause (without the "что");
* "Об этом сообщил X.": the previous sentence, which "об этом" points back to.

Speakers: the subject of the speech verb (a gerund "подчеркнув, что" shares its verb's subject); an
impersonal plural names the institution ("сообщили в Кремле"); "со ссылкой на X" hands the words
to X, the source the outlet cites. The speaker is linked to the entity its words name (a person
first: "пресс-секретарь Кремля Дмитрий Песков" is Песков); "он/она/они" and "по его словам" go to
the nearest person named before them outside quotes (of the pronoun's gender, when both are known).
A phrase built on "источник/собеседник/инсайдер" that names no person is anonymous; any other
phrase that names nobody ("представитель ведомства") is kept as `speaker_text` with no entity.

Hedging: the sentence carries the source's own doubt ("якобы", "предположительно", "как
утверждается", "по неподтвержденным/некоторым данным", "по слухам") or the verb is "утверждать".
Speech verbs are matched by lemma, so every tense, aspect and gender counts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from storyline.extract.quotes import MIN_QUOTE_WORDS, continue_speakers, direct_spans
from storyline.extract.spans import ByStart, Regions
from storyline.model import Extraction, Mention, QuoteMention
from storyline.nlp import RussianDoc, RuToken

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
HEDGE_CUES = frozenset({"утверждать"})
ANONYMOUS_HEADS = frozenset({"источник", "собеседник", "инсайдер"})
PRONOUNS = {"он": "Masc", "она": "Fem", "они": None}
POSSESSIVES = {"его": "Masc", "её": "Fem", "ее": "Fem", "их": None}
# "по словам X", "по данным X": the dative noun after "по" that makes X a source.
SOURCE_NOUNS = frozenset("словам данным информации сведениям мнению оценке оценкам".split())
SAYING_NOUNS = frozenset({"словам", "мнению"})  # X is someone who speaks, so any animate X qualifies
HEDGES = re.compile(
    r"(?i)(?<!\w)(?:якобы|предположительно|будто бы|по слухам|как утвержда(?:ется|ют|лось)|"
    r"по (?:неподтвержд[её]нн|непроверенн|некотор)\w* (?:данным|сведениям|информации))(?!\w)"
)


@dataclass(frozen=True)
class _Span:
    """Quoted or dash-introduced content, with the attributions inside it (a joined quote)."""

    start: int
    end: int
    dash: bool
    gaps: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Speaker:
    local: int | None
    text: str
    start: int
    end: int
    head: int  # token index of the phrase's head
    anonymous: bool = False


@dataclass
class _Ctx:
    """One article's lookups. Quotations (`Regions`), mentions by offset (`ByStart`) and the people
    named, in text order, are searched rather than scanned per token, mention or quote: the scans
    made long articles quadratic."""

    doc: RussianDoc
    ex: Extraction
    children: list[list[int]]
    quoted: Regions = field(default_factory=lambda: Regions(()))
    starts: list[int] = field(default_factory=list)  # token start offsets, for range look-ups
    mentions: ByStart[Mention] = field(init=False)
    people: list[Mention] = field(init=False)  # named people (linked), by (start, order in the list)
    people_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.mentions = ByStart(self.ex.mentions)
        found = sorted((m.start, i) for i, m in enumerate(self.ex.mentions) if m.type == "PERSON" and m.local >= 0)
        self.people = [self.ex.mentions[i] for _s, i in found]
        self.people_starts = [s for s, _i in found]

    def people_before(self, pos: int, floor: int = -1) -> Iterator[Mention]:
        """People named in [floor, pos), nearest first; several at one offset in the list's order
        (what a stable sort by -start gave)."""
        i = bisect_left(self.people_starts, pos) - 1
        while i >= 0 and self.people_starts[i] >= floor:
            j = bisect_left(self.people_starts, self.people_starts[i])
            yield from self.people[j : i + 1]
            i = j - 1

    @property
    def text(self) -> str:
        return self.doc.text

    def between(self, a: int, b: int) -> range:
        """Indexes of the tokens that start in [a, b)."""
        return range(bisect_left(self.starts, a), bisect_left(self.starts, b))

    @property
    def tokens(self) -> list[RuToken]:
        return self.doc.tokens


def extract_quotes_ru(doc: RussianDoc, ex: Extraction) -> list[QuoteMention]:
    ctx = _Ctx(doc, ex, doc.children, starts=[t.start for t in doc.tokens])
    spans = _spans(ctx)
    # a short quoted name («Газпром», «Интерфакс») is part of the sentence, not words set apart
    ctx.quoted = Regions(p for s in spans if _words(ctx.text[s.start : s.end]) >= MIN_QUOTE_WORDS for p in _pieces(s))
    accepted = [(s, q) for s in spans if (q := _attribute_direct(ctx, s)) is not None]
    ctx.quoted = Regions(p for s, _ in accepted for p in _pieces(s))
    out = [q for _, q in accepted]
    continue_speakers(doc.text, out)
    indirect = _indirect(ctx)
    by_cue: dict[int | None, list[tuple[int, int]]] = {}  # a direct quote inside reported speech of one cue
    for i in indirect:
        by_cue.setdefault(i.cue_start, []).append((i.start, i.end))
    out = [q for q in out if not any(s <= q.start and q.end <= e for s, e in by_cue.get(q.cue_start, ()))] + indirect
    out.sort(key=lambda q: (q.start, q.end))
    return out


# --- direct quotes ----------------------------------------------------------------------------
def _spans(ctx: _Ctx) -> list[_Span]:
    """The shared quote finder's spans, with Russian dash paragraphs re-cut and interrupted quotes joined."""
    text = ctx.text
    out: list[_Span] = []
    for a, b, dash in direct_spans(text):
        if dash:
            span = _dash_span(ctx, a)
            if span is not None:
                out.append(span)
            continue
        gaps = _inner_gaps(ctx, a, b)
        prev = out[-1] if out else None
        if prev is not None and not prev.dash and _joins(ctx, prev.end, a):
            out[-1] = _Span(prev.start, b, False, (*prev.gaps, (prev.end, a), *gaps))
            continue
        out.append(_Span(a, b, False, gaps))
    return out


def _pieces(span: _Span) -> list[tuple[int, int]]:
    """The quoted words of a span: its attributions are the writer's, not the speaker's."""
    out, start = [], span.start
    for x, y in span.gaps:
        out.append((start, x))
        start = y
    out.append((start, span.end))
    return out


def _attribution_cue(ctx: _Ctx, a: int, b: int) -> int | None:
    """A speech verb among the first words of a dashed aside ("— сказал Песков", "— заявил журналистам …")."""
    words = [i for i in ctx.between(a, b) if ctx.tokens[i].pos != "PUNCT"]
    if not words or len(words) > 20:
        return None
    return next((i for i in words[:3] if _is_cue(ctx.tokens[i])), None)


def _dash_span(ctx: _Ctx, a: int) -> _Span | None:
    """'— A, — сказал Песков, — B.': the speech pieces around the attribution, attribution excluded at the end."""
    text = ctx.text
    p_end = text.find("\n", a)
    p_end = len(text) if p_end < 0 else p_end
    cuts = [m for m in re.finditer(r"\s[—–]\s+", text[a:p_end])]
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
    return _Span(start, end, True, tuple(g for g in gaps if start <= g[0] < end))


def _inner_gaps(ctx: _Ctx, a: int, b: int) -> tuple[tuple[int, int], ...]:
    """«Мы готовы, — сказал Песков, — но …»: the attribution the writer put inside the marks."""
    out = []
    for m in re.finditer(r"[,!?…]\s+[—–]\s+([^—–«»\n]{1,120}?)[,.]?\s+[—–]\s+", ctx.text[a:b]):
        if _attribution_cue(ctx, a + m.start(1), a + m.end(1)) is not None:
            out.append((a + m.start() + 1, a + m.end()))
    return tuple(out)


def _joins(ctx: _Ctx, prev_end: int, start: int) -> bool:
    """«A», — сказал Песков, — «B»: one quote around a dashed attribution."""
    m = re.fullmatch(r"[»”“\"]?[,.!?…]*\s*[—–]\s+(.{1,120}?)[,.]?\s*[—–]\s*[«„“\"]", ctx.text[prev_end:start])
    return m is not None and _attribution_cue(ctx, prev_end + m.start(1), prev_end + m.end(1)) is not None


def _attribute_direct(ctx: _Ctx, span: _Span) -> QuoteMention | None:
    a, b = span.start, span.end
    cue = _cue_near(ctx, span)
    if _words(ctx.text[a:b]) < MIN_QUOTE_WORDS and (cue is None or not _adjacent(ctx, span, cue)):
        return None  # «Северный поток»: a title or a term
    if cue is None:
        return QuoteMention(a, b, True, None, None, None, None, None, None, False, _hedged(ctx, a, b, None))
    tok = ctx.tokens[cue]
    spk = _speaker(ctx, cue)
    if spk is None:  # no subject: the person named just before the quote in the verb's sentence
        m = _previous_person_mention(ctx, a, _sentence(ctx, tok.start)[0])
        if m is not None:
            spk = _Speaker(m.local, m.text, m.start, m.end, -1)
    if spk is None:
        return QuoteMention(a, b, True, None, None, None, None, tok.start, tok.end, False, _hedged(ctx, a, b, cue))
    return QuoteMention(a, b, True, spk.local, spk.text, spk.start, spk.end, tok.start, tok.end, spk.anonymous,
                        _hedged(ctx, a, b, cue))  # fmt: skip


def _words(text: str) -> int:
    """Words, not dashes: «Северный поток — 2» is a title of two words and a number."""
    return len(re.findall(r"\w+", text))


def _cue_near(ctx: _Ctx, span: _Span) -> int | None:
    """The speech verb of a quote: in an attribution inside it, else the nearest one outside quotes in the
    sentences it touches (same paragraph), else a "заявил:" ending the sentence or paragraph before it."""
    toks, text = ctx.tokens, ctx.text
    for g in span.gaps:
        cue = _attribution_cue(ctx, *g)
        if cue is not None:
            return cue
    a, b = span.start, span.end
    s_lo, s_hi = ctx.doc.sentence_of(a), ctx.doc.sentence_of(min(b, len(text) - 1))
    p_lo = text.rfind("\n", 0, a) + 1
    p_hi = text.find("\n", b)
    p_hi = len(text) if p_hi < 0 else p_hi
    cands = [
        i for i in ctx.between(p_lo, p_hi)
        if s_lo <= toks[i].sent <= s_hi and _is_cue(toks[i]) and not _inside(ctx.quoted, toks[i].start)
    ]  # fmt: skip
    if not cands and s_lo > 0 and text[slice(*ctx.doc.sents[s_lo - 1])].rstrip().endswith(":"):
        cands = [i for i in ctx.between(*ctx.doc.sents[s_lo - 1]) if _is_cue(toks[i])]
    if not cands and p_lo > 1:  # "Песков заявил:" closing the paragraph before the quote
        prev_hi = len(text[:p_lo].rstrip())
        prev_lo = text.rfind("\n", 0, prev_hi) + 1
        if text[prev_lo:prev_hi].endswith(":"):
            cands = [i for i in ctx.between(prev_lo, prev_hi) if _is_cue(toks[i])]
    if not cands:
        return None
    return min(cands, key=lambda i: min(abs(toks[i].start - b), abs(a - toks[i].end)))


def _adjacent(ctx: _Ctx, span: _Span, cue: int) -> bool:
    """The verb sits right at the quote: «…», — сказал / заявил: «…» (or inside it, between dashes)."""
    tok = ctx.tokens[cue]
    if any(x <= tok.start < y for x, y in span.gaps):
        return True
    if tok.start >= span.end:
        return re.fullmatch(r"[»”“\"]?[,.!?…]*\s*[—–]\s*", ctx.text[span.end : tok.start]) is not None
    return re.fullmatch(r"[^.!?«»\n]{0,60}:\s*[«„“\"]", ctx.text[tok.end : span.start]) is not None


# --- indirect speech --------------------------------------------------------------------------
def _indirect(ctx: _Ctx) -> list[QuoteMention]:
    out = []
    for i, t in enumerate(ctx.tokens):
        if _inside(ctx.quoted, t.start):
            continue
        q: QuoteMention | None = None
        if t.text.lower() == "по" and t.pos == "ADP":
            q = _according_to(ctx, i)
        elif _is_cue(t):
            if any(ctx.tokens[c].lemma == "как" and ctx.tokens[c].rel == "mark" for c in ctx.children[i]):
                q = _as_said(ctx, i)
            elif any(_is_ob_etom(ctx, c) for c in ctx.children[i]):
                q = _said_of_previous(ctx, i)
            else:
                q = _reported_clause(ctx, i)
        if q is not None:
            out.append(q)
    return out


def _according_to(ctx: _Ctx, i: int) -> QuoteMention | None:
    """'По словам Дмитрия Пескова, …', 'по данным источников, …', 'по его словам, …'."""
    toks = ctx.tokens
    j, poss = i + 1, None
    while j < len(toks) and j <= i + 3 and toks[j].text.lower() not in SOURCE_NOUNS:
        if toks[j].text.lower() in POSSESSIVES:
            poss = j
        elif toks[j].pos not in ("ADJ", "DET"):
            return None
        j += 1
    if j >= len(toks) or toks[j].text.lower() not in SOURCE_NOUNS or toks[j].sent != toks[i].sent:
        return None
    noun = j
    if poss is not None:
        p = toks[poss]
        local = _previous_person(ctx, p.start, POSSESSIVES[p.text.lower()])
        spk = _Speaker(local, p.text, p.start, p.end, poss)
        region_end = toks[noun].end
    else:
        src = next((c for c in ctx.children[noun] if c > noun and toks[c].rel.startswith("nmod")), None)
        if src is None:
            return None
        lo, hi = _phrase(ctx, src)
        spk = _resolve(ctx, max(lo, noun + 1), hi, src)
        animate = toks[src].feats.get("Animacy") == "Anim" and toks[noun].text.lower() in SAYING_NOUNS
        if spk.local is None and not spk.anonymous and not animate:
            return None  # "по данным опроса": a document, not a source
        region_end = spk.end
    content = _rest_of_sentence(ctx, toks[i].start, region_end)
    if content is None:
        return None
    a, b = content
    return QuoteMention(a, b, False, spk.local, spk.text, spk.start, spk.end, toks[i].start, toks[noun].end,
                        spk.anonymous, _hedged(ctx, a, b, None))  # fmt: skip


def _as_said(ctx: _Ctx, cue: int) -> QuoteMention | None:
    """'Как сообщил МИД России, …' (or '…, как заявил X.'): the rest of the sentence."""
    toks = ctx.tokens
    mark = next(c for c in ctx.children[cue] if toks[c].lemma == "как" and toks[c].rel == "mark")
    spk = _speaker(ctx, cue)
    if spk is None:
        return None
    sent_end = _sentence(ctx, toks[cue].start)[1]
    words = [k for k in _subtree(ctx, cue) if toks[k].pos != "PUNCT" and toks[k].end <= sent_end]
    region_end = max(toks[max(words)].end, spk.end)
    content = _rest_of_sentence(ctx, toks[mark].start, region_end)
    if content is None:
        return None
    a, b = content
    return QuoteMention(a, b, False, spk.local, spk.text, spk.start, spk.end, toks[mark].start, toks[cue].end,
                        spk.anonymous, _hedged(ctx, a, b, cue))  # fmt: skip


def _is_ob_etom(ctx: _Ctx, i: int) -> bool:
    """'об этом': the verb's object points back at what was just said."""
    t = ctx.tokens[i]
    return t.lemma == "это" and any(ctx.tokens[c].text.lower() in ("о", "об", "обо") for c in ctx.children[i])


def _said_of_previous(ctx: _Ctx, cue: int) -> QuoteMention | None:
    """'Об этом сообщил X.': X said the previous sentence."""
    tok = ctx.tokens[cue]
    before = ctx.text[: _sentence(ctx, tok.start)[0]].rstrip()
    if not before:
        return None
    spk = _speaker(ctx, cue)
    if spk is None:
        return None
    a, b = _trim(ctx.text, *_sentence(ctx, len(before) - 1))
    if not _acceptable(ctx, a, b):
        return None
    return QuoteMention(a, b, False, spk.local, spk.text, spk.start, spk.end, tok.start, tok.end, spk.anonymous,
                        _hedged(ctx, a, b, cue))  # fmt: skip


def _reported_clause(ctx: _Ctx, cue: int) -> QuoteMention | None:
    """'X заявил, что …' (and '…, отметил X', 'X заявил: …'): the clause the speech verb reports."""
    toks = ctx.tokens
    content = _complement(ctx, cue)
    if content is None:
        return None
    a, b = _trim(ctx.text, *content)
    if not _acceptable(ctx, a, b):
        return None
    spk = _speaker(ctx, cue)
    if spk is None:
        return None
    head = toks[spk.head] if spk.head >= 0 else None
    can_speak = (
        spk.local is not None or spk.anonymous
        or (head is not None and (head.text.lower() in PRONOUNS or head.feats.get("Animacy") == "Anim"))
    )  # fmt: skip
    if not can_speak and (toks[cue].lemma in EPISTEMIC_CUES or head is None or head.pos not in ("NOUN", "PROPN")):
        return None  # "данные подтверждают, что …": not a speaker
    return QuoteMention(a, b, False, spk.local, spk.text, spk.start, spk.end, toks[cue].start, toks[cue].end,
                        spk.anonymous, _hedged(ctx, a, b, cue))  # fmt: skip


def _complement(ctx: _Ctx, cue: int) -> tuple[int, int] | None:
    toks, kids = ctx.tokens, ctx.children[cue]
    comp = next((c for c in kids if toks[c].rel == "ccomp" and c > cue), None)
    comp = comp if comp is not None else next((c for c in kids if toks[c].rel == "ccomp"), None)
    if comp is None:  # "заявил о том, что …": the clause hangs off "том"
        to = next((c for c in kids if toks[c].lemma in ("то", "тот") and toks[c].rel in ("obl", "obj")), None)
        if to is not None:
            comp = next((c for c in ctx.children[to] if toks[c].rel in ("acl", "acl:relcl", "ccomp") and c > to), None)
    if comp is None:  # "Песков заявил: переговоры продолжатся": the clause after the colon
        comp = next((c for c in kids if toks[c].rel == "parataxis" and c > cue and ":" in
                     ctx.text[toks[cue].end : toks[c].start]), None)  # fmt: skip
    if comp is None:
        # "Встреча прошла в Женеве, отметил Лавров": the sentence up to the verb, which precedes its subject
        s0 = _sentence(ctx, toks[cue].start)[0]
        subj = _subject_of(ctx, cue)
        inverted = (
            ((toks[cue].rel in ("parataxis", "conj") and 0 <= toks[cue].head < cue) or toks[cue].head < 0)
            and cue > 0
            and toks[cue - 1].text in (",", "—", "–")
            and subj is not None
            and subj > cue
        )
        if inverted and len(ctx.text[s0 : toks[cue].start].split()) >= 3:
            return s0, toks[cue].start
        return None
    sub = [k for k in _subtree(ctx, comp) if toks[k].pos != "PUNCT"]
    first = min(sub)
    if toks[first].rel == "mark" and toks[first].lemma in ("что", "чтобы", "будто", "якобы") and first < max(sub):
        first += 1  # the content is what was said, not the conjunction
    a, b = toks[first].start, toks[max(sub)].end
    if comp < cue:  # "…, заявил X": the content ends before the verb
        b = min(b, toks[cue].start)
    return a, b


def _rest_of_sentence(ctx: _Ctx, lo: int, hi: int) -> tuple[int, int] | None:
    """The sentence around an attribution phrase [lo, hi): the longer side is what was said."""
    s0, s1 = _sentence(ctx, lo)
    before, after = _trim(ctx.text, s0, lo), _trim(ctx.text, hi, s1)
    a, b = after if after[1] - after[0] >= before[1] - before[0] else before
    parenthetical = ctx.text[:lo].rstrip().endswith(",") and ctx.text[hi:].lstrip().startswith(",")
    both = _words(ctx.text[before[0] : before[1]]) >= 2 and _words(ctx.text[after[0] : after[1]]) >= 2
    if parenthetical and both:  # "Состав делегации, по его словам, будет объявлен позднее": both sides
        a, b = before[0], after[1]
    return (a, b) if _acceptable(ctx, a, b) else None


def _acceptable(ctx: _Ctx, a: int, b: int) -> bool:
    """Long enough, and not words already taken by a direct quote."""
    if b - a < 10 or any(x <= a < y or x < b <= y for x, y in ctx.quoted.overlapping(a, b) if y - x > 40):
        return False
    covered = sum(max(0, min(b, y) - max(a, x)) for x, y in ctx.quoted.overlapping(a, b))
    return covered < 0.8 * (b - a)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,;:—–\n\t":
        a += 1
    while b > a and text[b - 1] in " ,;:.—–\n\t":
        b -= 1
    return a, b


# --- speakers -----------------------------------------------------------------------------------
def _is_cue(t: RuToken) -> bool:
    return (
        (t.lemma in CUES or t.lemma in IMPERSONAL_CUES)
        and t.pos == "VERB"
        and t.feats.get("VerbForm") in ("Fin", "Conv", None)
    )


def _speaker(ctx: _Ctx, cue: int) -> _Speaker | None:
    toks = ctx.tokens
    cited = _cited_source(ctx, cue)
    if cited is not None:
        return cited
    subj = _subject_of(ctx, cue)
    head = toks[cue].head
    if subj is None and toks[cue].rel in ("conj", "advcl", "xcomp") and head >= 0 and toks[head].pos == "VERB":
        subj = _subject_of(ctx, head)  # "…, подчеркнув, что …": the main verb's subject
    if subj is not None:
        return _resolve(ctx, *_phrase(ctx, subj), subj)
    if toks[cue].feats.get("Number") == "Plur" or toks[cue].lemma in IMPERSONAL_CUES:
        # "сообщили в Кремле", "в заявлении МИД говорится": the institution speaks
        for c in ctx.children[cue]:
            if toks[c].rel == "obl" and any(toks[k].text.lower() in ("в", "во") for k in ctx.children[c]):
                return _resolve(ctx, *_phrase(ctx, c), c)
    return None


def _subject_of(ctx: _Ctx, verb: int) -> int | None:
    return next((c for c in ctx.children[verb] if ctx.tokens[c].rel in ("nsubj", "nsubj:pass")), None)


def _cited_source(ctx: _Ctx, cue: int) -> _Speaker | None:
    """'Как сообщает РИА Новости со ссылкой на источник …': the words are the cited source's."""
    toks = ctx.tokens
    for c in ctx.children[cue]:
        if toks[c].lemma == "ссылка":
            src = next(
                (k for k in ctx.children[c] if k > c and any(toks[x].text.lower() == "на" for x in ctx.children[k])),
                None,
            )
            if src is not None:
                lo, hi = _phrase(ctx, src)
                while lo < src and toks[lo].text.lower() == "на":
                    lo += 1
                return _resolve(ctx, lo, hi, src)
    return None


def _phrase(ctx: _Ctx, head: int) -> tuple[int, int]:
    """The noun phrase a head token heads, cut at punctuation and relative clauses ("источник, знакомый …")."""
    toks = ctx.tokens
    sub = set(_subtree(ctx, head))

    def stop(k: int) -> bool:
        return (
            k not in sub
            or (toks[k].pos == "PUNCT" and toks[k].text not in '«»„“”"')
            or toks[k].lemma == "который"
            or _inside(ctx.quoted, toks[k].start)
        )

    lo = hi = head
    while lo - 1 >= 0 and not stop(lo - 1):
        lo -= 1
    while hi + 1 < len(toks) and not stop(hi + 1):
        hi += 1
    for c in ctx.children[head]:  # "источник, знакомый с ходом переговоров,": the modifier set off by commas
        words = [k for k in _subtree(ctx, c) if toks[k].pos != "PUNCT"]
        if (
            c > hi
            and toks[c].rel in ("amod", "acl")
            and all(toks[k].pos == "PUNCT" for k in range(hi + 1, min(words)))
            and not any(_inside(ctx.quoted, toks[k].start) for k in words)
        ):
            hi = max(words)
    return lo, hi


def _resolve(ctx: _Ctx, lo: int, hi: int, head: int) -> _Speaker:
    """Who a speaker phrase names: a pronoun's antecedent, an entity (a person first), an anonymous source."""
    toks = ctx.tokens
    s, e = toks[lo].start, toks[hi].end
    words = ctx.text[s:e]
    if lo == hi and words.lower() in PRONOUNS:
        return _Speaker(_previous_person(ctx, s, PRONOUNS[words.lower()]), words, s, e, head)
    named = [m for m in ctx.mentions.starting_in(s, e) if m.local >= 0]
    persons = [m for m in named if m.type == "PERSON"]
    if not persons and any(toks[k].lemma in ANONYMOUS_HEADS for k in range(lo, hi + 1)):
        return _Speaker(None, words, s, e, head, anonymous=True)  # "источник в Кремле": nobody named
    for types in (("PERSON",), ("ORG", "GPE", "LOC", "NORP")):
        hits = [m for m in named if m.type in types]
        if hits:
            return _Speaker(hits[0].local, words, s, e, head)
    return _Speaker(None, words, s, e, head)


def _previous_person_mention(ctx: _Ctx, pos: int, floor: int) -> Mention | None:
    return next((m for m in ctx.people_before(pos, floor) if not _inside(ctx.quoted, m.start)), None)


def _previous_person(ctx: _Ctx, pos: int, gender: str | None) -> int | None:
    """The nearest person named before a pronoun, outside quotes, whose gender does not contradict it."""
    for m in ctx.people_before(pos):
        if _inside(ctx.quoted, m.start):
            continue
        if gender is None or _gender(ctx, m) in (None, gender):
            return m.local
    return None


def _gender(ctx: _Ctx, m: Mention) -> str | None:
    genders = {ctx.tokens[i].feats.get("Gender") for i in ctx.between(m.start, m.end) if ctx.tokens[i].pos == "PROPN"}
    genders.discard(None)
    return genders.pop() if len(genders) == 1 else None


def _subtree(ctx: _Ctx, i: int) -> list[int]:
    return sorted(ctx.doc.subtree(i))


def _sentence(ctx: _Ctx, pos: int) -> tuple[int, int]:
    """The sentence around a position, cut at line breaks: natasha runs a headline on into the next paragraph."""
    s0, s1 = ctx.doc.sents[ctx.doc.sentence_of(pos)] if ctx.doc.sents else (0, len(ctx.text))
    s0 = max(s0, ctx.text.rfind("\n", s0, pos) + 1)  # within the sentence: not back to the text's start
    nl = ctx.text.find("\n", pos, s1)
    return s0, (nl if nl >= 0 else s1)


def _inside(ranges: Regions, pos: int) -> bool:
    return pos in ranges


def _hedged(ctx: _Ctx, a: int, b: int, cue: int | None) -> bool:
    if cue is not None and ctx.tokens[cue].lemma in HEDGE_CUES:
        return True
    zones = [(_sentence(ctx, a)[0], _sentence(ctx, max(a, b - 1))[1])]
    if cue is not None:
        zones.append(_sentence(ctx, ctx.tokens[cue].start))
    return any(HEDGES.search(ctx.text[x:y]) for x, y in zones)


__all__ = ["extract_quotes_ru"]
