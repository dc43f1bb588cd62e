"""Self-assessment pages under /orgs/<GSS code>/self-assessment/: the council's list, starting
one, the summary of one version, rating one element (with its evidence) and the top risks.

Reading needs ``assessments.view_selfassessment`` (every member); starting one needs
``assessments.add_selfassessment`` (editors); every change to a version needs
``assessments.change_selfassessment`` (contributors) and goes through
:mod:`ascent.assessments.actions`, which refuses a version that is no longer a draft.
Another council's self-assessment, rating or link is a 404.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.forms import add_action_errors, show_refusal
from ascent.evidence.display import age_text
from ascent.evidence.forms import EvidenceFileForm
from ascent.evidence.models import EvidenceFile, EvidenceKind
from ascent.evidence.uploads import limits_evidence_uploads
from ascent.frameworks.crosswalk import also_counts_towards
from ascent.frameworks.models import Element
from ascent.indicators.evidence import indicator_evidence
from ascent.indicators.models import Indicator
from ascent.organisations.access import fetch, get_organisation_for_user
from ascent.organisations.models import Membership

from .. import actions
from ..flags import by_element, flags_for
from ..forms import AttachEvidenceForm, IndicatorLinkForm, NewAssessmentForm, RatingForm, TopRisksForm
from ..models import ElementRating, RatingEvidence, RatingIndicator, SelfAssessment, TopRisk

VIEW = "assessments.view_selfassessment"
CHANGE = "assessments.change_selfassessment"
ADD = "assessments.add_selfassessment"


#: GOV.UK tag classes for a scale level's colour.


def _flags_by_element(assessment) -> dict[int, list]:
    """The version's assurance flags by the element they concern."""
    return by_element(flags_for(assessment))


def _assessment(request, organisation, assessment_id: int, perm: str = VIEW) -> SelfAssessment:
    return fetch(
        SelfAssessment,
        request.user,
        perm=perm,
        organisation=organisation,
        select_related=("framework",),
        pk=assessment_id,
    )


def _rating(request, organisation, assessment: SelfAssessment, element_id: int) -> ElementRating:
    """The version's rating of one element: an element of another framework (or version) is a 404."""
    rating = fetch(
        ElementRating.objects.in_organisation(organisation).filter(assessment=assessment),
        request.user,
        perm=VIEW,
        organisation=organisation,
        select_related=("element", "owner", "assessment"),
        element_id=element_id,
    )
    rating.assessment = assessment
    return rating


