"""Reviews: peer challenges and assurance reviews of a council, from scoping to the letter.

A :class:`Review` belongs to its **host** council (``organisation``). It has a kind, dates
on site and a lifecycle (:class:`Stage`: scoping → fieldwork → reporting → published →
follow-up → closed). Its scope is what the host agreed (:class:`ScopeItem`): numbered scope
questions, one key line of enquiry with sub-areas, or elements of a framework.

The **team** (:class:`TeamMember`) come from other councils. A member invited as a user
(:class:`ReviewInvitation`) gets one :class:`~ascent.core.models.AccessGrant` of the review
record, and sees that review only, through the review's own pages: its evidence library
(:class:`LibraryItem`), the self-assessment version and indicators the host shares with it
(``Review.shared_assessment``, :class:`ReviewIndicator`), and nothing else of the host.
``ascent.reviews.access`` is the one place that decides.

Fieldwork is a timetable of :class:`FieldworkActivity`, :class:`TeamNote` (private to the
team: never shown to the host) and the :class:`PersonMet` list for the letter's appendix.
The team writes :class:`Finding` rows (drafted by any member, approved by the lead) and
:class:`Recommendation` rows in order (renumbered when reordered; ``uid`` is the stable
identifier underneath), with the host's response. The letter is built from all of these;
each publication keeps a :class:`LetterVersion` snapshot. A past letter brought in by
upload is a :class:`LetterImport`: proposals a person corrects and accepts, undone as one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ascent.core.audit import Phrase
from ascent.core.models import OrganisationScoped, OrganisationScopedModel, OrganisationScopedQuerySet


def _excerpt(text: str, limit: int = 80) -> str:
    """The start of a long text, for naming a record by it in the Activity feed."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _of_review(name_of) -> str:
    """ " of <the review's title>", for a record named by its review; blank if the review is gone."""
    title = name_of("review_id")
    return f" of {title}" if title else ""


class Kind(models.TextChoices):
    PEER_CHALLENGE = "peer-challenge", "Peer challenge"
    ASSURANCE_REVIEW = "assurance-review", "Assurance review"
    SAFEGUARDING = "safeguarding-peer-review", "Safeguarding peer review"
    PREPARATION = "preparation-for-assurance", "Preparation for assurance"
    SCRUTINY = "scrutiny-review", "Scrutiny review"
    INSPECTION = "inspection", "Inspection"


