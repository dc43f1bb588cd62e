"""Improvement plans: recommendations and risks turned into owned, dated actions, followed up until done.

A council keeps one or more :class:`Plan` (title, owner, period, themes each with a lead).
Each :class:`Action` comes from one or more accepted review recommendations
(``recommendations``, matched by ``Recommendation.uid`` through the foreign key), from a
self-assessment top risk (``top_risk``) or assurance flag (``flag_key``), or is added
directly. An action has an owner, a due date (``original_due_date`` keeps the first one: a
later date comes only through an approved :class:`ExtensionRequest`), milestones, a status,
percent complete, a forward-looking RAG, :class:`ProgressUpdate` rows, evidence of
completion (:class:`ActionEvidence`) and the indicators it should move
(:class:`ActionIndicator`, with the target and the value when linked).

A plan, or one action, may be **superseded**: by another plan (``Plan.superseded_by``), by
another action (``Action.superseded_by``) or, once programmes exist, by a project
(``Action.superseded_by_type``/``superseded_by_id``, a generic link the programmes app
fills). The superseded record stays, and shows where its work went.

A review's **follow-up** (:class:`FollowUp`) is the progress review about ten months after its
letter. A plan is reported to a :class:`Committee` on a :class:`ReportingSchedule`; each
:class:`CommitteeReport` keeps, once issued, the figures as the committee saw them
(``snapshot``), and the next report shows what changed since.

Reminders: :class:`PlanSettings` (per council: reminders on or off, days before an action
is stale, months to the follow-up) and :class:`ReminderPreference` (per person) decide who
gets the e-mail digest; :class:`ReminderDigest` records each one sent, once per person a day.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ascent.core.audit import Phrase
from ascent.core.models import OrganisationScoped, OrganisationScopedModel, OrganisationScopedQuerySet


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded"
    CLOSED = "closed", "Closed"


class Plan(OrganisationScopedModel):
    """One improvement plan of a council."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Approves changes of date; a member of the council",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    #: The review whose recommendations the plan answers, if it answers one.
    review = models.ForeignKey("reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans")
    #: Superseded wholly by another plan (its actions show where their work went).
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_on = models.DateField(null=True, blank=True)
    supersession_note = models.TextField(blank=True)

    history = HistoricalRecords()
    audit_noun = "improvement plan"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the improvement plan “{_excerpt(record.title, 80)}”")

    class Meta:
        ordering = ["organisation", "-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_dates_in_order")
        ]

    def __str__(self) -> str:
        return self.title


