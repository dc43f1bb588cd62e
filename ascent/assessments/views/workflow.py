"""Self-assessment pages: the workflow of one version, and comparing two versions.

Under ``/orgs/<GSS code>/self-assessment/<id>/``: ``submit/``, ``return/`` (to draft),
``sign-off/``, ``share/`` and ``unshare/`` (with the region), ``new-version/`` and
``compare/?a=<id>&b=<id>``. Each view gets the organisation and the version through
``ascent.organisations.access`` (another council's version is a 404, a step the person's
role does not allow a 403) and calls :mod:`ascent.assessments.workflow`, which checks the
version's status and records who acted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from ascent.core.forms import CountedCharField
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import workflow
from ..models import ElementRating, SelfAssessment, Status

BASE = "orgs/<gss:gss_code>/self-assessment/<int:assessment_id>/"


def summary_url(assessment: SelfAssessment) -> str:
    """The summary page of a version (``assessments:detail``), where every step returns to."""
    return reverse("assessments:detail", args=[assessment.organisation.gss_code, assessment.pk])


def _get(request: HttpRequest, gss_code: str, assessment_id: int, perm: str) -> SelfAssessment:
    organisation = get_organisation_for_user(request.user, gss_code)
    return fetch(
        SelfAssessment,
        request.user,
        organisation=organisation,
        perm=perm,
        select_related=("framework", "submitted_by", "signed_off_by", "shared_by"),
        pk=assessment_id,
    )


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error)


def _context(assessment: SelfAssessment, **extra) -> dict:
    return {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "summary_url": summary_url(assessment),
        **extra,
    }


# ----- submit and return to draft ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    assessment = _get(request, gss_code, assessment_id, workflow.SUBMIT)
    problems: list[str] = []
    if request.method == "POST":
        try:
            workflow.submit(assessment, by=request.user)
        except ValidationError as error:
            problems = _messages_of(error)
        else:
            messages.success(request, f"Version {assessment.version} has been submitted for sign-off")
            return redirect(summary_url(assessment))
    unrated = workflow.unrated_elements(assessment) if assessment.status == Status.DRAFT else []
    return render(
        request,
        "assessments/submit.html",
        _context(assessment, problems=problems, unrated=unrated, status_phrase=workflow.status_phrase(assessment)),
    )


class ReturnForm(forms.Form):
    reason = CountedCharField(
        label="Why are you returning it to draft?",
        help_text="The people working on it will see this in the activity log",
        max_length=workflow.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are returning it to draft"},
    )


@require_http_methods(["GET", "POST"])
def return_to_draft(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    assessment = _get(request, gss_code, assessment_id, workflow.RETURN)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.return_to_draft(assessment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Version {assessment.version} has been returned to draft")
            return redirect(summary_url(assessment))
    return render(request, "assessments/return.html", _context(assessment, form=form))


# ----- sign off ------------------------------------------------------------------------------


class SignOffForm(forms.Form):
    """A justification box for each open flag, then a note for the sign-off."""

    note = CountedCharField(
        label="Sign-off note (optional)",
        help_text="For example, the meeting that agreed it",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, flags, **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = flags
        note = self.fields.pop("note")
        for flag in flags:
            name = workflow.field_name(flag.key)
            self.fields[name] = CountedCharField(
                label=f"{flag.check.title}: {flag.subject}",
                help_text=f"{flag.detail} {flag.check.reason}",
                max_length=workflow.MAX_JUSTIFICATION,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": f"Enter why you are signing off over “{flag.check.title}” on {flag.subject}"
                },
            )
        self.fields["note"] = note

    def flag_fields(self):
        return [(flag, self[workflow.field_name(flag.key)]) for flag in self.flags]

    def justifications(self) -> dict[str, str]:
        return {flag.key: self.cleaned_data.get(workflow.field_name(flag.key), "") for flag in self.flags}


@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    assessment = _get(request, gss_code, assessment_id, workflow.SIGN_OFF)
    if assessment.status != Status.SUBMITTED:
        messages.error(
            request,
            f"Version {assessment.version} is {workflow.status_phrase(assessment)}: "
            "only a submitted version can be signed off.",
        )
        return redirect(summary_url(assessment))
    flags = workflow.open_flags(assessment)
    form = SignOffForm(request.POST or None, flags=flags)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.sign_off(
                assessment, by=request.user, justifications=form.justifications(), note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Version {assessment.version} has been signed off")
            return redirect(summary_url(assessment))
    return render(request, "assessments/sign_off.html", _context(assessment, form=form, flags=flags))


# ----- share with the region ----------------------------------------------------------------


def _share_page(request: HttpRequest, gss_code: str, assessment_id: int, *, withdraw: bool) -> HttpResponse:
    assessment = _get(request, gss_code, assessment_id, workflow.SHARE)
    region = assessment.organisation.region
    problems: list[str] = []
    if request.method == "POST":
        try:
            if withdraw:
                workflow.unshare(assessment, by=request.user)
            else:
                workflow.share(assessment, by=request.user)
        except ValidationError as error:
            problems = _messages_of(error)
        else:
            region_name = region.name if region else "the region"
            if withdraw:
                messages.success(request, f"Version {assessment.version} is no longer shared with {region_name}")
            else:
                messages.success(request, f"Version {assessment.version} has been shared with {region_name}")
            return redirect(summary_url(assessment))
    elif not withdraw and assessment.status != Status.SIGNED_OFF:
        problems = ["Only a signed-off version can be shared with the region."]
    elif not withdraw and assessment.shared_at is not None:
        problems = ["This version is already shared with the region."]
    elif withdraw and assessment.shared_at is None:
        problems = ["This version is not shared with the region."]
    return render(
        request,
        "assessments/share.html",
        _context(assessment, withdraw=withdraw, region=region, problems=problems),
    )


@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    return _share_page(request, gss_code, assessment_id, withdraw=False)


@require_http_methods(["GET", "POST"])
def unshare(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    return _share_page(request, gss_code, assessment_id, withdraw=True)


# ----- a new version ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    assessment = _get(request, gss_code, assessment_id, workflow.NEW_VERSION)
    problems: list[str] = []
    successor = SelfAssessment.objects.in_organisation(assessment.organisation).filter(based_on=assessment).first()
    if request.method == "POST":
        try:
            copy = workflow.start_new_version(assessment, by=request.user)
        except ValidationError as error:
            problems = _messages_of(error)
        else:
            messages.success(request, f"Version {copy.version} has been started from version {assessment.version}")
            return redirect(summary_url(copy))
    elif successor is not None:
        problems = [f"Version {successor.version} has already been started from version {assessment.version}."]
    elif assessment.status != Status.SIGNED_OFF:
        problems = ["A new version starts from a signed-off one."]
    return render(
        request,
        "assessments/new_version.html",
        _context(
            assessment,
            problems=problems,
            successor=successor,
            successor_url=summary_url(successor) if successor else "",
        ),
    )


# ----- compare two versions -----------------------------------------------------------------


def family(assessment: SelfAssessment):
    """Every version of the same council, framework (any version of it) and period, oldest first."""
    return (
        SelfAssessment.objects.in_organisation(assessment.organisation)
        .filter(
            framework__slug=assessment.framework.slug,
            framework__organisation_id=assessment.framework.organisation_id,
            period_code=assessment.period_code,
        )
        .select_related("framework")
        .order_by("version", "pk")
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label="Compare", coerce=int)
    b = forms.TypedChoiceField(label="with", coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.pk, f"Version {v.version} ({v.get_status_display().lower()})") for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        self.fields["a"].error_messages["invalid_choice"] = "Choose a version of this self-assessment to compare"
        self.fields["b"].error_messages["invalid_choice"] = "Choose a version of this self-assessment to compare with"


_TOKENS = re.compile(r"\s+|[^\s]+")


def text_diff(before: str, after: str) -> SafeString:
    """``after`` with the words removed since ``before`` in ``<del>`` and those added in ``<ins>``.

    Each change also says "removed" or "added" in text hidden on screen, because screen
    readers do not announce the elements themselves.
    """
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(new[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(
                '<del class="ascent-diff__removed"><span class="govuk-visually-hidden">[removed: </span>'
                f'{escape("".join(old[i1:i2]))}<span class="govuk-visually-hidden">]</span></del>'
            )
        if op in ("insert", "replace"):
            out.append(
                '<ins class="ascent-diff__added"><span class="govuk-visually-hidden">[added: </span>'
                f'{escape("".join(new[j1:j2]))}<span class="govuk-visually-hidden">]</span></ins>'
            )
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


TEXT_FIELDS = (
    ("narrative", "Narrative"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
)


GREY_TAG = "govuk-tag govuk-tag--grey"


@dataclass
class ElementChange:
    key: str
    label: str
    rating_a: str
    rating_b: str
    #: The class of the GOV.UK tag of each rating (the scale level's, as on every other page).
    tag_a: str
    tag_b: str
    texts: list[tuple[str, SafeString]] = field(default_factory=list)
    indicators_added: list[str] = field(default_factory=list)
    indicators_removed: list[str] = field(default_factory=list)
    evidence_added: list[str] = field(default_factory=list)
    evidence_removed: list[str] = field(default_factory=list)

    @property
    def rating_changed(self) -> bool:
        return self.rating_a != self.rating_b

    @property
    def changed(self) -> bool:
        return bool(
            self.rating_changed
            or self.texts
            or self.indicators_added
            or self.indicators_removed
            or self.evidence_added
            or self.evidence_removed
        )


def _ratings(assessment: SelfAssessment, organisation) -> dict[str, ElementRating]:
    rows = (
        ElementRating.objects.in_organisation(organisation)
        .filter(assessment=assessment)
        .select_related("element")
        .prefetch_related("indicator_links__indicator", "evidence_links__evidence")
        .order_by("element__sort_order")
    )
    return {row.element.key: row for row in rows}


def compare_versions(a: SelfAssessment, b: SelfAssessment) -> list[ElementChange]:
    """Element by element (matched by key, so versions on different framework versions compare)."""
    organisation = b.organisation if b.organisation_id == a.organisation_id else None
    ratings_a, ratings_b = _ratings(a, organisation or a.organisation), _ratings(b, organisation or b.organisation)
    keys = list(ratings_b) + [key for key in ratings_a if key not in ratings_b]
    changes = []
    for key in keys:
        old, new = ratings_a.get(key), ratings_b.get(key)
        element = (new or old).element
        level_a = a.framework.level(old.rating) if old else None
        level_b = b.framework.level(new.rating) if new else None
        change = ElementChange(
            key=key,
            label=element.label,
            rating_a=level_a.label if level_a else ("Not rated" if old else "Not in this version"),
            rating_b=level_b.label if level_b else ("Not rated" if new else "Not in this version"),
            tag_a=level_a.tag_class if level_a else GREY_TAG,
            tag_b=level_b.tag_class if level_b else GREY_TAG,
        )
        for name, label in TEXT_FIELDS:
            before, after = getattr(old, name, "") if old else "", getattr(new, name, "") if new else ""
            if before.strip() != after.strip():
                change.texts.append((label, text_diff(before, after)))
        indicators_a = {x.indicator_id: x.indicator for x in old.indicator_links.all()} if old else {}
        indicators_b = {x.indicator_id: x.indicator for x in new.indicator_links.all()} if new else {}
        change.indicators_added = [f"{i.code} {i.title}" for k, i in indicators_b.items() if k not in indicators_a]
        change.indicators_removed = [f"{i.code} {i.title}" for k, i in indicators_a.items() if k not in indicators_b]
        evidence_a = {x.evidence_id: x.evidence for x in old.evidence_links.all()} if old else {}
        evidence_b = {x.evidence_id: x.evidence for x in new.evidence_links.all()} if new else {}
        change.evidence_added = [e.title for k, e in evidence_b.items() if k not in evidence_a]
        change.evidence_removed = [e.title for k, e in evidence_a.items() if k not in evidence_b]
        changes.append(change)
    return changes


@require_GET
def compare(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    assessment = _get(request, gss_code, assessment_id, workflow.VIEW)
    versions = list(family(assessment))
    by_id = {v.pk: v for v in versions}
    # Without a choice: this version against the one it was based on (or the one before it).
    default_b = assessment
    default_a = by_id.get(assessment.based_on_id) or next(
        (v for v in reversed(versions) if v.version < assessment.version), assessment
    )
    form = CompareForm(
        request.GET if ("a" in request.GET or "b" in request.GET) else None,
        versions=versions,
        initial={"a": default_a.pk, "b": default_b.pk},
    )
    for version in versions:
        version.organisation = assessment.organisation  # the same council: save a query each
    a, b = default_a, default_b
    if form.is_bound:
        if not form.is_valid():
            # A bad choice shows the form and its error alone, not a comparison nobody asked for.
            return render(request, "assessments/compare.html", _context(assessment, form=form, versions=versions))
        a, b = by_id[form.cleaned_data["a"]], by_id[form.cleaned_data["b"]]
    changes = compare_versions(a, b) if a.pk != b.pk else []
    return render(
        request,
        "assessments/compare.html",
        _context(
            assessment,
            form=form,
            versions=versions,
            a=a,
            b=b,
            changes=changes,
            changed=[c for c in changes if c.changed],
            unchanged=[c for c in changes if not c.changed],
        ),
    )


urls = [
    path(f"{BASE}submit/", submit, name="submit"),
    path(f"{BASE}return/", return_to_draft, name="return"),
    path(f"{BASE}sign-off/", sign_off, name="sign-off"),
    path(f"{BASE}share/", share, name="share"),
    path(f"{BASE}unshare/", unshare, name="unshare"),
    path(f"{BASE}new-version/", new_version, name="new-version"),
    path(f"{BASE}compare/", compare, name="compare"),
]
