"""Quotes and sources: who said what, who is anonymous, and what the source itself hedges.

Per article and pure (parsed Doc + the article's entities in, quotes out). No attribution model
is available offline, so these are rules over the quotation marks and the parse:

Direct quotes
* text between curly, straight or angle quotation marks; a mark left open at the end of a
  paragraph continues into the next paragraph when that one opens with a mark (multi-paragraph
  quotes); an open mark with nothing to close it ends at the paragraph end;
* two quoted pieces separated only by a short attribution ("“A” – Peskov told Tass – “B”") are
  one quote;
* a paragraph opening with a dash is reported speech, Russian-style ("— The sanctions ..., — X
  told Izvestia."), up to the attribution at its end;
* a quoted term of three words or fewer with no speech verb next to it is a scare quote or a
  title, not a quote.

Indirect speech: a speech verb with a clausal complement ("X said (that) ...", "X warned ...",
"..., X said the previous day") and "according to X, ...".

Speakers: the subject of the speech verb (or the object of "according to"), linked to the
article's entity that it names, including title-only mentions ("the expert"); a pronoun subject
goes to the nearest person named before it outside quotes. A subject that names nobody but is a
source noun ("a Moscow source", "sources", "officials who asked not to be named") is anonymous:
no speaker entity, and its words kept as `speaker_text`.

Hedging: the sentence carries the source's own doubt ("allegedly", "reportedly", "is said to",
"claims", "unconfirmed") or the cue is "claim".
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left

from rapidfuzz.fuzz import ratio
from spacy.tokens import Doc, Span, Token

from storyline.extract.roles import is_person_noun
from storyline.extract.spans import ByStart, Regions
from storyline.model import Extraction, Mention, QuoteMention
from storyline.nlp import doc_text

CUES = frozenset(
    """say tell note warn claim stress believe report add argue insist explain announce state suggest write
    predict emphasize emphasise acknowledge admit deny confirm think reckon fear hope comment declare assert
    contend maintain point observe recall remark reply respond answer ask urge caution concede estimate
    allege testify indicate reveal disclose share express expect feel promise vow pledge threaten propose
    signal""".split()
)
# Verbs that also take non-human subjects ("the data suggest", "the visit confirmed"): their
# subject must be able to speak (a named entity, a person noun, a source, a pronoun).
EPISTEMIC_CUES = frozenset(
    "confirm indicate reveal suggest disclose share express estimate recall point observe signal".split()
)
SOURCE_NOUNS = frozenset(
    """source sources official officials diplomat diplomats insider insiders person people aide aides someone
    spokesman spokeswoman spokesperson representative representatives member members expert experts analyst
    analysts observer observers witness witnesses resident residents lawmaker lawmakers""".split()
)
# Nouns that, named without a person's name, leave the speaker unidentified.
ANONYMOUS_HEADS = frozenset(
    "source sources official officials diplomat diplomats insider insiders person people aide aides someone".split()
)
HEDGES = re.compile(
    r"(?i)\b(?:allegedly|reportedly|purportedly|supposedly|apparently|is said to|are said to|was said to|"
    r"were said to|unconfirmed|unverified|rumou?red|claims?|claimed)\b"
)
# Speech verbs whose direct object is what was said ("sources report resentment", "he stressed the
# need to ...", "the campaign disclosed her diagnosis").
OBJECT_CUES = frozenset(
    "report express share voice stress cite propose disclose reveal detail announce deny confirm acknowledge".split()
)
_OPEN = {"“": "”", "«": "»", "„": "“"}
_CLOSE = {"”", "»"}
_DASH_START = re.compile(r"^[—–-]\s+")
_PRONOUNS = frozenset("he she him her they".split())
MIN_QUOTE_WORDS = 4  # fewer words in quotation marks and no speech verb: a term, not a quote


def extract_quotes(doc: Doc, ex: Extraction) -> list[QuoteMention]:
    text = doc_text(doc)
    spans = direct_spans(text)
    ctx = _Article(doc, ex, [(a, b) for a, b, _ in spans])
    out: list[QuoteMention] = []
    for a, b, dash in spans:
        q = _attribute_direct(ctx, a, b, dash)
        if q is not None:
            out.append(q)
    out += _block_quotes(ctx)
    continue_speakers(text, out)
    indirect = _indirect(ctx)
    # a direct quote inside reported speech with the same cue is that speech
    by_cue: dict[int | None, list[tuple[int, int]]] = {}
    for i in indirect:
        by_cue.setdefault(i.cue_start, []).append((i.start, i.end))
    out = [q for q in out if not any(s <= q.start and q.end <= e for s, e in by_cue.get(q.cue_start, ()))] + indirect
    out.sort(key=lambda q: (q.start, q.end))
    return out


class _Article:
    """What the quote rules ask of one article, answered without scanning it: whether an offset is
    quoted (`Regions`), which mentions start in or cover a span (`ByStart`), the nearest person
    named before an offset, the tokens of a character range. Each rule used to scan all quotes,
    mentions or tokens per candidate, which made long articles quadratic."""

    def __init__(self, doc: Doc, ex: Extraction, quoted: list[tuple[int, int]]) -> None:
        self.doc, self.ex, self.text = doc, ex, doc_text(doc)
        self.quoted = Regions(quoted)
        self.mentions = ByStart(ex.mentions)
        people = [(m.start, i, m) for i, m in enumerate(ex.mentions) if m.type == "PERSON"]
        # the mention scans below go in list order; where people are listed in text order (always,
        # after extract_entities) that order is the (start, index) order searched here
        self.people_in_order = all(a[0] <= b[0] for a, b in itertools.pairwise(people))
        unquoted = sorted(x for x in people if x[0] not in self.quoted)
        self.unquoted = [m for _s, _i, m in unquoted]  # people named outside quotes
        self.unquoted_starts = [s for s, _i, _m in unquoted]
        linked = [m for m in self.unquoted if m.local >= 0]
        self.linked = linked
        self.linked_starts = [m.start for m in linked]
        self._token_starts: list[int] | None = None
        self._misspelt: dict[str, int | None] = {}
        self._surnames: dict[str, set[int]] | None = None  # last word of each full name -> its people

    def tokens_in(self, start: int, end: int) -> Span:
        """The tokens that begin inside text[start:end]."""
        if self._token_starts is None:
            self._token_starts = [t.idx for t in self.doc]
        lo, hi = bisect_left(self._token_starts, start), bisect_left(self._token_starts, end)
        return self.doc[lo:hi]

    def previous_person(self, pos: int) -> int | None:
        """Local entity of the last person named before `pos` outside quotes."""
        if not self.people_in_order:
            people = [m for m in self.ex.mentions if m.type == "PERSON" and m.start < pos and m.local >= 0]
            return next((m.local for m in reversed(people) if m.start not in self.quoted), None)
        i = bisect_left(self.linked_starts, pos)
        return self.linked[i - 1].local if i else None

    def previous_person_mention(self, pos: int, floor: int) -> Mention | None:
        """The person named outside quotes nearest before `pos` and not before `floor` (the first
        listed, of several at one offset)."""
        if not self.people_in_order:
            found = (m for m in self.ex.mentions if m.type == "PERSON" and floor <= m.start < pos)
            return next((m for m in sorted(found, key=lambda m: -m.start) if m.start not in self.quoted), None)
        i = bisect_left(self.unquoted_starts, pos) - 1
        if i < 0 or self.unquoted_starts[i] < floor:
            return None
        return self.unquoted[bisect_left(self.unquoted_starts, self.unquoted_starts[i])]

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


BLOCK_CUES = CUES | {"agree", "conclude", "put"}


def _block_quotes(ctx: _Article) -> list[QuoteMention]:
    """A paragraph introduced by 'X wrote:' / 'X concluded that ...:' and set apart without
    quotation marks (a block quote) is X's direct quote."""
    doc, text = ctx.doc, ctx.text
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out = []
    for (a0, b0), (a1, b1) in itertools.pairwise(paras):
        intro = text[a0:b0].rstrip()
        body = text[a1:b1]
        if not intro.endswith(":") or body[:1] in _OPEN or body[:1] in ('"', "—", "–", "-"):
            continue
        if len(body.split()) < 10 or a1 in ctx.quoted:
            continue
        last = doc.char_span(max(a0, b0 - 2), b0, alignment_mode="expand")
        if last is None:
            continue
        cues = [t for t in last.sent if t.lemma_.lower() in BLOCK_CUES and t.pos_ == "VERB" and a0 <= t.idx < b0]
        if not cues:
            continue
        cue = cues[-1]
        speaker = _speaker(ctx, cue)
        if speaker[2] is None:
            continue
        end = b1
        while end > a1 and text[end - 1] in " ":
            end -= 1
        out.append(QuoteMention(a1, end, True, *speaker, cue.idx, cue.idx + len(cue.text),
                                _anonymous(doc, cue, speaker), _hedged(doc, a1, end, cue)))  # fmt: skip
    return out


