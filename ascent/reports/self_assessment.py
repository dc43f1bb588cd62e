"""The self-assessment reports: one council's summary, and a region's heat map.

**Self-assessment summary** (:func:`build_self_assessment`): one version of a council's
self-assessment as a document for a board or the region. Its status and sign-off; each
rated element with its rating, owner, evidence count, open flags and the justification given
at sign-off; each rating's narrative, strengths, areas for development and linked indicators
(latest value by the end of its period, RAG and trend from the indicator store); the top risks with their mitigations;
the evidence files (kind and date); and, for a framework CQC scores, the estimate of the
overall rating with its arithmetic and the warning that it is only an estimate.

**Regional self-assessment summary** (:func:`build_regional_summary`): for a region's lead, a
heat map (element × council) of the latest version each council in the region has signed off
and shared, one table per framework, and the list of those versions. Nothing unshared, no
drafts and nothing from another region: it reads only ``SelfAssessment.objects.shared_with_region``.

Both read a fixed number of queries whatever the number of elements, ratings or councils.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.utils import timezone

from ascent.assessments import flags as assessment_flags
from ascent.assessments.models import (
    ElementRating,
    FlagJustification,
    RatingEvidence,
    RatingIndicator,
    SelfAssessment,
    Status,
    TopRisk,
)
from ascent.assessments.workflow import cqc_estimate
from ascent.core.dates import govuk_date
from ascent.documents.model import (
    BulletList,
    Column,
    Document,
    Figure,
    KeyFigures,
    Note,
    Paragraph,
    Section,
    Table,
)
from ascent.evidence.models import EvidenceKind
from ascent.frameworks import scoring
from ascent.frameworks.models import Element, Framework
from ascent.indicators.evidence import indicator_evidence

NOT_RATED = "Not rated"


# ----- choosing the self-assessment ------------------------------------------------------------


def describe_assessment(assessment: SelfAssessment) -> str:
    """ "TEASC risk awareness, 2015-16, version 1 (signed off)"."""
    framework = assessment.framework
    status = assessment.get_status_display().lower()
    return f"{framework.name}, {assessment.period.label}, version {assessment.version} ({status})"


def default_assessment(organisation) -> SelfAssessment | None:
    """The council's most recent self-assessment: the newest period's latest version, signed-off first."""
    latest = SelfAssessment.objects.in_organisation(organisation).latest_versions().select_related("framework")
    return latest.order_by("-period_start", "-signed_off_at", "-pk").first()


class SelfAssessmentOptionsForm(forms.Form):
    """Which of the council's self-assessments (any version) the summary is about."""

    heading = "Choose the self-assessment"

    assessment = forms.TypedChoiceField(
        label="Self-assessment",
        coerce=int,
        help_text="The version the report is about: older versions stay available",
        error_messages={
            "required": "Choose the self-assessment the report is about",
            "invalid_choice": "Choose one of the council's self-assessments",
        },
    )

    def __init__(self, data=None, *, organisation, prefix: str | None = None):
        super().__init__(data, prefix=prefix)
        self.organisation = organisation
        assessments = list(
            SelfAssessment.objects.in_organisation(organisation)
            .select_related("framework")
            .order_by("-period_start", "framework__name", "-version")
        )
        self._by_id = {assessment.pk: assessment for assessment in assessments}
        self.fields["assessment"].choices = [(a.pk, describe_assessment(a)) for a in assessments]

    def options(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"assessment": self._by_id[self.cleaned_data["assessment"]]}

    def parameters(self) -> dict:
        options = self.options()
        return {"assessment": options["assessment"].pk} if options else {}

    def describe(self) -> str:
        options = self.options()
        if not options:
            return ""
        assessment = options["assessment"]
        framework = assessment.framework
        return f"({framework.short_name or framework.name} {assessment.period.label} v{assessment.version})"

    @classmethod
    def from_parameters(cls, parameters: dict, *, organisation) -> dict:
        """A background job's stored choice as the builder's arguments; LookupError if it has gone."""
        if not parameters.get("assessment"):
            return {}
        assessment = SelfAssessment.objects.in_organisation(organisation).filter(pk=parameters["assessment"]).first()
        if assessment is None:
            raise LookupError("The self-assessment the report was asked for no longer exists.")
        return {"assessment": assessment}


# ----- the summary of one self-assessment ------------------------------------------------------


