"""RSS and Atom feeds with full content: one record per item.

feedparser is given a file-like object, never a string, because it treats strings that look like
URLs as addresses to fetch.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import feedparser

from storyline.ingest.untrusted import label
from storyline.model import GivenMeta, InputError, SourceUnit, content_hash


def is_feed(head: bytes) -> bool:
    low = head[:2048].lower()
    return b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low


def feed_units(data: bytes, origin: str, name: str) -> Iterator[SourceUnit]:
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        raise InputError(f"feed has no items{f' ({why})' if why else ''}")
    outlet = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries):
        body = ""
        if entry.get("content"):
            body = max((c.get("value") or "" for c in entry.content), key=len)
        body = body or entry.get("summary") or ""
        authors = tuple(a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name"))
        if not authors and entry.get("author"):
            authors = (entry.author.strip(),)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        link = entry.get("link") or None
        given = GivenMeta(
            title=(entry.get("title") or "").strip() or None,
            outlet=outlet,
            authors=authors,
            published=published,
            url=link,
        )
        key = f"{link or ''}\x00{given.title or ''}\x00{body}".encode("utf-8", "surrogatepass")
        yield SourceUnit(
            name=label(link or f"{name}#item{i + 1}"),
            origin=f"{origin} item {i + 1}",
            kind="record",
            content_hash=content_hash(key),
            text=body,
            given=given,
            is_html_body=True,
        )
