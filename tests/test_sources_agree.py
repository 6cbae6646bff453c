"""Duplicates, stories, numeric claims and conflicts across sources (issue 6).

Texts below are written for these tests; the seeds acceptance runs on ../shared/seeds."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEEDS, build_texts, cli, export_checked, needs_shared

from storyline.resolve.conflicts import Figure, value_conflicts
from storyline.resolve.stories import DocFeatures, cluster

# --- an article, a republished copy with an extra paragraph, an independent second rendering
# (as a second translation would be), and an unrelated article on the same beat ---------------------
ORIGINAL = """Harbour deal signed after night of talks
By Anna Lindqvist
Published 12 March 2024

Negotiators from Norland and Estmark signed an agreement on Tuesday that reopens the northern harbour to cargo ships after eleven months of closure.
The talks in the coastal city of Varby lasted through the night, and the final text was initialled shortly before dawn by the two chief negotiators.
Under the deal, Norland will cut port fees by 15% and Estmark will allow inspections of up to 40 vessels a week by a joint commission.
Norland's transport minister, Petra Aalto, said the agreement would "bring the fishermen and the freight companies back to work within a month."
Estmark's delegation said the commission would meet for the first time in April and publish its first report before the summer.
Critics in both parliaments warned that the inspection regime was vague and could collapse at the first serious incident at sea.
"""

COPY = """Harbour deal signed after night of talks
Republished with permission. Photo: archive.

Negotiators from Norland and Estmark signed an agreement on Tuesday that reopens the northern harbour to cargo ships after eleven months of closure.
The talks in the coastal city of Varby lasted through the night, and the final text was initialled shortly before dawn by the two chief negotiators.
Under the deal, Norland will cut port fees by 15% and Estmark will allow inspections of up to 40 vessels a week by a joint commission.
Norland's transport minister, Petra Aalto, said the agreement would "bring the fishermen and the freight companies back to work within a month."
Estmark's delegation said the commission would meet for the first time in April and publish its first report before the summer.
Critics in both parliaments warned that the inspection regime was vague and could collapse at the first serious incident at sea.
Editor's note: an earlier version of this article misspelled the name of the coastal city.
"""

RENDERING = """Agreement on the harbour signed after all-night negotiations
13 March 2024

On Tuesday the negotiators of Norland and Estmark signed a deal under which the northern harbour reopens to cargo vessels after eleven months of being closed.
The negotiations in the seaside city of Varby went on all night, and the two heads of delegation initialled the final text just before dawn.
According to the agreement, Norland is to lower port fees by 15%, and Estmark is to permit a joint commission to inspect as many as 40 ships each week.
Petra Aalto, the transport minister of Norland, said the deal would "return the fishermen and the freight firms to work within one month."
The delegation of Estmark said that the commission would hold its first meeting in April and release a first report before summer.
Critics in the two parliaments warned that the inspection system was unclear and might fall apart at the first serious incident at sea.
"""

UNRELATED = """Fishing quotas cut again as stocks fall
By Jonas Berg
Published 20 March 2024

