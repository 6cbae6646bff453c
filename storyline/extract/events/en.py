"""English event words and the few checks spaCy's English parse needs (the algorithm is `core.py`).

Triggers by lemma; "call" and "conversation" are calls only on the phone ("called for talks" and
"called him a dictator" are not); "report" as a verb is a statement, as a noun a publication. A
nationality adjective (spaCy's NORP) that modifies a group noun ("the Russian and American
delegations") becomes its country as a participant, a new entity of the article if it has none.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from storyline.extract.events.core import Article, Language, clause_text, governing, span_root
from storyline.extract.references import PronounRules
from storyline.extract.roles import is_person_noun
from storyline.lexicon.countries import country_of, is_country_name
from storyline.lexicon.roles import GENDER_PRONOUNS, GENDER_WORDS
from storyline.model import Mention

TRIGGERS: dict[str, str] = {
    **dict.fromkeys(["meet", "meeting", "summit", "encounter", "host", "session"], "meeting"),
    **dict.fromkeys(
        ["talk", "talks", "negotiation", "negotiate", "consultation", "round", "discuss", "discussion"], "talks"
    ),
    **dict.fromkeys(["phone", "telephone", "call", "conversation", "videoconference", "teleconference"], "call"),
    **dict.fromkeys(["visit", "trip", "travel", "arrive", "tour", "fly"], "visit"),
    **dict.fromkeys(
        ["agree", "agreement", "deal", "sign", "accord", "treaty", "memorandum", "truce", "ceasefire"], "agreement"
    ),
    **dict.fromkeys(
        ["decide", "decision", "approve", "order", "raise", "cut", "lower", "hike", "ban", "suspend", "veto", "ratify"],
        "decision",
    ),
    **dict.fromkeys(["publish", "release", "leak", "report", "publication"], "publication"),
    **dict.fromkeys(["election", "elect", "vote", "ballot", "referendum"], "election"),
    **dict.fromkeys(
        [
            "appoint",
            "appointment",
            "nominate",
            "replace",
            "dismiss",
            "dismissal",
            "fire",
            "resign",
            "resignation",
            "sack",
            "inaugurate",
            "inauguration",
        ],
        "appointment",
    ),
    **dict.fromkeys(["sanction", "embargo", "freeze", "blacklist"], "sanction"),
    **dict.fromkeys(
        "attack strike bomb bombing shell shelling invade invasion raid assault offensive kill".split(), "attack"
    ),
    **dict.fromkeys(
        "say state tell declare announce warn comment stress claim insist deny confirm statement remark respond "
        "react reply reaction response acknowledge speech address keynote testify testimony".split(),
        "statement",
    ),
}
LIGHT_VERBS = frozenset("hold take occur happen begin start open end conclude resume continue convene".split())
GROUP_NOUNS = frozenset(
    "delegation delegations side sides team teams government governments negotiator negotiators official officials "
    "representative representatives leader leaders envoy envoys diplomat diplomats counterpart counterparts "
    "president presidents minister ministers".split()
)
_CALL_CUES = re.compile(r"(?i)\b(?:phone|telephone|by phone|on the phone|call)\b")
_VERB = frozenset({"VERB"})


# a word that names an event only in one sense, checked by `_sense`
_NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "LAW"})
VERB_ONLY = frozenset({"sign", "order", "raise", "cut", "lower", "hike", "host", "meet", "freeze", "release"})
RATE_OBJECTS = frozenset("rate rates tax taxes tariff tariffs duty duties price prices interest levy fee fees".split())
DECREES = frozenset("order decree bill law legislation proclamation measure".split())
MEETING_OBJECTS_NOT = frozenset(  # "meet demand", "meet the deadline": no one was met
    "demand demands deadline deadlines goal goals target targets need needs requirement requirements standard "
    "standards criteria expectation expectations threshold obligation obligations cost costs challenge".split()
)
NOT_BY_PHONE = frozenset(
    {"reach", "contact", "interview", "survey", "poll", "conduct"}
)  # "reached by phone": the reporter's
LEGISLATURES = frozenset(
    "house senate congress parliament committee council court board legislature assembly duma rada chamber "
    "cabinet lawmakers senators".split()
)
PERSON_OBJECT = frozenset({"fire", "dismiss", "sack", "replace", "host"})  # only when someone is fired, hosted ...
DOCUMENT_NOUNS = frozenset(
    "report statement memo memorandum letter document documents transcript transcripts data figures video recording "
    "text study survey poll results findings book plan budget proposal list guidelines rules email emails records "
    "tape tapes photo photos images footage information details version draft audit analysis summary readout "
    "communique communiqué assessment cable dossier files papers memoir forecast".split()
)


def _refine(_ctx: Article, tok: Token, typ: str) -> str | None:
    if typ == "call":
        return typ if _is_call(tok) else None
    return _sense(tok, typ)


def _sense(tok: Token, typ: str) -> str | None:
    """The sense checks of words that name an event only sometimes: part of a name ("Jeff Sessions",
    "Talk of the Nation") or "according to" never; "sign", "order", "host", "meet" ... only as verbs
    ("warning signs", "new orders", "the host of the show"); "raise"/"cut"/"lower"/"hike" only for a
    rate, tax, tariff or price ("raised $114 million" is no decision); "meet" only someone ("meet
    demand" meets no one); "sign" an order or a bill is a decision; "round" only of talks."""
    lemma = tok.lemma_.lower()
    following = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    if tok.ent_type_ in _NAME_TYPES or (tok.lower_ == "according" and following == "to"):
        return None
    if lemma in VERB_ONLY and tok.pos_ != "VERB":
        if lemma in ("raise", "cut", "hike") and any(
            c.dep_ == "compound" and c.lemma_.lower() in RATE_OBJECTS for c in tok.children
        ):
            return typ  # "a rate cut", "the tax hike"
        return typ if lemma == "order" and any(c.lower_ == "executive" for c in tok.children) else None
    if lemma == "accord" and tok.pos_ != "NOUN":
        return None  # "accorded respect"
    if lemma == "deal" and any(c.lower_ in ("great", "good") for c in tok.children):
        return None  # "a great deal of"
    if lemma == "elect" and tok.dep_ == "amod":
        return None  # "elected officials"
    if (
        lemma == "vote"
        and tok.pos_ == "VERB"
        and any(c.dep_ == "nsubj" and (c.ent_type_ == "ORG" or c.lemma_.lower() in LEGISLATURES) for c in tok.children)
    ):
        return "decision"  # "The House voted 255-67 to ...": a body deciding, not an election
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if lemma in PERSON_OBJECT and tok.pos_ == "VERB":
        # "fired the director", "hosted the delegation" — not "fired the fatal shot", "dismissed the concerns"
        people = [o for o in objects if o.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") or is_person_noun(o)]
        return typ if people else None
    if typ == "publication" and tok.pos_ == "VERB":
        # "released the report" — not "released prisoners", "released from a laboratory"
        return typ if any(o.lemma_.lower() in DOCUMENT_NOUNS for o in objects) else None
    if lemma in ("raise", "cut", "lower", "hike"):
        return typ if any(o.lemma_.lower() in RATE_OBJECTS for o in objects) else None
    if lemma == "meet" and any(o.lemma_.lower() in MEETING_OBJECTS_NOT for o in objects):
        return None
    if lemma == "sign" and any(o.lemma_.lower() in DECREES for o in objects):
        return "decision"
    if lemma == "round":
        of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return typ if any(g.lemma_.lower() in ("talk", "talks", "negotiation", "consultation") for g in of) else None
    return typ


def _is_call(tok: Token) -> bool:
    """'call' and 'conversation' are calls only on the phone; 'phone'/'telephone' as verbs always."""
    lemma = tok.lemma_.lower()
    if tok.head.lower_ == "by" and tok.head.head.lemma_.lower() in NOT_BY_PHONE:
        return False  # "Reached by phone, Aponte said ...": how the reporter got the quote
    if lemma in ("phone", "telephone"):
        return tok.pos_ == "VERB" or tok.dep_ != "compound"
    if tok.pos_ == "VERB" and lemma == "call":
        # "called her counterpart" is a call; "called for talks", "called him a dictator" are not
        kids = list(tok.children)
        if any(c.dep_ in ("oprd", "xcomp", "ccomp") or _phrasal(c) for c in kids):
            return False
        return any(c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or is_person_noun(c)) for c in kids)
    if tok.pos_ != "NOUN":
        return False
    window = tok.sent.text
    return bool(_CALL_CUES.search(window)) and (lemma == "call" or "phone" in window.lower())


def _phrasal(c: Token) -> bool:
    """'called for', 'called on (someone)', 'called off': not a phone call. 'on March 5' is a date."""
    if c.dep_ == "prt":
        return True
    if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon"):
        return not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
    return False


def _nationality(ctx: Article, m: Mention) -> int | None:
    """'the Russian and American delegations': a nationality of a group noun is that country."""
    if m.type != "NORP" and m.kind != "demonym":  # a demonym: the mentions stage linked it to its country
        return None
    root = span_root(ctx, m)
    if root is None:
        return None
    head = root.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.lemma_.lower() not in GROUP_NOUNS and head.head.lemma_.lower() not in GROUP_NOUNS:
        return None
    if m.kind == "demonym":
        return m.local
    country = country_of(m.name)
    if country is None:
        return None
    local = ctx.country(country)
    ctx.ex.mentions.append(Mention(m.start, m.end, m.text, "GPE", "demonym", local))
    return local


# what a word governing an event's trigger says became of it ("cancelled the visit", "proposed talks")
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys("cancel postpone scrap delay abandon shelve".split(), "cancelled"),
    **dict.fromkeys("deny refute".split(), "denied"),
    **dict.fromkeys("propose offer suggest invite seek request urge want".split(), "proposed"),
    **dict.fromkeys("plan schedule expect intend prepare slate due set aim".split(), "scheduled"),
    **dict.fromkeys("consider mull weigh discuss possible likely speculate rumor rumour could".split(), "speculated"),
}
STATUS_AUXILIARIES = {"will": "scheduled", "shall": "scheduled", "'ll": "scheduled", "may": "speculated",
                      "might": "speculated", "could": "speculated", "would": "speculated"}  # fmt: skip

