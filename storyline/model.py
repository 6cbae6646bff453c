"""Dataclasses shared by every stage.

They are plain, immutable-by-convention records so that per-document work can run in other
processes (or on a cluster) and be pickled back; no stage keeps behaviour in them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

PublishedBasis = Literal["stated", "inferred", "unknown"]


class InputError(Exception):
    """A bad input: the build skips it and reports this message next to the input's name."""


@dataclass(frozen=True)
class GivenMeta:
    """Metadata a structured source states about an article (a JSONL/CSV row, a feed item, HTML meta)."""

    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SourceUnit:
    """One ingestable unit: a whole file, or one row/item of a table or feed.

    `content_hash` identifies the unit by content alone, so the same bytes ingested again (under
    any name) are recognised and skipped.
    """

    name: str  # exported as documents[].source: file name or URL
    origin: str  # where it came from, for messages: path, or path + row
    kind: Literal["text", "html", "record"]
    content_hash: str
    data: bytes = b""  # raw bytes for text/html files
    text: str | None = None  # already-decoded body for records
    given: GivenMeta = field(default_factory=GivenMeta)
    is_html_body: bool = False  # a record whose body is HTML (feed content)
    notes: tuple[str, ...] = ()  # what ingest repaired in it (reported as warnings with the unit)


@dataclass(frozen=True)
class Skip:
    """An input the build could not use, with the reason (one line)."""

    origin: str
    reason: str
    count: int = 1  # inputs this line stands for ("rows 11-300,000: 299,990 more rows skipped: …")


# --- per-article extraction -------------------------------------------------------------------
@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str
    kind: str  # name | surname | acronym | title
    local: int = -1
    normal: str | None = None  # nominative form where the language inflects names (Стивом Уиткоффом -> Стив Уиткофф)

    @property
    def name(self) -> str:
        """The mention as a name: editorial brackets and possessives removed."""
        return re.sub(r"['’]s?$", "", re.sub(r"[\[\]]", "", self.text)).strip()


@dataclass
class RoleMention:
    local: int
    role: str
    start: int
    end: int


@dataclass
class LocalEntity:
    local: int
    type: str
    name: str  # fullest name form in the article
    era: tuple[int, int] | None = None  # years named in the sentences that mention it


@dataclass
class TimeMention:
    start: int
    end: int
    text: str
    value: str | None  # TimeML value, or None when unresolvable
    type: str  # DATE | TIME | DURATION | SET
    anchor: str  # absolute | publication | text | none


@dataclass
class EventMention:
    """One report of an event in one article; cross-document merging turns these into events."""

    type: str
    start: int  # the supporting sentence
    end: int
    trigger: str
    date: str | None
    date_end: str | None
    place: int | None  # local entity
    participants: list[int] = field(default_factory=list)  # local entities
    # happened | scheduled | cancelled | proposed | speculated | denied: what the sentence says of it
    status: str = "happened"
    background: bool = False  # history or context the article recalls, not its news
    # a participant named by a pronoun ("He met Volkov"): (local, pronoun start, end, naming mention start, end)
    links: list[tuple[int, int, int, int, int]] = field(default_factory=list)


@dataclass
class QuoteMention:
    """Who said what in one article: content span, speaker (a local entity) and how it is named."""

    start: int
    end: int
    direct: bool
    speaker: int | None  # local entity; None when anonymous or unresolved
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue_start: int | None
    cue_end: int | None
    anonymous: bool
    hedged: bool
    # when the speaker is a pronoun or a description ("he", "the envoy"): the mention that names the
    # person (or publisher) it was linked to, and how ("pronoun" | "description" | "publication")
    via_start: int | None = None
    via_end: int | None = None
    via_how: str | None = None


@dataclass
class ClaimMention:
    """One figure a source states: what is counted, the value and unit, as of when, and on whose word."""

    start: int  # the sentence that states it
    end: int
    number_start: int  # the figure as written ("as many as 800,000")
    number_end: int
    subject: str  # readable: "Russian combat deaths", "the CBR's key rate"
    measure: str  # normalised for comparison across sources: "casualties", "key rate"
    value: float | None
    value_max: float | None  # upper bound of a range ("0.5-1.5%")
    unit: str | None  # percent, USD, RUB, basis points, people, days, ...
    as_of: str | None  # date the figure refers to (its sentence's date, else the publication date)
    status: str | None  # confirmed | estimated | forecast | None (stated plainly)
    bound: str | None  # about | up to ("as many as") | at least | at most | plus or minus | None (exact)
    hedged: bool  # the source distances itself ("reportedly", "may", "could", a hedged quote)
    speaker: int | None = None  # local entity of who makes the claim (from the quotes stage)
    holders: list[str] = field(default_factory=list)  # whose figure: countries/organisations named with it


@dataclass
class PositionMention:
    """A party's stance on something on the table, as one article states it (extract.positions)."""

    start: int  # the sentence that states it
    end: int
    kind: str  # proposal | demand | condition | offer | acceptance | rejection | denial | support | opposition
    content_start: int  # what is proposed, demanded, rejected...
    content_end: int
    cue_start: int  # the word that says which kind ("proposed", "rejected", "on condition that")
    cue_end: int
    holder: int | None  # local entity of the party; None for a document's own proposal
    holder_start: int | None  # how the article names the holder
    holder_end: int | None
    issue: str  # agenda issue (lexicon.issues)
    topic: str  # the head of what is on the table ("energy infrastructure strikes"): sub-issues are made from it
    sourcing: str  # on_record | anonymous | document | outlet
    hedged: bool
    date: str | None  # when it was stated: a date its sentence gives, else the publication date
    document: str | None = None  # for a document's proposal: what is known of it (author, date, who reported it)
    points: list[tuple[int, int]] = field(default_factory=list)  # a plan's points, each its own span


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    entities: list[LocalEntity] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)
    positions: list[PositionMention] = field(default_factory=list)


@dataclass
class Article:
    """One article after decoding, cleaning, segmentation and metadata: what the store keeps."""

    source: str
    part: int
    text: str
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_basis: PublishedBasis = "unknown"
    language: str | None = None
    translation: str | None = None
    url: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason) dropped as furniture
    extraction: Extraction | None = None  # None: not analysed (language without a model, or too long)
    note: str | None = None  # why the extraction is partial or missing (time budget, a failure)

    @property
    def id(self) -> str:
        """Stable id: the same source, part and text always give the same id."""
        h = hashlib.sha256(f"{self.source}\x00{self.part}\x00{self.text}".encode()).hexdigest()
        return "d" + h[:15]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