def _people(user) -> str:
    return (user.full_name or user.email) if user is not None else "someone no longer registered"


def _status_sentence(assessment: SelfAssessment) -> str:
    parts = [f"Version {assessment.version} is {assessment.get_status_display().lower()}."]
    if assessment.status == Status.SIGNED_OFF and assessment.signed_off_at:
        parts.append(
            f"Signed off by {_people(assessment.signed_off_by)} on "
            f"{govuk_date(timezone.localdate(assessment.signed_off_at))}."
        )
    elif assessment.status == Status.SUBMITTED and assessment.submitted_at:
        parts.append(
            f"Submitted by {_people(assessment.submitted_by)} on "
            f"{govuk_date(timezone.localdate(assessment.submitted_at))}."
        )
    if assessment.shared_at:
        parts.append(f"Shared with the region on {govuk_date(timezone.localdate(assessment.shared_at))}.")
    elif assessment.status == Status.SIGNED_OFF:
        parts.append("Not shared with the region.")
    return " ".join(parts)


def _rating_label(framework: Framework, value: str) -> str:
    level = framework.level(value) if value else None
    return level.label if level is not None else (value or NOT_RATED)


def build_self_assessment(organisation, *, user=None, assessment: SelfAssessment | None = None) -> Document:
    """The summary of one version of the council's self-assessment (its most recent by default)."""
    today = timezone.localdate()
    if assessment is None:
        assessment = default_assessment(organisation)
    else:
        # Never trust the caller's object: it must be this council's.
        assessment = SelfAssessment.objects.in_organisation(organisation).filter(pk=assessment.pk).first()
    metadata = [("Organisation", organisation.name), ("Produced", govuk_date(today))]
    if assessment is None:
        return Document(
            title="Self-assessment summary",
            subtitle=organisation.name,
            metadata=metadata,
            sections=[Section("Summary", [Paragraph(f"{organisation.name} has no self-assessment in Ascent yet.")])],
            produced=today,
        )
    assessment = (
        SelfAssessment.objects.select_related("framework", "signed_off_by", "submitted_by", "shared_by")
        .filter(pk=assessment.pk)
        .get()
    )
    assessment.organisation = organisation
    framework = assessment.framework
    elements = list(Element.objects.filter(framework=framework).order_by("sort_order", "pk"))
    rated = [element for element in elements if element.is_rated]
    ratings = {
        rating.element_id: rating
        for rating in ElementRating.objects.filter(assessment=assessment).select_related("owner")
    }
    rating_ids = [rating.pk for rating in ratings.values()]
    indicator_links = list(
        RatingIndicator.objects.filter(rating_id__in=rating_ids)
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__code")
    )
    evidence_links = list(
        RatingEvidence.objects.filter(rating_id__in=rating_ids)
        .select_related("evidence")
        .order_by("-evidence__evidence_date", "evidence__title")
    )
    risks = list(TopRisk.objects.filter(assessment=assessment).select_related("element").order_by("rank"))
    justifications = {
        j.flag_key: j for j in FlagJustification.objects.filter(assessment=assessment).select_related("created_by")
    }
    flags = assessment_flags.flags_for(assessment)
    indicators = {link.indicator_id: link.indicator for link in indicator_links}
    # As at the end of the assessment's period: its ratings are judged on what was known then.
    evidence = (
        indicator_evidence(organisation, list(indicators.values()), as_at=assessment.period) if indicators else {}
    )
    estimate = cqc_estimate(assessment, ratings=list(ratings.values()))

    element_of_rating = {rating.pk: rating.element_id for rating in ratings.values()}
    links_by_element: dict[int, list] = defaultdict(list)
    for link in indicator_links:
        links_by_element[element_of_rating[link.rating_id]].append(link)
    files_by_element: dict[int, list] = defaultdict(list)
    for link in evidence_links:
        files_by_element[element_of_rating[link.rating_id]].append(link.evidence)
    flags_by_element = assessment_flags.by_element(flags)
    element_by_id = {element.pk: element for element in elements}

    sections = [
        _summary_section(assessment, rated, ratings, flags, justifications),
        _ratings_section(
            framework, rated, ratings, links_by_element, files_by_element, flags_by_element, justifications
        ),
        _flags_section(flags, justifications, element_by_id),
        *_narrative_section(framework, rated, ratings, links_by_element, evidence, assessment.period),
    ]
    if framework.top_risks or risks:
        sections.append(_risks_section(framework, risks))
    sections.append(_evidence_section(evidence_links, element_of_rating, element_by_id))
    if estimate is not None:
        sections.append(_estimate_section(estimate, rated, ratings, framework))
    return Document(
        title="Self-assessment summary",
        subtitle=f"{organisation.name}: {framework.name}, {assessment.period.label}",
        metadata=[
            *metadata[:1],
            ("Framework", f"{framework.name} ({framework.version})"),
            ("Period", assessment.period.label),
            ("Version", str(assessment.version)),
            ("Status", assessment.get_status_display()),
            metadata[1],
            ("Produced by", str(user) if user else "Ascent"),
        ],
        sections=sections,
        produced=today,
        landscape=True,
    )


