"""Comparator groups: the built-in groups and a council's own, and adding or changing its own."""

from __future__ import annotations

import re
from itertools import groupby

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ascent.imports.filetypes import ACCEPTED
from ascent.organisations.access import fetch, get_organisation_for_user
from ascent.organisations.models import Organisation

from ..comparators import (
    MEMBER_LIST_MAX_BYTES,
    MemberListError,
    create_custom_group,
    delete_custom_group,
    groups_for,
    read_member_list,
    update_custom_group,
)
from ..models import ComparatorGroup

VIEW_PERM = "indicators.view_performance"
CHANGE_PERM = "indicators.change_performance"
GSS_CODE = re.compile(r"[A-Z]\d{8}")
CODE_SEPARATORS = re.compile(r"[\s,;]+")


def _name_field(label: str, help_text: str) -> forms.CharField:
    """A comparator group's name, as both the group form and the list upload ask for it."""
    return forms.CharField(
        label=label,
        max_length=200,
        help_text=help_text,
        error_messages={"required": "Enter a name for the group", "max_length": "Name must be 200 characters or fewer"},
    )


def _description_field(help_text: str) -> forms.CharField:
    """A comparator group's optional description."""
    return forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"max_length": "Description must be 2,000 characters or fewer"},
    )


class ComparatorGroupForm(forms.Form):
    """A council's own comparator group: a name, a description and its councils.

    Councils are ticked in lists by region, or pasted as GSS codes (for example a
    nearest-neighbour list from a spreadsheet), or both.
    """

    name = _name_field("Name", "For example, CIPFA nearest neighbours")
    description = _description_field("Where the list comes from and when it was drawn up")
    members = forms.MultipleChoiceField(
        label="Councils in the group",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select councils from the lists"},
    )
    gss_codes = forms.CharField(
        label="Add councils by GSS code (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="One or more GSS codes, such as E09000015, separated by commas, spaces or new lines",
        error_messages={"max_length": "Enter 5,000 characters or fewer"},
    )

    def __init__(self, *args, councils: list[Organisation], taken_names: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = councils
        self.taken_names = {name.casefold() for name in taken_names}
        self.fields["members"].choices = [(str(council.pk), council.name) for council in councils]
        self.by_code = {council.gss_code: council.pk for council in councils}

    def members_by_region(self) -> list[tuple[str, list, int]]:
        """(region name, checkboxes, how many are ticked) for each region, in the choices' order."""
        widgets = list(self["members"])
        chosen = {str(value) for value in (self["members"].value() or [])}
        regions = []
        pairs = zip(self.councils, widgets, strict=True)
        for region, items in groupby(pairs, key=lambda pair: pair[0].region.name):
            boxes = [widget for _, widget in items]
            regions.append((region, boxes, sum(1 for box in boxes if str(box.data["value"]) in chosen)))
        return regions

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the group")
        if name.casefold() in self.taken_names:
            raise forms.ValidationError(f"Your council already has a comparator group called {name}")
        return name

    def clean_gss_codes(self) -> set[int]:
        text = self.cleaned_data["gss_codes"]
        found: set[int] = set()
        problems = []
        for token in (t for t in CODE_SEPARATORS.split(text.upper()) if t):
            if not GSS_CODE.fullmatch(token):
                problems.append(f"{token} is not a GSS code: a GSS code is a letter and 8 digits, like E09000015")
            elif token not in self.by_code:
                problems.append(f"{token} is not the GSS code of a council in England with adult social services")
            else:
                found.add(self.by_code[token])
        if problems:
            raise forms.ValidationError(list(dict.fromkeys(problems)))
        return found

    def clean(self):
        cleaned = super().clean()
        if "members" in self.errors or "gss_codes" in self.errors:
            return cleaned
        member_ids = {int(pk) for pk in cleaned.get("members", [])} | cleaned.get("gss_codes", set())
        if not member_ids:
            self.add_error("members", "Choose at least one council for the group, or enter GSS codes")
        cleaned["member_ids"] = member_ids
        return cleaned


class MemberListForm(forms.Form):
    """A council's own comparator group from a file: its nearest-neighbour list as GSS codes.

    A name the council already uses for one of its groups replaces that group's councils;
    any other name makes a new group.
    """

    name = _name_field(
        "Name of the group",
        "For example, CIPFA nearest neighbours. If your council already has a group with this name, "
        "its councils are replaced by the ones in the file",
    )
    description = _description_field(
        "Where the list comes from and when it was drawn up. Leave it blank to keep a group's description"
    )
    file = forms.FileField(
        label="Upload the list",
        help_text="A CSV file with one GSS code a row in the first column, up to 256 KB. "
        "A heading row and a column of council names are optional: the GSS codes decide",
        error_messages={
            "required": "Select a CSV file of GSS codes",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file of GSS codes",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )

    def __init__(self, *args, councils: dict[str, int], own: list[ComparatorGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = councils
        self.own = {group.name.casefold(): group for group in own}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the group")
        return name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MEMBER_LIST_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 256 KB")
        try:
            self.member_list = read_member_list(upload.read(), upload.name, self.councils)
        except MemberListError as error:
            raise forms.ValidationError(error.problems) from None
        return upload

    @property
    def existing(self) -> ComparatorGroup | None:
        """The council's group this name replaces, if it has one."""
        return self.own.get(self.cleaned_data["name"].casefold())


def _councils() -> list[Organisation]:
    """Every active council, by region then name (one query): reference data, not private."""
    return list(
        Organisation.objects.filter(is_active=True)
        .select_related("region")
        .order_by("region__name", "name")
        .only("id", "gss_code", "name", "region__name")
    )


def _councils_text(member_ids: set[int]) -> str:
    return "1 council" if len(member_ids) == 1 else f"{len(member_ids)} councils"


def _names(organisation: Organisation, *, besides: ComparatorGroup | None = None) -> set[str]:
    groups = ComparatorGroup.objects.in_organisation(organisation).filter(owner=organisation)
    if besides is not None:
        groups = groups.exclude(pk=besides.pk)
    return set(groups.values_list("name", flat=True))


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    groups = list(groups_for(organisation))
    own = [group for group in groups if group.owner_id == organisation.pk]
    members: dict[int, list[str]] = {}
    rows = (
        ComparatorGroup.members.through.objects.filter(comparatorgroup__owner=organisation)
        .order_by("organisation__name")
        .values_list("comparatorgroup_id", "organisation__name")
    )
    for group_id, name in rows:
        members.setdefault(group_id, []).append(name)
    context = {
        "organisation": organisation,
        "built_in": [group for group in groups if group.owner_id is None],
        "own": [(group, members.get(group.pk, [])) for group in own],
        "can_change": request.user.has_perm(CHANGE_PERM, organisation),
    }
    return render(request, "indicators/comparators.html", context)


@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    form = ComparatorGroupForm(
        request.POST if request.method == "POST" else None, councils=_councils(), taken_names=_names(organisation)
    )
    if request.method == "POST" and form.is_valid():
        group = create_custom_group(
            organisation,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            member_ids=form.cleaned_data["member_ids"],
            by=request.user,
        )
        messages.success(
            request, f"Comparator group {group.name} added, with {_councils_text(form.cleaned_data['member_ids'])}"
        )
        return redirect("indicators:comparators", gss_code=organisation.gss_code)
    return render(
        request, "indicators/comparator_form.html", {"organisation": organisation, "form": form, "group": None}
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, gss_code: str) -> HttpResponse:
    """Make or replace one of the council's own groups from a file of GSS codes (a nearest-neighbour list)."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    own = list(ComparatorGroup.objects.in_organisation(organisation).filter(owner=organisation).order_by("name"))
    councils = dict(Organisation.objects.filter(is_active=True).values_list("gss_code", "pk"))
    chosen = next((group for group in own if group.slug == request.GET.get("group")), None)
    form = MemberListForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        councils=councils,
        own=own,
        initial={"name": chosen.name} if chosen else None,
    )
    if request.method == "POST" and form.is_valid():
        member_ids = set(form.member_list.member_ids)
        file_name = request.FILES["file"].name
        reason = f"Councils from the file {file_name}"[:100]
        group = form.existing
        if group is None:
            group = create_custom_group(
                organisation,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                member_ids=member_ids,
                by=request.user,
                reason=reason,
            )
            done = "added"
        else:
            update_custom_group(
                group,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"] or group.description,
                member_ids=member_ids,
                by=request.user,
                reason=reason,
            )
            done = "saved"
        messages.success(
            request, f"Comparator group {group.name} {done}, with {_councils_text(member_ids)} from {file_name}"
        )
        return redirect("indicators:comparators", gss_code=organisation.gss_code)
    return render(
        request,
        "indicators/comparator_upload.html",
        {"organisation": organisation, "form": form, "own": own},
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, gss_code: str, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=CHANGE_PERM)
    # The organisation's own group: a built-in group is a 403, another council's (or none) a 404.
    group = fetch(
        ComparatorGroup, request.user, organisation=organisation, perm="indicators.change_comparatorgroup", slug=slug
    )
    if group.owner_id is None:
        # Platform staff pass every permission, so built-in groups are refused here for them too.
        raise PermissionDenied("Built-in comparator groups cannot be changed")
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "delete":
        return render(request, "indicators/comparators_delete.html", {"organisation": organisation, "group": group})
    if action == "delete-confirmed":
        name = group.name
        delete_custom_group(group, by=request.user)
        messages.success(request, f"Comparator group {name} deleted")
        return redirect("indicators:comparators", gss_code=organisation.gss_code)
    current = [str(pk) for pk in group.members.order_by().values_list("pk", flat=True)]
    form = ComparatorGroupForm(
        request.POST if request.method == "POST" else None,
        councils=_councils(),
        taken_names=_names(organisation, besides=group),
        initial={"name": group.name, "description": group.description, "members": current},
    )
    if request.method == "POST" and form.is_valid():
        update_custom_group(
            group,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            member_ids=form.cleaned_data["member_ids"],
            by=request.user,
        )
        messages.success(
            request, f"Comparator group {group.name} saved, with {_councils_text(form.cleaned_data['member_ids'])}"
        )
        return redirect("indicators:comparators", gss_code=organisation.gss_code)
    return render(
        request, "indicators/comparator_form.html", {"organisation": organisation, "form": form, "group": group}
    )
