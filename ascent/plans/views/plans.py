"""The council's improvement plans: the list, one plan, its themes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ascent.organisations.access import get_organisation_for_user

from ..models import Plan


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    plans = Plan.objects.in_organisation(organisation).select_related("owner")
    return render(
        request,
        "plans/index.html",
        {
            "organisation": organisation,
            "plans": plans,
            "can_add": request.user.has_perm("plans.add_plan", organisation),
        },
    )


urls = [
    path("orgs/<gss:gss_code>/plans/", index, name="index"),
]
