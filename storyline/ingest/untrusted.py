"""The validation boundary for strings that come from outside: file names, row fields, article text.

Everything a build stores or prints passes through here once, at ingest, so no later stage has to
wonder whether a string can be encoded, stored or shown. Three kinds of trouble reach us:

* **Undecodable file names.** POSIX names are bytes; Python hands a name that is not UTF-8 to us
  with lone surrogates (PEP 383), which SQLite and the terminal cannot encode. A label spells such
  bytes as ``\\xe9`` so the name stays recognisable and unique.
* **Lone surrogates inside text.** JSON may escape them (``"\\udc00"``); they are not characters
  and cannot be written as UTF-8. They become U+FFFD, and the caller is told how many.
* **Control characters in names and fields.** A newline or an ANSI escape sequence in a file name
  would forge or hide lines of the build report, and Rich would read ``[/bar]`` as markup; labels
  escape control characters, and printing escapes markup (see `cli`).

No library does exactly this (``os.fsdecode`` keeps the surrogates; ``repr`` quotes and escapes
every non-ASCII letter, which would turn Cyrillic names into ``\\u0434``), hence the few lines here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from storyline.model import GivenMeta

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL and the bidirectional overrides that can make a name read backwards
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_FIELD_CHARS = 2000  # a title, outlet, author or URL longer than this is not metadata
MAX_LABEL_CHARS = 500


def _escape_control(s: str) -> str:
    names = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _CONTROL.sub(lambda m: names.get(m.group(0), f"\\x{ord(m.group(0)):02x}"), s)


def _undecodable_byte(m: re.Match[str]) -> str:
    """PEP 383 carries an undecodable byte 0xNN as U+DCNN; any other lone surrogate is no character."""
    code = ord(m.group(0))
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def label(path: Path | str) -> str:
    """A file name or path as it can be stored, exported and printed on one line.

    Bytes that are not UTF-8 appear as ``\\xNN``; control characters are escaped; an overlong
    name keeps its start and end.
    """
    text = _escape_control(_SURROGATE.sub(_undecodable_byte, os.fspath(path)))
    if len(text) > MAX_LABEL_CHARS:
        half = MAX_LABEL_CHARS // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


def scrub_text(text: str) -> tuple[str, int]:
    """Text with lone surrogates replaced by U+FFFD, and how many there were."""
    fixed, n = _SURROGATE.subn("\ufffd", text)
    return fixed, n


def scrub_field(value: str | None) -> str | None:
    """A metadata field fit to store and show: one line, encodable, of metadata length."""
    if value is None:
        return None
    text = _escape_control(scrub_text(value)[0]).strip()
    if len(text) > MAX_FIELD_CHARS:
        text = text[:MAX_FIELD_CHARS] + "…"
    return text or None


def scrub_given(given: GivenMeta) -> GivenMeta:
    """Every field of a source's stated metadata through `scrub_field`."""
    return GivenMeta(
        title=scrub_field(given.title),
        outlet=scrub_field(given.outlet),
        authors=tuple(a for a in (scrub_field(x) for x in given.authors) if a),
        published=scrub_field(given.published),
        url=scrub_field(given.url),
    )


def printable(text: str) -> str:
    """A message fragment safe to print on a terminal: encodable, control characters escaped."""
    return _escape_control(scrub_text(text)[0])