OCCASION = re.compile(
    r"(?i)\b(?:in an? (?:written |joint |brief |short )?(?:statement|communiqu[eé]|press release|news release|"
    r"interview|speech|address|letter|tweet|post|video)|told (?:reporters|journalists|the press|a news conference)|"
    r"at an? (?:news|press) (?:conference|briefing)|at a briefing|on (?:Twitter|Facebook|Telegram)|tweeted|"
    r"issued a statement|in remarks|in a televised)\b"
)

ENGLISH = Language(
    triggers=TRIGGERS,
    light_verbs=LIGHT_VERBS,
    hold_verbs=frozenset({"hold"}),
    statement_nouns=frozenset(
        {"statement", "remark", "reaction", "response", "speech", "address", "keynote", "testimony"}
    ),
    ordinals=frozenset("first second third fourth fifth latter former last next latest".split()),
    place_prepositions=frozenset({"in", "at"}),
    topic_prepositions=frozenset({"on", "about", "over", "regarding", "concerning"}),
    response_prepositions=frozenset({"to"}),
    place_types=frozenset({"GPE", "LOC", "FAC"}),
    bound=re.compile(r"(?i)\b(?:since|until|till|by|before|after|from|through|between)\s+(?:the\s+)?$"),
    verb_types={"report": "statement"},
    unasserted=frozenset({"not", "n't", "never", "will", "would", "could", "may", "might", "should", "can", "must"}),
    negations=frozenset({"not", "never"}),  # "did not meet", "never met": no event (n't has the lemma "not")
    status_words=STATUS_WORDS,
    status_auxiliaries=STATUS_AUXILIARIES,
    occasion=OCCASION,
    # the past perfect ("had met", "had been signed") tells what came before the news: background
    recalled=lambda verb: (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)
    ),
    subject_deps=("nsubj", "nsubjpass"),
    object_deps=("dobj",),
    auxiliary_deps=("neg", "aux", "auxpass"),
    relative_clause=("relcl", frozenset({"that", "which"})),
    refine=_refine,
    argument_type=lambda _ctx, tok: TRIGGERS.get(tok.lemma_.lower()),
    clause_head=lambda tok: governing(tok, _VERB, top=True) or tok,
    in_clause=clause_text,
    mention_root=span_root,
    prepositions=lambda root: {root.head.lower_} if root.dep_ == "pobj" else set(),
    names_country=lambda m: m.type == "GPE" and is_country_name(m.name),
    other_party=_nationality,
    trigger_is_verb=True,
    antecedent_ordinal_first=True,
    antecedent_parties=True,
    pronouns={"he": "Masc", "she": "Fem"},
    pronoun_rules=PronounRules(
        frozenset({"nsubj", "nsubjpass"}), frozenset({"say", "tell", "announce", "add"}), GENDER_WORDS, GENDER_PRONOUNS
    ),
)
