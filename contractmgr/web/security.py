"""Security headers on every response (OWASP ASVS 14.4), and HTTPS-only settings behind a switch.

- Content-Security-Policy: scripts, styles, images and fonts from this site only; no inline script,
  no inline style attribute, no plugins, no other site may frame a page (`frame-ancestors 'none'`,
  and X-Frame-Options DENY for older browsers), forms post only here.
- X-Content-Type-Options nosniff; Referrer-Policy same-origin (no URL of ours, ids or secrets
  included, goes to another site).
- Cache-Control no-store on everything but static files and the calendar feed (which sets its own):
  pages, downloads and API answers hold contract data and CSRF tokens, so no shared or back-button cache
  keeps them.
- With SERVED_OVER_HTTPS (config.py): Strict-Transport-Security, and the session cookie marked Secure.
- With TRUSTED_PROXIES = n: the client's address (login throttling) and scheme from n proxies' X-Forwarded-*.
"""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000; includeSubDomains"

#: endpoints whose own caching stays: static files, and the feed calendar applications poll
KEEP_CACHING = {"static", "calendar_feed.feed"}


def install(app: Flask) -> None:
    https = app.config["SERVED_OVER_HTTPS"]
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Behind that many proxies the client's address and scheme come from X-Forwarded-For/-Proto.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        if request.endpoint not in KEEP_CACHING:
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        if https:
            headers["Strict-Transport-Security"] = HSTS
        return response
