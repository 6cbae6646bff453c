"""The demo corpus against the expectations written alongside it (examples/expected.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES

from storyline.ingest.files import file_units
from storyline.model import Skip
from storyline.prepare import prepare

EXPECTED = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_file(name: str) -> None:
    articles = []
    for unit in file_units(Path(EXAMPLES / name)):
        assert not isinstance(unit, Skip), unit
        articles += prepare(unit).articles
    expected = EXPECTED[name]
    assert len(articles) == len(expected)
    for a, e in zip(articles, expected, strict=True):
        got = {
            k: getattr(a, k)
            for k in ("title", "outlet", "authors", "published", "published_basis", "language", "translation")
        }
        assert got == {k: e[k] for k in got}
        for junk in e["must_not_contain"]:
            assert junk not in a.text, junk