class Stage(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    FIELDWORK = "fieldwork", "Fieldwork"
    REPORTING = "reporting", "Reporting"
    PUBLISHED = "published", "Published"
    FOLLOW_UP = "follow-up", "Follow-up"
    CLOSED = "closed", "Closed"


#: The order of the stages; a review moves forward one at a time (and back, before publication).
STAGE_ORDER = [stage.value for stage in Stage]
#: Stages in which the team may still change the review's fieldwork, findings and recommendations.
OPEN_STAGES = {Stage.SCOPING, Stage.FIELDWORK, Stage.REPORTING}


class ScopeStyle(models.TextChoices):
    QUESTIONS = "questions", "Numbered scope questions"
    KEY_LINE = "key-line", "One key line of enquiry with sub-areas"
    ELEMENTS = "elements", "Elements of a framework"


class DevelopmentLabel(models.TextChoices):
    """What the letter calls the findings that are not strengths."""

    DEVELOPMENT = "development", "Areas for development"
    CONSIDERATION = "consideration", "Areas for consideration"


class ReviewQuerySet(OrganisationScopedQuerySet):
    def sat_on_by(self, user) -> ReviewQuerySet:
        """Reviews the person sits on through a grant in force today (not their own council's)."""
        from ascent.core.models import AccessGrant

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        granted = AccessGrant.objects.current().for_model(self.model).filter(user=user).values("object_id")
        return self.filter(pk__in=granted)


class Review(OrganisationScopedModel):
    """One review of a host council (``organisation``)."""

    kind = models.CharField(max_length=40, choices=Kind.choices, default=Kind.PEER_CHALLENGE)
    title = models.CharField(max_length=200)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SCOPING)
    on_site_from = models.DateField("first day on site", null=True, blank=True)
    on_site_to = models.DateField("last day on site", null=True, blank=True)
    commissioned_by = models.CharField(
        max_length=200, blank=True, help_text="Who commissioned it, for example West Midlands ADASS"
    )
    commissioning_region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    led_by = models.CharField(
        max_length=200, blank=True, help_text="Who leads it, for example the Local Government Association"
    )
    lead_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    framework = models.ForeignKey(
        "frameworks.Framework", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_style = models.CharField(max_length=20, choices=ScopeStyle.choices, default=ScopeStyle.QUESTIONS)
    #: With ScopeStyle.KEY_LINE: the one key line of enquiry (its sub-areas are scope items).
    key_line_of_enquiry = models.TextField(blank=True)
    development_label = models.CharField(
        max_length=20, choices=DevelopmentLabel.choices, default=DevelopmentLabel.DEVELOPMENT
    )
    # The letter's own parts (the rest is built from the review's records).
    letter_date = models.DateField(null=True, blank=True)
    addressee = models.CharField(max_length=200, blank=True, help_text="Who the letter is to")
    signatory = models.CharField(max_length=200, blank=True, help_text="Who signs the letter")
    introduction = models.TextField(blank=True, help_text="Introduction and thanks")
    context = models.TextField(blank=True)
    executive_summary = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    #: A self-assessment version the host shares with the team (read-only to them).
    shared_assessment = models.ForeignKey(
        "assessments.SelfAssessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: After publication the team may read the review (not change it) until this day, inclusive.
    team_access_ends_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: When the follow-up (progress review) is due: about ten months after the letter.
    follow_up_due_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    audit_organisation_path = "organisation"
    audit_noun = "review"
    audit_name = "title"

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-on_site_from", "-created_at"]
        indexes = [models.Index(fields=["organisation", "stage"], name="review_org_stage")]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_site_to__isnull=True)
                | Q(on_site_from__isnull=True)
                | Q(on_site_to__gte=models.F("on_site_from")),
                name="review_on_site_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """The team may still change fieldwork, findings and recommendations."""
        return self.stage in OPEN_STAGES

    @property
    def is_published(self) -> bool:
        return self.stage not in OPEN_STAGES


class ScopeItem(OrganisationScoped):
    """A scope question, a sub-area of the key line of enquiry, or a framework element in scope."""

    class ItemKind(models.TextChoices):
        QUESTION = "question", "Scope question"
        SUB_AREA = "sub-area", "Sub-area"
        ELEMENT = "element", "Framework element"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scope_items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.QUESTION)
    #: The question or sub-area as the host agreed it; for an element, its title by default.
    text = models.TextField()
    element = models.ForeignKey("frameworks.Element", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "scope item"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return _excerpt(record.text)

    class Meta:
        ordering = ["review", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def number(self) -> int:
        """Numbered from 1 in order (set by ``ascent.reviews.scope.numbered``)."""
        return getattr(self, "_number", self.position + 1)


class TeamRole(models.TextChoices):
    LEAD_DIRECTOR = "lead-director", "Lead director"
    MEMBER_PEER = "member-peer", "Member peer"
    OFFICER_PEER = "officer-peer", "Officer peer"
    EXPERT_BY_EXPERIENCE = "expert-by-experience", "Expert by experience"
    CHALLENGE_MANAGER = "challenge-manager", "Peer challenge manager"
    REVIEW_SUPPORT = "review-support", "Review support"
    REVIEWER = "reviewer", "Reviewer"


class TeamMember(OrganisationScoped):
    """One member of the review team. ``user`` is set once they accept an invitation."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="team")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=40, choices=TeamRole.choices)
    #: Their job as the letter gives it: "Director of Adult Social Care, Shropshire Council".
    job_title = models.CharField(max_length=300, blank=True)
    home_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Where a member comes from when it is not a council in the service (the LGA, a charity).
    home_organisation_name = models.CharField(max_length=200, blank=True)
    is_lead = models.BooleanField(default=False, help_text="The lead approves findings")
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_seats"
    )
    #: The grant of the review record that lets ``user`` in (None until they accept).
    grant = models.OneToOneField(
        "core.AccessGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="team_member"
    )

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "team member"
    audit_name = "name"

    class Meta:
        ordering = ["review", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_name(self) -> str:
        if self.home_organisation_id:
            return self.home_organisation.name
        return self.home_organisation_name


class ReviewInvitationQuerySet(OrganisationScopedQuerySet):
    def pending(self, now=None):
        from django.utils import timezone

        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class ReviewInvitation(OrganisationScoped):
    """An emailed invitation for a team member to join the review as a user. Only the token's hash is kept."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token_hash"])
    organisation_path = "member__review__organisation"
    audit_organisation_path = "member__review__organisation"
    #: How ascent.reviews.access.get_record reaches the review.
    review_lookup = "member__review"
    audit_noun = "review team invitation"

    objects = ReviewInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to review {self.member.review_id}"


class ActivityKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus-group", "Focus group"
    CASE_FILE_AUDIT = "case-file-audit", "Case file audit"
    MYSTERY_SHOPPER = "mystery-shopper", "Mystery-shopper exercise"
    DOCUMENT_READING = "document-reading", "Document reading"
    SITE_VISIT = "site-visit", "Site visit"


class FieldworkActivity(OrganisationScoped):
    """One item of the on-site timetable."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    #: Participants by role, one per line ("Head of safeguarding", "Six carers"); names optional.
    participants = models.TextField(blank=True)
    participant_names = models.TextField(blank=True, help_text="Optional, one per line")
    team_members = models.ManyToManyField(TeamMember, blank=True, related_name="activities")

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "fieldwork activity"
    audit_name = "title"

    class Meta:
        ordering = ["review", "starts_at", "id"]
        verbose_name_plural = "fieldwork activities"

    def __str__(self) -> str:
        return self.title


class TeamNote(OrganisationScoped):
    """A team member's note: private to the team, never shown to the host council."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notes")
    activity = models.ForeignKey(
        FieldworkActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History is kept, but team notes never join the host's Activity page (no audit path).
    history = HistoricalRecords()
    organisation_path = "review__organisation"

    class Meta:
        ordering = ["review", "-created_at"]

    def __str__(self) -> str:
        return f"Team note {self.pk}"


class PersonMet(OrganisationScoped):
    """A person or group the team met, for the letter's appendix."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="people_met")
    position = models.PositiveSmallIntegerField(default=0)
    #: The role or group as the appendix lists it: "Director of Adult Social Care", "Carers' group".
    role = models.CharField(max_length=300)
    name = models.CharField(max_length=200, blank=True)
    is_group = models.BooleanField(default=False)
    activity = models.ForeignKey(
        FieldworkActivity, null=True, blank=True, on_delete=models.SET_NULL, related_name="people_met"
    )

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "person met"
    audit_name = "role"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return f"{record.role} ({record.name})" if record.name else record.role

    class Meta:
        ordering = ["review", "position", "id"]
        verbose_name_plural = "people met"

    def __str__(self) -> str:
        return self.role


class LibraryItem(OrganisationScoped):
    """An evidence file in the review's library: the team may open and download it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="library")
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.CASCADE, related_name="review_links")
    note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "review library file"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return f"{name_of('evidence_id') or 'A file since removed'}, in the library{_of_review(name_of)}"

    #: How the evidence pages count the reviews a file is shared with.
    evidence_use_noun = ("review library", "review libraries")

    class Meta:
        ordering = ["review", "-added_at"]
        constraints = [models.UniqueConstraint(fields=["review", "evidence"], name="one_library_item_per_file")]


class ReviewIndicator(OrganisationScoped):
    """An indicator the host shares with the team: its values come from the indicator store."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="shared_indicators")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "shared indicator"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return f"{name_of('indicator_id') or 'An indicator since removed'}, shared{_of_review(name_of)}"

    class Meta:
        ordering = ["review", "indicator__sort_order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["review", "indicator"], name="one_shared_indicator")]


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    DEVELOPMENT = "development", "Area for development"
    KEY_PRIORITY = "key-priority", "Key priority"


class FindingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Finding(OrganisationScoped):
    """A strength, area for development (or for consideration) or key priority, under a scope item or element."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    scope_item = models.ForeignKey(ScopeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings")
    element = models.ForeignKey("frameworks.Element", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    #: Evidence references in words (an interview, a case file, a figure), beside any library files.
    evidence_references = models.TextField(blank=True)
    evidence = models.ManyToManyField(LibraryItem, blank=True, related_name="findings")
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=FindingStatus.choices, default=FindingStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    #: For a finding brought in from a past letter: the passage it came from.
    source_passage = models.TextField(blank=True)
    letter_import = models.ForeignKey(
        "LetterImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[evidence])
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "finding"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        """The finding's heading, or the start of its text when it has none."""
        return record.heading or _excerpt(record.text)

    class Meta:
        ordering = ["review", "scope_item__position", "position", "id"]
        indexes = [models.Index(fields=["element"], name="finding_element")]

    def __str__(self) -> str:
        return self.heading or self.text[:80]


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    KEY_PRIORITY = "key-priority", "Key priority"


class Response(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly-accepted", "Partly accepted"
    NOT_ACCEPTED = "not-accepted", "Not accepted"


class Recommendation(OrganisationScoped):
    """One recommendation (or key priority) in the letter's order.

    ``position`` is its place in the list; ``number`` is the number the letter shows, or
    None for an unnumbered one. Reordering renumbers the numbered ones in order
    (``ascent.reviews.recommendations.renumber``); ``uid`` never changes, so links to it
    (actions in an improvement plan) survive.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    kind = models.CharField(
        max_length=20, choices=RecommendationKind.choices, default=RecommendationKind.RECOMMENDATION
    )
    position = models.PositiveIntegerField(default=0)
    is_numbered = models.BooleanField(default=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()
    scope_item = models.ForeignKey(
        ScopeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    findings = models.ManyToManyField(Finding, blank=True, related_name="recommendations")
    elements = models.ManyToManyField("frameworks.Element", blank=True, related_name="+")
    # The host's response.
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_reason = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_passage = models.TextField(blank=True)
    letter_import = models.ForeignKey(
        "LetterImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[findings, elements])
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "recommendation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        """ "Recommendation 1 of <review>", "Key priority 2 of <review>", or "the unnumbered recommendation
        "<its start>" of <review>"."""
        noun = RecommendationKind(record.kind).label if record.kind in RecommendationKind.values else "Recommendation"
        if record.number:
            return f"{noun} {record.number}{_of_review(name_of)}"
        return Phrase(f"the unnumbered {noun.lower()} “{_excerpt(record.text, 60)}”{_of_review(name_of)}")

    class Meta:
        ordering = ["review", "position", "id"]
        indexes = [models.Index(fields=["review", "position"], name="recommendation_order")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}" if self.number else self.text[:80]

    @property
    def label(self) -> str:
        """ "Recommendation 12", "Key priority 2", or "Unnumbered recommendation"."""
        noun = self.get_kind_display()
        if self.number:
            return f"{noun} {self.number}"
        return f"Unnumbered {noun.lower()}"


class RecommendationBaseline(OrganisationScoped):
    """A linked indicator's value when the recommendation was made: the follow-up measures movement from it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="baselines")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    #: The latest value held when the link was made (None when there was none).
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    period_code = models.CharField(max_length=20, blank=True)
    period_label = models.CharField(max_length=40, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "recommendation__review__organisation"
    audit_organisation_path = "recommendation__review__organisation"
    #: How ascent.reviews.access.get_record reaches the review.
    review_lookup = "recommendation__review"
    audit_noun = "indicator baseline"

    class Meta:
        ordering = ["recommendation", "indicator__sort_order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "indicator"], name="one_baseline_per_indicator")
        ]


class LetterVersion(OrganisationScoped):
    """The letter as published: a snapshot of its content, rendered again exactly from ``content``."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="letter_versions")
    version = models.PositiveSmallIntegerField()
    #: The letter's content as JSON (``ascent.reviews.letter.snapshot``).
    content = models.JSONField()
    #: Empty only for a letter brought in whose date nobody knows (``import_actions.accept``).
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True, help_text="What changed from the version before")

    history = HistoricalRecords()
    organisation_path = "review__organisation"
    audit_organisation_path = "review__organisation"
    audit_noun = "published letter"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"version {record.version} of the letter{_of_review(name_of)}")

    class Meta:
        ordering = ["review", "-version"]
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="one_letter_version_number")]

    def __str__(self) -> str:
        return f"Letter version {self.version}"


class LetterImport(OrganisationScopedModel):
    """A past letter brought in: what was read, what is proposed, and what was accepted."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for checking"
        ACCEPTED = "accepted", "Accepted"
        UNDONE = "undone", "Undone"

    source_name = models.CharField(max_length=255)
    source_kind = models.CharField(max_length=10)  # docx, pdf or text
    #: The text read from the file, kept so each proposal can point to its passage.
    text = models.TextField()
    #: What the reader proposes (``ascent.reviews.letter_import.Proposal`` as JSON), corrected by a person.
    proposal = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter_imports")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: What people had changed on the review since, which the person undoing it agreed to lose
    #: (``import_actions.undo``): [{"what", "who", "when"}], empty when nothing was lost.
    lost_on_undo = models.JSONField(default=list, blank=True)

    history = HistoricalRecords(excluded_fields=["text"])
    audit_organisation_path = "organisation"
    audit_noun = "letter import"
    audit_name = "source_name"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        """The file the letter came from ("harrow-2014.docx"), as people named it."""
        return record.source_name

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.source_name
