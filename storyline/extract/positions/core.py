"""Positions in one article: who proposes, demands, conditions, offers, accepts, rejects, denies,
supports or opposes what, on which agenda issue, on whose word.

Why rules over the parse, and which: no model that labels negotiation stances installs offline, and
the stance is carried by a small set of words whose grammar the parser already gives — a cue verb
("proposed", "rejected", "called for", "ruled out") whose subject is the holder and whose complement
is what is on the table; a cue noun with its owner ("Russia's demand for ..."); a readiness
adjective ("ready to lift"); or a condition marker ("only if", "unless", "on condition that") on a
clause whose subject states it. A negated cue turns (not accepting is rejecting, not supporting is
opposing) or states nothing (`NEGATED`); a cue without a named holder is dropped, except an ownerless
"condition", which takes the speaker of the nearest attribution before it (a sentence that only states
"which is a critical condition" continues the account of whoever was just quoted).

Sourcing follows the quotes stage: inside an attributed passage, the attribution decides (a named
speaker: on the record; an unnamed one: anonymous); a plan or memo that is itself the subject, or a
listed plan with no party, is a document (what is known of its author, date and who reported it is
kept); otherwise a named holder is on the record and the outlet's own words are the outlet's.

Structured proposals: a sentence that announces a number of points ("has seven points", "a 12-point
plan", "the following demands") followed by a list — lines that are numbered or bulleted, ordinal
sentences ("First, … Second, …"), or an inline enumeration split by semicolons whose count matches
— becomes one proposal with each point's span.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.extract.spans import subtree_extent
from storyline.lexicon.issues import issue_of, issue_scores
from storyline.model import Extraction, Mention, PositionMention, QuoteMention
from storyline.text.timex import TimeExpr

KINDS = ("proposal", "demand", "condition", "offer", "acceptance", "rejection", "denial", "support", "opposition")
# A negated cue's kind, in any language: not accepting (supporting) is rejecting (opposing); a negated proposal,
# demand, offer, condition, rejection, denial or opposition states no stance ("did not deny" is not acceptance).
NEGATED: dict[str, str | None] = dict.fromkeys(KINDS, None) | {"acceptance": "rejection", "support": "opposition"}
PARTY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PRONOUN_REACH = 400  # characters back a pronoun holder's antecedent is looked for
INHERIT_REACH = 700  # characters back a holderless condition looks for the last attributed speaker
DOCUMENT_SENTENCES = 3  # sentences before a listed plan read for what is known of its document


@dataclass(frozen=True)
class Language:
    """What a language tells the rules: cue words by kind and the grammar labels they need."""

    verbs: Mapping[str, str]  # lemma -> kind
    phrasal: Mapping[tuple[str, str], str]  # (lemma, particle or preposition) -> kind
    nouns: Mapping[str, str]  # lemma -> kind, when the noun has an owner
    ready: frozenset[str]  # adjectives of readiness: "ready/willing/prepared to" -> offer
    stance_adjectives: Mapping[str, str]  # "opposed to", "skeptical of", "keen to" -> kind
    obligations: frozenset[str]  # "must", "should", "need": in a speaker's words, a demand
    if_words: frozenset[str]  # "if": with a will/would main clause, in a speaker's words, a condition
    future: frozenset[str]  # will, would
    commentator: re.Pattern[str]  # roles of people who comment rather than negotiate (analysts, columnists)
    conditions: re.Pattern[str]  # condition markers
    subject_deps: frozenset[str]
    complement_deps: frozenset[str]
    owner_deps: frozenset[str]  # a noun's owner: possessive, "by"/"from" phrase heads are found through preps
    first_person: frozenset[str]
    relative: frozenset[str]  # relative pronouns: the subject is what the clause hangs on
    third_person: frozenset[str]
    hedges: re.Pattern[str]
    anonymous: re.Pattern[str]  # an unnamed source in the sentence
    document_nouns: frozenset[str]  # lemmas: memo, draft, plan ...
    reporting: re.Pattern[str]  # "published/leaked/obtained/seen by X"
    authoring: re.Pattern[str]  # "drafted/written by X"
    announce: re.Pattern[str]  # "seven points", "a 12-point plan", "the following demands"
    numbers: Mapping[str, int]
    ordinal_start: re.Pattern[str]  # a sentence opening with "First," / "Во-первых,"
    plan_words: re.Pattern[str]  # what a response names when it answers a plan (stage links by it)
    deal_words: re.Pattern[str]  # a deal, talks, a plan: on the agenda, though no issue word says which
    praise: re.Pattern[str]  # words that weigh a deal well, in a speaker's words
    blame: re.Pattern[str]  # ... and badly


# head nouns that stand for people acting for a party: "Iranian officials", "the U.S. side" (both languages)
_ACTING_NOUNS = frozenset(
    "official officials government administration negotiator negotiators delegation side leader leaders minister"
    " ministry spokesman spokeswoman spokesperson diplomat diplomats envoy president lawmaker lawmakers legislator"
    " legislators parliament regime authorities authority team representative representatives counterpart"
    " counterparts party cabinet state officials military army"
    " правительство власти делегация сторона министр министерство представитель дипломат руководство".split()
)
_DAY = r"\d{4}-\d{2}-\d{2}"
_DATED = re.compile(r"(?:draft|writ|dated|prepar|сост|подгот|датир)\w*\W+(?:\w+\W+){0,4}$", re.I)  # "drafted on <date>"
_BULLET = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-•*–—·])\s+\S")


def extract(
    doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None, lang: Language
) -> list[PositionMention]:
    text = doc.text
    article_issue = _article_issue(text)
    commentators = {r.local for r in ex.roles if lang.commentator.search(r.role)}
    mentions = sorted(
        (m for m in ex.mentions if m.type in PARTY_TYPES and m.local >= 0 and m.local not in commentators),
        key=lambda m: m.start,
    )
    out: list[PositionMention] = []
    seen: set[tuple[int, int | None, str]] = set()
    sentences = list(doc.sents)
    for i, sent in enumerate(sentences):
        for found in _cues(sent, lang):
            pos = _position(found, sent, text, mentions, ex.quotes, times, published, lang, article_issue)
            if pos is None or (pos.start, pos.holder, pos.kind) in seen:
                continue
            seen.add((pos.start, pos.holder, pos.kind))
            out.append(pos)
        plan = _plan(i, sentences, text, mentions, times, published, lang, out)
        if plan is not None:
            out.append(plan)
        held = {p.holder for p in out if p.start == sent.start_char}
        out += _judged(sent, mentions, ex.quotes, published, lang, article_issue, held)
    return sorted(out, key=lambda p: (p.start, p.cue_start))


def _judged(
    sent: Span,
    mentions: list[Mention],
    quotes: list[QuoteMention],
    published: str | None,
    lang: Language,
    article_issue: str | None,
    held: set[int | None],
) -> list[PositionMention]:
    """A speaker judging a deal in their own words ("this deal is tolerable", "even worse than the last
    one") supports or opposes it: the quoted words name a deal or plan and weigh it."""
    out = []
    for q in quotes:
        if q.speaker is None and not q.anonymous:
            continue
        lo, hi = max(q.start, sent.start_char), min(q.end, sent.end_char)
        if hi - lo < 10 or q.speaker in held:
            continue
        words = sent.text[lo - sent.start_char : hi - sent.start_char]
        deal = lang.deal_words.search(words)
        good, bad = len(lang.praise.findall(words)), len(lang.blame.findall(words))
        if deal is None or good == bad:
            continue
        holder = next((m for m in mentions if m.local == q.speaker), None) if q.speaker is not None else None
        if holder is None and not q.anonymous:
            continue
        issue = issue_of(words) or article_issue
        if issue is None:
            continue
        out.append(PositionMention(
            start=sent.start_char, end=sent.end_char, kind="support" if good > bad else "opposition",
            content_start=lo, content_end=hi, cue_start=lo + deal.start(), cue_end=lo + deal.end(),
            holder=holder.local if holder else None, holder_start=holder.start if holder else None,
            holder_end=holder.end if holder else None, issue=issue, topic=deal.group(0).lower(),
            sourcing="anonymous" if q.anonymous else "on_record", hedged=q.hedged, date=published,
        ))  # fmt: skip
        held.add(q.speaker)
    return out


# --- cues ----------------------------------------------------------------------------------------


@dataclass
class _Cue:
    kind: str
    tok: Token  # the cue word (verb, noun, adjective; for a marker, the clause's verb)
    cue: tuple[int, int]
    content: tuple[int, int] | None = None  # set for markers: the conditioned clause
    speaker: bool = False  # the stance is the quoted speaker's ("Assad must go", "if they fail, we will ...")


def _cues(sent: Span, lang: Language) -> list[_Cue]:
    found = []
    for tok in sent:
        kind = _verb_kind(tok, lang)
        if kind is None and tok.pos_ == "NOUN":
            kind = lang.nouns.get(tok.lemma_.lower())
            if kind is not None and _owner(tok, lang) is None and kind != "condition":
                kind = None
        ready = tok.pos_ == "ADJ" and tok.lemma_.lower() in lang.ready
        if kind is None and ready and any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
            kind = "offer"
        if kind is None and tok.pos_ in ("ADJ", "ADP", "VERB") and tok.lower_ in lang.stance_adjectives:
            kind = (
                lang.stance_adjectives[tok.lower_]
                if tok.dep_ in ("acomp", "amod", "ROOT", "xcomp", "oprd", "advcl")
                else None
            )
        if kind is None:
            continue
        if kind == "acceptance" and any(
            c.dep_ in ("dobj", "obj") and c.ent_type_ in ("PERSON", "GPE") for c in tok.children
        ):
            continue  # "welcomed the minister to Dublin": a guest, not a proposal
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "если", "ли") for c in tok.children):
            continue  # a hypothetical ("unless he agrees to"): the condition around it is the stance
        if _is_negated(tok):
            kind = NEGATED[kind]
            if kind is None:
                continue
        found.append(_Cue(kind, tok, (tok.idx, tok.idx + len(tok.text))))
    found = _one_per_chain(found)
    cue_tokens = {c.tok.i for c in found}
    # a plan or demand named inside another stance ("endorsed the plan", "agreed to the demand") is its object
    found = [c for c in found if c.tok.pos_ != "NOUN" or not any(a.i in cue_tokens for a in c.tok.ancestors)]
    for m in lang.conditions.finditer(sent.text):
        start = sent.start_char + m.start()
        verb = sent.root
        clause = _clause_after(sent, start + len(m.group(0)))
        found.append(_Cue("condition", verb, (start, start + len(m.group(0))), clause))
    # in a speaker's words: an obligation laid on someone is a demand, an "if" on a will/would a condition
    for tok in sent:
        if tok.lemma_.lower() in lang.obligations and tok.dep_ in ("aux", "ROOT", "xcomp", "ccomp", "conj"):
            verb = tok.head if tok.dep_ == "aux" else tok
            found.append(_Cue("demand", verb, (tok.idx, tok.idx + len(tok.text)), subtree_extent(verb), True))
        if (
            tok.lower_ in lang.if_words
            and tok.dep_ == "mark"
            and any(c.lemma_.lower() in lang.future for c in tok.head.head.children)
        ):
            clause = subtree_extent(tok.head)
            found.append(_Cue("condition", tok.head.head, (tok.idx, tok.idx + len(tok.text)), clause, True))
    return found


