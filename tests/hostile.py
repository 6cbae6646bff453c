"""Hostile and careless inputs for the build, generated from a seed, each with the outcome it must get.

Every case is a file (or folder, or link) under one root with what the build must say about it:
stored, stored with a warning, or skipped with a reason — or, for random mutations whose outcome
no one can predict, "named": stored or skipped, but never lost without a word. Valid articles are
mixed in; each carries a unique reference token so the test can find it in the store.

Used by tests/test_fuzz.py (a few hundred inputs in CI; `STORYLINE_FUZZ_INPUTS=1200` for a long run).
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

STORED, WARNED, SKIPPED, NAMED = "stored", "warned", "skipped", "named"
ROW_LIMIT_MB = 0.05  # the fuzz build runs with --max-mb 0.05 so "too large" costs little to produce
ROW_LIMIT = int(ROW_LIMIT_MB * 1024 * 1024)

PEOPLE = [
    "Anna Keller", "Omar Haddad", "Lena Fischer", "Pavel Orlov", "Maria Santos", "James Whitfield",
    "Chen Wei", "Fatima Nouri", "Jonas Berg", "Sofia Marquez", "Viktor Dahl", "Amara Okafor",
]  # fmt: skip
PLACES = ["Geneva", "Vienna", "Doha", "Ankara", "Oslo", "Nairobi", "Lisbon", "Warsaw"]
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "October"]
RU_PEOPLE = ["Анна Келлер", "Павел Орлов", "Мария Сантос", "Виктор Даль"]
RU_PLACES = ["Женеве", "Вене", "Дохе", "Анкаре"]


@dataclass
class Case:
    """One input under the fuzz root and what the build must report for it."""

    path: str  # relative, as the file system spells it (may hold undecodable bytes via surrogateescape)
    expect: str  # stored | warned | skipped | named
    reason: str = ""  # a part of the skip or warning reason that must appear
    marker: str | None = None  # a token the stored text must contain
    rows: list[Case] = field(default_factory=list)  # for tables: what each row must get (path = "row N")


def marker(rng: random.Random) -> str:
    return "Ref" + "".join(rng.choice("BCDFGHJKLMNPQRSTVWXZ") for _ in range(8))


def article(rng: random.Random, token: str) -> str:
    a, b = rng.sample(PEOPLE, 2)
    place, month, day = rng.choice(PLACES), rng.choice(MONTHS), rng.randint(1, 28)
    hours = rng.randint(2, 9)
    return (
        f"{a} and {b} meet in {place}\n\n"
        f"{a} met {b} in {place} on {month} {day}, 2025, to discuss a new trade agreement, officials said. "
        f"The talks lasted {hours} hours and ended without a joint statement. The file is {token}.\n\n"
        f"\u201cWe made real progress today,\u201d {b} told reporters after the meeting. Both delegations "
        f"agreed to meet again in {rng.choice(PLACES)} next month, according to a statement.\n"
    )


def russian(rng: random.Random, token: str) -> str:
    a, b = rng.sample(RU_PEOPLE, 2)
    return (
        f"Переговоры в {rng.choice(RU_PLACES)}\n\n"
        f"{a} встретилась с собеседником {b} {rng.randint(1, 28)} февраля 2025 года, сообщили официальные лица. "
        f"Стороны обсудили торговое соглашение и договорились продолжить работу. Документ {token}.\n"
    )


def rss(items: list[tuple[str, str]], title: str = "Wire") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>https://example.org/{i}</link><description><![CDATA[{text}]]></description>"
        "<pubDate>Tue, 18 Feb 2025 10:00:00 GMT</pubDate></item>"
        for i, (t, text) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'.encode()


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n"))


# --- case makers: each writes its input under `root` and returns what the build must say ----------
Maker = Callable[[random.Random, Path, str], Case]


def _write(root: Path, name: str, data: bytes) -> None:
    p = root / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)


def valid_text(rng: random.Random, root: Path, stem: str) -> Case:
    token = marker(rng)
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
    _write(root, f"{stem}.txt", article(rng, token).encode(encoding))
    return Case(f"{stem}.txt", STORED, marker=token)


def valid_russian(rng: random.Random, root: Path, stem: str) -> Case:
    token = marker(rng)
    encoding = rng.choice(["utf-8", "cp1251", "utf-16-le", "utf-16-be", "utf-16"])
    _write(root, f"{stem}-ru.txt", russian(rng, token).encode(encoding))
    return Case(f"{stem}-ru.txt", STORED, marker=token)


def valid_html(rng: random.Random, root: Path, stem: str) -> Case:
    token = marker(rng)
    text = article(rng, token)
    page = f"<!doctype html><html><head><title>Talks</title></head><body><article>{_paragraphs_html(text)}</article>"
    truncated = rng.random() < 0.4
    _write(root, f"{stem}.html", (page if truncated else page + "</body></html>").encode())
    return Case(f"{stem}.html", WARNED if truncated else STORED, reason="truncated" if truncated else "", marker=token)


def empty_file(rng: random.Random, root: Path, stem: str) -> Case:
    suffix = rng.choice([".txt", ".html", ".jsonl", ".csv", ".md"])
    data = rng.choice([b"", b"   \n\t\n", b"\x00" * rng.randint(1, 5000), b"\r\n" * 50])
    _write(root, stem + suffix, data)
    return Case(stem + suffix, SKIPPED, reason="" if data else "empty")


def empty_gzip(rng: random.Random, root: Path, stem: str) -> Case:
    data = rng.choice([b"", b"\x00" * 300, b"\n\n\n"])
    _write(root, f"{stem}.jsonl.gz", gzip.compress(data))
    return Case(f"{stem}.jsonl.gz", SKIPPED, reason="no rows")


def header_only_csv(rng: random.Random, root: Path, stem: str) -> Case:
    _write(root, f"{stem}.csv", rng.choice([b"title,text,date\n", b"\xef\xbb\xbftext\r\n", b"text,url"]))
    return Case(f"{stem}.csv", SKIPPED, reason="header")


def binary(rng: random.Random, root: Path, stem: str) -> Case:
    magic = rng.choice([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x7fELF", b"GIF89a", b"\x1f\x8b\x08"])
    _write(root, f"{stem}.txt", magic + rng.randbytes(rng.randint(10, 3000)))
    return Case(f"{stem}.txt", SKIPPED, reason="binary")


def random_bytes(rng: random.Random, root: Path, stem: str) -> Case:
    suffix = rng.choice([".txt", ".html", ".xml", ".rss", ".jsonl", ".csv", ".bin"])
    _write(root, stem + suffix, rng.randbytes(rng.randint(1, 4000)))
    return Case(stem + suffix, NAMED)


DAMAGE = [b"<script>alert(1)</script>", b"[bold]x[/", b"\x1b[2J", b"\\udc00", b"\xed\xb0\x80"]


def mutated(rng: random.Random, root: Path, stem: str) -> Case:
    """A valid article with random damage: flipped bytes, NULs, a cut, stray markup or escapes."""
    data = bytearray(article(rng, marker(rng)).encode(rng.choice(["utf-8", "utf-16-le", "cp1252"])))
    for _ in range(rng.randint(1, 8)):
        op, at = rng.randrange(5), rng.randrange(max(1, len(data)))
        if op == 0:
            data[at] = rng.randrange(256)
        elif op == 1:
            data[at:at] = b"\x00" * rng.randint(1, 20)
        elif op == 2:
            del data[at:]
        elif op == 3:
            data[at:at] = rng.choice(DAMAGE)
        else:
            data[at:at] = rng.randbytes(rng.randint(1, 50))
    suffix = rng.choice([".txt", ".html", ".md"])
    _write(root, stem + suffix, bytes(data))
    return Case(stem + suffix, NAMED)


def entity_bomb(rng: random.Random, root: Path, stem: str) -> Case:
    """XML entity expansion and external entities in a feed and a page: nothing expands or is read."""
    feed = rng.random() < 0.5
    lol = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + \
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">' + \
        '<!ENTITY x SYSTEM "file:///etc/passwd">]>'  # fmt: skip
    if feed:
        data = f'<?xml version="1.0"?>{lol}<rss version="2.0"><channel><title>&d;</title><item><title>&x;</title>'
        data += "<description>&d;&d;&d;</description></item></channel></rss>"
        name = f"{stem}.rss"
    else:
        data = f"<?xml version='1.0'?>{lol}<html><body><p>&d;&d; &x;</p></body></html>"
        name = f"{stem}.html"
    _write(root, name, data.encode())
    return Case(name, NAMED)


def feed(rng: random.Random, root: Path, stem: str) -> Case:
    tokens = [marker(rng) for _ in range(rng.randint(1, 4))]
    items = [(f"Item {t}", _paragraphs_html(article(rng, t))) for t in tokens]
    if rng.random() < 0.3:
        items = []
    _write(root, f"{stem}.xml", rss(items))
    if not items:
        return Case(f"{stem}.xml", SKIPPED, reason="no items")
    rows = [Case(f"item {i + 1}", STORED, marker=t) for i, t in enumerate(tokens)]
    return Case(f"{stem}.xml", STORED, rows=rows)


def _row(rng: random.Random, token: str, **extra: object) -> dict[str, object]:
    return {"text": article(rng, token), "title": f"Talks {token}", "outlet": "Wire", "date": "2025-02-18"} | extra


def jsonl(rng: random.Random, root: Path, stem: str) -> Case:
    """A table with a mix of good rows and every kind of bad row."""
    lines: list[bytes] = []
    rows: list[Case] = []
    gz = rng.random() < 0.3
    for n in range(1, rng.randint(2, 9)):
        kind = rng.randrange(13)
        token = marker(rng)
        expect, reason = STORED, ""
        if kind == 0:
            line = json.dumps(_row(rng, token)).encode()
        elif kind == 1:  # a lone surrogate in the text and the outlet
            line = json.dumps(_row(rng, token, outlet="\udc00Wire")).replace(token, token + " \\udc00", 1).encode()
            expect, reason = WARNED, "surrogate"
        elif kind == 2:
            line = json.dumps(_row(rng, token, id=0)).replace('"id": 0', '"id": ' + "9" * 5000).encode()
        elif kind == 3:
            depth = rng.choice([2000, 100_000])
            line = json.dumps(_row(rng, token))[:-1].encode() + b', "x": ' + b"[" * depth + b"]" * depth + b"}"
            expect, reason = SKIPPED, "nested"
        elif kind == 4:
            line = json.dumps(_row(rng, token))[: rng.randint(1, 60)].encode()
            expect, reason = SKIPPED, "invalid JSON"
        elif kind == 5:
            line = rng.choice([b"[1, 2]", b'"text"', b"42", b"null"])
            expect, reason = SKIPPED, "not a JSON object"
        elif kind == 6:
            line = rng.choice([b"{}", b'{"title": "no body"}', b'{"text": ""}', b'{"text": {"a": 1}}'])
            expect, reason = SKIPPED, "no article text"
        elif kind == 7:  # one byte of another encoding inside a row: kept, the byte replaced and reported
            line = json.dumps(_row(rng, token), ensure_ascii=False).replace("talks", "t\udce9lks", 1)
            line = line.encode("utf-8", "surrogateescape")
            expect, reason = WARNED, "invalid UTF-8"
        elif kind == 8:  # a row in another encoding altogether
            line = json.dumps({"text": russian(rng, token)}, ensure_ascii=False).encode("cp1251")
            expect, reason = SKIPPED, "not UTF-8"
        elif kind == 9:
            line = json.dumps(_row(rng, token, text="x " * ROW_LIMIT)).encode()
            expect, reason = SKIPPED, "too large"
        elif kind == 10:  # a relative date is not a stated date
            line = json.dumps(_row(rng, token, date=rng.choice(["yesterday", "2 days ago", "вчера", "today"]))).encode()
            expect, reason = WARNED, "not a calendar date"
        elif kind == 11:
            odd = _row(rng, token, authors=[[["deep"]], {"a": 1}, 5, "Ann Lee"], url="javascript:x")
            line = json.dumps(odd).encode()
        else:
            line = json.dumps(_row(rng, token, title='=HYPERLINK("http://evil")', outlet="\x1b[31m[red]x")).encode()
        lines.append(line)
        rows.append(Case(f"row {n}", expect, reason, token if expect != SKIPPED else None))
    data = b"\n".join(lines) + b"\n"
    name = f"{stem}.jsonl" + (".gz" if gz else "")
    if gz and rng.random() < 0.3:  # cut the compressed stream: the rows before the cut are kept
        packed = gzip.compress(data)
        cut = packed[: rng.randint(12, max(13, len(packed) - 8))]
        _write(root, name, cut)
        return Case(name, NAMED, rows=[Case(r.path, NAMED) for r in rows])
    _write(root, name, gzip.compress(data) if gz else data)
    return Case(name, STORED, rows=rows)


def csv_table(rng: random.Random, root: Path, stem: str) -> Case:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["title", "text", "date", "source"])
    rows: list[Case] = []
    tokens = [marker(rng) for _ in range(rng.randint(1, 5))]
    for n, token in enumerate(tokens, start=1):
        w.writerow([rng.choice(["=1+1", "+cmd", "@SUM(A1)", "Talks"]), article(rng, token), "2025-02-18", "Wire"])
        rows.append(Case(f"row {n}", STORED, marker=token))
    data = buf.getvalue().encode()
    if rng.random() < 0.3:  # a NUL inside a row: the csv reader refuses it, the other rows stay
        data += b'"bad","\x00 nul in a cell","2025-02-18","Wire"\r\n'
        rows.append(Case(f"row {len(tokens) + 1}", NAMED))
    _write(root, f"{stem}.csv", data)
    return Case(f"{stem}.csv", STORED, rows=rows)


def braces_bomb(rng: random.Random, root: Path, stem: str) -> Case:
    """A tiny gzip of many empty rows: reported in a few lines, not one per row."""
    n = rng.choice([1000, 30_000, 300_000])
    _write(root, f"{stem}.jsonl.gz", gzip.compress(b"{}\n" * n, 9))
    return Case(f"{stem}.jsonl.gz", SKIPPED, reason="no article text")


def huge_line(rng: random.Random, root: Path, stem: str) -> Case:
    """A compressed file whose first row is far over the limit, then a good row."""
    token = marker(rng)
    with gzip.open(root / f"{stem}.jsonl.gz", "wb") as fh:
        fh.write(b'{"text": "')
        for _ in range(rng.randint(1, 8)):
            fh.write(b"a" * (1 << 20))
        fh.write(b'"}\n' + json.dumps(_row(rng, token)).encode() + b"\n")
    rows = [Case("row 1", SKIPPED, "too large"), Case("row 2", STORED, marker=token)]
    return Case(f"{stem}.jsonl.gz", STORED, rows=rows)


def odd_name(rng: random.Random, root: Path, stem: str) -> Case:
    """A valid article under a name that is hard to store or print."""
    token = marker(rng)
    odd = rng.choice([
        "caf\udce9", "new\nline", "esc\x1b[31mred", "x[/bar]", "[bold]b[/bold]", "tab\tname", "-rf", "rtl\u202etxt.exe",
        "quote\"'`$(id)", "Путин и Трамп", "a" * 200, "back\\slash", "%s%n%x", "{}",
    ])  # fmt: skip
    name = f"{stem}-{odd}.txt"  # "x[/bar]" is a folder "x[" holding "bar].txt"
    _write(root, name, article(rng, token).encode())
    return Case(name, STORED, marker=token)


def copy_of_skipped(rng: random.Random, root: Path, stem: str) -> Case:
    data = b"%PDF-1.4\n" + rng.randbytes(200)
    _write(root, f"{stem}-a.txt", data)
    _write(root, f"{stem}-b.txt", data)
    return Case(f"{stem}-b.txt", SKIPPED, reason="which was skipped")


def dangling_link(rng: random.Random, root: Path, stem: str) -> Case:
    (root / f"{stem}-link.txt").symlink_to(root / f"{stem}-nowhere.txt")
    return Case(f"{stem}-link.txt", SKIPPED, reason="link")


def link_loop(rng: random.Random, root: Path, stem: str) -> Case:
    token = marker(rng)
    folder = root / f"{stem}-loop"
    folder.mkdir()
    (folder / "inside.txt").write_bytes(article(rng, token).encode())
    (folder / "again").symlink_to(folder)
    return Case(f"{stem}-loop/inside.txt", STORED, marker=token)


MAKERS: list[tuple[Maker, int]] = [  # (maker, weight)
    (valid_text, 6), (valid_russian, 2), (valid_html, 3), (empty_file, 3), (empty_gzip, 1), (header_only_csv, 1),
    (binary, 3), (random_bytes, 4), (mutated, 8), (entity_bomb, 1), (feed, 2), (jsonl, 4), (csv_table, 2),
    (braces_bomb, 1), (huge_line, 1), (odd_name, 4), (copy_of_skipped, 1), (dangling_link, 1), (link_loop, 1),
]  # fmt: skip


def generate(root: Path, n: int, seed: int) -> list[Case]:
    """At least `n` inputs (rows of tables count) under `root`, every kind of maker at least once."""
    rng = random.Random(seed)
    cases: list[Case] = []
    makers = [m for m, _w in MAKERS]
    weights = [w for _m, w in MAKERS]
    i = 0
    while sum(max(1, len(c.rows)) for c in cases) < n or i < len(makers):
        maker = makers[i] if i < len(makers) else rng.choices(makers, weights)[0]
        cases.append(maker(rng, root, f"c{i:05d}"))
        i += 1
    return cases
