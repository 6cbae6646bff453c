"""Roles and titles of people, read off the parse: premodifiers and appositions.

"Kremlin spokesman Dmitry Peskov"      -> "Kremlin spokesman"     (words before the name that depend on it)
"Dmitriev, head of the Russian Direct Investment Fund, said" -> "head of the Russian Direct Investment Fund"
"Kirill Dmitriyev, the Russian president's special envoy who visited ..." -> "Russian president's special envoy"

A role must contain a common or proper noun that is not itself a name (so "Russian" or "Trump"
alone is no role), and relative clauses are cut off.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from storyline.lexicon.roles import PERSON_NOUNS  # re-exported: the English role nouns live in the lexicon

_HONORIFIC = frozenset("mr mrs ms miss dr prof sir dame lord lady mister".split())
_NAME_LABELS = frozenset({"PERSON", "GPE", "NORP", "ORG", "LOC", "FAC"})
_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "punct"})
MAX_ROLE_TOKENS = 16

__all__ = ["MAX_ROLE_TOKENS", "PERSON_NOUNS", "appositive_roles", "is_person_noun", "premodifier_role"]

_AGENT_SUFFIX = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman|person|ee|ary|ive|at)$")


def is_person_noun(t: Token) -> bool:
    """Does this noun name a person by position or trade (envoy, researcher, adviser ...)?"""
    lemma = t.lemma_.lower()
    return t.pos_ in ("NOUN", "PROPN") and (lemma in PERSON_NOUNS or bool(_AGENT_SUFFIX.search(lemma)))


def _is_role_noun(t: Token) -> bool:
    return t.pos_ in ("NOUN", "PROPN") and (t.ent_type_ not in _NAME_LABELS or t.lemma_.lower() in PERSON_NOUNS)


def premodifier_role(name: Span) -> Span | None:
    """The words right before a person's name that modify it ("Kremlin spokesman")."""
    root = name.root
    subtree = {t.i for t in root.subtree}
    doc = name.doc
    i = name.start - 1
    while i >= 0 and i in subtree and doc[i].text not in (",", ";", "“", '"', "—", "–") and doc[i].dep_ != "cc":
        i -= 1
    start = i + 1
    # a role starts at a noun or adjective: not at a determiner, a bracket or a gerund ("Welcoming ...")
    while start < name.start and (doc[start].dep_ == "det" or doc[start].is_punct or doc[start].pos_ == "VERB"):
        start += 1
    while start < name.start and doc[start].lower_.rstrip(".") in _HONORIFIC:
        start += 1
    if start >= name.start or name.start - start > MAX_ROLE_TOKENS:
        return None
    role = doc[start : name.start]
    return role if any(_is_role_noun(t) for t in role) else None


def appositive_roles(name: Span) -> list[Span]:
    """Appositions of the name ("..., the head of Ukraine's military intelligence, ...", and "the
    head of the fund, Dmitriev, ..." where the name is the apposition)."""
    out: list[Span] = []
    doc = name.doc
    for child in name.root.children:
        if child.dep_ != "appos" or child.i < name.end or child.ent_type_ == "PERSON":
            continue
        if not any(t.text in (",", "(", "—", "–") for t in doc[name.end : child.i]):
            continue  # "calls Zelensky a dictator" is a predicate, not an apposition
        keep = _subtree_without_clauses(child)
        if not keep:
            continue
        lo, hi = min(keep), max(keep) + 1
        # stop at the first comma/parenthesis after the head noun: the apposition ends there
        for j in range(child.i, hi):
            if doc[j].text in (",", ";", "(", ")", "—", "–") and j > child.i:
                hi = j
                break
        while lo < hi and (doc[lo].dep_ == "det" or doc[lo].is_punct):
            lo += 1
        span = doc[lo:hi]
        if 0 < len(span) <= MAX_ROLE_TOKENS and is_person_noun(child):
            out.append(span)
    head = name.root.head
    if name.root.dep_ == "appos" and head.i < name.start and is_person_noun(head) and head.ent_type_ != "PERSON":
        # "The head of the fund, Kirill Dmitriev, said": the phrase the name stands in apposition to
        lo = head.left_edge.i
        hi = next((j for j in range(head.i + 1, name.start) if doc[j].text in (",", "(", "—", "–")), name.start)
        while lo < hi and (doc[lo].dep_ == "det" or doc[lo].is_punct):
            lo += 1
        if 0 < hi - lo <= MAX_ROLE_TOKENS and doc[hi].text in (",", "(", "—", "–"):
            out.append(doc[lo:hi])
    return out


def _subtree_without_clauses(head: Token) -> set[int]:
    keep: set[int] = set()
    stack = [head]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in _CUT_DEPS)
    return keep
