"""English: what the mentions algorithm (core.py) needs to know about English text and spaCy's tagger.

spaCy's entities carry citation junk, determiners, possessive 's and honorifics ("Mr. Verkhovtsev's"),
which are trimmed here; a name it stopped short of is completed (at a hyphen: "Moon Jae|-in"; before
a particle: "Abdel-Fattah| el-Sissi"). A NORP that names a state ("Russian", "Brits") is a mention of
that country (`lexicon.demonyms`); religions and parties stay NORP. Gender for telling relatives
apart comes from the words before a name ("Mrs.", "his wife") and from he/she pronouns. English
does not inflect names, so a mention is named by its text. Roles
are the premodifiers and appositions of `extract.roles`; title-only mentions are definite noun
phrases ("the deputy minister", "the head of the fund").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from storyline.extract.mentions.core import Descriptions, Found, Language, Linking, extract
from storyline.extract.roles import PERSON_NOUNS, appositive_roles, premodifier_role
from storyline.lexicon.demonyms import country_of_demonym
from storyline.lexicon.names import person_name
from storyline.lexicon.roles import GENDER_WORDS
from storyline.model import Extraction, Mention

LABELS = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "NORP": "NORP",
    "EVENT": "EVENT", "LAW": "LAW", "WORK_OF_ART": "WORK", "PRODUCT": "OTHER",
}  # fmt: skip
_JUNK = re.compile(r"(?i)^(?:vol|no|nos|pp?|ibid|op|cit|ed|eds|cf|et al|fig|ch|art|sec)\.?$")
_HONORIFIC = re.compile(r"(?i)^(?:mr|mrs|ms|miss|dr|prof|sir|dame|mister)\.?\s+")
_PARTICLES = ("van", "de", "der", "von", "al", "bin", "da", "di")  # lower-case words inside a name
_PARTICLE_JOINED = re.compile(r"^[a-z]{1,3}[-'’][A-Z]")  # al-Sisi, el-Sissi, bin-Nayef, d'Alema
# a name the tagger cut at a hyphen ("Moon Jae" of "Moon Jae-in"), or that goes on with a particle
# and the word it opens ("Abdel-Fattah" of "Abdel-Fattah el-Sissi"): the rest of the name
# the syllables of a romanised East Asian given name are short, and its second one is in lower case
# ("Jae-in", "Jong-un"): "Putin-Trump summit", "Pelosi-led House" are not names cut short
_SYLLABLE_BEFORE = re.compile(r"\b[A-Z][a-z]{1,3}$")
_CUT_AT_HYPHEN = re.compile(r"[-‐][a-z]{1,6}\b(?![-‐])")
_PARTICLE_AFTER = re.compile(r" (?:[a-z]{1,3}[-'’][A-Z][^\W\d_]*|(?:al|el|bin|ibn|bint|abu|ben) [A-Z][^\W\d_]*)")


# a person's gender from the word just before a name: honorifics and the nouns of family and office
def _word_before(gender: str) -> re.Pattern[str]:
    words = sorted((w for w, g in GENDER_WORDS.items() if g == gender), key=len, reverse=True)
    return re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, words)) + r")\.?,?\s+$")


_FEMALE_BEFORE = _word_before("Fem")
_MALE_BEFORE = _word_before("Masc")
PRONOUNS = {
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
}


def _gender_before(before: str) -> str | None:
    """ "Mrs. Trump", "his wife Melania": the gender the words before a name give it."""
    if _FEMALE_BEFORE.search(before):
        return "f"
    return "m" if _MALE_BEFORE.search(before) else None


_MISTYPED = frozenset({"ORG", "NORP", "OTHER", "WORK", "EVENT"})  # not places: Washington, Jackson


def extract_entities(doc: Doc) -> Extraction:
    return extract(doc, ENGLISH)


def _joins(prev: Found, ent: Span, text: str) -> Found | None:
    """ "[Kirill] Dmitriev": an editor's bracketed insertion belongs to the name that follows."""
    if prev.label != "PERSON" or ent.label_ != "PERSON" or prev.start == 0 or text[prev.start - 1] != "[":
        return None
    gap = text[prev.end : ent.start_char]
    return Found(prev.start - 1, ent.end_char, "PERSON") if gap.startswith("]") and gap.strip() == "]" else None


def _pieces(doc: Doc, text: str, found: Found) -> list[Found]:
    start, end = found.start, found.end
    if found.label == "PERSON":  # "Explaining Peskov": the model swept a verb into the name
        while start < end and (t := doc.char_span(start, end, alignment_mode="expand")) and t[0].pos_ == "VERB":
            start = t[1].idx if len(t) > 1 else end
    start, end = _trim(text, start, end, found.label)
    if found.label == "PERSON" and end > start:
        end = _whole_name_end(text, end)
    return [Found(start, end, found.label)] if end > start else []


