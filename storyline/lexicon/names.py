"""Person and organisation names: parts, transliteration-aware skeletons, compatibility.

Russian and Ukrainian names reach English text through a dozen romanisation schemes
(Dmitriev / Dmitriyev, Loshkarev / Loshkaryov, Zelensky / Zelenskyy / Zelenskiy). No library
compares romanised names, so this module does it by rule:

* a Cyrillic name is romanised through several schemes (iuliia), giving several skeletons;
* a Latin name is folded to ASCII and reduced to a *skeleton* in which the spellings the schemes
  disagree on collapse (yo/jo -> e, y/j -> i, doubled letters single, x -> ks, kh -> h, w -> v,
  ph -> f, tsch/tch -> ch ...);
* two surnames match when a skeleton is shared, or when the skeletons are nearly identical
  (rapidfuzz) and not a gendered pair (Ivanov / Ivanova);
* given names match on skeletons, initials, close spelling, or a nickname relation from the
  `nicknames` dataset (Mike / Michael) — never on a hand list of people.

Two different full names that share only a given name never match: the surname decides first.
One name written with other spacing, hyphens or apostrophes (Kim Jong-un / Kim Jong Un / Kim Jongun,
O'Brien / OBrien, al-Sisi / Alsisi) is one name (`compact_key`); given names that are a gendered
pair (Eric / Erica) are two people.

Across scripts the romanisation schemes are not enough, because Russian writes *English* names by
sound, not by letter: Trump is Трамп, Witkoff Уиткофф, Vance Вэнс, Hegseth Хегсет, Waltz Уолтц.
A Cyrillic name and a Latin one therefore also match on *sound keys*: the consonant frame of each
spelling after folding the letters English spells one sound with several ways (th -> t, c -> k/s,
ck -> k, ph -> f, w -> v, soft g -> j, tz -> s) and the Russian renderings of English sounds
(initial уи/уо/уэ -> w, дж -> j), vowels dropped. A sound key alone is weak evidence ("Putin" and
"Patton" share ptn), so the spellings must also be at least MIN_CROSS_RATIO similar, and given
names must agree the same way; a Cyrillic and a Latin name that share no key never match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import iuliia
from rapidfuzz import process
from rapidfuzz.fuzz import ratio

_SCHEMES = (iuliia.ICAO_DOC_9303, iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.SCIENTIFIC, iuliia.ALA_LC)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HONORIFICS = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady madam mister messrs gen col maj capt lt sgt adm "
    "rev fr sen rep gov pres president".split()
)
_SUFFIXES = frozenset("jr sr ii iii iv phd md esq".split())
_PARTICLES = frozenset("de da del della di van von der den al el bin ibn la le dos du ter ten".split())
# Letters ASCII folding (NFKD) does not decompose.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                       "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "’": "'", "‘": "'"})  # fmt: skip
_SKELETON_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"[^a-z]", ""),
        (r"tsch|tch", "ch"),
        (r"sch", "sh"),
        (r"sz", "sh"),
        (r"cz", "ch"),
        (r"ck", "k"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"kh", "h"),
        (r"zh", "sh"),  # ж: Prigozhin / Prigoschin
        (r"(ch|sh)ov$", r"\1ev"),  # -чёв: Gorbachev / Gorbatschow
        (r"([^aeiouy])[yji]o", r"\1e"),  # ё after a consonant: Loshkaryov, Fyodor, Piotr
        (r"^[yj]e", "e"),  # Yevgeny / Evgeny
        (r"([aeiou])[yji]e", r"\1e"),  # a glide after a vowel: Sergeyev / Sergeiev / Sergejew
        (r"iye", "ie"),  # Dmitriyev / Dmitriev
        (r"[yj]", "i"),
        (r"(.)\1+", r"\1"),  # doubled letters: Zelenskyy, Kirill, Iuliia
        (r"ie$", "i"),  # Dmitrie(v) vs final -ie spellings of -ий
    ]
]


MIN_CROSS_RATIO = 65  # similarity of the closest respellings for a sound-key match of surnames across scripts
_SOUND_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"[^a-z]", ""),
        (r"dzh|dj", "j"),  # Джаред / Jared
        (r"^u([aeio])", r"w\1"),  # Уиткофф / Witkoff, Уолтц / Waltz, Уильям / William
        (r"tch|sch|tsh", "ch"),
        (r"th", "t"),
        (r"ph", "f"),
        (r"ck", "k"),
        (r"kh", "h"),
        (r"zh|sh", "sh"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"w", "v"),
        (r"t?(?:tz|ts)|z", "s"),  # Merz / Мерц, Waltz / Уолтц (тц)
        (r"(.)\1+", r"\1"),
    ]
]


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@lru_cache(maxsize=65536)
def _sound_forms(token: str) -> frozenset[str]:
    """A name token respelt by sound, vowels kept (several per token: a Cyrillic token has several
    romanisations, and English "c", "g" and "ch" each sound two ways)."""
    token = token.strip()
    forms = {scheme.translate(token) for scheme in _SCHEMES} if is_cyrillic(token) else {token}
    variants: set[str] = set()
    for form in forms:
        s = fold_ascii(form).lower()
        variants |= {s, re.sub(r"c(?=[eiy])", "s", s), re.sub(r"g(?=[eiy])", "j", s), re.sub(r"ch", "k", s)}
    out = set()
    for v in variants:
        v = v.replace("c", "k")
        for pat, rep in _SOUND_RULES:
            v = pat.sub(rep, v)
        out.add(v)
    return frozenset(out)


@lru_cache(maxsize=65536)
def sound_keys(token: str) -> frozenset[str]:
    """Vowel-free consonant frames of a name token, for matching across scripts."""
    return frozenset(k for f in _sound_forms(token) if len(k := re.sub(r"[aeiouy]", "", f)) >= 2)


def _sounds_alike(a: str, b: str, spelling: bool = True) -> bool:
    """A Cyrillic and a Latin name part that share a sound key (and, with `spelling`, are respelt
    alike enough: the consonant frame alone lets Путин meet Patton)."""
    if not sound_keys(a) & sound_keys(b):
        return False
    if not spelling:
        return True
    return max((ratio(x, y) for x in _sound_forms(a) for y in _sound_forms(b)), default=0) >= MIN_CROSS_RATIO


def cross_script(a: str, b: str) -> bool:
    return is_cyrillic(a) != is_cyrillic(b)


def fold_ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def skeletons(token: str) -> frozenset[str]:
    """Transliteration-insensitive keys of one name token (several for Cyrillic input)."""
    token = token.strip()
    latin = {scheme.translate(token) for scheme in _SCHEMES} if _CYRILLIC.search(token) else {token}
    out = set()
    for form in latin:
        s = fold_ascii(form).lower()
        for pat, rep in _SKELETON_RULES:
            s = pat.sub(rep, s)
        if s:
            out.add(s)
    return frozenset(out)


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]  # given names and middle names/initials, in order
    surname: str
    suffix: str = ""  # Jr., Sr., II ... (a son is not his father)

    @property
    def full(self) -> bool:
        return bool(self.given)


def _split_person(text: str) -> tuple[list[str], str]:
    """'[Kirill] Dmitriev's' -> (['Kirill', 'Dmitriev'], ''); honorifics dropped, suffix apart."""
    text = re.sub(r"[\[\]()]", "", text)
    text = re.sub(r"['’]s$", "", text.strip())
    tokens = [t.strip(",") for t in re.split(r"\s+", text) if t.strip(",")]
    while tokens and tokens[0].lower().rstrip(".") in _HONORIFICS and len(tokens) > 1:
        tokens = tokens[1:]
    suffix = ""
    while tokens and tokens[-1].lower().rstrip(".,") in _SUFFIXES and len(tokens) > 1:
        suffix = tokens[-1].lower().rstrip(".,") + (" " + suffix if suffix else "")
        tokens = tokens[:-1]
    return tokens, suffix