def _one_per_chain(found: list[_Cue]) -> list[_Cue]:
    """A cue governing another ("refuses to accept", "prepared to vote against", "wants to join"):
    a refusal or denial says it all; otherwise the inner stance is the more precise one."""
    by_token = {c.tok.i: c for c in found}
    drop: set[int] = set()
    for inner in found:
        outer = by_token.get(inner.tok.head.i)
        if outer is None or outer is inner or inner.tok.dep_ not in ("xcomp", "ccomp"):
            continue
        drop.add(inner.tok.i if outer.kind in ("rejection", "denial") else outer.tok.i)
    return [c for c in found if c.tok.i not in drop]


def _verb_kind(tok: Token, lang: Language) -> str | None:
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
        return None
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "compound:prt") and (lemma, c.lower_) in lang.phrasal:
            return lang.phrasal[(lemma, c.lower_)]
    return lang.verbs.get(lemma)


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ in ("neg", "advmod") and c.lower_ in ("not", "n't", "never", "не", "нет") for c in tok.children)


def _clause_after(sent: Span, start: int) -> tuple[int, int]:
    end = sent.end_char
    for tok in sent:
        if tok.idx > start and tok.text in (",", ";") and tok.idx > start + 15:
            end = tok.idx
            break
    return (start, end)