Norland's fisheries agency cut the cod quota for the northern waters by 20% on Wednesday, the third cut in three years.
Scientists at the agency said spawning stocks had fallen to the lowest level since records began in the 1970s.
Fishermen's unions said the decision would push small boats out of business and called for compensation from the government.
The agency said it would review the quota in the autumn after a new survey of the fishing grounds.
"""


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("harbour")
    texts = {"a_original.txt": ORIGINAL, "b_unrelated.txt": UNRELATED, "c_rendering.txt": RENDERING}
    db = build_texts(tmp / "corpus", texts, tmp / "h.db")
    # the republished copy arrives in a later build: linked incrementally
    build_texts(tmp / "later", {"d_copy.txt": COPY}, db)
    return export_checked(db, tmp), db


def _by_source(d: dict) -> dict[str, dict]:
    return {doc["source"]: doc for doc in d["documents"]}


def test_copy_and_second_rendering_point_at_the_original(harbour: tuple[dict, Path]) -> None:
    docs = _by_source(harbour[0])
    original = docs["a_original.txt"]["id"]
    assert docs["a_original.txt"]["duplicate_of"] is None
    assert docs["c_rendering.txt"]["duplicate_of"] == original  # translation-like: decided by embeddings
    assert docs["d_copy.txt"]["duplicate_of"] == original  # republished with extra lines: by shingles
    assert docs["b_unrelated.txt"]["duplicate_of"] is None


def test_duplicates_share_a_story_and_the_unrelated_article_does_not(harbour: tuple[dict, Path]) -> None:
    d = harbour[0]
    docs = _by_source(d)
    stories = {docs[s]["story"] for s in ("a_original.txt", "c_rendering.txt", "d_copy.txt")}
    assert len(stories) == 1 and None not in stories
    assert docs["b_unrelated.txt"]["story"] not in stories
    assert {s["id"] for s in d["stories"]} == {doc["story"] for doc in d["documents"]}
    assert all(s["label"] for s in d["stories"])


def test_harbour_claims_and_no_false_conflict(harbour: tuple[dict, Path]) -> None:
    d = harbour[0]
    docs = _by_source(d)
    fees = [c for c in d["claims"] if c["doc"] == docs["a_original.txt"]["id"] and c["unit"] == "percent"]
    assert [(c["value"], c["measure"]) for c in fees] == [(15.0, "port fee change")]
    # the same 15% and "up to 40" vs "as many as 40" in all versions: agreement, not conflict
    assert not [c for c in d["conflicts"] if c["kind"] == "value"]


def test_stories_and_claims_commands(harbour: tuple[dict, Path]) -> None:
    db = harbour[1]
    code, out = cli("stories", "--db", db)
    assert code == 0 and "copy of" in out and "Harbour deal signed" in out
    code, out = cli("claims", "--db", db)
    assert code == 0 and "port fee" in out and "percent" in out
    code, out = cli("claims", "--db", db, "--conflicts")
    assert code == 0 and "No conflicts" in out


# --- a wire story, an outlet's own report that prints it whole, and an independent report (issue 20) --
WIRE = """Floodwaters force evacuations along the Tarn
By the Northern Press Agency

Floodwaters from the swollen river Tarn forced the evacuation of 4,000 residents of the town of Aldmoor on 3 April 2024, regional officials said.
The river rose more than two metres overnight after a week of heavy rain, breaking through a temporary barrier built by volunteers near the old bridge.
Emergency crews used boats to reach families trapped on upper floors, and the regional government opened three shelters in school buildings.
Forecasters said more rain was expected over the weekend and warned that the river could rise again before it began to fall.
"""

OWN_REPORT = """Aldmoor counts the cost as the Tarn spills over
By Mara Holt, Aldmoor Courier
Published 4 April 2024

Shopkeepers on Bridge Street spent the morning shovelling mud out of their doorways, and the baker who has run the corner shop for thirty years said she had never seen the water so high.
Many residents complained that the sirens sounded late, long after the first streets were already under water, and the council promised an inquiry into the warning system.
The council's own flood plan, published last year, had identified the temporary barrier near the old bridge as the weakest point of the town's defences.
Farmers upstream said their fields had been under water for most of the week and that the spring sowing would have to wait until May at the earliest.
Floodwaters from the swollen river Tarn forced the evacuation of 4,000 residents of the town of Aldmoor on 3 April 2024, regional officials said.
The river rose more than two metres overnight after a week of heavy rain, breaking through a temporary barrier built by volunteers near the old bridge.
Emergency crews used boats to reach families trapped on upper floors, and the regional government opened three shelters in school buildings.
Forecasters said more rain was expected over the weekend and warned that the river could rise again before it began to fall.
At the shelter in the primary school, volunteers served soup to families who had left with little more than their coats and their pets.
The mayor said the town would ask the national government for emergency funds to repair the barrier and to compensate the shopkeepers.
"""

INDEPENDENT = """Thousands flee rising river in Aldmoor
By Jon Reyes, Valley Herald
Published 4 April 2024