def continue_speakers(text: str, quotes: list[QuoteMention]) -> None:
    """A quote with no attribution right after an attributed one in the same paragraph
    ('“…,” said Peskov. “This is why …”') continues the same speaker."""
    for prev, q in itertools.pairwise(quotes):
        if q.speaker_text is None and prev.speaker_text is not None and "\n" not in text[prev.end : q.start]:
            q.speaker, q.speaker_text, q.anonymous = prev.speaker, prev.speaker_text, prev.anonymous
            q.speaker_start, q.speaker_end = prev.speaker_start, prev.speaker_end


# --- direct quotes ----------------------------------------------------------------------------
def direct_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, dash-introduced?) of quoted content, quotation marks excluded."""
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
            end = _dash_speech_end(text, start, p_end)
            spans.append((start, end, True))
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
    return _join_interrupted(text, _merge_continued(text, spans))


def _opens(para: str, i: int) -> bool:
    """A straight double quote opens when it follows a space, a dash or the line start."""
    return i == 0 or para[i - 1] in " \t([—–-:"


def _dash_speech_end(text: str, start: int, p_end: int) -> int:
    """'— Content ..., — X told Izvestia.': the content stops before the closing attribution."""
    para = text[start:p_end]
    m = re.search(
        r"(?:,|\.|!|\?)?\s*[—–]\s*[^—–]{1,120}$"
        r"|[,.!?][”\"»]?\s+[A-ZА-ЯЁ][^;]{0,200}?\b(?:told|said|says|noted|believes|shared|added|explained|stressed)\b[^.]*\.?$",
        para,
    )
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


def _join_interrupted(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """'“A” – Peskov told Tass – “B”' is one quote: join pieces around a short attribution."""
    out: list[tuple[int, int, bool]] = []
    for a, b, dash in spans:
        if out and not dash:
            pa, pb, pdash = out[-1]
            between = text[pb:a]
            words = between.split()
            if (
                not pdash
                and "\n" not in between
                and 1 <= len(words) <= 10
                and re.search(
                    r"\b(?:said|says|told|tells|added|noted|stressed|continued|explained|according)\b", between
                )
            ):
                out[-1] = (pa, b, False)
                continue
        out.append((a, b, dash))
    return out


def _attribute_direct(ctx: _Article, a: int, b: int, dash: bool) -> QuoteMention | None:
    doc, text = ctx.doc, ctx.text
    content = text[a:b]
    if len(content.split()) < MIN_QUOTE_WORDS:
        return None  # "the “Anchorage formula”": a term, a title or a snippet inside reported speech
    pieces = _pieces(text, a, b)
    cue = _cue_near(ctx, a, b, pieces)
    if len(pieces) > 1:  # "“A” – Peskov told Tass – “B”": the one named between the pieces spoke
        zone = [m for m in ctx.mentions.starting_in(pieces[0][1], pieces[1][0]) if m.type == "PERSON"]
        if zone:
            m = zone[0]
            return QuoteMention(a, b, True, m.local, m.text, m.start, m.end, cue.idx if cue else None,
                                cue.idx + len(cue.text) if cue else None, False, _hedged(doc, a, b, cue))  # fmt: skip
    if cue is None:
        inner = _attribution_inside(ctx, a, b)  # '“…, Kremlin spokesman Dmitry Peskov said. ‘…’”'
        if inner is not None:
            m, c = inner
            return QuoteMention(a, b, True, m.local, m.text, m.start, m.end, c.idx, c.idx + len(c.text), False,
                                _hedged(doc, a, b, c))  # fmt: skip
        return QuoteMention(a, b, True, None, None, None, None, None, None, False, _hedged(doc, a, b, None))
    speaker = _speaker(ctx, cue)
    if speaker[2] is None:  # no subject ("..., declaring “...”"): the person named just before
        m = ctx.previous_person_mention(a, doc[cue.sent.start].idx)
        if m is not None:
            speaker = (m.local, m.text, m.start, m.end)
    return QuoteMention(a, b, True, *speaker, cue.idx, cue.idx + len(cue.text), _anonymous(doc, cue, speaker),
                        _hedged(doc, a, b, cue))  # fmt: skip


def _pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The quoted parts of a joined quote, so that the attribution between them stays visible."""
    out, start = [], a
    for m in re.finditer(r"[”\"»]\s*[–—,-]?\s*[^“\"«]{1,120}?[–—,-]?\s*[“\"«]", text[a:b]):
        out.append((start, a + m.start()))
        start = a + m.end()
    out.append((start, b))
    return out