# --- one position -----------------------------------------------------------------------------------


def _position(
    cue: _Cue,
    sent: Span,
    text: str,
    mentions: list[Mention],
    quotes: list[QuoteMention],
    times: list[TimeExpr],
    published: str | None,
    lang: Language,
    article_issue: str | None = None,
) -> PositionMention | None:
    tok = cue.tok
    quote = next((q for q in quotes if q.start <= cue.cue[0] < q.end), None)
    if cue.speaker:  # only as a quoted speaker's own words
        holder = next((m for m in mentions if quote and m.local == quote.speaker), None)
        if holder is None:
            return None
    else:
        holder = _holder(tok, text, mentions, quote, lang)
    document = _document_subject(tok, lang)
    if holder is None and not document and cue.kind == "condition" and tok.pos_ == "NOUN":
        holder = _last_speaker(quotes, mentions, sent.start_char)
    if holder is None and not document:
        return None
    content = cue.content or _content(tok, sent, lang)
    if tok.pos_ == "NOUN" and _owner(tok, lang) is None:  # "..., which is a critical condition": what it hangs on
        clause = next((a for a in tok.ancestors if a.dep_ in ("relcl", "acl:relcl")), None)
        if clause is not None:
            content = (sent.start_char, clause.left_edge.idx)
    content_text = text[content[0] : content[1]]
    topic = _topic(tok, content, sent)
    # what is on the table decides; a deal named with no issue word is the deal the article is about
    # ("rejected her deal": not the parliament around it); the sentence's other words come last
    issue = issue_of(content_text, topic)
    if issue is None and lang.deal_words.search(content_text):
        issue = article_issue
    if issue is None:
        issue = issue_of("", "", sent.text)
    if issue is None and lang.deal_words.search(sent.text):
        issue = article_issue
    if issue is None:
        return None
    hedged = bool(lang.hedges.search(sent.text)) or bool(quote and quote.hedged)
    if quote is not None:
        sourcing = (
            "anonymous"
            if quote.anonymous
            else "on_record"
            if (quote.speaker is not None or quote.speaker_text)
            else "outlet"
        )
    elif document and holder is None:
        sourcing = "document"
    elif lang.anonymous.search(sent.text):
        sourcing = "anonymous"
    else:
        sourcing = "on_record" if holder is not None else "outlet"
    return PositionMention(
        start=sent.start_char, end=sent.end_char, kind=cue.kind, content_start=content[0], content_end=content[1],
        cue_start=cue.cue[0], cue_end=cue.cue[1], holder=holder.local if holder else None,
        holder_start=holder.start if holder else None, holder_end=holder.end if holder else None, issue=issue,
        topic=topic, sourcing=sourcing, hedged=hedged, date=published,
        document=_document_note([sent], text, times, lang) if document else None,
    )  # fmt: skip


