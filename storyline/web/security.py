"""The web app's guard: read-only methods, loopback host check, access token, strict headers.

Article text is untrusted, so the browser is told to run nothing but our own scripts (CSP without
inline script or eval), to fetch nothing from elsewhere, and to send no referrer when a reader
follows a link. Inline styles are allowed because the chart library positions its tooltips with
them; no article text ever reaches an attribute unescaped. On loopback the Host header must name
this machine, which blocks DNS-rebinding pages from reading the dossier; on any other interface
every request needs the token.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

TOKEN_COOKIE = "storyline_token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self';"
    " font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _hostname(header: str) -> str:
    """The host part of a Host header ("127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "[::1]")."""
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0]


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
        if request.method not in ("GET", "HEAD"):
            return PlainTextResponse("read-only: this server never changes the store\n", 405, {"Allow": "GET, HEAD"})
        if self.loopback and not is_loopback(_hostname(request.headers.get("host", ""))):
            return PlainTextResponse("this server only answers requests addressed to 127.0.0.1\n", 400)
        if not self.token:
            return None
        given = request.query_params.get("token")
        if given is not None:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return PlainTextResponse("wrong token\n", 401)
            # trade the token in the address for a cookie, so it leaves the address bar and history
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            redirect = RedirectResponse(target, 303)
            redirect.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return redirect
        auth = request.headers.get("authorization", "")
        candidates = [request.cookies.get(TOKEN_COOKIE, ""), auth.removeprefix("Bearer ").strip()]
        if any(c and hmac.compare_digest(c.encode(), self.token.encode()) for c in candidates):
            return None
        return PlainTextResponse(
            "token required: open this address with ?token=… or send 'Authorization: Bearer …'\n", 401
        )