def _attribution_inside(ctx: _Article, a: int, b: int) -> tuple[Mention, Token] | None:
    """A writer's misplaced quotation marks: the 'X said' sits inside the quoted text."""
    for tok in ctx.doc.char_span(a, b, alignment_mode="expand") or []:
        if tok.lemma_.lower() in ("say", "tell", "add", "note") and tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                hits = [m for m in ctx.mentions.holding(subj.idx) if m.type == "PERSON"]
                if hits:
                    return hits[0], tok
    return None


def _cue_near(ctx: _Article, a: int, b: int, pieces: list[tuple[int, int]]) -> Token | None:
    """A speech verb outside the quote, in the sentences the quote touches (or a 'said:' before it);
    outside means outside the other quotes and outside the quoted pieces of this one."""
    doc = ctx.doc

    def quoted(pos: int) -> bool:
        return ctx.quoted.holding_other(pos, (a, b)) or any(x <= pos < y for x, y in pieces)

    first = doc.char_span(a, min(b, a + 1), alignment_mode="expand")
    last = doc.char_span(max(a, b - 1), b, alignment_mode="expand")
    if first is None or last is None:
        return None
    lo, hi = first.sent.start, last.sent.end
    # the quote's own paragraph: a speech verb in the next paragraph belongs to the next speaker
    p_lo = doc_text(doc).rfind("\n", 0, a) + 1
    p_hi = doc_text(doc).find("\n", b)
    p_hi = len(doc_text(doc)) if p_hi < 0 else p_hi
    candidates = []
    for tok in (t for t in doc[lo:hi] if p_lo <= t.idx < p_hi):
        if (tok.lemma_.lower() in CUES and tok.pos_ in ("VERB", "AUX") and not quoted(tok.idx)) or (
            tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" and not quoted(tok.idx)
        ):
            candidates.append(tok)
    if not candidates and p_lo > 1:  # "Peskov warned:" closing the paragraph before the quote
        q_lo = doc_text(doc).rfind("\n", 0, p_lo - 1)
        while q_lo >= 0 and not doc_text(doc)[q_lo + 1 : p_lo].strip():
            q_lo = doc_text(doc).rfind("\n", 0, q_lo)
        prev_para = (q_lo + 1, p_lo - 1)
        if doc_text(doc)[prev_para[0] : prev_para[1]].rstrip().endswith(":"):
            candidates = [t for t in ctx.tokens_in(*prev_para) if t.lemma_.lower() in CUES and t.pos_ == "VERB"]
    if not candidates and lo > 0:  # "Peskov said: “...”" in the sentence before
        prev = doc[lo - 1].sent
        if prev.text.rstrip().endswith(":"):
            candidates = [t for t in prev if t.lemma_.lower() in CUES and t.pos_ == "VERB"]
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.idx - a), abs(t.idx - b)))


