"""Title, outlet, authors, publication date, language and translation notice of one article.

Each field takes the most explicit evidence available, in this order: what a structured source
states (JSONL/CSV fields, feed items, HTML meta), then the page's own header lines (byline,
dateline, "From OUTLET, DATE" source line), then weaker signals in the text (the outlet an
article names itself by, a bare site address at the foot of the page), and for the date,
inference from the events the text reports. Nothing is guessed beyond what the evidence supports:
an inferred date is given at month precision and marked `inferred`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from storyline.model import GivenMeta, PublishedBasis
from storyline.text.clean import (
    BYLINE,
    DATELINE,
    FURNITURE,
    SOURCE,
    TRANSLATION,
    Line,
    is_heading_shaped,
    is_paragraph,
    line_key,
)
from storyline.text.dates import infer_publication, parse_date
from storyline.text.language import detect_language
from storyline.text.segment import title_line_before
from storyline.text.timex import find_times

_CAP = r"[A-ZА-ЯЁ][\w.’'&-]*(?:\s+(?:of\s+|the\s+)?[A-ZА-ЯЁ][\w.’'&-]*){0,3}"
_SELF_ARTICLE = re.compile(rf"\b(?:[Tt]his|[Tt]he|[Oo]ur)\s+(?P<o>{_CAP})\s+(?:article|material|piece|newspaper)\b")
_TOLD = re.compile(
    rf"\b(?:told|in an interview with|in an interview to|shared (?:his|her|their) (?:opinion|views?) with|"
    rf"in a comment(?:ary)? to|(?:his|her|their) comments? to|speaking to)\s+(?P<o>{_CAP})"
)
_JOURNALIST = re.compile(rf"(?P<o>{_CAP})\s+(?:journalist|correspondent|reporter|columnist|editor)\s+(?P<a>{_CAP})")
_DOMAIN = re.compile(r"(?i)^(?:https?://)?(?:www\.)?(?P<d>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})/?$")


@dataclass
class Header:
    """What the page's own lines say about one article."""

    title: str | None = None
    title_line: str | None = None  # the line the title was read from (a digest may join two titles)
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    translation: str | None = None
    domain: str | None = None


def read_header(lines: list[Line]) -> Header:
    h = Header()
    byline_at = next((i for i, ln in enumerate(lines) if ln.kind == BYLINE), None)
    for ln in lines:
        info = ln.info
        if ln.kind == BYLINE and not h.authors:
            h.authors = list(info.get("authors", []))  # type: ignore[arg-type]
            h.outlet = h.outlet or info.get("outlet")  # type: ignore[assignment]
            h.published = h.published or info.get("published")  # type: ignore[assignment]
        elif ln.kind == SOURCE:
            h.outlet = h.outlet or info.get("outlet")  # type: ignore[assignment]
            h.published = h.published or info.get("published")  # type: ignore[assignment]
        elif ln.kind == DATELINE:
            h.published = h.published or info.get("published")  # type: ignore[assignment]
            h.outlet = h.outlet or info.get("outlet")  # type: ignore[assignment]
        elif ln.kind == TRANSLATION:
            h.translation = h.translation or info.get("translation")  # type: ignore[assignment]
        elif ln.kind == FURNITURE:
            if not h.authors and info.get("authors"):
                h.authors = list(info["authors"])  # type: ignore[arg-type]
            if ln.reason == "link" and (m := _DOMAIN.match(ln.text)):
                h.domain = m.group("d")
    if byline_at is not None and (t := title_line_before(lines, byline_at)) is not None:
        h.title = lines[t].text
    else:
        h.title = _leading_title(lines)
    h.title_line = h.title
    if h.title and h.authors:
        h.title = _strip_author_prefix(h.title, h.authors)
    return h


_STOP = frozenset(
    """a an the of to in on at for and or but is are was were be been by with from as that this it its into
    about after before over than then there their they he she his her we our you your what who how why when
    where which will would can could may might has have had not no do does did""".split()
)


