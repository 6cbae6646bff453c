"""One token model: natasha's analysis of a Russian text, read back from the spaCy Doc that
`nlp.russian_spacy` builds, is natasha's analysis — tokens, lemmas, tags, morphology, heads,
sentences, entities and their nominative forms — over exactly the same text."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, SHARED

from storyline.nlp import parse_russian, russian_spacy

TEXTS = [
    (REPO / "tests" / "data" / "ru" / "istanbul_ru.txt").read_text(encoding="utf-8"),
    "\n\n  Заголовок\n\nПервый абзац.  Второй —  «цитата».\n",
    "Песков заявил: «Мы готовы». Встреча прошла в Стамбуле 27 февраля.",
]
TEXTS += [json.loads(line)["text"] for line in (REPO / "bench" / "data" / "ner_ru_sample.jsonl").open(encoding="utf-8")]
FACTRU = sorted((SHARED / "data" / "factru-dev").glob("*.txt"))


def _differences(text: str) -> list[str]:
    rd = parse_russian(text)
    doc = russian_spacy(rd)
    assert doc.text == text
    at = {t.idx: t for t in doc}
    out = []
    for r in rd.tokens:
        t = at[r.start]
        head = rd.tokens[r.head].start if r.head >= 0 else t.idx
        seen = (t.idx + len(t.text), t.lemma_, t.pos_, t.dep_, t.morph.to_dict(), t.head.idx)
        if seen != (r.end, r.lemma, r.pos, r.rel or "dep", r.feats, head):
            out.append(f"token {r.text!r}: {seen}")
    sentences = [(s[0].idx, max(t.idx + len(t.text) for t in s if not t.is_space)) for s in doc.sents if s.text.strip()]
    if sentences != rd.sents:
        out.append(f"sentences {sentences} != {rd.sents}")
    ents = [(e.start_char, e.end_char, e.label_, e._.normal) for e in doc.ents]
    if ents != [(s.start, s.end, s.type, s.normal) for s in rd.spans]:
        out.append(f"entities {ents}")
    return out


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_the_spacy_doc_says_what_natasha_says(i: int) -> None:
    assert _differences(TEXTS[i]) == []


@pytest.mark.skipif(not FACTRU, reason="../shared/data/factru-dev is not beside the checkout")
def test_the_spacy_doc_says_what_natasha_says_on_factru() -> None:
    wrong = {p.name: d for p in FACTRU if (d := _differences(p.read_text(encoding="utf-8")))}
    assert wrong == {}


def test_an_empty_text_gives_an_empty_doc() -> None:
    assert len(russian_spacy(parse_russian(""))) == 0
