"""Self-assessment pages: what a region's councils have shared with it.

A regional lead (or a platform superuser) sees the heat map of a region and opens each shared
self-assessment, read only. Nothing else of a council is open to them: ``get_region_for_user``
refuses a region they do not lead, and ``shared_with_region`` keeps drafts, unshared versions
and other regions' councils out, each a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ascent.organisations.access import get_region_for_user

from .. import regional
from ..models import SelfAssessment
from ..summary import assessment_summary


@require_GET
def heat_map(request: HttpRequest, code: str) -> HttpResponse:
    region = get_region_for_user(request.user, code)
    chosen = request.GET.get("framework") or None
    heat = regional.heat_map(region, chosen)
    return render(request, "assessments/regional.html", {"region": region, "heat": heat})


@require_GET
def shared(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, code)
    assessment = (
        SelfAssessment.objects.shared_with_region(region)
        .select_related("organisation", "framework", "signed_off_by", "shared_by")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No such shared self-assessment")
    summary = assessment_summary(assessment)
    return render(
        request, "assessments/regional_shared.html", {"region": region, "assessment": assessment, "summary": summary}
    )


urls = [
    path("regions/<gss:code>/self-assessments/", heat_map, name="regional"),
    path("regions/<gss:code>/self-assessments/<int:pk>/", shared, name="regional-shared"),
]