As many as 9,000 residents of Aldmoor were evacuated on 3 April 2024 as the river Tarn burst through the town's flood barrier, the local fire service said.
Fire crews worked through the night with boats and trucks, and several elderly residents were carried from their homes on stretchers.
The fire service said the barrier near the old bridge had given way shortly after midnight, flooding the lower part of the town within an hour.
Local shelters were full by the morning, and the council asked families with relatives outside the valley to stay with them.
"""


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("wire")
    texts = {"a_wire.txt": WIRE, "b_own_report.txt": OWN_REPORT, "c_independent.txt": INDEPENDENT}
    db = build_texts(tmp / "corpus", texts, tmp / "w.db")
    return export_checked(db, tmp), db


def test_a_wire_passage_inside_an_original_is_a_shared_passage_not_a_duplicate(wire: tuple[dict, Path]) -> None:
    docs = _by_source(wire[0])
    own, wire_doc = docs["b_own_report.txt"], docs["a_wire.txt"]
    assert own["duplicate_of"] is None and wire_doc["duplicate_of"] is None
    shared = own["shares_passage"]
    assert [s["doc"] for s in shared] == [wire_doc["id"]]
    texts = [span["text"] for span in shared[0]["spans"]]
    assert len(texts) == 1 and texts[0].startswith("Floodwaters from the swollen river Tarn")
    assert texts[0].endswith("before it began to fall.") and "Shopkeepers" not in texts[0]
    assert all(own["text"][sp["start"] : sp["end"]] == sp["text"] for sp in shared[0]["spans"])
    assert [s["doc"] for s in wire_doc["shares_passage"]] == [own["id"]]
    assert docs["c_independent.txt"]["shares_passage"] == []


def test_a_conflict_counts_independent_documents_and_says_why(wire: tuple[dict, Path]) -> None:
    d = wire[0]
    claims = {c["id"]: c for c in d["claims"]}
    values = [c for c in d["conflicts"] if c["kind"] == "value"]
    assert len(values) == 1
    conflict = values[0]
    assert sorted(claims[i]["value"] for i in conflict["items"]) == [4000, 4000, 9000]
    assert "3 documents, 2 independent sources" in conflict["note"]
    assert "Judged one quantity" in conflict["note"] and "2024-04-03" in conflict["note"]


def test_a_shared_passage_alone_never_makes_a_conflict() -> None:
    """The wire's figure and an outlet's different figure in a report that prints the wire: one source."""

    def fig(i: str, doc: str, source: str, value: float) -> Figure:
        return Figure(id=i, doc=doc, measure="resident", unit="people", value=value, value_max=None,
                      as_of="2024-04-03", bound=None, status=None, speaker=None, speaker_name=None,
                      holders=frozenset({"Aldmoor"}), source=source, subject="residents evacuated")  # fmt: skip

    same_group = [fig("c1", "w", "w", 4000), fig("c2", "o", "w", 6000)]
    assert value_conflicts(same_group) == []
    assert len(value_conflicts([*same_group, fig("c3", "i", "i", 9000)])) == 1
    one_document_two_speakers = [fig("c4", "x", "x", 100), fig("c5", "x", "x", 900)]
    assert value_conflicts(one_document_two_speakers) == []


# --- two happenings of one kind: fires at two stores of one chain, two weeks apart (issue 20) ---------
FIRES = {
    "f1.txt": """Fire guts Brightmart store in Aldon
By Lena Ward, Valley Herald
Published 3 March 2024

A fire destroyed the Brightmart supermarket on Mill Road in Aldon early on Sunday, the Aldon fire brigade said.
Fire chief Tomas Rell said the blaze started in a storeroom behind the bakery section shortly after 3 a.m.
Forty firefighters fought the flames for five hours before the roof of the Aldon store collapsed.
Brightmart said the Aldon store would stay closed for months and that its staff would be moved to other branches.
""",
    "f2.txt": """Aldon Brightmart fire started in storeroom, chief says
By Piet Osk, Aldon Courier
Published 4 March 2024

