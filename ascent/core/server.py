"""How gunicorn answers requests it refuses before Django sees them.

gunicorn refuses a request line or headers over its limits itself, with a bare page
("URI Too Long"). This worker answers those with the service's own GOV.UK error pages
instead. It is named in gunicorn.conf.py; nothing else imports it.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest
from django.template import loader
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.sync import SyncWorker

#: What gunicorn refuses -> (status, reason phrase, template).
REFUSALS = {
    LimitRequestLine: (414, "URI Too Long", "errors/414.html"),
    LimitRequestHeaders: (431, "Request Header Fields Too Large", "errors/400.html"),
}


@functools.cache
def error_page(template: str) -> bytes:
    # A bare request: no session, user or database is touched to explain a refusal.
    return loader.render_to_string(template, request=HttpRequest()).encode("utf-8")


def http_response(status: int, reason: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "X-Frame-Options: DENY\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


class GovukErrorPagesWorker(SyncWorker):
    """gunicorn's sync worker, answering over-long requests with a GOV.UK page."""

    def handle_error(self, req, client, addr, exc):
        refusal = next((answer for kind, answer in REFUSALS.items() if isinstance(exc, kind)), None)
        if refusal is None:
            return super().handle_error(req, client, addr, exc)
        status, reason, template = refusal
        try:
            response = http_response(status, reason, error_page(template))
        except Exception:  # a page that cannot be rendered must not hide the refusal itself
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            write_nonblock(client, response)
        except Exception:
            self.log.debug("Failed to send error message.")
        return None