# ----- the council's self-assessments ----------------------------------------------------


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessments = (
        SelfAssessment.objects.in_organisation(organisation)
        .select_related("framework")
        .annotate(
            rated=Count("ratings", filter=Q(ratings__element__is_rated=True), distinct=True),
            complete=Count(
                "ratings",
                filter=Q(ratings__element__is_rated=True) & ~Q(ratings__rating="") & ~Q(ratings__narrative=""),
                distinct=True,
            ),
        )
        .order_by("-period_start", "framework__name", "-version")
    )
    return render(
        request,
        "assessments/index.html",
        {
            "organisation": organisation,
            "assessments": assessments,
            "can_add": request.user.has_perm(ADD, organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=ADD)
    form = NewAssessmentForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.create_self_assessment(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Your self-assessment against {assessment} has been started")
            return redirect("assessments:detail", gss_code=organisation.gss_code, assessment_id=assessment.pk)
    return render(request, "assessments/new.html", {"organisation": organisation, "form": form})


# ----- one version's summary -------------------------------------------------------------


def completion(ratings) -> dict:
    """The completion meter: rated elements with both a rating and a narrative, of all rated elements."""
    rated = [rating for rating in ratings if rating.element.is_rated]
    done = sum(1 for rating in rated if rating.rating and rating.narrative.strip())
    total = len(rated)
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


@require_GET
def detail(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id)
    framework = assessment.framework
    elements = list(
        Element.objects.filter(framework=framework).order_by("sort_order")
    )  # access: the framework was fetched
    ratings = {
        rating.element_id: rating
        for rating in ElementRating.objects.in_organisation(organisation)
        .filter(assessment=assessment)
        .select_related("owner")
        .annotate(indicator_count=Count("indicator_links", distinct=True))
    }
    kinds: dict[int, Counter] = defaultdict(Counter)
    for rating_id, kind in (
        RatingEvidence.objects.in_organisation(organisation)
        .filter(rating__assessment=assessment)
        .values_list("rating_id", "evidence__kind")
    ):
        kinds[rating_id][kind] += 1
    kind_labels = dict(EvidenceKind.choices)
    flags = _flags_by_element(assessment)
    rows = []
    for element in elements:
        rating = ratings.get(element.pk)
        if rating is not None:
            rating.element = element
        level = framework.level(rating.rating) if rating and rating.rating else None
        counted = kinds.get(rating.pk, Counter()) if rating else Counter()
        rows.append(
            {
                "element": element,
                "rating": rating,
                "level": level,
                "evidence_count": sum(counted.values()),
                "evidence_kinds": [kind_labels.get(kind, kind) for kind in sorted(counted)],
                "flags": flags.get(element.pk, []),
            }
        )
    top_risks = (
        list(TopRisk.objects.in_organisation(organisation).filter(assessment=assessment).select_related("element"))
        if framework.top_risks
        else []
    )
    return render(
        request,
        "assessments/detail.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "framework": framework,
            "rows": rows,
            "meter": completion([row["rating"] for row in rows if row["rating"]]),
            "top_risks": top_risks,
            "can_change": request.user.has_perm(CHANGE, assessment) and assessment.status == "draft",
        },
    )


# ----- rating one element ----------------------------------------------------------------


def _members(organisation):
    return [
        membership.user
        for membership in Membership.objects.in_organisation(organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


def _indicator_choices(organisation, element, *, exclude=()) -> tuple[list, list]:
    """The indicators the council can use: those tagged to the element (by a shipped tag or the
    council's own), then the rest; ``exclude`` leaves out ones already linked."""
    usable = Indicator.objects.in_organisation(organisation).filter(is_active=True).exclude(pk__in=exclude)
    tag_filter = Q(element_tags__element=element) & (
        Q(element_tags__organisation__isnull=True) | Q(element_tags__organisation=organisation)
    )
    tagged = list(usable.filter(tag_filter).distinct().order_by("sort_order", "code"))
    tagged_ids = {indicator.pk for indicator in tagged}
    others = [indicator for indicator in usable.order_by("sort_order", "code") if indicator.pk not in tagged_ids]
    return tagged, others


def age_at_period_end(evidence_date, period) -> str:
    """How old evidence was at the end of a self-assessment's period, not today: "5 months
    before the end of 2015-16", "3 weeks after the end of 2015-16", "On the last day of 2015-16"."""
    if evidence_date == period.end:
        return f"On the last day of {period.label}"
    if evidence_date < period.end:
        return f"{age_text(evidence_date, period.end)} before the end of {period.label}"
    return f"{age_text(period.end, evidence_date)} after the end of {period.label}"


def _rating_page(
    request,
    organisation,
    assessment,
    rating,
    *,
    form=None,
    link_form=None,
    attach_form=None,
    upload_form=None,
    status=200,
):
    framework = assessment.framework
    element = rating.element
    can_change = request.user.has_perm(CHANGE, assessment) and assessment.status == "draft"
    links = list(
        RatingIndicator.objects.in_organisation(organisation).filter(rating=rating).select_related("indicator")
    )
    linked_ids = {link.indicator_id for link in links}
    # As the evidence stood at the end of the assessment's period, not today.
    evidence = indicator_evidence(organisation, [link.indicator for link in links], as_at=assessment.period)
    evidence_links = list(
        RatingEvidence.objects.in_organisation(organisation).filter(rating=rating).select_related("evidence")
    )
    for link in evidence_links:
        link.age = age_at_period_end(link.evidence.evidence_date, assessment.period)
    if can_change:
        tagged, others = _indicator_choices(organisation, element, exclude=linked_ids)
        attached_ids = {link.evidence_id for link in evidence_links}
        files = [f for f in EvidenceFile.objects.in_organisation(organisation) if f.pk not in attached_ids]
        form = form or RatingForm(
            framework=framework,
            members=_members(organisation),
            initial={
                "rating": rating.rating,
                "narrative": rating.narrative,
                "strengths": rating.strengths,
                "areas_for_development": rating.areas_for_development,
                "owner": rating.owner_id or "",
            },
        )
        link_form = link_form or IndicatorLinkForm(tagged=tagged, others=others)
        attach_form = attach_form or AttachEvidenceForm(files=files)
        upload_form = upload_form or EvidenceFileForm(prefix="upload")
    level = framework.level(rating.rating) if rating.rating else None
    return render(
        request,
        "assessments/rating.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "framework": framework,
            "element": element,
            "rating": rating,
            "level": level,
            "scale": framework.scale[::-1],
            "can_change": can_change,
            "form": form,
            "link_form": link_form,
            "attach_form": attach_form,
            "upload_form": upload_form,
            "indicator_rows": [(link, evidence.get(link.indicator_id)) for link in links],
            "evidence_links": evidence_links,
            "also_counts_towards": also_counts_towards([element], organisation).get(element.pk, []),
            "flags": _flags_by_element(assessment).get(element.pk, []),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def rating(request: HttpRequest, gss_code: str, assessment_id: int, element_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE if request.method == "POST" else VIEW)
    rating = _rating(request, organisation, assessment, element_id)
    form = None
    if request.method == "POST":
        form = RatingForm(request.POST, framework=assessment.framework, members=_members(organisation))
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_rating(
                    rating,
                    by=request.user,
                    rating_value=data["rating"],
                    narrative=data["narrative"],
                    strengths=data["strengths"],
                    areas_for_development=data["areas_for_development"],
                    owner=data["owner"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, f"The rating of {rating.element.label} has been saved")
                return redirect("assessments:detail", gss_code=organisation.gss_code, assessment_id=assessment.pk)
    return _rating_page(request, organisation, assessment, rating, form=form)


def _back_to_rating(organisation, assessment, rating):
    return redirect(
        "assessments:rating",
        gss_code=organisation.gss_code,
        assessment_id=assessment.pk,
        element_id=rating.element_id,
    )


@require_POST
def indicator_add(request: HttpRequest, gss_code: str, assessment_id: int, element_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE)
    rating = _rating(request, organisation, assessment, element_id)
    tagged, others = _indicator_choices(organisation, rating.element)
    link_form = IndicatorLinkForm(request.POST, tagged=tagged, others=others)
    if link_form.is_valid():
        indicator = link_form.cleaned_data["indicator"]
        try:
            actions.link_indicator(rating, indicator, by=request.user)
        except ValidationError as error:
            add_action_errors(link_form, error)
        else:
            messages.success(request, f"{indicator.code} {indicator.title} is now linked to {rating.element.label}")
            return _back_to_rating(organisation, assessment, rating)
    return _rating_page(request, organisation, assessment, rating, link_form=link_form)


@require_POST
def indicator_remove(
    request: HttpRequest, gss_code: str, assessment_id: int, element_id: int, link_id: int
) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE)
    rating = _rating(request, organisation, assessment, element_id)
    link = fetch(
        RatingIndicator.objects.in_organisation(organisation).filter(rating=rating),
        request.user,
        perm=VIEW,
        organisation=organisation,
        select_related=("indicator",),
        pk=link_id,
    )
    link.rating = rating
    try:
        actions.unlink_indicator(link, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, f"{link.indicator.code} is no longer linked to {rating.element.label}")
    return _back_to_rating(organisation, assessment, rating)


@require_POST
def evidence_attach(request: HttpRequest, gss_code: str, assessment_id: int, element_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE)
    rating = _rating(request, organisation, assessment, element_id)
    attach_form = AttachEvidenceForm(request.POST, files=list(EvidenceFile.objects.in_organisation(organisation)))
    if attach_form.is_valid():
        evidence = attach_form.cleaned_data["evidence"]
        try:
            actions.attach_evidence(rating, evidence, by=request.user)
        except ValidationError as error:
            add_action_errors(attach_form, error)
        else:
            messages.success(request, f"“{evidence.title}” is now attached to {rating.element.label}")
            return _back_to_rating(organisation, assessment, rating)
    return _rating_page(request, organisation, assessment, rating, attach_form=attach_form)


def _may_upload_evidence(request: HttpRequest, gss_code: str, assessment_id: int, element_id: int) -> None:
    """Who may upload to a rating, decided before the upload is read (404 or 403 otherwise)."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    _assessment(request, organisation, assessment_id, perm=CHANGE)


@require_POST
@limits_evidence_uploads(_may_upload_evidence)
def evidence_upload(request: HttpRequest, gss_code: str, assessment_id: int, element_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE)
    rating = _rating(request, organisation, assessment, element_id)
    upload_form = EvidenceFileForm(request.POST, request.FILES, prefix="upload", request=request)
    if upload_form.is_valid():
        data = upload_form.cleaned_data
        try:
            link = actions.upload_evidence(
                rating,
                by=request.user,
                uploaded_file=data["file"],
                title=data["title"],
                kind=data["kind"],
                evidence_date=data["evidence_date"],
                description=data.get("description", ""),
            )
        except ValidationError as error:
            add_action_errors(upload_form, error)
        else:
            messages.success(
                request, f"“{link.evidence.title}” has been uploaded and attached to {rating.element.label}"
            )
            return _back_to_rating(organisation, assessment, rating)
    return _rating_page(request, organisation, assessment, rating, upload_form=upload_form)


@require_POST
def evidence_remove(
    request: HttpRequest, gss_code: str, assessment_id: int, element_id: int, link_id: int
) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE)
    rating = _rating(request, organisation, assessment, element_id)
    link = fetch(
        RatingEvidence.objects.in_organisation(organisation).filter(rating=rating),
        request.user,
        perm=VIEW,
        organisation=organisation,
        select_related=("evidence",),
        pk=link_id,
    )
    link.rating = rating
    try:
        actions.detach_evidence(link, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, f"“{link.evidence.title}” is no longer attached to {rating.element.label}")
    return _back_to_rating(organisation, assessment, rating)


# ----- top risks -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def risks(request: HttpRequest, gss_code: str, assessment_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW)
    assessment = _assessment(request, organisation, assessment_id, perm=CHANGE if request.method == "POST" else VIEW)
    framework = assessment.framework
    existing = list(
        TopRisk.objects.in_organisation(organisation).filter(assessment=assessment).select_related("element")
    )
    can_change = request.user.has_perm(CHANGE, assessment) and assessment.status == "draft"
    form = None
    if framework.top_risks and (can_change or request.method == "POST"):
        elements = list(
            Element.objects.filter(framework=framework).order_by("sort_order")
        )  # access: the framework was fetched
        form = TopRisksForm(
            request.POST if request.method == "POST" else None,
            framework=framework,
            elements=elements,
            existing=existing,
        )
        if request.method == "POST" and form.is_valid():
            try:
                actions.save_top_risks(assessment, form.entries(), by=request.user)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "The top risks have been saved")
                return redirect("assessments:detail", gss_code=organisation.gss_code, assessment_id=assessment.pk)
    return render(
        request,
        "assessments/risks.html",
        {
            "organisation": organisation,
            "assessment": assessment,
            "framework": framework,
            "form": form,
            "top_risks": existing,
            "can_change": can_change,
        },
    )


_ASSESSMENT = "orgs/<gss:gss_code>/self-assessment/<int:assessment_id>/"
_RATING = _ASSESSMENT + "elements/<int:element_id>/"

urls = [
    path("orgs/<gss:gss_code>/self-assessment/", index, name="index"),
    path("orgs/<gss:gss_code>/self-assessment/new/", new, name="new"),
    path(_ASSESSMENT, detail, name="detail"),
    path(_ASSESSMENT + "risks/", risks, name="risks"),
    path(_RATING, rating, name="rating"),
    path(_RATING + "indicators/add/", indicator_add, name="rating-indicator-add"),
    path(_RATING + "indicators/<int:link_id>/remove/", indicator_remove, name="rating-indicator-remove"),
    path(_RATING + "evidence/attach/", evidence_attach, name="rating-evidence-attach"),
    path(_RATING + "evidence/upload/", evidence_upload, name="rating-evidence-upload"),
    path(_RATING + "evidence/<int:link_id>/remove/", evidence_remove, name="rating-evidence-remove"),
]