The fire that destroyed the Brightmart supermarket in Aldon began in a storeroom behind the bakery, fire chief Tomas Rell said on Monday.
Rell said investigators had found no sign of arson at the Mill Road store and suspected an electrical fault in a freezer.
Residents of Mill Road said smoke from the Aldon fire hung over the town centre for most of Sunday.
Brightmart said it would help the Aldon staff find work at its other branches while the store is rebuilt.
""",
    "f3.txt": """Blaze at Brightmart branch in Corby
By Sara Lind, Northern Post
Published 20 March 2024

A fire broke out at the Brightmart supermarket on Station Street in Corby on Wednesday evening, the Corby fire service said.
Station officer Mara Quist said shoppers and staff were evacuated before the flames reached the checkout area.
The Corby store's warehouse was badly damaged, and firefighters stayed at the scene until the early hours of Thursday.
Brightmart said the Corby branch would reopen once the building had been declared safe.
""",
    "f4.txt": """Corby Brightmart fire: warehouse lost, shoppers safe
By Karl Venn, Corby Echo
Published 21 March 2024

Station officer Mara Quist of the Corby fire service said on Thursday that the Brightmart fire on Station Street had destroyed the store's warehouse.
Quist said all shoppers and staff had left the Corby building safely and that two firefighters were treated for smoke.
Traders on Station Street said the Corby fire had closed the road for most of the night.
Brightmart said the Corby store would reopen once engineers had checked the building.
""",
}


@pytest.fixture(scope="module")
def fires(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("fires")
    db = build_texts(tmp / "corpus", FIRES, tmp / "f.db")
    return export_checked(db, tmp), db


def test_two_fires_at_one_chain_are_two_stories(fires: tuple[dict, Path]) -> None:
    docs = _by_source(fires[0])
    aldon = {docs["f1.txt"]["story"], docs["f2.txt"]["story"]}
    corby = {docs["f3.txt"]["story"], docs["f4.txt"]["story"]}
    assert len(aldon) == 1 and len(corby) == 1 and aldon != corby


def test_a_story_label_says_who_where_and_when(fires: tuple[dict, Path]) -> None:
    docs = _by_source(fires[0])
    labels = {s["id"]: s["label"] for s in fires[0]["stories"]}
    aldon, corby = labels[docs["f1.txt"]["story"]], labels[docs["f3.txt"]["story"]]
    assert "Aldon" in aldon and "March 2024" in aldon and "Corby" not in aldon
    assert "Corby" in corby and "March 2024" in corby and "Aldon" not in corby


def test_an_undated_document_joins_a_story_only_when_it_is_very_close() -> None:
    """A dated document far from a story's last one starts its own; an undated one that merely
    shares the kind's vocabulary does not join it, one that tells the same happening does."""
    story = [_doc("d1", "fire supermarket brightmart aldon storeroom bakery rell", "E1 E2", date="2024-03-03"),
             _doc("d2", "fire supermarket brightmart aldon storeroom freezer rell", "E1 E2", date="2024-03-04")]  # fmt: skip
    kin = _doc("d3", "fire supermarket brightmart corby warehouse quist", "E1 E3", date="")
    same = _doc("d4", "fire supermarket brightmart aldon storeroom bakery rell freezer", "E1 E2", date="")
    late = _doc("d5", "fire supermarket brightmart aldon storeroom bakery rell", "E1 E2", date="2024-06-01")
    found = {d: s.id for s in cluster([*story, kin, same, late]) for d in s.documents}
    assert found["d1"] == found["d2"] == found["d4"]
    assert found["d3"] != found["d1"] and found["d5"] != found["d1"]


# --- seeds acceptance -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    if not SEEDS.is_dir():
        pytest.skip("../shared is not beside the checkout")
    tmp = tmp_path_factory.mktemp("seeds6")
    code, output = cli("build", SEEDS, "--db", tmp / "seeds.db")
    assert code == 0, output
    return export_checked(tmp / "seeds.db", tmp), tmp / "seeds.db"


