"""Managing performance evidence: the indicator library, local indicators, targets, values by
hand and council-defined indicator groups.

Viewing needs ``indicators.view_performance``; every change needs
``indicators.change_performance`` and goes through :mod:`ascent.indicators.actions`.
Another organisation's records are a 404; a shipped indicator cannot be edited (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import add_action_errors
from ascent.core.periods import PeriodParseError, parse_period
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import actions
from ..codes import Shipped, matching
from ..forms import IndicatorForm, IndicatorGroupForm, ObservationForm, TargetForm
from ..models import Indicator, IndicatorGroup, Observation, Target
from ..scorecard import UNTAGGED_TITLE, element_sections

VIEW = "indicators.view_performance"
CHANGE = "indicators.change_performance"


# ----- the indicator library -------------------------------------------------------------


@require_GET
def library(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    query = " ".join(request.GET.get("q", "").split())[:100]
    indicators = Indicator.objects.in_organisation(organisation).filter(is_active=True)
    if query:
        # A code as the publications write it ("1C(1A)", "ASCOF 2A") finds the measure in either
        # ASCOF set, with its successor or predecessor.
        shipped = (
            Indicator.objects.in_organisation(organisation)
            .filter(organisation__isnull=True)
            .values_list("code", "successor__code")
        )
        codes = matching(query, (Shipped(code, successor or "") for code, successor in shipped))
        indicators = indicators.filter(
            Q(code__icontains=query) | Q(title__icontains=query) | Q(definition__icontains=query) | Q(code__in=codes)
        )
    # Shipped indicators by ASCOF domain and objective, as the scorecard groups them by default.
    listed = list(indicators.order_by("sort_order", "code"))
    shipped = [indicator for indicator in listed if indicator.organisation_id is None]
    local = [indicator for indicator in listed if indicator.organisation_id is not None]
    sections: dict[str, dict] = {}
    for _key, title, framework_label, members, _element in element_sections(organisation, shipped):
        label = framework_label or ("Other national indicators" if title == UNTAGGED_TITLE else title)
        sections.setdefault(label, {"title": label, "domains": {}})["domains"][title] = members
    return render(
        request,
        "indicators/library.html",
        {
            "organisation": organisation,
            "query": query,
            "frameworks": list(sections.values()),
            "local": local,
            "found": len(local) + sum(len(items) for s in sections.values() for items in s["domains"].values()),
            "can_change": request.user.has_perm(CHANGE, organisation),
        },
    )


# ----- local indicators ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE)
    form = IndicatorForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.create_local_indicator(
                organisation, by=request.user, elements=form.element_ids, **form.indicator_values
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{indicator.code} {indicator.title} has been added")
            return redirect("indicators:library", gss_code=organisation.gss_code)
    return render(request, "indicators/indicator_form.html", {"organisation": organisation, "form": form})


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, gss_code: str, indicator_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE)
    indicator = fetch(
        Indicator, request.user, organisation=organisation, perm="indicators.change_indicator", pk=indicator_id
    )
    if not indicator.is_local:
        # Shipped definitions belong to nobody; platform staff pass every permission, so say it here.
        raise PermissionDenied("National indicators cannot be changed")
    form = IndicatorForm(request.POST or None, organisation=organisation, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_local_indicator(
                indicator,
                organisation=organisation,
                by=request.user,
                elements=form.element_ids,
                **form.indicator_values,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{indicator.code} {indicator.title} has been updated")
            return redirect("indicators:library", gss_code=organisation.gss_code)
    return render(
        request,
        "indicators/indicator_form.html",
        {"organisation": organisation, "form": form, "indicator": indicator},
    )


# ----- targets and values ----------------------------------------------------------------


def _approximate_reason(form) -> str:
    """For the history, which the Activity page shows: "Approximate: the value “c. £1.6m” was
    read as about £1.6m"."""
    notes = form.approximations
    return "Approximate: " + "; ".join(notes) if notes else ""


def _approximate_note(form) -> str:
    """For the message after saving: ". Approximate: the value “c. £1.6m” was read as about £1.6m"."""
    reason = _approximate_reason(form)
    return f". {reason}" if reason else ""


def _period_in_query(request: HttpRequest):
    text = request.GET.get("period", "").strip()[:60]
    if not text:
        return None
    try:
        return parse_period(text)
    except PeriodParseError:
        return None