def _whole_name_end(text: str, end: int) -> int:
    """Where a person's name really ends when the tagger stopped short of it: at a hyphen with the
    name going on ("Moon Jae|-in", "Kim Jong|-un"), or before a particle that opens the surname
    ("Abdel-Fattah| el-Sissi", "Mohammed| bin Salman")."""
    if _SYLLABLE_BEFORE.search(text, max(0, end - 5), end) and (m := _CUT_AT_HYPHEN.match(text, end)) is not None:
        end = m.end()
    if (m := _PARTICLE_AFTER.match(text, end)) is not None:
        end = m.end()
    return end


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    while start < end and text[start] in "|@#*•·>-–—:;,.\"“”'‘’ ":  # scrape debris around names
        start += 1
    while end > start and text[end - 1] in '|*•·…:;,"“”‘ ':
        end -= 1
    span = text[start:end]
    m = re.match(r"(?i)(?:the|a|an)\s+", span)
    if m and label != "WORK_OF_ART":
        start += m.end()
    if label == "PERSON" and (h := _HONORIFIC.match(text[start:end])):
        start += h.end()
    if cite := re.search(r"\.?\[\d*\]?$", text[start:end]):  # "Burns.[5]": a footnote marker
        end = start + cite.start()
    tail = re.search(r"\s*['’]s?$", text[start:end])
    if tail and (tail.group().strip() in ("'s", "’s") or label != "PERSON"):
        end = start + tail.start()
    while end > start and text[end - 1] in ".,;:–—-" and not re.search(r"\b[A-Z]\.$", text[start:end]):
        end -= 1
    return start, end


def _plausible(text: str, label: str) -> bool:
    if "\n" in text or _JUNK.match(text):
        return False
    if label == "PERSON":
        tokens = re.sub(r"[\[\]]", "", text).split()
        if len(tokens) > 5 or re.fullmatch(r"(?i)(?:jr|sr|ii|iii|iv|esq|phd)\.?", text.strip()):
            return False  # a name suffix split off by the model ("... Holton Jr.") is no person
        # every word of a name is capitalised, bar particles (van, de) and words they open (al-Sisi, d'Alema)
        return all(t[0].isupper() or t.lower() in _PARTICLES or _PARTICLE_JOINED.match(t) for t in tokens)
    return True


def _roles(doc: Doc, m: Mention) -> list[tuple[str, int, int]]:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    found = [premodifier_role(span), *appositive_roles(span)]
    return [(_role_text(r.text), r.start_char, r.end_char) for r in found if r is not None]


def _role_text(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,;")


def _description(tok: Token) -> tuple[Span, Span, set[str]] | None:
    """ "the deputy minister", "the head of the fund": a singular noun with "the" (and its "of" phrase)."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS") or tok.ent_type_ == "PERSON":
        return None
    det = [c for c in tok.children if c.dep_ == "det" and c.lower_ == "the" and c.i < tok.i]
    if not det:
        return None
    doc = tok.doc
    end_tok = tok.i + 1
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1]
    if of:
        end_tok = max(t.i for t in of[0].subtree) + 1
    first = det[0].i
    modifiers = {t.lower_ for t in doc[first + 1 : tok.i] if t.is_alpha}
    modifiers |= {t.lower_ for t in doc[tok.i + 1 : end_tok] if t.pos_ == "PROPN"}  # "the head of the RDIF"
    return doc[first:end_tok], doc[first + 1 : end_tok], modifiers


def _may_be_surname(m: Mention) -> bool:
    return m.type in _MISTYPED and m.kind != "acronym" and " " not in m.name


ENGLISH = Language(
    labels=LABELS,
    normal=None,
    joins=_joins,
    pieces=_pieces,
    plausible=_plausible,
    retype=None,
    is_surname=lambda name: not person_name(name).given,
    acronym_types=frozenset({"ORG"}),
    roles=_roles,
    descriptions=Descriptions(_description, PERSON_NOUNS, _role_text),
    linking=Linking(
        by_given=True,
        lone_groups=True,
        may_be_surname=_may_be_surname,
        retype_kind=True,
        parentheses=True,
        order={"full": 0, "lone": 1, "named": 2, "acronym": 3},
        gender_before=_gender_before,
        pronouns=PRONOUNS,
    ),
    nationality=lambda text, label: country_of_demonym(text) if label == "NORP" else None,
)