def _content_words(text: str) -> set[str]:
    """Lower-cased content words cut to five letters, a cheap stand-in for stemming."""
    return {w[:5] for w in re.findall(r"\w+", text.lower()) if w not in _STOP and not w.isdigit()}


def _leading_title(lines: list[Line]) -> str | None:
    """First heading before the body that shares at least two content words with the lead."""
    first = next((i for i, ln in enumerate(lines) if is_paragraph(ln)), None)
    if first is None:
        return None
    lead = _content_words(" ".join([ln.text for ln in lines[first:] if is_paragraph(ln)][:3]))
    for ln in lines[:first]:
        if not is_heading_shaped(ln):
            continue
        words = _content_words(ln.text)
        shared = len(words & lead)
        if shared >= 2 and shared / max(1, len(words)) >= 0.3:
            return ln.text
    return None


def _strip_author_prefix(title: str, authors: list[str]) -> str:
    """'James Carden: Getting Russia Wrong' -> 'Getting Russia Wrong' when Carden wrote it."""
    for a in authors:
        for form in (a, a.split()[-1]):
            if title.lower().startswith(form.lower() + ":"):
                return title[len(form) + 1 :].strip()
    return title


def split_joined_titles(titles: list[str | None]) -> list[str | None]:
    """A digest's first line may join several titles with ';' when the later ones are repeated
    above their own articles; keep in each segment only the part that is its own."""
    out = list(titles)
    others = {line_key(t) for t in titles[1:] if t}
    first = titles[0] if titles else None
    if first and ";" in first and others:
        parts = [p.strip() for p in first.split(";") if p.strip()]
        own = [p for p in parts if line_key(p) not in others]
        if own and len(own) < len(parts):
            out[0] = "; ".join(own)
    return out


def outlet_from_text(text: str, authors: list[str]) -> str | None:
    """The outlet an article names itself by: "this Izvestia article", "X journalist <author>",
    or the name experts are repeatedly said to have "told" (Russian-language press convention)."""
    if m := _SELF_ARTICLE.search(text):
        return m.group("o")
    for m in _JOURNALIST.finditer(text):
        if any(a.lower() in m.group("a").lower() or m.group("a").lower() in a.lower() for a in authors):
            return m.group("o")
    counts = Counter(m.group("o") for m in _TOLD.finditer(text))
    if counts:
        name, n = counts.most_common(1)[0]
        if n >= 2:
            return name
    return None


def _inferred_publication(text: str) -> str | None:
    """Month of the latest dated event the text reports, resolved like any other date.

    A first estimate (the latest explicit date, its year from the years the text names) anchors
    the temporal tagger; the tagger then resolves every date, including relative ones ("the next
    day"), and the latest past one gives the month. The day is never claimed: an article is
    written some time after the last event it reports.
    """
    first = infer_publication(text)
    if first is None:
        return None
    limit = f"{first}-31"
    days = [
        t.value[:10]
        for t in find_times(text, first)
        if t.value and t.anchor != "none" and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value[:10]) and t.value[:10] <= limit
    ]
    return max(days)[:7] if days else first


@dataclass
class Metadata:
    title: str | None
    outlet: str | None
    authors: list[str]
    published: str | None
    published_basis: PublishedBasis
    language: str | None
    translation: str | None
    url: str | None


def resolve_metadata(header: Header, given: GivenMeta, text: str, day_first: bool = False) -> Metadata:
    authors = list(given.authors) or header.authors
    outlet = given.outlet or header.outlet or outlet_from_text(text, authors) or header.domain
    published = parse_date(given.published, day_first) if given.published else None
    published = published or header.published
    basis: PublishedBasis = "stated" if published else "unknown"
    if not published and (inferred := _inferred_publication(text)):
        published, basis = inferred, "inferred"
    return Metadata(
        title=given.title or header.title,
        outlet=outlet,
        authors=authors,
        published=published,
        published_basis=basis,
        language=detect_language(text),
        translation=header.translation,
        url=given.url,
    )
