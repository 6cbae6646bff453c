"""One source unit in, its articles out: decode, clean, segment, describe.

A pure function of the unit (no database, no globals beyond loaded rules), so the orchestrator
can run it in worker processes or ship it to a cluster and get the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.ingest.decode import check_text, decode_bytes
from storyline.ingest.html import extract_page, fragment_to_text
from storyline.ingest.untrusted import scrub_given
from storyline.model import Article, GivenMeta, InputError, SourceUnit
from storyline.text.clean import BLANK, BODY, Line, article_body, classify_lines
from storyline.text.dates import parse_date
from storyline.text.metadata import read_header, resolve_metadata, split_joined_titles
from storyline.text.normalize import normalize_text
from storyline.text.segment import split_articles
from storyline.timing import StageClock

MIN_ARTICLE_CHARS = 40


@dataclass
class Prepared:
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None


def prepare(unit: SourceUnit, clock: StageClock | None = None) -> Prepared:
    """Raises InputError (with a one-line reason) when the unit holds no usable article."""
    clock = clock or StageClock()
    warnings: list[str] = list(unit.notes)
    encoding = None
    given = unit.given
    with clock.stage("decode"):
        if unit.kind == "record":
            raw = unit.text or ""
            if unit.is_html_body:
                raw = fragment_to_text(raw)
            check_text(raw)
        else:
            raw, encoding = decode_bytes(unit.data)
            if unit.kind == "html":
                page = extract_page(raw, unit.data)
                raw, given = page.text, page.given
                if page.truncated:
                    warnings.append("HTML looks truncated (no closing </body> or </html>); kept the text recovered")
        given = scrub_given(given)  # the one gate for stated metadata: encodable, one line, bounded
        text = normalize_text(raw)
    if not text.strip():
        raise InputError("no text after decoding")
    with clock.stage("clean"):
        lines = classify_lines(text)
    with clock.stage("segment"):
        # Records and HTML pages are one article each; only plain-text scrapes can be digests.
        segments = split_articles(lines) if unit.kind == "text" else [lines]
    with clock.stage("metadata"):
        headers = [read_header(seg) for seg in segments]
        for h, title in zip(headers, split_joined_titles([h.title for h in headers]), strict=True):
            h.title = title
    articles: list[Article] = []
    for seg, header in zip(segments, headers, strict=True):
        seg_given = given if len(segments) == 1 else GivenMeta(url=given.url)
        title = seg_given.title or header.title
        titles = [t for t in (title, header.title, header.title_line) if t]
        with clock.stage("clean"):
            kept = article_body(seg, titles, list(seg_given.authors) or header.authors)
        body = "\n\n".join(ln.text for ln in kept)
        if len(body) < MIN_ARTICLE_CHARS:
            continue
        with clock.stage("metadata"):
            meta = resolve_metadata(header, seg_given, body)
        if seg_given.published and parse_date(seg_given.published) is None:
            warnings.append(
                f"stated date {seg_given.published[:40]!r} is not a calendar date; publication date "
                + (f"{meta.published} ({meta.published_basis})" if meta.published else "unknown")
            )
        articles.append(
            Article(
                source=unit.name,
                part=len(articles),
                text=body,
                title=meta.title,
                outlet=meta.outlet,
                authors=meta.authors,
                published=meta.published,
                published_basis=meta.published_basis,
                language=meta.language,
                translation=meta.translation,
                url=meta.url,
                removed=_removed(seg),
            )
        )
    if not articles:
        raise InputError("no article text left after removing page furniture")
    return Prepared(articles, warnings, encoding)


def _removed(lines: list[Line]) -> list[tuple[str, str]]:
    return [(ln.text, ln.reason or ln.kind) for ln in lines if ln.kind not in (BODY, BLANK)]
