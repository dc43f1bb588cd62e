"""One action's page: its facts, progress updates, milestones, evidence and indicators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ascent.organisations.access import fetch, get_organisation_for_user

from ..models import Action


@require_GET
def action(request: HttpRequest, gss_code: str, plan_id: int, action_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    record = fetch(
        Action,
        request.user,
        perm="plans.view_plan",
        organisation=organisation,
        select_related=("plan", "theme", "owner"),
        pk=action_id,
        plan_id=plan_id,
    )
    return render(request, "plans/action.html", {"organisation": organisation, "plan": record.plan, "action": record})


urls = [
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/actions/<int:action_id>/", action, name="action"),
]
