"""Bytes to text: refuse binaries, honour byte-order marks, detect legacy encodings.

Scrapes arrive as UTF-8, UTF-16 (with or without BOM), cp1251 from Russian sites, or latin-1/cp1252
from old Western ones. UTF-8 is tried strictly first because it almost never decodes by accident;
anything else goes to charset-normalizer, which scores candidate code pages on the language the
decoded text would have. A decode that produces mostly control or replacement characters is
treated as binary rather than stored as mojibake.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from charset_normalizer import from_bytes

from storyline.model import InputError

# Signatures of common non-text files, so the message can say what the file actually is.
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip-compressed data (name it .gz to have it decompressed)"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
]

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError with a human reason when it is not text."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError("empty file" if not data else "file holds only whitespace")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file: looks like {what}")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError as e:
                raise InputError(f"undecodable: has a {enc} byte-order mark but is not valid {enc} ({e.reason})") from e
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError("binary file: contains NUL bytes and is not UTF-16 text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("undecodable: not UTF-8 and no known encoding fits")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise InputError(f"undecodable: detected {best.encoding} but decoding failed ({e})") from e
    if _control_ratio(text) > 0.05:
        raise InputError(f"binary file: decodes as {best.encoding} only to control characters")
    return text, best.encoding


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the high byte of each code unit takes few values in any one script.

    ASCII-range text leaves a NUL in every other byte; Russian text leaves 0x04 (Cyrillic block)
    with 0x00 for spaces and digits and 0x20 for dashes and quotes. A legacy single-byte text or a
    binary has no such rhythm, and UTF-8 Cyrillic shifts its lead bytes between even and odd
    positions at every space. The guess is confirmed by a strict decode that yields mostly letters.
    """
    sample = data[:4000]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    for enc, high, low in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        top = Counter(high).most_common(2)
        if sum(c for _b, c in top) < 0.9 * len(high) or len(set(low)) < min(10, len(low) // 2):
            continue
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        letters = sum(ch.isalpha() or ch.isspace() for ch in text)
        if letters >= 0.6 * len(text) and _control_ratio(text) < 0.05:
            return enc
    return None


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")


def _control_ratio(text: str) -> float:
    """Share of control, private-use and replacement characters: high in binaries decoded as text."""
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def check_text(text: str) -> None:
    """Reject decoded text that is not prose (a record body full of control characters)."""
    if not text.strip():
        raise InputError("empty text")
    if _control_ratio(text) > 0.05:
        raise InputError("binary content: mostly control characters")