def _flag_text(flag) -> str:
    return f"{flag.check.title}: {flag.detail}"


def _summary_section(assessment, rated, ratings, flags, justifications) -> Section:
    done = sum(1 for element in rated if (r := ratings.get(element.pk)) and r.rating and r.narrative.strip())
    justified = sum(1 for flag in flags if flag.key in justifications or flag.is_justified)
    blocks = [
        KeyFigures(
            [
                ("Elements rated", Figure(done, text=f"{done} of {len(rated)}")),
                ("Open flags", len(flags)),
                ("Flags justified at sign-off", justified),
            ]
        ),
        Paragraph(_status_sentence(assessment)),
        Paragraph(
            "An element counts as rated when it has both a rating and a narrative. A flag is an assurance check "
            "that questions a rating against its evidence; signing off over a flag needs a written justification, "
            "shown beside it."
        ),
    ]
    if assessment.sign_off_note:
        blocks.append(Paragraph(f"Sign-off note: {assessment.sign_off_note}"))
    return Section("Summary", blocks)


def _ratings_section(framework, rated, ratings, links_by_element, files_by_element, flags_by_element, justifications):
    rows = []
    for element in rated:
        rating = ratings.get(element.pk)
        element_flags = flags_by_element.get(element.pk, [])
        flag_text = "; ".join(_flag_text(flag) for flag in element_flags) or "None"
        reasons = []
        for flag in element_flags:
            given = justifications.get(flag.key)
            text = given.justification if given else flag.justification
            if text:
                reasons.append(text)
        rows.append(
            [
                element.label,
                _rating_label(framework, rating.rating if rating else ""),
                (rating.owner.full_name or rating.owner.email) if rating and rating.owner else None,
                len(links_by_element.get(element.pk, [])),
                len(files_by_element.get(element.pk, [])),
                flag_text,
                " / ".join(dict.fromkeys(reasons)) or (None if not element_flags else "Not yet justified"),
            ]
        )
    table = Table(
        caption=f"Ratings on the {framework.short_name or framework.name} scale",
        columns=[
            Column("Element"),
            Column("Rating"),
            Column("Owner"),
            Column("Linked indicators", kind="number"),
            Column("Evidence files", kind="number"),
            Column("Flags"),
            Column("Justification at sign-off"),
        ],
        rows=rows,
    )
    scale = "; ".join(f"{level.label}" for level in reversed(framework.scale))
    return Section("Ratings", [Paragraph(f"The scale, best first: {scale}."), table])


def _flags_section(flags, justifications, element_by_id) -> Section:
    if not flags:
        return Section("Flags and justifications", [Paragraph("No assurance check questions any rating.")])
    rows = []
    for flag in flags:
        given = justifications.get(flag.key)
        element = element_by_id.get(flag.element_id)
        rows.append(
            [
                element.label if element else flag.subject,
                flag.check.title,
                flag.detail,
                flag.check.reason,
                given.justification if given else (flag.justification or "Not yet justified"),
                _people(given.created_by) if given else None,
            ]
        )
    return Section(
        "Flags and justifications",
        [
            Table(
                caption="Open flags, each with the justification given at sign-off",
                columns=[
                    Column("Element"),
                    Column("Check"),
                    Column("What it found"),
                    Column("Why it matters"),
                    Column("Justification"),
                    Column("Justified by"),
                ],
                rows=rows,
            )
        ],
    )