# --- indirect speech --------------------------------------------------------------------------
def _indirect(ctx: _Article) -> list[QuoteMention]:
    doc = ctx.doc
    out = []
    for tok in doc:
        if tok.idx in ctx.quoted:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            q = _according_to(ctx, tok)
        elif tok.lemma_.lower() in CUES and tok.pos_ == "VERB":
            q = _reported_clause(ctx, tok)
        else:
            q = None
        if q is not None:
            out.append(q)
    return out


def _reported_clause(ctx: _Article, cue: Token) -> QuoteMention | None:
    doc = ctx.doc
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    comp_span_obj: tuple[int, int] | None = None
    comp_span: tuple[int, int] | None
    # the clause after the verb ("adds that ..."), else the one before it ("..., Ryabkov said")
    comp = next((c for c in comps if c.i > cue.i), comps[-1] if comps else None)
    if comp is None and cue.lemma_.lower() in OBJECT_CUES:
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)  # "sources report resentment at ..."
        if obj is not None:
            end = cue.sent.end_char
            while end > obj.idx and doc_text(doc)[end - 1] in " .":
                end -= 1
            comp_span_obj: tuple[int, int] | None = (obj.left_edge.idx, end)
    if comp is None and cue.lemma_.lower() in OBJECT_CUES and comp_span_obj:
        comp_span = comp_span_obj
    elif comp is None and cue.dep_ == "parataxis":  # "Lavrov – Moscow sources say – was reflecting ..."
        sent = cue.sent
        a, b = sent.start_char, sent.end_char
        while b > a and doc_text(doc)[b - 1] in " .":
            b -= 1
        comp_span = (a, b)
    else:
        comp_span = None
    if comp is None and comp_span is None:
        return None
    if comp_span is not None:
        a, b = comp_span
    else:
        assert comp is not None
        sub = list(comp.subtree)
        a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        if comp.i < cue.i:  # inverted: the content ends before the attribution
            b = min(b, cue.idx)
            while b > a and doc_text(doc)[b - 1] in " ,":
                b -= 1
    if b - a < 10:
        return None
    near = ctx.quoted.overlapping(a, b)  # the only quotes the two tests below can be true of
    if any(x <= a < y or x < b <= y for x, y in near if y - x > 40):
        return None  # quoted words are a direct quote already
    if any(min(b, y) - max(a, x) >= 0.8 * (b - a) for x, y in near):
        return None  # the reported clause is itself in quotation marks: the direct quote has it
    speaker = _speaker(ctx, cue)
    if speaker[2] is None:
        return None
    subj = doc.char_span(speaker[2], speaker[3] or speaker[2], alignment_mode="expand")
    names_it = subj is not None and bool(ctx.mentions.holding(subj.root.idx))
    can_speak = names_it or (subj is not None and (
        _anonymous_subject(subj) or subj.root.lemma_.lower() in SOURCE_NOUNS or subj.root.lower_ in _PRONOUNS
        or is_person_noun(subj.root)
    ))  # fmt: skip
    if not can_speak and (
        cue.lemma_.lower() in EPISTEMIC_CUES or subj is None or subj.root.pos_ not in ("NOUN", "PROPN")
    ):
        return None  # "the visit confirmed that ...": not a speaker
    return QuoteMention(a, b, False, *speaker, cue.idx, cue.idx + len(cue.text), _anonymous(doc, cue, speaker),
                        _hedged(doc, a, b, cue))  # fmt: skip


