"""The learned speaker ranker (`storyline/extract/quotes/ranker.py`): its weights load, it fails
clearly without them, and on real parses it ranks the speaker of a quote the rules leave without
one the way a reader would. Sentences written for the test; the real English spaCy model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.extract.mentions import extract_entities, extract_entities_ru
from storyline.extract.quotes import extract_quotes, ranker
from storyline.extract.quotes.core import Article, attribute_direct, cue_near
from storyline.extract.quotes.en import ENGLISH
from storyline.extract.quotes.ru import RUSSIAN
from storyline.extract.spans import Regions
from storyline.nlp import english, parse_russian, russian_spacy

# the speech verb is in the sentence before the quote, which the rules do not search (only the
# quote's own sentences and a "said:" lead-in): they find nobody. The name inside a quotation
# ("Jim Walker's farm", a title, not a quote) and the quote's own words are not its speaker.
UNATTRIBUTED = (
    "Senator Mary Jones told reporters on Tuesday that the bill would hurt “Jim Walker's farm”. "
    "“We will not let this bill pass while farmers in Ohio are paying for it. Not this year.”"
)


def article(text: str) -> Article:
    doc = english()(text)
    ctx = Article(doc, extract_entities(doc), ENGLISH)
    ctx.quoted = Regions(ENGLISH.quoted_regions(ctx, ENGLISH.spans(ctx)))
    return ctx


def ranked(text: str, fragment: str) -> tuple[list[tuple[float, str]], Article]:
    """The candidates for the quote containing `fragment`, best first, as (probability, phrase)."""
    ctx = article(text)
    span = next(s for s in ENGLISH.spans(ctx) if fragment in text[s.start : s.end])
    model = ranker.load()
    found = ranker.candidates(ctx, span, cue_near(ctx, span))
    return sorted(((model.probability(c.features), c.span.text) for c in found), reverse=True), ctx


def test_weights_load_with_provenance() -> None:
    model = ranker.load()
    assert set(model.weights) == set(ranker.FEATURES) and 0.0 < model.threshold <= 1.0
    data = json.loads(ranker.WEIGHTS.read_text(encoding="utf-8"))
    assert {"data", "commit", "command", "date"} <= set(data["provenance"]) and data["grammar"] == "English"


def test_missing_weights_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"speaker_model\.py"):
        ranker.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"weights": {}}', encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"bad\.json"):
        ranker.load(bad)


def test_features_are_the_trained_ones() -> None:
    ctx = article(UNATTRIBUTED)
    span = next(s for s in ENGLISH.spans(ctx) if "Not this year" in UNATTRIBUTED[s.start : s.end])
    found = ranker.candidates(ctx, span, None)
    assert found and all(list(c.features) == list(ranker.FEATURES) for c in found)


def test_the_rules_leave_this_quote_without_a_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_SPEAKER_MODEL", "off")
    ctx = article(UNATTRIBUTED)
    span = next(s for s in ENGLISH.spans(ctx) if "Not this year" in UNATTRIBUTED[s.start : s.end])
    q = attribute_direct(ctx, span)
    assert q is not None and q.speaker_text is None


def test_subject_of_said_ranks_above_a_name_inside_a_quote() -> None:
    order, _ctx = ranked(UNATTRIBUTED, "Not this year")
    phrases = [p for _prob, p in order]
    assert phrases[0] == "Senator Mary Jones", order
    assert not any("Walker" in p for p in phrases[:2]), order  # named inside another quote
    assert not any("Ohio" in p for p in phrases), order  # the quote's own words are no candidate


def test_switched_on_the_model_names_the_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_SPEAKER_MODEL", "on")
    doc = english()(UNATTRIBUTED)
    ex = extract_entities(doc)
    names = {e.local: e.name for e in ex.entities}
    q = next(q for q in extract_quotes(doc, ex) if "Not this year" in UNATTRIBUTED[q.start : q.end])
    assert q.speaker_text == "Senator Mary Jones" and names.get(q.speaker) == "Mary Jones"


def test_switched_off_the_rules_alone_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_SPEAKER_MODEL", "off")
    doc = english()(UNATTRIBUTED)
    q = next(q for q in extract_quotes(doc, extract_entities(doc)) if "Not this year" in UNATTRIBUTED[q.start : q.end])
    assert q.speaker_text is None


def test_a_term_in_quotation_marks_gets_no_speaker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model is asked only about quotes: a short title in quotation marks is no quote at all."""
    monkeypatch.setenv("STORYLINE_SPEAKER_MODEL", "on")
    text = "Senator Mary Jones said on Tuesday that the vote would come soon.\nThe “Farm Bill” passed in June."
    doc = english()(text)
    assert not [q for q in extract_quotes(doc, extract_entities(doc)) if "Farm Bill" in text[q.start : q.end]]


def test_unset_switch_follows_the_weights_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without STORYLINE_SPEAKER_MODEL the shipped file's `enabled` decides (off: measured worse on the audit)."""
    monkeypatch.delenv("STORYLINE_SPEAKER_MODEL", raising=False)
    doc = english()(UNATTRIBUTED)
    q = next(q for q in extract_quotes(doc, extract_entities(doc)) if "Not this year" in UNATTRIBUTED[q.start : q.end])
    assert (q.speaker_text is not None) == ranker.load().enabled


def test_other_languages_are_not_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trained on English parses: a Russian quote the rules leave alone stays without a speaker."""
    monkeypatch.setenv("STORYLINE_SPEAKER_MODEL", "on")
    text = "Министр Анна Петрова встретилась с журналистами.\n«Мы не позволим принять этот закон в этом году».\n"
    doc = russian_spacy(parse_russian(text))
    ctx = Article(doc, extract_entities_ru(doc), RUSSIAN)
    spans = RUSSIAN.spans(ctx)
    ctx.quoted = Regions(RUSSIAN.quoted_regions(ctx, spans))
    span = next(s for s in spans if "закон" in text[s.start : s.end])
    shipped = ranker.load()
    eager = ranker.Model(shipped.weights, shipped.bias, 0.0, True, shipped.grammar)  # accepts any pick
    assert ranker.pick(ctx, span, None, eager) is None  # the English model is not asked ...
    russian = ranker.Model(shipped.weights, shipped.bias, 0.0, True, "Russian")
    assert ranker.pick(ctx, span, None, russian) is not None  # ... though there is someone to pick