def _narrative_section(framework, rated, ratings, links_by_element, evidence, period) -> list[Section]:
    blocks = []
    for element in rated:
        rating = ratings.get(element.pk)
        label = _rating_label(framework, rating.rating if rating else "")
        inner = [Paragraph(f"Rating: {label}.")]
        if rating and rating.narrative.strip():
            inner.append(Paragraph(rating.narrative.strip()))
        else:
            inner.append(Paragraph("No narrative yet."))
        if rating and rating.strengths.strip():
            inner.append(Paragraph(f"Strengths: {rating.strengths.strip()}"))
        if rating and rating.areas_for_development.strip():
            inner.append(Paragraph(f"Areas for development: {rating.areas_for_development.strip()}"))
        links = links_by_element.get(element.pk, [])
        if links:
            rows = []
            illustrative = False
            for link in links:
                found = evidence.get(link.indicator_id)
                illustrative = illustrative or bool(found and found.is_illustrative)
                rows.append(
                    [
                        f"{link.indicator.code} {link.indicator.title}",
                        str(found.latest) if found and found.latest else f"No value by the end of {period.label}",
                        found.target_text if found else None,
                        found.rag_label if found else "No data",
                        found.trend_label if found else "No trend",
                        found.quartile_text or None if found else None,
                    ]
                )
            inner.append(
                Table(
                    caption=f"Indicators linked to {element.label}",
                    columns=[
                        Column("Indicator"),
                        Column(f"Latest by the end of {period.label}"),
                        Column("Target"),
                        Column("RAG"),
                        Column("Trend"),
                        Column("Among the region"),
                    ],
                    rows=rows,
                )
            )
            if illustrative:
                inner.append(Note("Some of these figures are illustrative, not official statistics."))
        blocks.append(Section(element.label, inner, level=3))
    if not blocks:
        return [Section("Each rating and its evidence", [Paragraph("The framework has no rated elements.")])]
    intro = Paragraph(
        "Each rated element with its narrative, strengths and areas for development, and the indicators linked to "
        f"it with their latest value by the end of {period.label}, RAG rating and trend from the indicator store: "
        "values for later periods are left out, as they were not known when the period ended."
    )
    return [Section("Each rating and its evidence", [intro]), *blocks]


def _risks_section(framework, risks) -> Section:
    if not risks:
        return Section("Top risks", [Paragraph("No top risks are recorded yet.")])
    return Section(
        "Top risks",
        [
            Table(
                caption=f"The top {len(risks)} risks and how they are being reduced",
                columns=[Column("Rank", kind="number"), Column("Risk"), Column("Mitigation"), Column("Element")],
                rows=[
                    [risk.rank, risk.risk, risk.mitigation or None, risk.element.label if risk.element else None]
                    for risk in risks
                ],
                row_headers=False,
            )
        ],
    )


def _evidence_section(evidence_links, element_of_rating, element_by_id) -> Section:
    files: dict[int, tuple] = {}
    supports: dict[int, list[str]] = defaultdict(list)
    for link in evidence_links:
        files[link.evidence_id] = link.evidence
        element = element_by_id.get(element_of_rating.get(link.rating_id))
        if element is not None:
            supports[link.evidence_id].append(element.code or element.title)
    if not files:
        return Section("Evidence", [Paragraph("No evidence files are attached.")])
    kinds = dict(EvidenceKind.choices)
    ordered = sorted(files.values(), key=lambda f: (f.evidence_date, f.title), reverse=True)
    return Section(
        "Evidence",
        [
            Paragraph("Each evidence file with its kind and the date it describes (not the date it was uploaded)."),
            Table(
                caption="Evidence files attached to ratings",
                columns=[Column("Evidence"), Column("Kind"), Column("Date"), Column("Supports")],
                rows=[
                    [
                        evidence.title,
                        kinds.get(evidence.kind, evidence.kind),
                        govuk_date(evidence.evidence_date),
                        ", ".join(dict.fromkeys(supports[evidence.pk])),
                    ]
                    for evidence in ordered
                ],
            ),
        ],
    )


