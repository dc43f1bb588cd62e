"""Middleware of the service as a whole."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class MethodNotAllowedPageMiddleware:
    """Give a bare 405 (Django's ``require_POST`` and friends answer with an empty body) the
    service's error page, keeping its status and its Allow header.

    Someone who opens the address of a button (a link copied from the history, say) then reads
    what happened and where to go, rather than a blank page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or response.streaming:
            return response
        page = TemplateResponse(request, "errors/405.html", status=405)
        page.render()
        for header in ("Allow",):
            if header in response:
                page[header] = response[header]
        return page