def _subjects(tok: Token, lang: Language) -> list[Token]:
    """The cue's subject, or its governor's when the cue is a complement or a conjunct ("is ready to
    offer", "agreed and signed"); a passive's agent ("was rejected by Iran")."""
    t, steps = tok, 0
    while steps < 3:
        subj = [c for c in t.children if c.dep_ in lang.subject_deps and not c.dep_.endswith("pass")]
        agents = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subj or agents:
            return subj or agents
        if t.dep_ in ("xcomp", "conj", "acomp") and t.head is not t:
            t, steps = t.head, steps + 1
            continue
        if t.dep_ == "acl" and t.head.head is not t.head:  # "issued a statement applauding the decision"
            t, steps = t.head.head, steps + 1
            continue
        break
    return []


def _mention_in(start: int, end: int, mentions: list[Mention], head: Token | None = None) -> Mention | None:
    """The party a phrase names: the name it is headed by, or the party modifying a head noun that
    stands for people acting for it ("Iranian negotiators", "the Chinese government"). A name buried
    elsewhere in the phrase ("the Iran deal", "votes on a no-deal Brexit") is not who acts."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if head is None:
        rank = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}
        return min(inside, key=lambda m: (rank.get(m.type, 4), m.start)) if inside else None
    on_head = [m for m in inside if m.start <= head.idx < m.end]
    if on_head:
        return on_head[0]
    if head.lemma_.lower() in _ACTING_NOUNS:
        modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod", "det")]
        for c in modifiers:
            found = [m for m in inside if m.start <= c.idx < m.end]
            if found:
                return found[0]
    return None


def _holder(
    tok: Token, text: str, mentions: list[Mention], quote: QuoteMention | None, lang: Language
) -> Mention | None:
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "ROOT":
        owner = _owner(tok, lang)
        if owner is not None:
            return _mention_in(*subtree_extent(owner), mentions, owner)
        return None
    for subj in _subjects(tok, lang):
        if subj.lower_ in lang.relative and subj.head.dep_ in ("relcl", "acl:relcl"):
            subj = subj.head.head  # "Kyiv, which demands ...": the clause's antecedent
        lo, hi = subtree_extent(subj)
        found = _mention_in(lo, hi, mentions, subj)
        if found is not None:
            return found
        word = subj.lower_
        if word in lang.first_person and quote is not None and quote.speaker is not None:
            return next((m for m in mentions if m.local == quote.speaker), None)
        if word in lang.third_person:
            wanted = ("PERSON",) if word in ("he", "she", "он", "она") else ("ORG", "GPE", "NORP", "PERSON")
            before = [m for m in mentions if m.type in wanted and subj.idx - PRONOUN_REACH <= m.start < subj.idx]
            return before[-1] if before else None
    return None


def _owner(tok: Token, lang: Language) -> Token | None:
    """A cue noun's owner: "Russia's demand", "the US proposal", "a proposal by/from Iran"."""
    for c in tok.children:
        if c.dep_ in lang.owner_deps and c.pos_ in ("PROPN", "NOUN", "PRON") and c.ent_type_ in PARTY_TYPES:
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in PARTY_TYPES:
                    return g
    return None