def _estimate_section(estimate: scoring.Estimate, rated, ratings, framework) -> Section:
    rows = []
    for element in rated:
        rating = ratings.get(element.pk)
        level = framework.level(rating.rating) if rating and rating.rating else None
        rows.append([element.label, level.score if level else None])
    blocks = [Note(estimate.warning)]
    if estimate.percentage is not None:
        blocks.append(
            KeyFigures(
                [
                    ("Estimated percentage", Figure(estimate.percentage, kind="percent", places=1)),
                    ("Estimated overall rating", estimate.rating or ""),
                ]
            )
        )
    blocks.append(Paragraph(f"The arithmetic: {estimate.arithmetic}."))
    blocks.append(
        BulletList(
            [
                "Each quality statement is scored from 1 to 4 and every scored statement weighs the same.",
                f"The percentage is the sum of the scores divided by 4 times the number scored "
                f"({estimate.total} ÷ {estimate.maximum or 0}).",
                "The bands: 25–38% Inadequate, 39–62% Requires improvement, 63–87% Good, 88% and over Outstanding.",
                scoring.ROUNDING_RULE,
            ]
        )
    )
    if estimate.missing:
        blocks.append(Paragraph(f"Not yet scored, so left out of the estimate: {', '.join(estimate.missing)}."))
    blocks.append(
        Table(
            caption="The score of each quality statement",
            columns=[Column("Quality statement"), Column("Score", kind="number")],
            rows=rows,
        )
    )
    return Section("Estimate of CQC's overall rating", blocks)


# ----- the regional summary ----------------------------------------------------------------------


def regional_assessments(region) -> list[SelfAssessment]:
    """The latest signed-off, shared version of each council's self-assessments in the region."""
    shared = (
        SelfAssessment.objects.shared_with_region(region)
        .select_related("organisation", "framework", "signed_off_by")
        .order_by("organisation__name", "framework__name", "-period_start", "-version")
    )
    latest: dict[tuple[int, int], SelfAssessment] = {}
    for assessment in shared:
        key = (assessment.organisation_id, assessment.framework_id)
        if key not in latest:  # the newest period, then the newest version, comes first
            latest[key] = assessment
    return list(latest.values())


def build_regional_summary(region, *, user=None) -> Document:
    """The heat map of what the region's councils have shared, one table per framework."""
    today = timezone.localdate()
    assessments = regional_assessments(region)
    metadata = [
        ("Region", region.name),
        ("Produced", govuk_date(today)),
        ("Produced by", str(user) if user else "Ascent"),
    ]
    intro = Paragraph(
        "Only versions that a council has signed off and shared with the region appear here: drafts, versions "
        "not shared and councils outside the region never do. Each council's newest shared version of each "
        "framework is shown."
    )
    if not assessments:
        return Document(
            title="Regional self-assessment summary",
            subtitle=region.name,
            metadata=metadata,
            sections=[
                Section("Summary", [intro, Paragraph(f"No council in {region.name} has shared a self-assessment yet.")])
            ],
            produced=today,
        )
    frameworks = {a.framework_id: a.framework for a in assessments}
    elements = defaultdict(list)
    for element in Element.objects.filter(framework_id__in=frameworks, is_rated=True).order_by("sort_order", "pk"):
        elements[element.framework_id].append(element)
    ratings = {
        (rating.assessment_id, rating.element_id): rating.rating
        for rating in ElementRating.objects.filter(assessment__in=assessments).only(
            "assessment_id", "element_id", "rating"
        )
    }
    justified = defaultdict(int)
    for assessment_id in FlagJustification.objects.filter(assessment__in=assessments).values_list(
        "assessment_id", flat=True
    ):
        justified[assessment_id] += 1
    sections = [
        Section(
            "Summary",
            [
                intro,
                KeyFigures(
                    [
                        ("Councils sharing", len({a.organisation_id for a in assessments})),
                        ("Shared self-assessments", len(assessments)),
                        ("Frameworks", len(frameworks)),
                    ]
                ),
                Table(
                    caption="The shared self-assessments",
                    columns=[
                        Column("Council"),
                        Column("Framework"),
                        Column("Period"),
                        Column("Version", kind="number"),
                        Column("Signed off"),
                        Column("Shared"),
                        Column("Flags justified at sign-off", kind="number"),
                    ],
                    rows=[
                        [
                            a.organisation.name,
                            a.framework.short_name or a.framework.name,
                            a.period.label,
                            a.version,
                            govuk_date(timezone.localdate(a.signed_off_at)) if a.signed_off_at else None,
                            govuk_date(timezone.localdate(a.shared_at)),
                            justified.get(a.pk, 0),
                        ]
                        for a in assessments
                    ],
                ),
            ],
        )
    ]
    for framework_id, framework in sorted(frameworks.items(), key=lambda item: item[1].name):
        shared = [a for a in assessments if a.framework_id == framework_id]
        rows = [
            [element.label, *[_rating_label(framework, ratings.get((a.pk, element.pk), "")) for a in shared]]
            for element in elements[framework_id]
        ]
        sections.append(
            Section(
                framework.name,
                [
                    Paragraph(
                        "Each council's rating of each element. The scale, best first: "
                        + "; ".join(level.label for level in reversed(framework.scale))
                        + "."
                    ),
                    Table(
                        caption=f"{framework.name}: ratings by element and council",
                        columns=[
                            Column("Element"),
                            *[Column(f"{a.organisation.name} ({a.period.label})") for a in shared],
                        ],
                        rows=rows,
                    ),
                ],
            )
        )
    return Document(
        title="Regional self-assessment summary",
        subtitle=region.name,
        metadata=metadata,
        sections=sections,
        produced=today,
        landscape=True,
    )


