"""The web app's guard: read-only methods, loopback host check, access token, strict headers.

Article text is untrusted, so the browser is told to run nothing but our own scripts (CSP without
inline script or eval), to fetch nothing from elsewhere, and to send no referrer when a reader
follows a link to another site (`same-origin`: within the app the browser still names the page's
origin, which lets a correction's `Origin` be checked; under `no-referrer` it would say "null").
Inline styles are allowed because the chart library positions its tooltips with them; no article
text ever reaches an attribute unescaped. On loopback the Host header must name
this machine, exactly (see `host_header_is_loopback`), which blocks DNS-rebinding pages from reading
the dossier; on any other interface every request needs the token.

Writes exist only when the server has a token (`serve --token`): then, and only then, POST is
accepted on the correction routes (`WRITE_ROUTES`), with the token (cookie or Bearer) like any
request, from this server's own pages (an `Origin` naming another origin, or `Sec-Fetch-Site:
cross-site`, is refused here), and with a CSRF token the route checks: the HMAC of the access token
under a secret drawn afresh by each server process (`csrf_token`), which the pages put in a hidden
field. A page on another site can make the browser send the cookie, but cannot read the field.

Two small ASGI layers sit in front: `HeadAsGet` answers HEAD for every page (FastAPI routes only
answer the method they declare), and `CleanQuery` turns control characters in the query string
into spaces before any page sees them (a NUL ends an FTS5 query mid-string; no reader types one).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from urllib.parse import parse_qsl, urlencode

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "storyline_token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self';"
    " font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# A Host header is `name[:port]` or `[IPv6][:port]`; ASCII only (`\d` would take any script's digits).
_HOST_HEADER = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9.-]+))(?::(?P<port>[0-9]{1,5}))?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_LEADING_SLASHES = re.compile(r"^[\s/\\]+")
WRITE_ROUTES = re.compile(r"/correct|/corrections/[0-9]{1,9}/undo")  # the only paths a POST may reach


def _loopback_ip(text: str, version: int) -> bool:
    """True for an IP literal of that version that `ipaddress` calls loopback (127.0.0.0/8, ::1).

    Only the strict literal forms parse: "127.1", "0x7f.0.0.1", "0127.0.0.1" and zone ids are refused."""
    allowed = r"[0-9.]+" if version == 4 else r"[0-9A-Fa-f:.]+"
    if not re.fullmatch(allowed, text):
        return False
    try:
        ip = ipaddress.IPv4Address(text) if version == 4 else ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return ip.is_loopback


def is_loopback(host: str) -> bool:
    """True when a host name or address, without port, can only mean this machine.

    Accepts `localhost` (any case, no trailing dot: nothing sends one and it is one more spelling to
    get wrong), a loopback IPv4 literal, and ::1 bare (as `--host` takes it) or in brackets. Any other
    name, even one that starts like an address ("127.evil.com", "127.0.0.1.nip.io"), can be pointed
    anywhere by whoever owns its DNS, which is what a rebinding attack does."""
    if host.startswith("[") and host.endswith("]"):
        return _loopback_ip(host[1:-1], 6)
    return host.lower() == "localhost" or _loopback_ip(host, 4) or _loopback_ip(host, 6)


def host_header_is_loopback(header: str) -> bool:
    """True when a Host header is exactly `localhost`, a loopback IPv4 literal or `[::1]`, with an
    optional port (1-65535). Userinfo ("127.0.0.1@evil.com"), extra labels, an empty header or any
    other text fail, so a page served from an attacker's name never gets an answer here."""
    m = _HOST_HEADER.fullmatch(header)
    if m is None or (m["port"] is not None and not 1 <= int(m["port"]) <= 65535):
        return False
    if m["v6"] is not None:
        return _loopback_ip(m["v6"], 6)
    return m["name"].lower() == "localhost" or _loopback_ip(m["name"], 4)


def csrf_token(secret: bytes, token: str) -> str:
    """The value a correction form must carry: only this process's pages know it."""
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, token: str, given: str) -> bool:
    return hmac.compare_digest(given.encode(), csrf_token(secret, token).encode())


def cross_origin(request: Request) -> str | None:
    """Why a write does not come from this server's own pages, or None when nothing says it does not.

    Browsers send `Origin` on every cross-origin POST and `Sec-Fetch-Site` on every request; a
    client that sends neither (curl with the Bearer token) is not a browser carrying a cookie."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin is not None and origin != own:
        return f"refused: a write from another origin ({origin[:100]}) is never accepted\n"
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        return "refused: a write from another site is never accepted\n"
    return None


def local_path(path: str) -> str:
    """A path that stays on this server when used as a redirect target.

    Browsers read "//host/x" and "/\\host/x" (a backslash counts as a slash) as another site, so
    leading slashes, backslashes and whitespace collapse into one slash."""
    return "/" + _LEADING_SLASHES.sub("", path)


class HeadAsGet:
    """Answers HEAD like GET with the body dropped: same status and headers (Content-Length
    included), for every page, static file and error, without declaring HEAD on each route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class CleanQuery:
    """Replaces runs of control characters in query parameters with a space, once, for every page.

    Free text reaches SQLite (FTS5 MATCH, LIKE) and the pages echo it back; a control character is
    never part of what a reader meant, and a NUL made FTS5 fail with a 500. Cleaning the query
    string here means no page has to remember to."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            raw = scope["query_string"].decode("latin-1")
            pairs = parse_qsl(raw, keep_blank_values=True)
            if any(_CONTROL.search(k) or _CONTROL.search(v) for k, v in pairs):
                clean = [(_CONTROL.sub(" ", k), _CONTROL.sub(" ", v)) for k, v in pairs]
                scope = {**scope, "query_string": urlencode(clean).encode("ascii")}
        await self.app(scope, receive, send)


class Guard(BaseHTTPMiddleware):
    def __init__(self, app, token: str | None, loopback: bool) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.token = token
        self.loopback = loopback

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = self._refuse(request)
        if response is None:
            response = await call_next(request)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def _refuse(self, request: Request) -> Response | None:
        writing = request.method not in ("GET", "HEAD")
        if writing and not self.token:
            return PlainTextResponse("read-only: this server never changes the store\n", 405, {"Allow": "GET, HEAD"})
        if writing and (request.method != "POST" or not WRITE_ROUTES.fullmatch(request.url.path)):
            return PlainTextResponse("only corrections are written here (POST)\n", 405, {"Allow": "GET, HEAD"})
        if self.loopback and not host_header_is_loopback(request.headers.get("host", "")):
            return PlainTextResponse("this server only answers requests addressed to 127.0.0.1\n", 400)
        if not self.token:
            return None
        given = request.query_params.get("token")
        if given is not None and not writing:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return PlainTextResponse("wrong token\n", 401)
            # trade the token in the address for a cookie, so it leaves the address bar and history
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = local_path(request.url.path) + (f"?{urlencode(rest)}" if rest else "")
            redirect = RedirectResponse(target, 303)
            redirect.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return redirect
        auth = request.headers.get("authorization", "")
        candidates = [request.cookies.get(TOKEN_COOKIE, ""), auth.removeprefix("Bearer ").strip()]
        if any(c and hmac.compare_digest(c.encode(), self.token.encode()) for c in candidates):
            reason = cross_origin(request) if writing else None
            return PlainTextResponse(reason, 403) if reason else None
        return PlainTextResponse(
            "token required: open this address with ?token=… or send 'Authorization: Bearer …'\n", 401
        )
