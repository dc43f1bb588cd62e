"""Transformation programmes: boards, programmes, projects, savings, budgets, risks, milestones, KPIs.

A council's **boards** (:class:`Board`: name, chair, members, how often it meets) hold
:class:`BoardMeeting` rows, the papers that went to each meeting (:class:`BoardPaper`, a
generated report kept as a dated snapshot) and a :class:`Decision` log (decisions needed,
and those made).

A :class:`Programme` (sponsor, manager, overseeing board, risk appetite, milestone
tolerance) holds :class:`Project` rows. A project has a business case (fields on the
project), a lifecycle (proposed → in delivery → business as usual → closed, with the date
and reason of closing), an overseeing board whose every change is kept
(:class:`BoardMove`), self-reported RAGs (overall, time, cost, benefits) set by a
:class:`ProjectUpdate`, and:

- :class:`SavingLine` per financial year and kind (cash-releasing or cost avoidance): the
  target (the MTFS saving), delivered to date and forecast; ``original_target`` keeps the
  profile as first set, and each :class:`Reprofiling` records the move of a target between
  years (date, reason, the profile before and after);
- :class:`BudgetLine`: budget, forecast outturn and spend to date for a period (a month, a
  quarter or a whole financial year), for the service, the programme's delivery or a project;
- :class:`Risk` (risks and issues: likelihood × impact, owner, mitigation, target score,
  review date, escalation to the programme);
- :class:`Milestone` (baseline and forecast dates: the slippage);
- :class:`ProjectIndicator` (a KPI: an indicator of the store, with a baseline and target).

Every record carries its council (``organisation``) directly, so the national-scale lists
filter on one indexed column. Changes go through ``ascent.programmes.actions``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ascent.core.audit import Phrase
from ascent.core.models import OrganisationScopedModel

MONEY = {"max_digits": 14, "decimal_places": 2}
SCORE_RANGE = [MinValueValidator(1), MaxValueValidator(5)]


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ── Boards ───────────────────────────────────────────────────────────────────────────────────


class Board(OrganisationScopedModel):
    """A board (or workstream) that oversees programmes and projects."""

    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The chair's name or post when they have no account ("Corporate Director, People").
    chair_name = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    #: Members without an account, one name or post per line.
    other_members = models.TextField(blank=True)
    #: Weeks between meetings (4 for "every four weeks"); empty when it meets as needed.
    cycle_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    #: The board this one reports to, if any (a workstream of the corporate Commissioning Board).
    reports_to = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords(m2m_fields=[members])
    audit_noun = "board"
    audit_organisation_path = "organisation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the board “{_excerpt(record.name, 80)}”")

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="board_name_unique_in_council")]

    def __str__(self) -> str:
        return self.name

    @property
    def chair_label(self) -> str:
        if self.chair_id:
            return self.chair.get_full_name() or self.chair.email
        return self.chair_name


class BoardMeeting(OrganisationScopedModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    audit_noun = "board meeting"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["board", "-held_on"]
        constraints = [models.UniqueConstraint(fields=["board", "held_on"], name="one_meeting_per_board_a_day")]
        indexes = [models.Index(fields=["organisation", "held_on"], name="meeting_org_held")]

    def __str__(self) -> str:
        return f"{self.board} on {self.held_on:%-d %B %Y}"


class DecisionStatus(models.TextChoices):
    NEEDED = "needed", "Decision needed"
    MADE = "made", "Decided"


class Decision(OrganisationScopedModel):
    """An entry of a board's decisions log: a decision it is asked to make, or one it made."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        BoardMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    programme = models.ForeignKey(
        "Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    project = models.ForeignKey("Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.NEEDED)
    #: What was decided, and when.
    decision = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    audit_noun = "board decision"
    audit_organisation_path = "organisation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the board decision “{_excerpt(record.title, 60)}”")

    class Meta:
        ordering = ["board", "status", "-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="needed") | Q(decided_on__isnull=False), name="decision_made_has_a_date"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PaperKind(models.TextChoices):
    HIGHLIGHT = "highlight", "Board highlight report"
    COMMITTEE = "committee", "Committee report"


class BoardPaper(OrganisationScopedModel):
    """A generated report that went to a meeting, kept as the meeting saw it (``snapshot``)."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="papers")
    programme = models.ForeignKey("Programme", on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=20, choices=PaperKind.choices)
    title = models.CharField(max_length=300)
    #: The report's figures and text as issued (``ascent.programmes.reporting.snapshot``).
    snapshot = models.JSONField()
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["snapshot"])
    audit_noun = "board paper"
    audit_organisation_path = "organisation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the board paper “{_excerpt(record.title, 80)}”")

    class Meta:
        ordering = ["meeting", "-issued_at", "-id"]

    def __str__(self) -> str:
        return self.title


# ── Programmes and projects ──────────────────────────────────────────────────────────────────


class ProgrammeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Programme(OrganisationScopedModel):
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sponsor_name = models.CharField(max_length=200, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_name = models.CharField(max_length=200, blank=True)
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    #: Open risks scored above this (likelihood × impact, 1 to 25) are challenged.
    risk_appetite = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    #: A milestone forecast more than this many days after its baseline is challenged.
    milestone_tolerance_days = models.PositiveSmallIntegerField(default=28, validators=[MaxValueValidator(366)])

    history = HistoricalRecords()
    audit_noun = "programme"
    audit_organisation_path = "organisation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the programme “{_excerpt(record.name, 80)}”")

    class Meta:
        ordering = ["organisation", "-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(risk_appetite__gte=1, risk_appetite__lte=25), name="appetite_1_to_25"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DELIVERY = "delivery", "In delivery"
    BAU = "bau", "Business as usual"
    CLOSED = "closed", "Closed"


#: The lifecycle in order; a project moves forward, or back a step with a reason.
STAGE_ORDER = [Stage.PROPOSED, Stage.DELIVERY, Stage.BAU, Stage.CLOSED]


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class EqiaStatus(models.TextChoices):
    NOT_DONE = "not-done", "Not done yet"
    DONE = "done", "Done"
    NOT_NEEDED = "not-needed", "Not needed"


class Project(OrganisationScopedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="projects")
    #: The programme's own reference ("RH07"); unique within the programme when given.
    reference = models.CharField(max_length=30, blank=True)
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sponsor_name = models.CharField(max_length=200, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_name = models.CharField(max_length=200, blank=True)
    #: The board overseeing it now; each change is kept in :class:`BoardMove`.
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")

    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.PROPOSED)
    stage_changed_on = models.DateField(null=True, blank=True)
    #: The day implementation began (empty: not begun).
    implementation_started_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    # The business case.
    problem = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    outputs = models.TextField(blank=True)
    options = models.TextField(blank=True)
    costs = models.TextField(blank=True, help_text="The cost of delivery, in words")
    benefits = models.TextField(blank=True)
    dependencies = models.TextField(blank=True)
    eqia = models.CharField(
        "Equality impact assessment", max_length=12, choices=EqiaStatus.choices, default=EqiaStatus.NOT_DONE
    )
    eqia_note = models.TextField(blank=True)
    business_case_approved_on = models.DateField(null=True, blank=True)

    # Self-reported RAGs, from the latest update.
    rag_overall = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_time = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_cost = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_benefits = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    #: The date of the latest update (kept in step by the actions, for the "no update" check).
    last_update_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    audit_noun = "project"
    audit_organisation_path = "organisation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the project “{_excerpt(record.name, 80)}”")

    class Meta:
        ordering = ["programme", "reference", "name"]
        indexes = [
            models.Index(fields=["organisation", "stage"], name="project_org_stage"),
            models.Index(fields=["programme", "stage"], name="project_programme_stage"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], condition=~Q(reference=""), name="project_reference_unique"
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed") | Q(closed_on__isnull=False), name="closed_project_has_a_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programmes:project", kwargs={"gss_code": self.organisation.gss_code, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage in (Stage.PROPOSED, Stage.DELIVERY)

    @property
    def implementation_started(self) -> bool:
        return self.implementation_started_on is not None

    @property
    def manager_label(self) -> str:
        if self.manager_id:
            return self.manager.get_full_name() or self.manager.email
        return self.manager_name

    @property
    def sponsor_label(self) -> str:
        if self.sponsor_id:
            return self.sponsor.get_full_name() or self.sponsor.email
        return self.sponsor_name


class BoardMove(OrganisationScopedModel):
    """A project's move from one board to another (or onto its first), kept for good."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="board_moves")
    from_board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    #: The names as they were, so the record reads the same if a board is renamed or removed.
    from_name = models.CharField(max_length=200, blank=True)
    to_name = models.CharField(max_length=200, blank=True)
    moved_on = models.DateField()
    reason = models.TextField(blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    audit_noun = "move between boards"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["project", "moved_on", "id"]


class ProjectUpdate(OrganisationScopedModel):
    """A dated progress note on a project, with the RAGs its manager reported."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    rag_overall = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_time = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_cost = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_benefits = models.CharField(max_length=5, choices=Rag.choices, blank=True)

    history = HistoricalRecords()
    audit_noun = "project update"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["project", "-on", "-id"]
        indexes = [models.Index(fields=["project", "on"], name="project_update_on")]


# ── Money ────────────────────────────────────────────────────────────────────────────────────


class SavingKind(models.TextChoices):
    CASH = "cash", "Cash-releasing"
    AVOIDANCE = "avoidance", "Cost avoidance"


class SavingLine(OrganisationScopedModel):
    """A project's saving for one financial year and kind: target (MTFS), delivered, forecast."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="savings")
    #: The calendar year the financial year starts in (2019 for 2019-20).
    financial_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(max_length=10, choices=SavingKind.choices, default=SavingKind.CASH)
    target = models.DecimalField(**MONEY, default=0)
    #: The target as first set (phased); a re-profiling changes ``target`` only.
    original_target = models.DecimalField(**MONEY, default=0)
    delivered = models.DecimalField(**MONEY, default=0, help_text="Delivered to date")
    forecast = models.DecimalField(**MONEY, default=0, help_text="Forecast for the year")
    #: When ``delivered`` was last counted ("delivered by mid-November").
    delivered_as_at = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()
    audit_noun = "saving"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["project", "financial_year", "kind"]
        indexes = [models.Index(fields=["organisation", "financial_year"], name="saving_org_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "financial_year", "kind"], name="one_saving_per_project_year_kind"
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0) & Q(original_target__gte=0) & Q(delivered__gte=0) & Q(forecast__gte=0),
                name="saving_amounts_not_negative",
            ),
        ]

    @property
    def shortfall(self):
        return max(self.target - self.forecast, 0)


class Reprofiling(OrganisationScopedModel):
    """One re-profiling of a project's savings target across years: when, why, before and after.

    ``before`` and ``after`` map the financial year ("2019") to the amount ("400000.00"), as
    strings, so the record reads exactly as it was.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reprofilings")
    kind = models.CharField(max_length=10, choices=SavingKind.choices, default=SavingKind.CASH)
    on = models.DateField()
    reason = models.TextField()
    before = models.JSONField()
    after = models.JSONField()
    #: True when the re-profiling changed the total (which it must say: ``reason``).
    total_changed = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    audit_noun = "re-profiling of savings"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["project", "-on", "-id"]


class BudgetKind(models.TextChoices):
    SERVICE = "service", "Service budget"
    DELIVERY = "delivery", "Cost of delivery"


class BudgetLine(OrganisationScopedModel):
    """Budget monitoring for one period: budget, forecast outturn and spend to date.

    For the service (``kind`` service: the care budget the programme should bring in) or for
    delivering the programme (``kind`` delivery: interim support, backfill), for the programme
    as a whole (no project) or one project. ``period_code`` is a month ("2019-11"), a quarter
    ("2019-Q3") or a financial year ("2019-20"), as ``ascent.core.periods`` writes them.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=10, choices=BudgetKind.choices, default=BudgetKind.SERVICE)
    financial_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period_code = models.CharField(max_length=20)
    #: Where the money comes from ("Corporate transformation budget").
    source = models.CharField(max_length=200, blank=True)
    budget = models.DecimalField(**MONEY, default=0)
    forecast = models.DecimalField(**MONEY, default=0, help_text="Forecast outturn")
    spent = models.DecimalField(**MONEY, null=True, blank=True, help_text="Spent to date")
    note = models.TextField(blank=True)

    history = HistoricalRecords()
    audit_noun = "budget line"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["programme", "kind", "financial_year", "period_code", "project", "id"]
        indexes = [models.Index(fields=["programme", "financial_year"], name="budget_programme_year")]

    @property
    def variance(self):
        """Forecast outturn less budget: above nothing is an overspend."""
        return self.forecast - self.budget