def _seed(d: dict, prefix: str, part: int = 0) -> dict:
    return next(doc for doc in d["documents"] if doc["source"].startswith(prefix) and doc["part"] == part)


@needs_shared
def test_seed_translations_are_the_only_duplicates(seeds: tuple[dict, Path]) -> None:
    d = seeds[0]
    dups = {doc["source"][:3]: doc["duplicate_of"] for doc in d["documents"] if doc["duplicate_of"]}
    assert dups == {"003": _seed(d, "002")["id"]}  # the stated 4 April date beats "April 2025"
    assert _seed(d, "002")["story"] == _seed(d, "003")["story"]


@needs_shared
def test_seed_translation_difference_is_a_name_conflict(seeds: tuple[dict, Path]) -> None:
    d = seeds[0]
    pair = {_seed(d, "002")["id"], _seed(d, "003")["id"]}
    names = [c for c in d["conflicts"] if c["kind"] == "name"]
    hit = [c for c in names if set(c["items"]) == pair and "Rosselkhozbank" in c["note"]]
    assert hit and "Rosselkhoznadzor" in hit[0]["note"]


def _claims(d: dict, prefix: str, part: int = 0) -> list[dict]:
    doc = _seed(d, prefix, part)["id"]
    return [c for c in d["claims"] if c["doc"] == doc]


@needs_shared
def test_seed_blog_claims(seeds: tuple[dict, Path]) -> None:
    got = {(c["figure"]["text"], c["value"], c["value_max"], c["unit"]) for c in _claims(seeds[0], "000")}
    assert ("$300 billion", 3e11, None, "USD") in got
    assert ("50 basis points", 50.0, None, "basis points") in got
    assert ("15.5%", 15.5, None, "percent") in got
    assert ("minus 6% and minus 7%", -7.0, -6.0, "percent") in got
    rate = next(c for c in _claims(seeds[0], "000") if c["value"] == 15.5)
    assert rate["measure"] == "key rate" and rate["as_of"] == "2026-02-13"


@needs_shared
def test_seed_digest_claims(seeds: tuple[dict, Path]) -> None:
    memo = {c["figure"]["text"]: c for c in _claims(seeds[0], "004", 3)}
    assert memo["88,726"]["value"] == 88726 and memo["88,726"]["unit"] == "people"
    assert memo["88,726"]["status"] == "confirmed" and not memo["88,726"]["hedged"]
    assert memo["800,000"]["value"] == 800000 and memo["800,000"]["hedged"]
    assert memo["800,000"]["measure"] == memo["88,726"]["measure"] == "casualties"
    assert memo["120,000"]["status"] == "estimated"
    assert memo["88,726"]["attributed_to"] == memo["120,000"]["attributed_to"] is not None
    assert (memo["0.5-1.5%"]["value"], memo["0.5-1.5%"]["value_max"]) == (0.5, 1.5)
    assert memo["21%"]["value"] == 21 and memo["21%"]["unit"] == "percent"
    assert memo["$50.2 billion"]["value"] == pytest.approx(5.02e10)
    assert memo["$40.6 billion"]["as_of"] == "2024"  # "in the first half of 2024", after the figure
    troops = _claims(seeds[0], "004", 1)
    assert [(c["value"], c["unit"], c["measure"]) for c in troops] == [(200000, "people", "troops")]


@needs_shared
def test_seed_one_article_quoting_two_estimates_is_no_conflict(seeds: tuple[dict, Path]) -> None:
    """The blog sets a briefing's 800,000 casualties against Mediazona's 88,726: one document that
    prints both is one source (issue 20), so this is the article's own comparison, not a conflict;
    rates at different dates never conflict."""
    d, db = seeds
    claims = {c["id"]: c for c in d["claims"]}
    casualties = sorted(c["value"] for c in claims.values() if c["measure"] == "casualties")
    assert casualties[0] == 88726 and casualties[-1] == 800000
    values = [c for c in d["conflicts"] if c["kind"] == "value"]
    assert not [c for c in values if any(claims[i]["measure"] == "casualties" for i in c["items"])]
    rates = [c for c in values if any(claims[i]["unit"] == "percent" and claims[i]["value"] in (21, 15.5)
                                      for i in c["items"])]  # fmt: skip
    assert not rates  # 21% (January 2025) and 15.5% (February 2026) are different dates
    code, _out = cli("claims", "--db", db, "--conflicts")
    assert code == 0