def _according_to(ctx: _Article, tok: Token) -> QuoteMention | None:
    doc = ctx.doc
    to = doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    src = list(obj.subtree)
    sent = tok.sent
    pp_lo, pp_hi = tok.idx, src[-1].idx + len(src[-1].text)
    # the rest of the sentence, before or after the "according to X" phrase, is the content
    before = doc_text(doc)[sent.start_char : pp_lo].strip(" ,")
    after = doc_text(doc)[pp_hi : sent.end_char].strip(" ,.")
    if len(after) >= len(before):
        a = doc_text(doc).index(after, pp_hi) if after else pp_hi
        b = a + len(after)
    else:
        a = sent.start_char + (
            len(doc_text(doc)[sent.start_char : pp_lo]) - len(doc_text(doc)[sent.start_char : pp_lo].lstrip(" ,"))
        )
        b = a + len(before)
    if b - a < 10 or a in ctx.quoted:
        return None
    span = doc[src[0].i : src[-1].i + 1]
    local, _label = _entity_in(ctx, span.start_char, span.end_char)
    spk = (local, _short(span), span.start_char, span.end_char)
    anon = local is None and _anonymous_subject(span)
    if local is None and not anon and not any(t.pos_ == "PROPN" for t in span):
        return None  # "according to the plan": not a source
    return QuoteMention(a, b, False, *spk, tok.idx, to.idx + len(to.text), anon, _hedged(doc, a, b, tok))


