"""English cue words for positions (extract.positions.core): verbs, phrasal verbs, nouns and
markers of each kind of stance, in the everyday wording of diplomatic reporting."""

from __future__ import annotations

import re

from storyline.extract.positions.core import Language

_VERBS = {
    **dict.fromkeys(
        ("propose", "suggest", "float", "pitch", "submit", "unveil", "outline", "table", "announce", "threaten"),
        "proposal",
    ),  # an announced or threatened measure is put on the table
    **dict.fromkeys(("demand", "insist", "urge", "press", "want", "seek", "ask", "request"), "demand"),
    **dict.fromkeys(("condition",), "condition"),
    **dict.fromkeys(("offer", "pledge", "promise", "vow", "commit", "guarantee"), "offer"),
    **dict.fromkeys(("accept", "agree", "endorse", "approve", "embrace", "sign", "ratify"), "acceptance"),
    **dict.fromkeys(
        ("reject", "refuse", "dismiss", "decline", "rebuff", "veto", "scrap", "abandon", "cancel", "quit"), "rejection"
    ),
    **dict.fromkeys(("deny", "refute", "disavow"), "denial"),
    **dict.fromkeys(
        ("support", "back", "favor", "favour", "champion", "welcome", "praise", "hail", "applaud", "laud", "hope"),
        "support",
    ),
    **dict.fromkeys(
        ("oppose", "resist", "criticize", "criticise", "condemn", "denounce", "slam", "blast", "decry"), "opposition"
    ),
}
_PHRASAL = {
    ("put", "forward"): "proposal", ("call", "for"): "demand", ("call", "on"): "demand", ("insist", "on"): "demand",
    ("rule", "out"): "rejection", ("turn", "down"): "rejection", ("walk", "away"): "rejection",
    ("pull", "out"): "rejection", ("withdraw", "from"): "rejection", ("back", "out"): "rejection",
    ("agree", "to"): "acceptance", ("agree", "on"): "acceptance", ("sign", "off"): "acceptance",
    ("sign", "on"): "acceptance", ("object", "to"): "opposition", ("push", "for"): "demand", ("press", "for"): "demand",
    ("ask", "for"): "demand", ("tie", "to"): "condition", ("link", "to"): "condition",
    ("make", "contingent"): "condition", ("vote", "for"): "support", ("vote", "against"): "opposition",
    ("speak", "out"): "opposition", ("come", "out"): "support",
}  # fmt: skip
_NOUNS = {
    **dict.fromkeys(("proposal", "plan", "initiative", "offer", "draft", "roadmap", "framework"), "proposal"),
    **dict.fromkeys(("demand", "ultimatum", "request"), "demand"),
    **dict.fromkeys(("condition", "precondition", "prerequisite"), "condition"),
    **dict.fromkeys(("rejection", "refusal"), "rejection"),
    **dict.fromkeys(("denial",), "denial"),
    **dict.fromkeys(("endorsement", "support", "backing"), "support"),
    **dict.fromkeys(("opposition", "objection"), "opposition"),
}  # fmt: skip
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
    " eighteen nineteen twenty".split()
)}  # fmt: skip
_NUMBER = "|".join(["\\d{1,2}", *_NUMBERS])

ENGLISH = Language(
    verbs=_VERBS,
    phrasal=_PHRASAL,
    nouns=_NOUNS,
    ready=frozenset({"ready", "willing", "prepared", "open"}),
    obligations=frozenset({"must", "should", "need"}),
    if_words=frozenset({"if"}),
    future=frozenset({"will", "would"}),
    commentator=re.compile(
        r"\b(?:analyst|columnist|commentator|correspondent|reporter|editor|journalist|professor|researcher|scholar"
        r"|expert|fellow|economist|historian|writer|author|pundit)s?\b",
        re.I,
    ),
    stance_adjectives={
        "opposed": "opposition",
        "skeptical": "opposition",
        "sceptical": "opposition",
        "critical": "opposition",
        "supportive": "support",
        "keen": "support",
        "eager": "support",
        "committed": "offer",
    },
    conditions=re.compile(
        r"\b(?:on (?:the )?condition that|only if|unless|provided that|as long as|in exchange for|in return for)\b",
        re.I,
    ),
    subject_deps=frozenset({"nsubj", "nsubjpass", "csubj"}),
    complement_deps=frozenset({"dobj", "ccomp", "xcomp", "prep", "attr", "oprd", "acomp", "dative"}),
    owner_deps=frozenset({"poss", "compound", "amod", "nmod"}),
    first_person=frozenset({"we", "i"}),
    relative=frozenset({"which", "who", "that"}),
    third_person=frozenset({"he", "she", "it", "they"}),
    hedges=re.compile(
        r"\b(?:reportedly|allegedly|may|might|could|is said to|are said to|according to (?:people|sources|officials)"
        r"|people familiar|sources said|it is understood|purportedly|apparently)\b",
        re.I,
    ),
    anonymous=re.compile(
        r"\b(?:(?:an?|the|two|three|several) (?:senior |top |unnamed |anonymous )?(?:officials?|sources?|diplomats?"
        r"|people|person) (?:familiar|close|with knowledge|who|said|told|briefed)|on condition of anonymity"
        r"|sources (?:said|say|told)|officials (?:said|say|told))\b",
        re.I,
    ),
    document_nouns=frozenset(
        {
            "memo",
            "memorandum",
            "document",
            "draft",
            "plan",
            "letter",
            "paper",
            "proposal",
            "framework",
            "summary",
            "text",
            "blueprint",
            "roadmap",
        }
    ),
    reporting=re.compile(
        r"\b(?P<how>published|leaked|obtained|seen|reviewed|reported|first reported)\b(?:\W+\w+){0,5}?\W+by\s+"
        r"(?P<who>(?:the )?[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3})"
    ),
    authoring=re.compile(
        r"\b(?:drafted|written|authored|prepared|signed)\s+by\s+(?P<who>(?:the )?[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3})"
    ),
    announce=re.compile(
        rf"\b(?P<n>{_NUMBER})(?:-| )(?:point|step|item)s?\b(?! (?:lead|increase|drop|rise|margin|gain|deficit))"
        rf"|\b(?P<n2>{_NUMBER}) (?:key |main |specific |concrete )?(?:proposals|demands|conditions|measures|provisions"
        rf"|principles|steps)\b|\bthe following (?:points|proposals|demands|conditions)\b",
        re.I,
    ),
    numbers=_NUMBERS,
    ordinal_start=re.compile(
        r"\s*(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth|seventh"
        r"|eighth|finally|lastly)\b,?",
        re.I,
    ),
    plan_words=re.compile(r"\b(?:plan|memo|memorandum|proposals?|points?|draft|document|report|initiative)\b", re.I),
    praise=re.compile(
        r"\b(?:good|great|better|best|acceptable|tolerable|historic|fair|positive|breakthrough|progress|important"
        r"|step forward|win|welcome|encouraging|constructive|productive|reasonable|strong)\b",
        re.I,
    ),
    blame=re.compile(
        r"\b(?:bad|worse|worst|terrible|unacceptable|disaster|disastrous|dangerous|flawed|weak|humiliating|damaging"
        r"|betrayal|surrender|wrong|mistake|dead|failure|catastroph\w*|insult\w*|naive|unworkable|rotten|sham)\b",
        re.I,
    ),
    deal_words=re.compile(
        r"\b(?:deal|agreement|accord|treaty|pact|framework|talks|negotiations?|plan|proposals?|offer|summit)s?\b", re.I
    ),
)