# --- the corpus-level rules on their own ------------------------------------------------------------
def _doc(i: str, terms: str, ents: str = "", dup: str | None = None, date: str = "2024-01-01") -> DocFeatures:
    return DocFeatures(i, (date, int(i[1:])), Counter(terms.split()), Counter(ents.split()), dup, date)


def test_stories_group_by_shared_entities_and_terms() -> None:
    docs = [
        _doc("d1", "harbour ferry port fees inspection commission", "E1 E2"),
        _doc("d2", "harbour port fees inspection vessels", "E1 E2"),
        _doc("d3", "quota cod fishermen spawning agency", "E3"),
        _doc("d4", "quota cod spawning survey agency", "E3"),
        _doc("d5", "unrelated words entirely different", "E9", dup="d3"),
        _doc("d6", "harbour port fees inspection commission", "E1", date="2024-01-20"),
        _doc("d7", "harbour port fees inspection commission", "E1 E2", date="2024-06-01"),  # months later
    ]
    stories = cluster(docs, {"E1": "Norland", "E2": "Estmark", "E3": "Fisheries Agency"})
    groups = sorted(sorted(s.documents) for s in stories)
    assert groups == [["d1", "d2", "d6"], ["d3", "d4", "d5"], ["d7"]]  # a story silent for months is over
    labels = {s.label for s in stories}
    assert any(label.startswith("Norland · Estmark") for label in labels)


def _fig(i: str, doc: str, value: float, as_of: str, **kw: object) -> Figure:
    base = {
        "measure": "key rate",
        "subject": "the key rate",
        "unit": "percent",
        "value_max": None,
        "bound": None,
        "status": None,
        "speaker": None,
        "speaker_name": None,
        "holders": frozenset({"Norland"}),
        "story": "s1",
        "outlet": None,
    }
    return Figure(id=i, doc=doc, value=value, as_of=as_of, **(base | kw))  # type: ignore[arg-type]


def test_value_conflicts_follow_coder_practice() -> None:
    assert value_conflicts([_fig("a", "d1", 21, "2025-01"), _fig("b", "d2", 15.5, "2026-02-13")]) == []
    found = value_conflicts([_fig("a", "d1", 21, "2025-01"), _fig("b", "d2", 19, "2025-01")])
    assert len(found) == 1 and found[0]["items"] == ["b", "a"] and "spread 19 to 21" in found[0]["note"]
    # a month is not known to be the same time as a day in it
    assert value_conflicts([_fig("a", "d1", 21, "2025-01"), _fig("b", "d2", 19, "2025-01-20")]) == []
    # figures about other things do not join a conflict by resemblance: one quantity per conflict
    mixed = [_fig("a", "d1", 21, "2025"), _fig("b", "d2", 19, "2025"), _fig("c", "d3", 5, "2025", measure="inflation")]
    assert [c["items"] for c in value_conflicts(mixed)] == [["b", "a"]]
    # one source's confirmed count and its own estimate: not a conflict
    same = [_fig("a", "d1", 100, "2025", status="confirmed"), _fig("b", "d1", 150, "2025", status="estimated")]
    assert value_conflicts(same) == []
    # "about 100" and 105 agree; disjoint holders are different quantities
    assert value_conflicts([_fig("a", "d1", 100, "2025", bound="about"), _fig("b", "d2", 105, "2025")]) == []
    other = _fig("b", "d2", 150, "2025", holders=frozenset({"Estmark"}))
    assert value_conflicts([_fig("a", "d1", 100, "2025"), other]) == []
    # "at least 100" does not contradict 150; "at most 100" does
    assert value_conflicts([_fig("a", "d1", 100, "2025", bound="at least"), _fig("b", "d2", 150, "2025")]) == []
    assert len(value_conflicts([_fig("a", "d1", 100, "2025", bound="at most"), _fig("b", "d2", 150, "2025")])) == 1


