"""The council's improvement plans: the list, one plan, its themes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ascent.organisations.access import fetch, get_organisation_for_user

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


@require_GET
def plan(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(Plan, request.user, perm="plans.view_plan", organisation=organisation, pk=plan_id)
    actions = record.actions.select_related("theme").order_by("theme__position", "position", "pk")
    return render(request, "plans/plan.html", {"organisation": organisation, "plan": record, "actions": actions})


urls = [
    path("orgs/<gss:gss_code>/plans/", index, name="index"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/", plan, name="plan"),
]