class Theme(OrganisationScoped):
    """A theme of a plan, with its own lead (a member, or a name for someone without an account)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_name = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()
    organisation_path = "plan__organisation"
    audit_organisation_path = "plan__organisation"
    audit_noun = "plan theme"

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    OFF_TRACK = "off-track", "Off track"
    COMPLETE = "complete", "Complete"
    WILL_NOT_BE_DONE = "will-not-be-done", "Will not be done"
    DONE_ANOTHER_WAY = "done-another-way", "Done another way"


#: Statuses that end an action: it needs no more updates, and is not overdue.
CLOSED_STATUSES = {ActionStatus.COMPLETE, ActionStatus.WILL_NOT_BE_DONE, ActionStatus.DONE_ANOTHER_WAY}
#: Statuses that need a reason in ``status_reason``.
REASONED_STATUSES = {ActionStatus.WILL_NOT_BE_DONE, ActionStatus.DONE_ANOTHER_WAY}


class ForecastRag(models.TextChoices):
    """Will the action be done by its date? (Forward-looking, unlike the status.)"""

    GREEN = "green", "Green: will be done by its date"
    AMBER = "amber", "Amber: at risk of missing its date"
    RED = "red", "Red: will miss its date"


class Source(models.TextChoices):
    RECOMMENDATION = "recommendation", "A review recommendation"
    TOP_RISK = "top-risk", "A self-assessment top risk"
    FLAG = "flag", "An assurance flag"
    DIRECT = "direct", "Added directly"
    IMPORT = "import", "Imported from an action plan"


class ActionQuerySet(OrganisationScopedQuerySet):
    def open(self) -> ActionQuerySet:
        """Actions still to do: not closed and not superseded."""
        return self.exclude(status__in=CLOSED_STATUSES).filter(
            superseded_by__isnull=True, superseded_by_id_generic__isnull=True
        )


class Action(OrganisationScoped):
    """One owned, dated action of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    #: The plan's own reference ("1.2", "A7"); unique within the plan when given.
    reference = models.CharField(max_length=30, blank=True)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.DIRECT)
    recommendations = models.ManyToManyField("reviews.Recommendation", blank=True, related_name="plan_actions")
    top_risk = models.ForeignKey(
        "assessments.TopRisk", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_actions"
    )
    #: The assurance flag's stable key (``ascent.assurance.registry.Flag.key``) and its check's name.
    flag_key = models.CharField(max_length=200, blank=True)
    flag_check = models.CharField(max_length=80, blank=True)
    flag_detail = models.TextField(blank=True)
    #: Framework elements the action is tagged with (the element page lists them).
    elements = models.ManyToManyField("frameworks.Element", blank=True, related_name="+")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The owner's name when they have no account (an imported plan names people and posts).
    owner_name = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    #: The first due date ever set; kept when an extension moves ``due_date``.
    original_due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    #: Why it will not be done, or how it was done another way.
    status_reason = models.TextField(blank=True)
    percent_complete = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    rag = models.CharField(max_length=10, choices=ForecastRag.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    #: Closing without evidence needs a recorded reason.
    no_evidence_reason = models.TextField(blank=True)
    #: The date of the latest progress update (kept in step by the actions, for the stale check).
    last_update_on = models.DateField(null=True, blank=True)

    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    #: Superseded by a record of another app (a programme's project), when that app exists.
    superseded_by_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_by_id_generic = models.PositiveBigIntegerField(null=True, blank=True)
    superseded_by_record = GenericForeignKey("superseded_by_type", "superseded_by_id_generic")
    superseded_on = models.DateField(null=True, blank=True)
    supersession_note = models.TextField(blank=True)

    #: The import run that created the row, if one did (for rollback).
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[recommendations, elements])
    organisation_path = "plan__organisation"
    audit_organisation_path = "plan__organisation"
    audit_noun = "action"

    objects = ActionQuerySet.as_manager()

    @staticmethod
    def audit_describe(record, name_of) -> str:
        ref = f"{record.reference} " if record.reference else ""
        return Phrase(f"the action {ref}“{_excerpt(record.title, 60)}”")

    class Meta:
        ordering = ["plan", "position", "id"]
        indexes = [
            models.Index(fields=["plan", "status"], name="action_plan_status"),
            models.Index(fields=["due_date"], name="action_due"),
            models.Index(fields=["owner", "due_date"], name="action_owner_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="action_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None or self.superseded_by_id_generic is not None

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            owner = self.owner
            return owner.get_full_name() or owner.email
        return self.owner_name


class Milestone(OrganisationScoped):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    organisation_path = "action__plan__organisation"
    audit_organisation_path = "action__plan__organisation"
    audit_noun = "milestone"

    class Meta:
        ordering = ["action", "due_date", "id"]


class ProgressUpdate(OrganisationScoped):
    """A dated note of progress, with the status, percent and RAG it reported."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The author's name when the update came from an import (no account).
    author_name = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    rag = models.CharField(max_length=10, choices=ForecastRag.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "action__plan__organisation"
    audit_organisation_path = "action__plan__organisation"
    audit_noun = "progress update"

    class Meta:
        ordering = ["action", "-on", "-id"]
        indexes = [models.Index(fields=["action", "on"], name="update_action_on")]


class ActionEvidence(OrganisationScoped):
    """Evidence of completion: a file of the council's evidence store, or a link."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    evidence = models.ForeignKey(
        "evidence.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    url = models.URLField(max_length=500, blank=True)
    title = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "action__plan__organisation"
    audit_organisation_path = "action__plan__organisation"
    audit_noun = "evidence of completion"
    evidence_use_noun = ("improvement plan action", "improvement plan actions")

    class Meta:
        ordering = ["action", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence__isnull=False) | ~Q(url=""), name="action_evidence_file_or_link"
            ),
        ]