def test_only_quantities_named_precisely_enough_are_compared() -> None:
    """Poll shares of a group answer different questions; a count "in 2016" changes through the year."""
    voters = [_fig("a", "d1", 61, "2016-04-06", measure="voter"), _fig("b", "d2", 68, "2016-04-06", measure="voter")]
    assert value_conflicts(voters) == []
    jobs = [_fig(i, d, v, "2012", measure="job", unit="jobs") for i, d, v in (("a", "d1", 146e3), ("b", "d2", 226e3))]
    assert value_conflicts(jobs) == []
    assert len(value_conflicts([replace(f, as_of="2012-10") for f in jobs])) == 1
    rates = [_fig("a", "d1", 7.8, "2012", measure="unemployment rate"), _fig("b", "d2", 8.3, "2012",
                                                                             measure="unemployment rate")]  # fmt: skip
    assert len(value_conflicts(rates)) == 1
    # one broad measure, two quantities: what is counted is worded apart
    left = _fig("a", "d1", 57, "2016-04-20", measure="delegate", unit="delegates", subject="remaining delegates")
    won = _fig("b", "d2", 47, "2016-04-20", measure="delegate", unit="delegates", subject="delegates on offer")
    assert value_conflicts([left, won]) == []
    town = _fig("c", "d3", 9000, "2016-04-20", measure="delegate", unit="delegates", subject="delegates of the town")
    assert len(value_conflicts([replace(left, subject="delegates of the town of Aldmoor"), town])) == 1
    # a bare count says of what, not which quantity
    assert value_conflicts([replace(rates[0], subject="rate"), replace(rates[1], subject="rate")]) == []
    # an article reporting a dispute, and another repeating one side's figure, do not disagree
    dispute = [_fig("a", "d1", 1.4e12, "2013-04-10", measure="deficit cut", unit="USD", subject="deficit cut plan"),
               _fig("b", "d1", 1.8e12, "2013-04-10", measure="deficit cut", unit="USD", subject="deficit cut plan")]  # fmt: skip
    assert value_conflicts([*dispute, replace(dispute[1], id="c", doc="d2")]) == []
    assert len(value_conflicts([dispute[0], replace(dispute[1], id="c", doc="d2")])) == 1
    # whose field offices? no holder and no name in what is counted: not known to be one quantity
    offices = [_fig(i, d, v, "2016-08-31", measure="field office", unit="offices", subject="field offices",
                    holders=frozenset()) for i, d, v in (("a", "d1", 36), ("b", "d2", 291))]  # fmt: skip
    assert value_conflicts(offices) == []
    named = [replace(f, subject="field offices of the Clinton campaign") for f in offices]
    assert len(value_conflicts(named)) == 1
    # a Russian and an English report of one quantity meet through the measure and the holders
    ru = _fig("a", "d1", 245e9, "2024", measure="trade", unit="USD", subject="Товарооборот России и Китая",
              holders=frozenset({"Russia", "China"}))  # fmt: skip
    en = _fig("b", "d2", 200e9, "2024", measure="trade", unit="USD", subject="trade between Russia and China",
              holders=frozenset({"Russia", "China"}))  # fmt: skip
    assert value_conflicts([replace(ru, as_of="2024-12"), replace(en, as_of="2024-12")]) != []
    # a forecast is no reported value to contradict
    assert value_conflicts([replace(rates[0], status="forecast"), rates[1]]) == []


