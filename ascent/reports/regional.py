"""The regional self-assessment summary, for a region's lead: on screen and as downloads.

Council reports live under the council (``/orgs/<GSS code>/reports/``) and are produced in
the background as jobs of the council. The regional summary belongs to no council, so it is
served under the region and rendered on request; it is small (one row per element, one column
per council), so that takes well under a second.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ascent.documents.renderers import render as render_document
from ascent.documents.renderers.html import render_html
from ascent.organisations.access import get_region_for_user

from .catalogue import FORMATS
from .self_assessment import build_regional_summary

REGIONAL_FORMATS = ("pdf", "docx", "xlsx")


@require_GET
def view(request: HttpRequest, code: str) -> HttpResponse:
    region = get_region_for_user(request.user, code)
    document = build_regional_summary(region, user=request.user)
    return render(
        request,
        "reports/regional.html",
        {
            "region": region,
            "document": document,
            "body": render_html(document),
            "formats": {fmt: FORMATS[fmt] for fmt in REGIONAL_FORMATS},
        },
    )


@require_GET
def download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    region = get_region_for_user(request.user, code)
    if fmt not in REGIONAL_FORMATS:
        raise Http404("This report is not available in that format")
    document = build_regional_summary(region, user=request.user)
    content, content_type, extension = render_document(document, fmt)
    response = HttpResponse(content, content_type=content_type)
    name = document.filename(extension).replace("summary-", f"summary-{region.name.lower().replace(' ', '-')}-", 1)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