# ── Risks, milestones and KPIs ───────────────────────────────────────────────────────────────


class RiskKind(models.TextChoices):
    RISK = "risk", "Risk"
    ISSUE = "issue", "Issue"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(OrganisationScopedModel):
    """A risk (or an issue: a risk that has happened) of a programme or one of its projects."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="risks")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=5, choices=RiskKind.choices, default=RiskKind.RISK)
    reference = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    likelihood = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    impact = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    #: The score at the review before (for the trend); empty on a new risk.
    previous_score = models.PositiveSmallIntegerField(null=True, blank=True)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_RANGE)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_RANGE)
    mitigation = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    #: A project risk raised to the programme's register.
    escalated = models.BooleanField(default=False)
    escalated_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=6, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    audit_noun = "risk"
    audit_organisation_path = "organisation"

    @staticmethod
    def audit_describe(record, name_of) -> str:
        return Phrase(f"the risk “{_excerpt(record.title, 60)}”")

    class Meta:
        ordering = ["programme", "project", "-likelihood", "-impact", "id"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="risk_org_status"),
            models.Index(fields=["programme", "status"], name="risk_programme_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def target_score(self) -> int | None:
        if self.target_likelihood and self.target_impact:
            return self.target_likelihood * self.target_impact
        return None

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.email
        return self.owner_name


class Milestone(OrganisationScopedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    #: The date agreed in the business case (never moved).
    baseline_date = models.DateField()
    #: The date now expected (or the day it was met).
    forecast_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    audit_noun = "project milestone"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["project", "baseline_date", "id"]
        indexes = [models.Index(fields=["organisation", "done_on"], name="milestone_org_done")]

    def __str__(self) -> str:
        return self.title


class ProjectIndicator(OrganisationScopedModel):
    """A KPI of a project: an indicator of the store, with its baseline and target."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpis")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_period_code = models.CharField(max_length=20, blank=True)
    #: The target as a number, if it is one.
    target_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    #: The target in words, as the report states it ("Maintain or lower", "Increase").
    target_text = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()
    audit_noun = "project KPI"
    audit_organisation_path = "organisation"

    class Meta:
        ordering = ["project", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "indicator"], name="one_kpi_per_project_indicator")]