def _document_subject(tok: Token, lang: Language) -> bool:
    """A plan or memo that proposes by itself ("the memo proposes", "the plan calls for")."""
    return any(c.dep_ in lang.subject_deps and c.lemma_.lower() in lang.document_nouns for c in tok.children) or (
        tok.pos_ == "NOUN" and tok.lemma_.lower() in lang.document_nouns and tok.dep_ in lang.subject_deps
    )


def _last_speaker(quotes: list[QuoteMention], mentions: list[Mention], before: int) -> Mention | None:
    earlier = [q for q in quotes if q.end <= before and before - q.end <= INHERIT_REACH and q.speaker is not None]
    if not earlier:
        return None
    speaker = earlier[-1].speaker
    return next(
        (m for m in mentions if m.local == speaker and m.start >= (earlier[-1].speaker_start or 0)), None
    ) or next((m for m in mentions if m.local == speaker), None)


def _content(tok: Token, sent: Span, lang: Language) -> tuple[int, int]:
    """What is on the table: the cue's complements; for a relative clause without an object ("the
    ceasefire that the United States had proposed") the noun it describes; else the rest of the sentence."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj") and c.lower_ not in lang.relative]
    if tok.dep_ in ("relcl", "acl:relcl") and not objects:
        noun = tok.head
        return (noun.left_edge.idx, noun.idx + len(noun.text))
    spans = [subtree_extent(c) for c in tok.children if c.dep_ in lang.complement_deps]
    if tok.pos_ == "NOUN":
        spans += [subtree_extent(c) for c in tok.children if c.dep_ in ("prep", "acl", "relcl", "nmod")]
    spans = [s for s in spans if s[1] > s[0]]
    if spans:
        return (min(s[0] for s in spans), max(s[1] for s in spans))
    end = tok.idx + len(tok.text)
    return (end, sent.end_char) if sent.end_char - end > 3 else (sent.start_char, sent.end_char)


def _topic(tok: Token, content: tuple[int, int], sent: Span) -> str:
    """The head noun of what is on the table, with its compounds: the key sub-issues are made of."""
    nouns = [t for t in sent if content[0] <= t.idx < content[1] and t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return tok.lemma_.lower()
    heads = [t for t in nouns if not (content[0] <= t.head.idx < content[1]) or t.head.pos_ not in ("NOUN", "PROPN")]
    head = min(heads or nouns, key=lambda t: (t.pos_ != "NOUN", t.i))
    words = [c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i and c.pos_ != "PRON"]
    return " ".join([*words[-2:], head.lemma_.lower()])


def _article_issue(text: str) -> str | None:
    """What the article's negotiation is mostly about (talks themselves only when nothing else is named)."""
    scores = issue_scores(text)
    if not scores:
        return None
    return max(scores, key=lambda i: (i != "diplomacy", scores[i], i))


# --- listed plans -------------------------------------------------------------------------------------


