"""Acceptance on the five real seed texts (../shared/seeds): nine documents with the metadata the
texts state, and no page furniture left in any document text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, cli, export_checked, needs_shared

pytestmark = needs_shared

EXPECTED = [
    # (source, part, title, outlet, authors, published, basis)
    ("000_94b42c1fbb9f5abb.txt", 0, None, None, ["John Helmer"], "2026-02", "inferred"),
    ("001_8e293b29708b3617.txt", 0,
     "Reset Again? How Putin is Finding an Approach to Trump and What's Happening Between Russia and the US",
     "RBC-Ukraine", ["Yulia Akimova"], "2025-03-13", "stated"),
    ("002_8c33b526345ffc9d.txt", 0, None, "Izvestia", [], "2025-04-04", "stated"),
    ("003_59afda3a659f64a4.txt", 0, "Results of Kirill Dmitriev's visit to Washington", "Izvestia", [], "2025-04",
     "inferred"),
    ("004_8d1b8422759d6a69.txt", 0, "Russia Says It Hasn’t Received a Request for Putin-Trump Talks", "Antiwar.com",
     ["Dave DeCamp"], "2025-01-27", "stated"),
    ("004_8d1b8422759d6a69.txt", 1,
     "Ukrainian Military Intel Chief Warns of Threat to Ukraine’s Existence if Negotiations With Russia Don’t Start",
     "Antiwar.com", ["Dave DeCamp"], "2025-01-27", "stated"),
    ("004_8d1b8422759d6a69.txt", 2, "Getting Russia Wrong: A Quarter Century of Putin", "The American Conservative",
     ["James Carden"], "2025-01-16", "stated"),
    ("004_8d1b8422759d6a69.txt", 3, "Russian Casualties and the Russian Economy — A Memo for President Donald Trump",
     "Substack", ["Larry C. Johnson"], "2025-01-23", "stated"),
    ("004_8d1b8422759d6a69.txt", 4, "The Predictable Collapse of Pan-European Security", "Substack", ["Glenn Diesen"],
     "2025-01-15", "stated"),
]  # fmt: skip

# Lines of the seeds that are page furniture, not article text.
FURNITURE = [
    "By John Helmer, Moscow", "@bears_with", "(more…)",
    "• 13/03/2025 02:17", "(Photo: Getty Images)", "(photo: Getty Images)", "(photo: president.gov.ua)",
    "Author: Yulia Akimova", "Content", "• Resetting relations with Russia", "www.rbc.ua", "Leave a Reply",
    "Your email address will not be published", "From Izvestia, April 4, 2025", "* * *",
    "Skip to main content", "Advertisement", "Live broadcast", "Main slide", "Beginning of the article",
    "Select important", "Переведено сервисом", "Следующая новость", "cookie",
    "By Dave DeCamp", "***", "By James Carden", "By Larry C. Johnson", "By Glenn Diesen",
    "Larry C. Johnson is Managing Partner",
]  # fmt: skip


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("seeds")
    code, output = cli("build", SEEDS, "--db", tmp / "seeds.db")
    assert code == 0, output
    return export_checked(tmp / "seeds.db", tmp)


def test_nine_documents_with_stated_metadata(dossier: dict) -> None:
    got = [
        (d["source"], d["part"], d["title"], d["outlet"], d["authors"], d["published"], d["published_basis"])
        for d in dossier["documents"]
    ]
    assert got == EXPECTED


def test_no_furniture_survives(dossier: dict) -> None:
    for d in dossier["documents"]:
        lines = d["text"].split("\n")
        for junk in FURNITURE:
            if junk in ("Content", "Advertisement", "***", "* * *", "(more…)"):
                assert junk not in lines, (d["source"], junk)
            else:
                assert junk not in d["text"], (d["source"], junk)
        assert "Reset Again?" not in d["text"]  # the headline repeated as image alt text
        assert "Putin-Trump Talks;" not in d["text"]  # the digest's joined title line
        if d["title"]:
            assert d["title"] not in d["text"].split("\n")
        assert d["text"] == d["text"].strip() and all(ln == ln.rstrip() for ln in lines)


def test_translation_notice_and_languages(dossier: dict) -> None:
    by = {(d["source"], d["part"]): d for d in dossier["documents"]}
    assert by[("003_59afda3a659f64a4.txt", 0)]["translation"] == "Яндекс Переводчик"
    assert all(d["language"] == "en" for d in dossier["documents"])
    assert sum(1 for d in dossier["documents"] if d["translation"]) == 1


def test_article_text_is_kept(dossier: dict) -> None:
    by = {(d["source"], d["part"]): d["text"] for d in dossier["documents"]}
    assert by[("000_94b42c1fbb9f5abb.txt", 0)].startswith("President Vladimir Putin has given instructions")
    assert by[("003_59afda3a659f64a4.txt", 0)].startswith("Russia and the United States have moved one step further")
    assert "Who is obstructing the dialogue" in by[("003_59afda3a659f64a4.txt", 0)]  # a section heading stays
    assert by[("004_8d1b8422759d6a69.txt", 3)].startswith("Mr. President, I believe")
    assert "By 2011–2012, the unelected" in by[("004_8d1b8422759d6a69.txt", 2)]
    for (_src, _part), text in by.items():
        assert len(text.split()) > 200


def test_sources_named_without_directories(dossier: dict) -> None:
    assert all("/" not in d["source"] for d in dossier["documents"])
    assert len({d["id"] for d in dossier["documents"]}) == 9


def test_rebuild_gives_the_same_ids(tmp_path: Path, dossier: dict) -> None:
    code, _ = cli("build", SEEDS, "--db", tmp_path / "again.db")
    assert code == 0
    again = export_checked(tmp_path / "again.db", tmp_path)
    assert [d["id"] for d in again["documents"]] == [d["id"] for d in dossier["documents"]]
