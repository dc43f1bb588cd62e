"""The Challenges page: every open assurance flag of one council, across the product."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ascent.organisations.access import get_organisation_for_user

from . import registry

VIEW_PERM = "assurance.view_challenges"


class CheckFilterForm(forms.Form):
    """Which check's flags to show; every check when left empty."""

    check = forms.ChoiceField(label="Show the flags of", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [("", "Every check"), *((c.name, c.title) for c in registry.checks())]
        self.fields["check"].error_messages["invalid_choice"] = "Select a check from the list"


@dataclass
class Group:
    """The flags one check raised, with the check's reason."""

    check: registry.Check
    flags: list[registry.Flag]


def _groups(flags: list[registry.Flag]) -> list[Group]:
    """Flags grouped by check, in the registry's order; each group's flags in the order given."""
    by_name: dict[str, list[registry.Flag]] = {}
    for flag in flags:
        by_name.setdefault(flag.check.name, []).append(flag)
    return [Group(check, by_name[check.name]) for check in registry.checks() if check.name in by_name]


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    form = CheckFilterForm(request.GET or None)
    chosen = form.cleaned_data["check"] if form.is_bound and form.is_valid() else ""
    flags = registry.open_flags(organisation)
    shown = [flag for flag in flags if not chosen or flag.check.name == chosen]
    open_ = [flag for flag in shown if flag.needs_answer]
    after = [flag for flag in shown if not flag.is_justified and flag.after_sign_off]
    justified = [flag for flag in shown if flag.is_justified]
    context = {
        "organisation": organisation,
        "form": form,
        "chosen": registry.get_check(chosen) if chosen else None,
        "total": len(flags),
        "open_count": len(open_),
        "justified_count": len(justified),
        "after_count": len(after),
        "groups": _groups(open_),
        "after_groups": _groups(after),
        "justified_groups": _groups(justified),
        "checks": registry.checks(),
    }
    return render(request, "assurance/index.html", context)
