"""HTML pages to main text and metadata, with trafilatura and htmldate.

Both libraries work on the markup we hand them: trafilatura never fetches when given a string, and
htmldate is given an already-parsed tree so that it cannot mistake a page for a URL to download.
Scripts, styles and event handlers are dropped by the parser and never evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from htmldate import find_date

from storyline.model import GivenMeta, InputError

_CLOSING = re.compile(rb"</(html|body)\s*>", re.IGNORECASE)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br", "section")


@dataclass(frozen=True)
class HtmlResult:
    text: str
    given: GivenMeta
    truncated: bool


def looks_truncated(raw: bytes) -> bool:
    """A page cut off mid-download lacks its closing </body> or </html> tag."""
    return not _CLOSING.search(raw[-4096:])


def extract_page(html: str, raw: bytes) -> HtmlResult:
    """Main text and metadata of a full HTML page."""
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(f"HTML could not be parsed ({type(e).__name__}: {e})") from e
    doc = result.as_dict() if result is not None else {}
    if not (doc.get("text") or "").strip():
        text = fragment_to_text(html)
        if not text.strip():
            raise InputError("HTML page has no readable text")
        doc = {"text": text}
    published = None
    try:
        tree = lxml.html.fromstring(html)
        published = find_date(tree, original_date=True, extensive_search=False)
    except Exception:  # no date is a normal outcome; a parse failure here only loses the date
        published = None
    authors = tuple(a.strip() for a in re.split(r";|,| and ", doc.get("author") or "") if a.strip())
    given = GivenMeta(
        title=(doc.get("title") or None),
        outlet=(doc.get("sitename") or None),
        authors=authors,
        published=published or doc.get("date") or None,
        url=doc.get("url") or None,
    )
    return HtmlResult(text=doc["text"], given=given, truncated=looks_truncated(raw))


def fragment_to_text(html: str) -> str:
    """Text of an HTML fragment (a feed item's content), one paragraph per block element.

    trafilatura's boilerplate scoring expects a whole page and drops short fragments, so feed
    content, which is already the article body, is flattened directly.
    """
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:
        return ""
    for bad in root.xpath("//script|//style|//noscript|//iframe|//object|//embed|//form"):
        bad.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()