class ActionIndicator(OrganisationScoped):
    """An indicator the action should move, with the intended target and its value when linked."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    target = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    target_period_code = models.CharField(max_length=20, blank=True)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_period_code = models.CharField(max_length=20, blank=True)
    baseline_period_label = models.CharField(max_length=40, blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "action__plan__organisation"
    audit_organisation_path = "action__plan__organisation"
    audit_noun = "linked indicator"

    class Meta:
        ordering = ["action", "indicator__sort_order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["action", "indicator"], name="one_link_per_action_indicator")]


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ExtensionRequest(OrganisationScoped):
    """A request to move an action's date, approved (or refused) by the plan's owner."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    #: The due date when asked, and the one asked for.
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField()
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    history = HistoricalRecords()
    organisation_path = "action__plan__organisation"
    audit_organisation_path = "action__plan__organisation"
    audit_noun = "extension request"

    class Meta:
        ordering = ["action", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"], condition=Q(status="pending"), name="one_pending_extension_per_action"
            ),
        ]


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"


class FollowUp(OrganisationScopedModel):
    """The progress review of a review's recommendations, about ten months after its letter."""

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(help_text="When the follow-up should happen")
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED)
    summary = models.TextField(blank=True)
    #: The figures as the follow-up found them, kept when it is marked held.
    snapshot = models.JSONField(null=True, blank=True)

    history = HistoricalRecords()
    audit_noun = "follow-up review"

    class Meta:
        ordering = ["organisation", "-due_on"]


class CommitteeKind(models.TextChoices):
    SCRUTINY = "scrutiny", "Scrutiny committee"
    BOARD = "board", "Board"
    CABINET = "cabinet", "Cabinet"
    OTHER = "other", "Other committee"


class Committee(OrganisationScopedModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.SCRUTINY)

    history = HistoricalRecords()
    audit_noun = "committee"

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_committee_name_per_council")]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    HALF_YEARLY = "half-yearly", "Every six months"
    YEARLY = "yearly", "Yearly"


#: Months between reports, for each frequency.
FREQUENCY_MONTHS = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "half-yearly": 6, "yearly": 12}


class ReportingSchedule(OrganisationScoped):
    """A plan reported to a committee on a cycle."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="schedules")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="schedules")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    next_meeting_on = models.DateField()

    history = HistoricalRecords()
    organisation_path = "plan__organisation"
    audit_organisation_path = "plan__organisation"
    audit_noun = "reporting schedule"

    class Meta:
        ordering = ["plan", "next_meeting_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "committee"], name="one_schedule_per_plan_committee")]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class CommitteeReport(OrganisationScoped):
    """A progress report of a plan to a committee meeting, in the committee-report shape.

    While a draft its figures are live; issuing it keeps them in ``snapshot`` (never changed
    again), so the report reads as the committee saw it, and the next report compares with it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="committee_reports")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reports")
    meeting_on = models.DateField()
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)
    recommendations_to_committee = models.TextField(blank=True)
    background = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    equality_implications = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    #: The figures as issued (``ascent.plans.committee.snapshot``); null while a draft.
    snapshot = models.JSONField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The report this one compares with (the last issued report of the plan to the committee).
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    organisation_path = "plan__organisation"
    audit_organisation_path = "plan__organisation"
    audit_noun = "committee report"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the committee report “{_excerpt(record.title, 80)}”")

    class Meta:
        ordering = ["plan", "-meeting_on", "-id"]


class PlanSettings(OrganisationScopedModel):
    """A council's settings for its plans (one row; defaults from Django settings when absent)."""

    reminders_enabled = models.BooleanField(default=True, help_text="Send owners the e-mail digest")
    stale_after_days = models.PositiveSmallIntegerField(default=60)
    follow_up_months = models.PositiveSmallIntegerField(default=10)
    reminder_days_ahead = models.PositiveSmallIntegerField(default=14)

    history = HistoricalRecords()
    audit_noun = "plan settings"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_plan_settings_per_council")]


class ReminderPreference(models.Model):
    """A person's choice about the action reminders digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_reminders")
    digest_enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reminders {'on' if self.digest_enabled else 'off'} for {self.user}"


class ReminderDigest(models.Model):
    """One digest sent to one person on one day (the guard against sending twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    action_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_person_a_day")]

    def __str__(self) -> str:
        return f"Digest of {self.action_count} actions to {self.user} on {self.sent_on}"
