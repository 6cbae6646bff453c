"""Helpers for the web tests: build a store with the real CLI and run `storyline serve` as a real
process on 127.0.0.1, the way a user starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HOSTILE_TEXT = (
    "<script>window.__pwned = 'body'; alert(1)</script> Negotiators met in Geneva on 3 March 2025.\n\n"
    "<img src=x onerror=\"window.__pwned = 'img'; alert(2)\"> The talks lasted six hours, officials said.\n\n"
    '"<script>alert(3)</script> We made progress," said Vladimir Putin, according to the Kremlin.\n\n'
    "Read more: <a href=\"javascript:window.__pwned='link'\">here</a> and [this](javascript:alert(4)).\n\n"
    "Template syntax stays text: {{ 7*7 }} {% for x in y %} ${7*7} <%= 7*7 %> "
    '<div hx-get="/" hx-trigger="load">x</div> <svg onload=alert(5)></svg> '
    '<iframe src="https://evil.example/"></iframe> <link rel=stylesheet href="https://evil.example/x.css">\n\n'
    "A source said 300 soldiers were killed on 2 March 2025. <style>body{display:none}</style>"
)
HOSTILE_ROW = {
    "title": "<script>window.__pwned='title'</script><img src=x onerror=alert(6)> Geneva talks",
    "source": "<b onmouseover=alert(7)>Evil Outlet</b>",
    "authors": "<script>alert(8)</script>",
    "date": "2025-03-04",
    "url": "javascript:alert(9)",
    "text": HOSTILE_TEXT,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(inputs: list[Path], db: Path) -> Path:
    cmd = [sys.executable, "-m", "storyline", "build", *map(str, inputs), "--db", str(db), "--quiet"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return db


@contextmanager
def serving(db: Path, *extra: str, host: str = "127.0.0.1", env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `storyline serve` until the block ends; yields the base URL (always via 127.0.0.1)."""
    with serving_process(db, *extra, host=host, env=env) as (base, _):
        yield base


@contextmanager
def serving_process(
    db: Path, *extra: str, host: str = "127.0.0.1", env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`serving`, also yielding the server process, for tests that signal it or time its exit."""
    port = free_port()
    cmd = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port), "--host", host, *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"storyline serve exited: {proc.stdout.read().decode() if proc.stdout else ''}")
            try:
                httpx.get(base + "/static/app.css", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError("storyline serve did not answer within 60 s") from None
                time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
