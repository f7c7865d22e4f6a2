"""Security of the dashboard: headers on every response, token check, bind rules.

Model output is hostile input, so pages never run inline script: the only
scripts are files served by the dashboard itself (``script-src 'self'``), and
figure data travels in inert JSON blocks. The token is compared in constant
time (``hmac.compare_digest``).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

from codecanary.errors import ConfigError

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
"""Plotly sets element styles at run time (hence ``'unsafe-inline'`` for styles
only); its cartesian charts need no ``'unsafe-eval'``."""

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
COOKIE = "codecanary_token"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """A non-loopback bind needs a token (``--token`` or ``CODECANARY_TOKEN``)."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"--host {host} is reachable from other machines: set a token with "
                          "--token or CODECANARY_TOKEN (or bind 127.0.0.1)")
    if token is not None and len(token) < 16:
        raise ConfigError("the dashboard token must be at least 16 characters")


def token_matches(given: str | None, expected: str) -> bool:
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class SecurityMiddleware(BaseHTTPMiddleware):
    """Adds the security headers; with a token, refuses requests that lack it.

    The token is accepted as ``Authorization: Bearer``, as the ``codecanary_token``
    cookie, or once as ``?token=`` (which then sets that cookie, HttpOnly and
    SameSite=Strict, so links keep working without the token in them).
    """

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        from_query = False
        if self.token is not None:
            auth = request.headers.get("authorization", "")
            given = auth[7:] if auth.lower().startswith("bearer ") else None
            given = given or request.cookies.get(COOKIE)
            if not given and "token" in request.query_params:
                given, from_query = request.query_params["token"], True
            if not token_matches(given, self.token):
                response: Response = PlainTextResponse(
                    "codecanary: a valid token is required (Authorization: Bearer, or "
                    "?token= once)", status_code=401)
                response.headers.update(HEADERS)
                return response
        response = await call_next(request)
        response.headers.update(HEADERS)
        if from_query and self.token is not None:
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        return response
