"""Unicode and whitespace normalisation, applied once before any offsets are taken.

Every span in the dossier indexes the text this module returns, so it must run before cleaning
and never afterwards. NFC makes "é" one code point whatever the source did. Non-breaking spaces
glue words together for tokenisers and regexes ("President\u00a0Putin" would be one token), so
they become ordinary spaces, except between digits, where they are thousands separators
("88\u00a0726") and keep the number in one piece.
"""

from __future__ import annotations

import re
import unicodedata

_NBSP = "\u00a0\u2007\u202f"
_DIGIT_NBSP = re.compile(rf"(?<=\d)[{_NBSP}](?=\d{{3}}\b)")
_OTHER_NBSP = re.compile(rf"[{_NBSP}]")
# Invisible characters that only break words apart or glue them: zero-width spaces and joiners,
# soft hyphens, word joiners, BOMs left inside the text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u2000-\u2006\u2008-\u200a\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085\x0b\x0c]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    # lone surrogates (a JSON escape such as "\udc00") are not characters and cannot be stored
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text).replace("\x00", "")
    text = _DIGIT_NBSP.sub("\x00", text)  # park thousands separators behind a marker
    text = _OTHER_NBSP.sub(" ", text)
    text = _SPACES.sub(" ", text).replace("\x00", "\u00a0")
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n")