@lru_cache(maxsize=65536)
def person_name(text: str) -> PersonName:
    tokens, suffix = _split_person(text)
    if not tokens:
        return PersonName((), "")
    cut = len(tokens) - 1
    while cut > 1 and tokens[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return PersonName(tuple(tokens[:cut]), " ".join(tokens[cut:]), suffix)


def _is_initial(token: str) -> bool:
    return bool(re.fullmatch(r"[A-ZА-ЯЁ]\.?", token))


@lru_cache(maxsize=65536)
def surname_key(surname: str) -> frozenset[str]:
    """Skeletons of a surname (hyphens, spaces and apostrophes removed) — the blocking key of a
    person. A surname with a particle has the keys of both spellings the press uses: without the
    particle ("al-Sisi" -> sisi, as in "Sisi") and run together with it ("Alsisi")."""
    words = [w for w in re.split(r"[\s-]+", surname) if w]
    parts = [w for w in words if w.lower() not in _PARTICLES]
    keys = skeletons("".join(parts)) if parts else frozenset()
    if len(parts) < len(words) and parts:
        keys |= skeletons("".join(words))
    return keys


@lru_cache(maxsize=65536)
def compact_key(name: str) -> str:
    """A name with its spacing, hyphens and apostrophes taken out (honorifics and suffixes too):
    "Kim Jong-un", "Kim Jong Un" and "Kim Jongun" are one key, as are "O'Brien" and "OBrien"."""
    tokens, _suffix = _split_person(name)
    return "".join(sorted(skeletons("".join(tokens)))[:1])


def _joined_surname(surname: str) -> str:
    return "".join(p for p in re.split(r"[\s-]+", surname) if p.lower() not in _PARTICLES)


@lru_cache(maxsize=65536)
def surname_sounds(surname: str) -> frozenset[str]:
    """Sound keys of a surname — the blocking key under which a person meets other scripts."""
    joined = _joined_surname(surname)
    return sound_keys(joined) if joined else frozenset()


def _gendered_pair(a: str, b: str) -> bool:
    """Ivanov / Ivanova, Zelenski / Zelenska: a husband and a wife, not one person."""
    short, long_ = sorted((a, b), key=len)
    return long_ == short + "a" or (short[:-1] == long_[:-1] and {short[-1], long_[-1]} == {"i", "a"})


def surnames_match(a: str, b: str) -> bool:
    ka, kb = surname_key(a), surname_key(b)
    if ka & kb:
        return True
    if cross_script(a, b):
        if any(_gendered_pair(x, y) for x in ka for y in kb):
            return False  # Иванова / Ivanov
        return _sounds_alike(_joined_surname(a), _joined_surname(b))
    for x in ka:
        for y in kb:
            if min(len(x), len(y)) >= 6 and not _gendered_pair(x, y) and ratio(x, y) >= 90:
                return True
    return False


class SurnameIndex:
    """Distinct surnames seen so far, each with the others that `surnames_match` it, so that a name
    meets only the groups that could be the same person instead of every group (a long article
    names hundreds of people thousands of times: comparing each mention with every earlier group
    made linking quadratic).

    Candidates come from what `surnames_match` itself needs: a shared skeleton, a shared sound key
    (the other script) or, for its spelling rule, skeletons of 6+ letters at ratio >= 90, found by
    rapidfuzz's C-speed scan; each candidate is then confirmed by `surnames_match`, so the matches
    are exactly those of comparing all pairs."""

    def __init__(self) -> None:
        self._matches: dict[str, set[str]] = {}
        self._by_key: dict[str, set[str]] = {}
        self._by_sound: dict[str, set[str]] = {}
        self._long: list[str] = []  # skeletons of 6+ letters, for the spelling rule
        self._of_long: dict[str, set[str]] = {}

    def matching(self, surname: str) -> set[str]:
        """The surnames seen so far (this one included, once added) that match `surname`; the
        surname is added to the index."""
        if surname in self._matches:
            return self._matches[surname]
        keys, sounds = surname_key(surname), surname_sounds(surname)
        candidates: set[str] = set()
        for k in keys:
            candidates |= self._by_key.get(k, set())
            if len(k) >= 6 and self._long:
                for hit, _score, _i in process.extract(k, self._long, scorer=ratio, score_cutoff=90, limit=None):
                    candidates |= self._of_long[hit]
        for k in sounds:
            candidates |= self._by_sound.get(k, set())
        found = {c for c in candidates if surnames_match(surname, c)}
        for c in found:
            self._matches[c].add(surname)
        if surnames_match(surname, surname):
            found.add(surname)
        self._matches[surname] = found
        for k in keys:
            self._by_key.setdefault(k, set()).add(surname)
            if len(k) >= 6:
                if k not in self._of_long:
                    self._long.append(k)
                self._of_long.setdefault(k, set()).add(surname)
        for k in sounds:
            self._by_sound.setdefault(k, set()).add(surname)
        return found


@lru_cache(maxsize=1)
def _nicknamer():  # type: ignore[no-untyped-def]
    from nicknames import NickNamer

    return NickNamer()


def _nick_related(a: str, b: str) -> bool:
    a, b = fold_ascii(a).lower(), fold_ascii(b).lower()
    nn = _nicknamer()
    return b in nn.nicknames_of(a) or a in nn.nicknames_of(b) or bool(nn.canonicals_of(a) & nn.canonicals_of(b))


def given_match(a: str, b: str) -> bool:
    """First given names: same skeleton, initial of the other, near spelling, or nickname."""
    if _is_initial(a) or _is_initial(b):
        return fold_ascii(a)[0].lower() == fold_ascii(b)[0].lower()
    sa, sb = skeletons(a), skeletons(b)
    if sa & sb:
        return True
    if any(_gendered_pair(x, y) for x in sa for y in sb):
        return False  # Eric / Erica, Alexander / Alexandra, Ivan / Ivana: two people
    if any(x[:1] == y[:1] and ratio(x, y) >= 80 for x in sa for y in sb):
        return True
    if cross_script(a, b):
        return _sounds_alike(a, b, spelling=False)  # Стив / Steve, Майк / Mike: the surname already matched
    return _nick_related(a, b)


def _spelt_alike(a: PersonName, b: PersonName) -> bool:
    """One name written with other spacing or hyphens: "Kim Jong-un" / "Kim Jong Un", or a
    compound surname alone / a full name ending with it ("Wasserman Schultz" / "Debbie
    Wasserman-Schultz"). Only names of two words or more: a lone word is a surname, decided below."""
    if a.suffix != b.suffix or len(a.given) + len(a.surname.split()) < 2:
        return False
    whole = compact_key(" ".join((*a.given, a.surname)))
    return bool(whole) and whole in (compact_key(" ".join((*b.given, b.surname))), compact_key(b.surname))


def same_person(a: str | PersonName, b: str | PersonName) -> bool:
    """Could these two names denote one person? Surname first; given names when both have one."""
    pa = a if isinstance(a, PersonName) else person_name(a)
    pb = b if isinstance(b, PersonName) else person_name(b)
    if pa.surname and pb.surname and (_spelt_alike(pa, pb) or _spelt_alike(pb, pa)):
        return True
    if not pa.surname or not pb.surname or not surnames_match(pa.surname, pb.surname):
        return False
    if pa.suffix != pb.suffix and (pa.given and pb.given):
        return False  # Donald Trump / Donald Trump Jr.
    if not pa.given or not pb.given:
        return True
    if not given_match(pa.given[0], pb.given[0]):
        return False
    # middle names, patronymics or initials, when both give one, must agree as well
    if len(pa.given) > 1 and len(pb.given) > 1:
        return given_match(pa.given[1], pb.given[1])
    return True


# --- organisations and other names -----------------------------------------------------------
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Key of a non-person name: case, accents, script, articles, possessives and punctuation ignored."""
    text = _LEADING_THE.sub("", text.strip())
    if _CYRILLIC.search(text):
        text = iuliia.ICAO_DOC_9303.translate(text)
    text = re.sub(r"['’]s$", "", text)
    text = fold_ascii(text).lower()
    text = re.sub(r"['’`.]", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text)) or text


# function words that acronyms skip, in the languages we read (Russian: ОБСЕ is "Организация по
# безопасности и сотрудничеству в Европе")
_ORG_STOP = frozenset("of the and for on in at to de la du des по и в во на для о об при с со к у за от из".split())


def initials(text: str) -> str:
    """'Central Bank of Russia' -> 'CBR'; 'Russian Direct Investment Fund' -> 'RDIF'; a word
    hyphenated to a lower-case part gives one letter ('Organization for Security and Co-operation in
    Europe' -> 'OSCE', but 'Price-Waterhouse-Cooper' -> 'PWC'), in any script ('Организация по
    безопасности и сотрудничеству в Европе' -> 'ОБСЕ')."""
    words = re.findall(r"[A-Za-zА-Яа-яЁё]+(?:-[a-zа-яё]+)*", _LEADING_THE.sub("", text))
    return "".join(w[0].upper() for w in words if w.lower() not in _ORG_STOP)


def capitals_initials(words: Iterable[str]) -> str:
    """The initials of the capitalised words among these ("head of the Russian Direct Investment
    Fund" -> "RDIF"): what a role is called by its acronym."""
    return initials(" ".join(w for w in words if w[:1].isupper()))


def is_acronym(text: str) -> bool:
    core = text.replace(".", "")
    return 2 <= len(core) <= 7 and core.isupper() and core.isalpha()


def acronym_key(text: str) -> str:
    return text.replace(".", "").upper()
