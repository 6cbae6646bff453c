"""What negotiations are about: a general agenda taxonomy, in English and Russian.

A position ("Russia demands sanctions relief") is filed under the agenda issue its content is about.
The taxonomy is general — what any international negotiation trades (ceasefires, territory,
security guarantees, sanctions, trade, energy, finance and frozen assets, prisoners and
humanitarian matters, diplomatic relations, nuclear matters and arms control, navigation and
transport, elections and governance) — so that the Iran nuclear talks, the US–China trade talks
and the US–Russia track each fall into it without anyone writing a list for them. The words are
common nouns and verbs of each domain (and the few generic institutions every domain has: SWIFT is
the payment network of all banks, not a party), never a party's or a sample's names. Finer
sub-issues are not listed here: the positions stage finds them in the data (the head of what is
proposed: "energy infrastructure strikes", "embassy staffing").

No package classifies text into negotiation issues offline; a keyword table is what can be read,
checked and extended, and each word says which issue it is evidence for.
"""

from __future__ import annotations

import re
from functools import lru_cache

ISSUES: dict[str, str] = {
    "ceasefire": "Ceasefire and hostilities",
    "territory": "Territory and borders",
    "security": "Security guarantees and alliances",
    "sanctions": "Sanctions and their relief",
    "trade": "Trade, investment and economic cooperation",
    "energy": "Energy",
    "finance": "Finance, payments and frozen assets",
    "humanitarian": "Prisoners and humanitarian matters",
    "diplomacy": "Diplomatic relations and the talks themselves",
    "nuclear": "Nuclear matters and arms control",
    "transport": "Navigation and transport",
    "governance": "Elections, governance and ratification",
    "other": "Other",
}

# Word stems per issue (lower case; a stem matches a word that starts with it). English then Russian.
_WORDS: dict[str, tuple[str, ...]] = {
    "ceasefire": (
        "ceasefire", "cease-fire", "truce", "armistice", "hostilit", "fighting", "strikes on", "strikes against",
        "attacks on", "shelling", "offensive", "withdraw troops", "withdraw forces", "withdrawal of troops",
        "withdrawal of forces", "troop withdrawal", "troops out", "de-escalat", "war ",
        "end the war", "peace deal", "peace plan", "peace agreement", "peace talks", "moratorium on strikes",
        "прекращение огня", "перемири", "боевых действий", "удар", "обстрел", "отвод войск", "вывод войск",
        "мирн", "деэскалац",
    ),
    "territory": (
        "territor", "border", "frontier", "annex", "occupied", "region", "land ", "buffer zone", "demilitar",
        "sovereignty over", "территори", "границ", "аннекс", "буферн", "демилитаризац", "регион",
    ),
    "security": (
        "security guarantee", "guarantee", "nato", "alliance", "membership", "peacekeep", "troops", "military base",
        "bases", "deploy", "military aid", "weapons", "arms supplies", "defense pact", "defence pact", "neutral",
        "гаранти", "нато", "альянс", "миротвор", "военн", "войск", "оружи", "нейтрал",
    ),
    "sanctions": (
        "sanction", "embargo", "blacklist", "export control", "entity list", "restrictions", "relief",
        "санкци", "эмбарго", "ограничени",
    ),
    "trade": (
        "trade", "tariff", "duties", "import", "export", "purchase", "market access", "investment", "invest",
        "joint venture", "business", "companies", "firms", "intellectual property", "technology transfer",
        "forced technology", "subsid", "economic cooperation", "manufactur", "agricultur", "soybean", "rare earth",
        "minerals", "raw materials", "торгов", "пошлин", "импорт", "экспорт", "инвест", "бизнес", "компани",
        "экономическ", "редкоземельн", "сотрудничеств",
    ),
    "energy": (
        "energy infrastructure", "energy facilit", "energy sector", "energy suppl", "energy export", "energy deal",
        "energy security", "energy price", "energy cooperation", "oil", "gas", "pipeline", "power plant",
        "nuclear power", "electricity", "fuel", "lng",
        "энерг", "нефт", "газ", "трубопровод", "электр", "топлив", "аэс",
    ),
    "finance": (
        "swift", "bank", "payment", "currency", "dollar", "frozen assets", "assets", "reserves", "debt", "loan",
        "settlement system", "financial", "finance", "банк", "платеж", "платёж", "валют", "доллар", "активы",
        "активов", "резерв", "долг", "кредит", "финанс",
    ),
    "humanitarian": (
        "prisoner", "detainee", "hostage", "exchange of", "swap", "humanitarian", "aid", "refugee", "civilian",
        "children", "пленн", "заключенн", "заложник", "обмен", "гуманитарн", "беженц", "мирных жител", "детей",
    ),
    "diplomacy": (
        "embassy", "embassies", "diplomat", "consulate", "ambassador", "diplomatic relations", "dialogue",
        "talks", "negotiat", "summit", "meeting", "round of", "mediat", "envoy", "visa",
        "посольств", "дипломат", "консульств", "посол", "переговор", "диалог", "саммит", "встреч", "посредни",
    ),
    "nuclear": (
        "nuclear", "enrichment", "enrich", "uranium", "centrifuge", "plutonium", "inspection", "inspector", "iaea",
        "warhead", "missile", "arms control", "non-proliferation", "new start", "ядерн", "обогащен", "уран",
        "центрифуг", "инспекц", "магатэ", "ракет", "контроль над вооружени",
    ),
    "transport": (
        "navigation", "shipping", "ship", "vessel", "port", "black sea", "sea lanes", "grain corridor", "corridor",
        "flights", "airline", "aviation", "transit", "railway", "судоходств", "судно", "судов", "порт",
        "черном мор", "черноморск", "коридор", "авиа", "рейс", "транзит",
    ),
    "governance": (
        "election", "vote", "referendum", "constitution", "congress", "parliament", "senate", "ratif", "approval",
        "legislat", "governance", "regime", "leadership", "выбор", "референдум", "конституц", "парламент",
        "ратифик", "дума",
    ),
}  # fmt: skip

# a word that is the head of what is on the table weighs more than one beside it
HEAD_WEIGHT = 3


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        issue: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
        for issue, words in _WORDS.items()
    }


def issue_scores(text: str) -> dict[str, int]:
    """How many words of each issue the text has."""
    return {issue: n for issue, p in _patterns().items() if (n := len(p.findall(text)))}


def issue_of(content: str, head: str = "", context: str = "") -> str | None:
    """The issue a position is about: its head ('sanctions' in 'lift the sanctions') weighs most,
    then the rest of what it proposes, then its sentence; None when nothing on any agenda is named.
    Ties go to the more specific issue (diplomacy, the talks themselves, last)."""
    scores: dict[str, float] = {}
    for text, weight in ((head, HEAD_WEIGHT), (content, 1.0), (context, 0.25)):
        for issue, n in issue_scores(text).items():
            scores[issue] = scores.get(issue, 0.0) + weight * n
    if not scores:
        return None
    order = list(ISSUES)
    return max(scores, key=lambda i: (scores[i], i != "diplomacy", -order.index(i)))
