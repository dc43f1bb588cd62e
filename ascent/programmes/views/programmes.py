"""The council's programmes: the list of programmes with their savings and flags."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ascent.organisations.access import get_organisation_for_user

from ..models import Programme


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="programmes.view_programmes")
    programmes = list(
        Programme.objects.in_organisation(organisation).select_related("board").order_by("status", "-starts_on", "name")
    )
    return render(
        request,
        "programmes/index.html",
        {
            "organisation": organisation,
            "programmes": programmes,
            "can_add": request.user.has_perm("programmes.add_programme", organisation),
        },
    )


urls = [
    path("orgs/<gss:gss_code>/programmes/", index, name="index"),
]
