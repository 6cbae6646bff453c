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
    **dict.fromkeys(
        ["meet", "meeting", "summit", "encounter", "host", "session", "convention", "conference", "hearing", "rally"],
        "meeting",
    ),
    **dict.fromkeys(
        ["talk", "talks", "negotiation", "negotiate", "consultation", "round", "discuss", "discussion"], "talks"
    ),
    **dict.fromkeys(["phone", "telephone", "call", "conversation", "videoconference", "teleconference"], "call"),
    **dict.fromkeys(["visit", "trip", "travel", "arrive", "tour", "fly"], "visit"),
    **dict.fromkeys(
        ["agree", "agreement", "deal", "sign", "accord", "treaty", "memorandum", "truce", "ceasefire"], "agreement"
    ),
    **dict.fromkeys(
        "decide decision approve order raise cut lower hike ban suspend veto ratify pass enact repeal waive pardon "
        "overturn uphold rule ruling verdict legalize outlaw abolish adopt".split(),
        "decision",
    ),
    **dict.fromkeys("publish release leak report publication poll survey".split(), "publication"),
    **dict.fromkeys(
        "election elect reelect re-elect vote ballot referendum primary caucus caucuses runoff reelection win".split(),
        "election",
    ),
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
            "hire",
            "oust",
            "name",
            "swear",
            "step",
            "office",
        ],
        "appointment",
    ),
    **dict.fromkeys(["sanction", "embargo", "freeze", "blacklist"], "sanction"),
    **dict.fromkeys(
        "attack strike bomb bombing shell shelling invade invasion raid assault offensive kill shoot shooting murder "
        "massacre stab".split(),
        "attack",
    ),
    **dict.fromkeys(
        "say state tell declare announce warn comment stress claim insist deny confirm statement remark respond "
        "react reply reaction response acknowledge speech address keynote testify testimony tweet speak write "
        "briefing interview".split(),
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
VERB_ONLY = frozenset(
    {"sign", "order", "raise", "cut", "lower", "hike", "host", "meet", "freeze", "release", "rule", "name", "win",
     "pass", "adopt", "step", "swear", "speak", "write", "shoot"}
)  # fmt: skip
NOUN_ONLY = frozenset("rally convention conference hearing poll survey interview office primary caucus".split())
LAWS = frozenset(
    "bill bills law laws legislation measure measures ban resolution budget amendment act package reform rule rules "
    "policy platform ordinance statute".split()
)
CONTESTS = frozenset(
    "election elections primary primaries caucus caucuses nomination race seat vote presidency reelection "
    "re-election runoff majority governorship mayoralty contest state states district".split()
)
WRITINGS = frozenset("letter column op-ed oped post blog memo email essay article tweet book piece statement".split())
VERBAL_TARGETS = frozenset(
    "record policy policies plan plans position positions comments remarks statement claim claims campaign "
    "character credibility opponent opponents rival rivals candidate critics".split()
)
COURTS = frozenset("court judge judges justice justices panel jury".split())
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
PERSON_OBJECT = frozenset({"fire", "dismiss", "sack", "replace", "host", "hire", "oust", "pardon", "shoot"})
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
    if tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.head.lemma_.lower() not in ("day", "night"):
        return None  # "the election office", "a meeting room": a modifier, not an event (but "election day")
    if lemma in NOUN_ONLY and tok.pos_ != "NOUN":
        return None  # "rallied support", "polled voters"
    if lemma in ("poll", "survey") and not _released(tok):
        return None  # a poll is news when it is released ("a poll out Monday"), not when it was conducted
    if lemma == "conference" and any(c.lower_ in ("press", "news") for c in tok.children):
        return "statement"  # a press conference is someone speaking, not a meeting
    if tok.pos_ == "VERB" and (phrasal := _phrasal_sense(tok, lemma, typ)) != "":
        return phrasal
    if lemma == "accord" and tok.pos_ != "NOUN":
        return None  # "accorded respect"
    if lemma == "deal" and any(c.lower_ in ("great", "good") for c in tok.children):
        return None  # "a great deal of"
    if lemma == "elect" and tok.dep_ == "amod":
        return None  # "elected officials"
    if lemma == "vote" and tok.pos_ == "VERB" and _body_subject(tok, LEGISLATURES):
        return "decision"  # "The House voted 255-67 to ...": a body deciding, not an election
    if lemma in PERSON_OBJECT and tok.pos_ == "VERB":
        # "fired the director", "hosted the delegation" — not "fired the fatal shot", "dismissed the concerns"
        people = [o for o in _objects(tok) if o.ent_type_ in ("ORG", "GPE") or _is_person(o)]
        return typ if people else None
    if typ == "publication" and tok.pos_ == "VERB":
        # "released the report" — not "released prisoners", "released from a laboratory"
        return typ if _objects_in(tok, DOCUMENT_NOUNS) else None
    if lemma in ("raise", "cut", "lower", "hike"):
        return typ if _objects_in(tok, RATE_OBJECTS) else None
    if lemma == "meet" and _objects_in(tok, MEETING_OBJECTS_NOT):
        return None
    if lemma == "sign" and _objects_in(tok, DECREES):
        return "decision"
    if typ == "attack" and lemma in ("attack", "assault", "counterattack") and _verbal(tok):
        return "statement"  # "attacked Romney's record", "an attack on Trump": words, in politics
    if lemma == "office":  # "took office", "will leave office"
        return typ if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("take", "leave", "assume") else None
    if lemma == "round":
        of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return typ if any(g.lemma_.lower() in ("talk", "talks", "negotiation", "consultation") for g in of) else None
    return typ


def _objects(tok: Token) -> list[Token]:
    """What a verb acts on: its object, or the subject of its passive ("the report was released")."""
    return [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]


def _objects_in(tok: Token, words: frozenset[str]) -> bool:
    return any(o.lemma_.lower() in words for o in _objects(tok))


def _body_subject(tok: Token, words: frozenset[str]) -> bool:
    """Is the verb's subject an organisation or one of these bodies ("the House voted", "the court ruled")?"""
    return any(c.dep_ == "nsubj" and (c.ent_type_ == "ORG" or c.lemma_.lower() in words) for c in tok.children)


PEOPLE_WORDS = frozenset(
    "him her them he she they people persons man men woman women child children boy boys girl girls officer officers "
    "civilian civilians student students worker workers soldier soldiers victim victims".split()
)


def _is_person(t: Token) -> bool:
    return t.ent_type_ in ("PERSON", "NORP") or is_person_noun(t) or t.lower_ in PEOPLE_WORDS


def _released(tok: Token) -> bool:
    near = [tok.head, *tok.children]
    return any(w.lemma_.lower() in ("release", "publish", "out", "issue") for w in near)


def _verbal(tok: Token) -> bool:
    """Is this attack aimed at a person or at what someone said or did ("attacked Romney", "an attack on
    his record")? Then it is a verbal one; a strike on a place, a force or a building is not."""
    kids = list(tok.children) + (list(tok.head.children) if tok.dep_ == "dobj" else [])  # "launched an attack on"
    targets = _objects(tok)
    targets += [g for c in kids if c.dep_ == "prep" and c.lower_ in ("on", "against") for g in c.children]
    return any(t.ent_type_ == "PERSON" or t.pos_ == "PRON" or t.lemma_.lower() in VERBAL_TARGETS or any(
        g.dep_ == "poss" and g.ent_type_ == "PERSON" for g in t.children) for t in targets)  # fmt: skip


def _phrasal_sense(tok: Token, lemma: str, typ: str) -> str | None:
    """The verbs whose sense hangs on a particle, an object or a subject: "passed a bill" (not "passed
    away"), "won the primary" (not "won support"), "the court ruled" (not "ruled out"), "was sworn in",
    "stepped down", "named him secretary", "spoke with Putin" (a call) or "spoke at the rally" (a
    statement), "wrote in a letter". "" when the verb is none of them."""
    kids = list(tok.children)
    particles = {c.lower_ for c in kids if c.dep_ in ("prt", "prep", "advmod")}
    if lemma in ("pass", "adopt"):
        subj_body = any(c.dep_ == "nsubj" and c.lemma_.lower() in LEGISLATURES for c in kids)
        return typ if _objects_in(tok, LAWS) or (subj_body and "away" not in particles) else None
    if lemma == "win":
        places = any(c.dep_ == "dobj" and c.ent_type_ == "GPE" for c in kids)
        return typ if _objects_in(tok, CONTESTS) or places else None
    if lemma == "rule":
        return typ if "out" not in particles and _body_subject(tok, COURTS) else None
    if lemma == "swear":
        return typ if "in" in particles else None
    if lemma == "step":
        return typ if particles & {"down", "aside"} else None
    if lemma == "name":
        named = any(_is_person(o) for o in _objects(tok))
        return typ if named and any(c.dep_ in ("oprd", "xcomp", "attr") or c.lower_ == "as" for c in kids) else None
    if lemma == "speak":
        partner = [g for c in kids if c.dep_ == "prep" and c.lower_ in ("with", "to") for g in c.children]
        return "call" if any(g.ent_type_ in ("PERSON", "ORG", "GPE") for g in partner) else typ
    if lemma == "write":
        places = [g for c in kids if c.dep_ == "prep" and c.lower_ == "in" for g in c.children]
        return typ if any(g.lemma_.lower() in WRITINGS for g in places) or _objects_in(tok, WRITINGS) else None
    return ""


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
    r"(?i)\b(?:in an? (?:\w+ ){0,2}(?:statement|communiqu[eé]|press release|news release|"
    r"interview|speech|address|letter|tweet|post|video|op-ed|column|memo)|"
    r"(?:told|speaking to|spoke to|talking to) "
    r"(?:reporters|journalists|the press|a news conference|a crowd|supporters)|"
    r"(?:at|during) an? (?:\w+ ){0,2}(?:conference|briefing|rally|town hall|hearing|event|forum|debate|interview)|"
    r"on (?:Twitter|Facebook|Telegram|Instagram)|tweeted|tweeting|on (?:a |his |her )?(?:radio|television|TV) (?:show|"
    r"program|interview)|issued a statement|in remarks|in a televised)\b"
)
MEDIA_NOUNS = frozenset(
    "agency agencies newspaper newspapers outlet outlets network networks radio television show program broadcaster "
    "station magazine website podcast reporter reporters journalist journalists".split()
)


def _media_occasion(verb: Token) -> bool:
    """ "told the Associated Press", "confirmed to Fox News", "said on CNN": speaking to a news
    organisation is an interview, an occasion of its own (speaking to a person is not)."""
    if verb.lemma_.lower() not in ("tell", "say", "confirm", "speak", "explain", "admit", "acknowledge", "write"):
        return False
    heard = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    heard += [g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on") for g in c.children]
    return any(h.ent_type_ == "ORG" or h.lemma_.lower() in MEDIA_NOUNS for h in heard)


ENGLISH = Language(
    triggers=TRIGGERS,
    light_verbs=LIGHT_VERBS,
    hold_verbs=frozenset({"hold"}),
    statement_nouns=frozenset(
        "statement remark reaction response speech address keynote testimony tweet briefing interview "
        "conference".split()
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
    occasion_of=_media_occasion,
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
    own_statement_times=True,
    antecedent_ordinal_first=True,
    antecedent_parties=True,
    pronouns={"he": "Masc", "she": "Fem"},
    pronoun_rules=PronounRules(
        frozenset({"nsubj", "nsubjpass"}), frozenset({"say", "tell", "announce", "add"}), GENDER_WORDS, GENDER_PRONOUNS
    ),
)
