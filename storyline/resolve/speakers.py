"""Speakers that only the corpus can name: "the Russian dictator" in an article that never says
who is Russian.

An article's own words decide most descriptions (extract/quotes: a role that repeats the
description, the person in focus). A description that names a country is left unresolved there
when the article gives nobody that country, although a reader knows it from the rest of the
coverage. Here, after entities are resolved across documents, such a description goes to the
nearest person named before its quotation (outside quotations, within `REACH` characters) whose
roles and titles anywhere in the corpus name every country it names — and, for an office ("the
Russian president"), repeat its head noun. Nearest first, because the article's own salience was
already consulted and found no one; nobody when no one qualifies. The link keeps the mention it
came from, as the article-level links do (`via_how` "description").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from storyline.lexicon.countries import country_code
from storyline.lexicon.roles import DESCRIPTIVE_NOUNS, DESCRIPTIVE_STEMS_RU, PERSON_NOUNS, ROLE_STEMS_RU
from storyline.resolve.stage import Changes
from storyline.store import reads
from storyline.store.db import Store

REACH = 1500  # characters before the quotation in which its speaker is looked for
_WORD = re.compile(r"[\w'’.-]+")


def countries_in(words: str) -> set[str]:
    """The countries a phrase names or qualifies ("Russian" -> RU)."""
    return {c for w in _WORD.findall(words) if w[:1].isalpha() and (c := country_code(w.strip(".'’"))) is not None}


def description(speaker_text: str) -> tuple[str, bool, set[str]] | None:
    """(head noun, whether it is descriptive rather than an office, countries) of a person
    description that names a country; None for anything else (names, plurals, things)."""
    words = [w.lower().strip(".'’") for w in _WORD.findall(speaker_text)]
    latin = words and words[0].isascii()
    if len(words) < 2 or (latin and words[0] not in ("the", "this", "that")):
        return None  # "a Russian expert" is someone new, "his counterpart" someone the owner decides
    head = words[-1]
    descriptive = head in DESCRIPTIVE_NOUNS or head.startswith(DESCRIPTIVE_STEMS_RU)
    if not (descriptive or head in PERSON_NOUNS or head.startswith(ROLE_STEMS_RU)):
        return None
    countries = countries_in(" ".join(_WORD.findall(speaker_text)[:-1]))
    return (head, descriptive, countries) if countries else None


def fits(head: str, descriptive: bool, countries: set[str], titles: Iterable[str]) -> bool:
    """Does some role or title the corpus gives a person name these countries (and, for an office,
    this head noun)?"""
    for t in titles:
        if countries <= countries_in(t) and (descriptive or head in {w.lower() for w in _WORD.findall(t)}):
            return True
    return False


def update(store: Store, changes: Changes) -> int:
    """Link what the corpus can link; returns how many quotes got a speaker. Every unresolved
    description is looked at on each build (they are few), since a new document can give a
    person the country that settles an old one."""
    del changes  # the whole (small) set is revisited
    quotes = [(q, d) for q in reads.unresolved_speakers(store.conn) if (d := description(q["speaker_text"]))]
    if not quotes:
        return 0
    docs = {q["doc_id"] for q, _d in quotes}
    people = reads.people_mentions(store.conn, docs)
    titles = reads.entity_titles(store.conn, {p["entity_id"] for p in people if p["entity_id"]})
    people_in: dict[str, list[dict]] = defaultdict(list)  # by document: each quote looks only at its own
    for p in people:
        people_in[p["doc_id"]].append(p)
    spans_in: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d, a, b in reads.quoted_spans(store.conn, docs):
        spans_in[d].append((a, b))
    links = []
    for q, (head, descriptive, countries) in quotes:
        spans = spans_in[q["doc_id"]]
        before = sorted(
            (p for p in people_in[q["doc_id"]] if q["start"] - REACH <= p["start"] < q["start"]
             and p["kind"] != "title" and not any(a <= p["start"] < b for a, b in spans)),
            key=lambda p: -p["start"],
        )  # fmt: skip
        for p in before:
            if p["entity_id"] and fits(head, descriptive, countries, titles.get(p["entity_id"], ())):
                links.append({"doc_id": q["doc_id"], "idx": q["idx"], "local": p["local"],
                              "via_start": p["start"], "via_end": p["end"], "how": "description"})  # fmt: skip
                break
    store.set_quote_speakers(links)
    return len(links)