# --- speakers -----------------------------------------------------------------------------------
def _subject(cue: Token) -> Span | None:
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and cue.dep_ in ("conj", "xcomp", "advcl") and cue.head.pos_ in ("VERB", "AUX"):
        # "X said ..., adding that ...": the participle shares the main verb's subject
        subj = next((c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    # the noun phrase up to its head, plus short prepositional modifiers ("a source in Delhi")
    end = subj.i
    for c in subj.rights:
        if c.dep_ in ("prep", "amod", "compound", "nummod") and len(list(c.subtree)) <= 6:
            end = max(end, max(t.i for t in c.subtree))
        else:
            break
    return cue.doc[subj.left_edge.i : end + 1]


def _source_noun_before(cue: Token) -> Span | None:
    """'A Dubai source engaged in trade arbitrage adds:' parsed without a subject for 'adds'."""
    for tok in reversed(list(cue.doc[cue.sent.start : cue.i])):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in ANONYMOUS_HEADS:
            return cue.doc[tok.left_edge.i : tok.i + 1]
        if tok.text in ("”", '"', "»", "."):
            break
    return None


def _speaker(ctx: _Article, cue: Token) -> tuple[int | None, str | None, int | None, int | None]:
    """(local entity, how the source names the speaker, span start, span end)."""
    doc = ctx.doc
    if cue.lower_ == "according":
        to = doc[cue.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None, None, None, None
        sub = list(obj.subtree)
        span = doc[sub[0].i : sub[-1].i + 1]
    else:
        span = _subject(cue) or _source_noun_before(cue)
        if span is None:
            return None, None, None, None
    if len(span) == 1 and span[0].lower_ in _PRONOUNS:
        local = ctx.previous_person(span.start_char) if span[0].lower_ in ("he", "she") else None
        return local, span.text, span.start_char, span.end_char
    if _anonymous_subject(span) and not any(
        m.type == "PERSON" for m in ctx.mentions.starting_in(span.start_char, span.end_char)
    ):
        return None, _short(span), span.start_char, span.end_char  # "a Moscow source": nobody named
    local, _label = _entity_in(ctx, span.start_char, span.end_char)
    if local is None and len(span) == 1 and span[0].pos_ == "PROPN":
        local = ctx.misspelt_person(span.text)  # "Farapov" for "Faraponov": the article's own typo
    return local, _short(span), span.start_char, span.end_char


def _entity_in(ctx: _Article, a: int, b: int) -> tuple[int | None, str | None]:
    """The person (else organisation/place) the subject phrase names, by its first such mention."""
    inside = [m for m in ctx.mentions.starting_in(a, b) if m.local >= 0]
    for types in (("PERSON",), ("ORG", "GPE", "NORP")):
        hits = [m for m in inside if m.type in types]
        if hits:
            return hits[0].local, hits[0].type
    return None, None


def _short(span: Span) -> str:
    """The speaker as named, up to the start of a relative clause and at most 14 words."""
    words = span.text.strip(' ,;:“”"«»–—-').split()
    return " ".join(words[:14])


def _anonymous(doc: Doc, cue: Token, speaker: tuple[int | None, str | None, int | None, int | None]) -> bool:
    if speaker[0] is not None or speaker[2] is None or speaker[3] is None:
        return False
    span = doc.char_span(speaker[2], speaker[3], alignment_mode="expand")
    return span is not None and _anonymous_subject(span)


_UNNAMED_HEADS = frozenset(
    "member members staffer staffers employee employees adviser advisers advisor advisors".split()
)


def _anonymous_subject(span: Span) -> bool:
    """'a Moscow source', 'sources in Moscow', 'officials who asked not to be named', and
    'a current House GOP member' (an indefinite member of a body, nobody named)."""
    root = span.root
    if root.lemma_.lower() in ANONYMOUS_HEADS or root.lower_ in ANONYMOUS_HEADS:
        return True
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "some", "several", "one") for c in root.children)
    return root.lower_ in _UNNAMED_HEADS and (indefinite or root.tag_ == "NNS")


def _hedged(doc: Doc, a: int, b: int, cue: Token | None) -> bool:
    if cue is not None and cue.lemma_.lower() in ("claim", "allege"):
        return True
    span = doc.char_span(a, b, alignment_mode="expand")
    sent = span.sent.text if span is not None else doc_text(doc)[a:b]
    return bool(HEDGES.search(sent))


def quotes_for_text(text: str) -> list[object]:
    """Parse and extract in one call (for benchmarks): quotes with their speaker spans."""
    from storyline.extract.mentions import extract_entities
    from storyline.nlp import english

    doc = english()(text)
    return extract_quotes(doc, extract_entities(doc))  # type: ignore[return-value]


__all__ = ["Mention", "QuoteMention", "continue_speakers", "direct_spans", "extract_quotes", "quotes_for_text"]