@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, gss_code: str, indicator_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE)
    indicator = fetch(
        Indicator, request.user, organisation=organisation, perm="indicators.view_indicator", pk=indicator_id
    )
    targets = Target.objects.in_organisation(organisation).filter(indicator=indicator)
    initial = {}
    copied_from = None
    if request.method == "GET":
        # ?period= names the target to change; without it, or for a period with no target yet,
        # the form is filled in from the latest target, except its period and its note.
        period = _period_in_query(request)
        existing = targets.filter(period_code=period.code).first() if period is not None else None
        if existing is not None:
            initial = TargetForm.initial_from(existing)
        else:
            copied_from = targets.order_by("-period_start", "period_end").first()
            initial = TargetForm.initial_copied_from(copied_from) if copied_from else {}
            if period is not None:
                initial["period"] = period
    form = TargetForm(request.POST or None, initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = actions.set_target(
                organisation,
                indicator,
                period=data["period"],
                rule=data["rule"],
                by=request.user,
                baseline_value=data.get("baseline_value"),
                baseline_label=data.get("baseline_label", ""),
                note=data.get("note", ""),
                reason=_approximate_reason(form),
                is_approximate=bool(form.approximations),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                f"The target for {indicator.code} in {target.period.label} has been saved" + _approximate_note(form),
            )
            return redirect("indicators:scorecard", gss_code=organisation.gss_code)
    return render(
        request,
        "indicators/target_form.html",
        {"organisation": organisation, "form": form, "indicator": indicator, "copied_from": copied_from},
    )


@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, gss_code: str, indicator_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE)
    indicator = fetch(
        Indicator, request.user, organisation=organisation, perm="indicators.view_indicator", pk=indicator_id
    )
    existing = None
    initial = {}
    if request.method == "GET":
        period = _period_in_query(request)
        if period is not None:
            existing = (
                Observation.objects.in_organisation(organisation)
                .filter(indicator=indicator, period_code=period.code)
                .first()
            )
            initial = ObservationForm.initial_from(existing) if existing else {"period": period}
    form = ObservationForm(request.POST or None, initial=initial, indicator=indicator, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = actions.record_observation(
                organisation,
                indicator,
                period=data["period"],
                value=data["value"],
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                status=data["status"],
                by=request.user,
                reason=_approximate_reason(form),
                is_approximate=form.is_approximate("value"),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            confirmed = " as it is" if form.slips else ""
            messages.success(
                request,
                f"The value of {indicator.code} for {observation.period.label} has been saved{confirmed}"
                + _approximate_note(form),
            )
            return redirect("indicators:scorecard", gss_code=organisation.gss_code)
    return render(
        request,
        "indicators/observation_form.html",
        {"organisation": organisation, "form": form, "indicator": indicator, "existing": existing},
    )


# ----- indicator groups ------------------------------------------------------------------


@require_GET
def groups(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    found = IndicatorGroup.objects.in_organisation(organisation).annotate(size=Count("items")).order_by("name")
    return render(
        request,
        "indicators/groups.html",
        {"organisation": organisation, "groups": found, "can_change": request.user.has_perm(CHANGE, organisation)},
    )


def _available(organisation) -> list[Indicator]:
    return list(
        Indicator.objects.in_organisation(organisation)
        .filter(is_active=True)
        .order_by(F("organisation_id").asc(nulls_first=True), "sort_order", "code")
    )


def _save_group(request: HttpRequest, organisation, group: IndicatorGroup | None) -> HttpResponse:
    initial = {}
    if group is not None:
        chosen = group.items.order_by("order", "id").values_list("indicator_id", flat=True)
        initial = {"name": group.name, "description": group.description, "indicators": [str(pk) for pk in chosen]}
    form = IndicatorGroupForm(
        request.POST or None,
        initial=initial,
        organisation=organisation,
        indicators=_available(organisation),
        instance=group,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_indicator_group(
                organisation,
                by=request.user,
                name=data["name"],
                description=data["description"],
                indicators=data["indicators"],
                group=group,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"The group {saved.name} has been saved")
            return redirect("indicators:groups", gss_code=organisation.gss_code)
    return render(request, "indicators/group_form.html", {"organisation": organisation, "form": form, "group": group})


@require_http_methods(["GET", "POST"])
def group_add(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE)
    return _save_group(request, organisation, None)


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, gss_code: str, group_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE)
    group = fetch(
        IndicatorGroup, request.user, organisation=organisation, perm="indicators.change_indicatorgroup", pk=group_id
    )
    return _save_group(request, organisation, group)