# ----- as data -----------------------------------------------------------------------------------


def assessment_data(assessment: SelfAssessment) -> dict:
    """One version as plain data (for ``export_assessment --format json``): the same facts as the summary."""
    organisation = assessment.organisation
    framework = assessment.framework
    elements = list(Element.objects.filter(framework=framework, is_rated=True).order_by("sort_order", "pk"))
    ratings = {r.element_id: r for r in ElementRating.objects.filter(assessment=assessment).select_related("owner")}
    element_of_rating = {rating.pk: rating.element_id for rating in ratings.values()}
    indicators: dict[int, list[str]] = defaultdict(list)
    for link in RatingIndicator.objects.filter(rating__assessment=assessment).select_related("indicator"):
        indicators[element_of_rating[link.rating_id]].append(link.indicator.code)
    files: dict[int, list[dict]] = defaultdict(list)
    for link in RatingEvidence.objects.filter(rating__assessment=assessment).select_related("evidence"):
        files[element_of_rating[link.rating_id]].append(
            {"title": link.evidence.title, "kind": link.evidence.kind, "date": link.evidence.evidence_date.isoformat()}
        )
    justifications = {j.flag_key: j.justification for j in FlagJustification.objects.filter(assessment=assessment)}
    flags = assessment_flags.by_element(assessment_flags.flags_for(assessment))
    estimate = cqc_estimate(assessment, ratings=list(ratings.values()))
    return {
        "id": assessment.pk,
        "organisation": {"name": organisation.name, "gss_code": organisation.gss_code},
        "framework": {"slug": framework.slug, "name": framework.name, "version": framework.version},
        "period": assessment.period.label,
        "period_code": assessment.period_code,
        "version": assessment.version,
        "status": assessment.status,
        "signed_off_at": assessment.signed_off_at.isoformat() if assessment.signed_off_at else None,
        "sign_off_note": assessment.sign_off_note,
        "shared": assessment.is_shared,
        "ratings": [
            {
                "element": element.key,
                "code": element.code,
                "title": element.title,
                "rating": ratings[element.pk].rating if element.pk in ratings else "",
                "rating_label": _rating_label(framework, ratings[element.pk].rating if element.pk in ratings else ""),
                "narrative": ratings[element.pk].narrative if element.pk in ratings else "",
                "strengths": ratings[element.pk].strengths if element.pk in ratings else "",
                "areas_for_development": ratings[element.pk].areas_for_development if element.pk in ratings else "",
                "indicators": indicators.get(element.pk, []),
                "evidence": files.get(element.pk, []),
                "flags": [
                    {
                        "key": flag.key,
                        "check": flag.check.name,
                        "title": flag.check.title,
                        "detail": flag.detail,
                        "justification": justifications.get(flag.key) or flag.justification or None,
                    }
                    for flag in flags.get(element.pk, [])
                ],
            }
            for element in elements
        ],
        "top_risks": [
            {"rank": risk.rank, "risk": risk.risk, "mitigation": risk.mitigation}
            for risk in TopRisk.objects.filter(assessment=assessment).order_by("rank")
        ],
        "cqc_estimate": None
        if estimate is None
        else {
            "total": estimate.total,
            "maximum": estimate.maximum,
            "scored": estimate.scored,
            "statements": estimate.statements,
            "percentage": float(estimate.percentage) if estimate.percentage is not None else None,
            "rating": estimate.rating,
            "arithmetic": estimate.arithmetic,
            "warning": estimate.warning,
        },
    }