def test_story_labels_use_names_and_headline_words_a_reader_knows() -> None:
    from storyline.resolve.stories import LabelInputs, Story, label_story

    kinds = {"p1": ("Vladimir Putin", "PERSON"), "p2": ("Donald Trump", "PERSON"), "x": ("tmsnrt", "ORG"),
             "g": ("Anchorage", "GPE"), "t1": ("Dzhokhar Tsarnaev", "PERSON"), "t2": ("Tamerlan Tsarnaev", "PERSON")}  # fmt: skip
    both = Counter({"p1": 3, "p2": 2, "x": 9, "g": 1})
    inputs = LabelInputs(
        entities={"a": both, "b": both, "c": Counter({"p1": 1, "x": 4}), "s": Counter({"t1": 2, "t2": 1}),
                  "s2": Counter({"t1": 1, "t2": 3})},
        kinds=kinds, events={"a": ["meeting"], "b": ["meeting", "statement"]},
        titles={"a": "Putin and Trump meet in Alaska", "b": "Summit in Anchorage ends", "c": "x", "s": "Brothers",
                "s2": "Brothers named", "one": "A headline of its own"},
    )  # fmt: skip
    summit = Story("s1", "", ["a", "b", "c"], "2025-08-15", "2025-08-16")
    assert label_story(summit, inputs) == "Putin–Trump meeting, Anchorage, August 2025"
    brothers = Story("s2", "", ["s", "s2"], "2013-04-19", "2013-05-02")
    assert label_story(brothers, inputs).startswith("Tamerlan Tsarnaev–Dzhokhar Tsarnaev: Brothers")  # most named first
    assert label_story(brothers, inputs).endswith("April–May 2013")
    assert label_story(Story("s3", "", ["one"], None, None), inputs) == "A headline of its own"


def test_page_templates_are_not_republished_passages() -> None:
    """A newsletter box printed by six articles, or by three over months, is the page, not a wire
    story; the same box beside a wire paragraph two articles share leaves the wire paragraph."""
    from storyline.resolve.duplicates import republished

    box = ("Sign up for our newsletter and get the day's top stories in your inbox every morning, free of charge. "
           "You can unsubscribe at any time from the link at the bottom of every email we send.")  # fmt: skip
    wire = ("Floodwaters from the swollen river Tarn forced the evacuation of four thousand residents on Friday, "
            "regional officials said, as emergency crews used boats to reach families on upper floors.")  # fmt: skip
    texts = {f"d{i}": f"Own lead of article {i}.\n{box}\n{wire if i < 2 else 'Other news.'}" for i in range(6)}

    def pair(a: str, b: str, date_b: str) -> dict:
        start = texts[a].index(box)
        end = len(texts[a]) if b == "d1" else start + len(box)  # d0 and d1 share the box and the wire story
        spans = json.dumps({"a": [[start, end]], "b": [[start, end]]})
        return {"doc_a": a, "doc_b": b, "date_a": "2024-04-01", "date_b": date_b, "passages": spans}

    pairs = [pair("d0", "d1", "2024-04-02"), *(pair("d0", f"d{i}", "2024-04-03") for i in range(2, 6))]
    kept = republished(pairs, texts)
    assert kept[0] is not None and kept[1:] == [None] * 4
    assert [texts["d0"][s:e] for s, e in json.loads(kept[0])["a"]] == [wire]  # the box, in six documents, is out
    over_months = [pair("d0", "d2", "2024-04-03"), pair("d0", "d3", "2024-09-01")]
    assert republished(over_months, texts) == [None, None]  # three documents over five months
    within_days = republished(over_months[:1], texts)[0]
    assert within_days is not None and [texts["d2"][s:e] for s, e in json.loads(within_days)["b"]] == [box]


def test_a_capital_standing_for_its_country_is_no_name_conflict() -> None:
    from storyline.resolve.conflicts import NameSlot, name_conflicts

    slots = [NameSlot("a", 0, "e1", "Washington", "GPE", 0.1), NameSlot("b", 0, "e2", "United States", "GPE", 0.12),
             NameSlot("a", 1, "e3", "Rosselkhozbank", "ORG", 0.5), NameSlot("b", 1, "e4", "the central bank", "ORG", 0.5)]  # fmt: skip
    found = name_conflicts("a", "b", slots, [(0, 0), (1, 1)])
    assert [c["note"].split(": ")[1] for c in found] == ["“Rosselkhozbank” in a vs “the central bank” in b"]
