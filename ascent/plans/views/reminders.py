"""Reminders: each person's choice about the daily digest, and the council's plan settings.

Every member chooses for themselves whether they get the digest (``plans.view_plans``: the
choice is the person's own, so the page is under any council they belong to). The council's
admins (``plans.change_plan_settings``) turn reminders on or off for the council and set the
days ahead, the days before an action is stale and the months to a follow-up.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ascent.core.forms import add_action_errors
from ascent.organisations.access import get_organisation_for_user

from .. import reminders
from ..forms_reminders import PlanSettingsForm, ReminderPreferenceForm
from ..status import settings_for


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    enabled = reminders.digest_enabled(request.user)
    data = request.POST if request.method == "POST" else None
    form = ReminderPreferenceForm(data, initial={"digest": "on" if enabled else "off"})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["digest"] == "on"
        reminders.set_digest_enabled(request.user, enabled=wanted, by=request.user)
        messages.success(
            request,
            "You will get the reminder digest" if wanted else "You will not get the reminder digest",
        )
        return redirect("plans:reminder_preferences", gss_code=organisation.gss_code)
    today = timezone.localdate()
    council = settings_for(organisation)
    return render(
        request,
        "plans/reminders/preferences.html",
        {
            "organisation": organisation,
            "form": form,
            "enabled": enabled,
            "council": council,
            "upcoming": reminders.upcoming_for(request.user, organisation, today, ahead=council.reminder_days_ahead),
            "today": today,
            "can_change_settings": request.user.has_perm("plans.change_plan_settings", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_settings(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.change_plan_settings")
    current = settings_for(organisation)
    form = PlanSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "reminders": "on" if current.reminders_enabled else "off",
            "reminder_days_ahead": current.reminder_days_ahead,
            "stale_after_days": current.stale_after_days,
            "follow_up_months": current.follow_up_months,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reminders.change_plan_settings(
                organisation,
                by=request.user,
                reminders_enabled=data["reminders"] == "on",
                reminder_days_ahead=data["reminder_days_ahead"],
                stale_after_days=data["stale_after_days"],
                follow_up_months=data["follow_up_months"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The plan settings have been saved")
            return redirect("plans:settings", gss_code=organisation.gss_code)
    return render(
        request,
        "plans/reminders/settings.html",
        {"organisation": organisation, "form": form, "last_change": reminders.last_settings_change(organisation)},
    )


urls = [
    path("orgs/<gss:gss_code>/plans/reminders/", preferences, name="reminder_preferences"),
    path("orgs/<gss:gss_code>/plans/settings/", plan_settings, name="settings"),
]