def _plan(
    i: int,
    sentences: list[Span],
    text: str,
    mentions: list[Mention],
    times: list[TimeExpr],
    published: str | None,
    lang: Language,
    found: list[PositionMention],
) -> PositionMention | None:
    sent = sentences[i]
    m = lang.announce.search(sent.text)
    if m is None:
        return None
    number = _number(m.group("n") or "", lang)
    # lines after the announcement itself (the parser may run the first item into its sentence)
    points = _line_items(text, sent.start_char + m.end()) or _ordinal_items(sentences[i + 1 :], lang)
    if not points:
        rest = sent.text.find(":", m.end())
        inline = (sent.start_char + rest + 1, sent.end_char) if rest >= 0 else None
        nxt = (sentences[i + 1].start_char, sentences[i + 1].end_char) if i + 1 < len(sentences) else None
        for span in (inline, nxt):
            if span is not None and (parts := _enumeration(text, span, number)):
                points = parts
                break
    if len(points) < 2 or (number is not None and len(points) != number):
        return None
    same = next((p for p in found if p.start == sent.start_char and p.kind == "proposal"), None)
    if same is not None:
        same.points = points
        return None
    window = sentences[max(0, i - DOCUMENT_SENTENCES) : i + 1]
    holder = _mention_in(sent.start_char, sent.end_char, [m for m in mentions if m.type != "NORP"])
    listed = " ".join(text[a:b] for a, b in points)
    documentary = holder is None or any(t.lemma_.lower() in lang.document_nouns for s in window for t in s)
    return PositionMention(
        start=sent.start_char, end=sent.end_char, kind="proposal", content_start=points[0][0],
        content_end=points[-1][1], cue_start=sent.start_char + m.start(), cue_end=sent.start_char + m.end(),
        holder=None if documentary else holder.local, holder_start=None if documentary else holder.start,
        holder_end=None if documentary else holder.end, issue=issue_of(listed, "", sent.text) or "other",
        topic=_plan_topic(window, lang), sourcing="document" if documentary else "on_record",
        hedged=bool(lang.hedges.search(sent.text)), date=published,
        document=_document_note(window, text, times, lang) if documentary else None, points=points,
    )  # fmt: skip


def _number(word: str, lang: Language) -> int | None:
    word = word.lower().strip()
    return int(word) if word.isdigit() else lang.numbers.get(word)


def _line_items(text: str, after: int) -> list[tuple[int, int]]:
    """Numbered or bulleted lines right after the announcing sentence."""
    items: list[tuple[int, int]] = []
    pos = text.find("\n", after)
    while 0 <= pos < len(text):
        end = text.find("\n", pos + 1)
        end = len(text) if end < 0 else end
        line = text[pos + 1 : end]
        if not line.strip():
            if items:
                break
            pos = end
            continue
        if not _BULLET.match(line):
            break
        lead = len(line) - len(line.lstrip())
        items.append((pos + 1 + lead, end))
        pos = end
    return items if len(items) >= 2 else []


def _ordinal_items(following: list[Span], lang: Language) -> list[tuple[int, int]]:
    items = []
    for s in following[:12]:
        if not lang.ordinal_start.match(s.text):
            break
        items.append((s.start_char, s.end_char))
    return items if len(items) >= 2 else []


def _enumeration(text: str, span: tuple[int, int], number: int | None) -> list[tuple[int, int]]:
    """An inline list split by semicolons: 'They indicate A; B; C; and D.' -> A, B, C, D."""
    chunk = text[span[0] : span[1]]
    if chunk.count(";") < 2:
        return []
    parts, start = [], 0
    for piece in chunk.split(";"):
        lo = start + len(piece) - len(piece.lstrip())
        body = piece.strip()
        lead = re.match(r"(?:and|or|и|а также)\s+", body)
        if lead:
            lo, body = lo + lead.end(), body[lead.end() :]
        body = body.rstrip(".")
        if body:
            parts.append((span[0] + lo, span[0] + lo + len(body)))
        start += len(piece) + 1
    return parts if len(parts) >= 3 and (number is None or len(parts) == number) else []


def _plan_topic(window: list[Span], lang: Language) -> str:
    nouns = [t.lemma_.lower() for s in window for t in s if t.lemma_.lower() in lang.document_nouns]
    return nouns[-1] if nouns else "plan"


def _document_note(window: list[Span], text: str, times: list[TimeExpr], lang: Language) -> str:
    """What the article says of the document: its author, its date, who published or obtained it."""
    parts = []
    joined = " ".join(s.text for s in window)
    author = lang.authoring.search(joined)
    parts.append(f"author: {author.group('who')}" if author else "author unknown")
    dated = [
        t for s in window for t in times
        if s.start_char <= t.start < s.end_char and t.type == "DATE" and re.fullmatch(_DAY, t.value or "")
        and _DATED.search(text[s.start_char : t.start])
    ]  # fmt: skip
    parts.append(f"dated {dated[0].value}" if dated else "date unknown")
    reported = lang.reporting.search(joined)
    if reported:
        parts.append(f"{reported.group('how')} by {reported.group('who')}")
    return "; ".join(parts)
