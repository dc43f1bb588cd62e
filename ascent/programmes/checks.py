"""The transformation programmes' assurance checks: self-reported ratings the facts do not support.

Each check is a pure function over plain values (:class:`ProjectFacts`, :class:`MilestoneFacts`,
:class:`RiskFacts`), registered in the one registry of ``ascent.assurance``; it returns the
sentence to show when it flags, or ``None``. ``ascent.programmes.flags`` gathers the facts of
a whole council at once and turns what the checks say into flags.

Only open projects (proposed or in delivery) of active programmes are checked: a project in
business as usual or closed reports no more, and a closed programme's work is over.

- ``programmes.green-while-savings-behind``: the project reports green (overall or for
  benefits) while, for the current financial year or one already ended, a saving's forecast
  falls short of its target, or what is delivered to date is behind a straight line to the
  target over the year (as at the day the delivered figure was counted, else today).
- ``programmes.green-before-implementation``: green overall while implementation has not
  begun (the project is still proposed, or its recorded start is later than today) although
  it was due to: its first milestone's baseline date has passed, or, with no milestones, the
  programme's start. A project "in delivery" with no start date recorded counts as begun:
  its stage says so. Herefordshire's 2014 letter found ratings too generous here.
- ``programmes.milestone-slipped``: an open milestone forecast more than the programme's
  tolerance after its baseline, or whose forecast date has passed without it being done.
- ``programmes.risk-above-appetite``: an open risk or issue scored above the programme's
  appetite (the highest likelihood × impact it accepts).
- ``programmes.no-update-since-board``: no progress update since the latest meeting of the
  board overseeing the project (meetings held since the project came under that board), or
  none at all though that board has met since.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ascent.assurance.registry import register
from ascent.core.dates import govuk_date
from ascent.core.money import format_money
from ascent.core.periods import financial_year_label, financial_year_start_year

from . import milestones, risks
from .savings import PENNY, Position

APP = "programmes"
#: The years a savings flag names; a project behind in more has the rest counted.
MOST_YEARS_NAMED = 2

GREEN = "green"
#: The stages still in play (as ``ascent.programmes.models.Stage``, as plain values).
OPEN_STAGES = frozenset({"proposed", "delivery"})
PROPOSED = "proposed"
AVOIDANCE = "avoidance"


def _days(number: int) -> str:
    return f"{number:,} day" if number == 1 else f"{number:,} days"


def _ago(today: datetime.date, day: datetime.date) -> str:
    days = (today - day).days
    return "today" if days == 0 else f"{_days(days)} ago"


# ── Facts ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SavingFact:
    """One saving line of the project: a financial year and kind, with its figures (pounds)."""

    financial_year: int  # 2019 for 2019-20
    target: Decimal
    delivered: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)
    delivered_as_at: datetime.date | None = None
    kind: str = "cash"  # a value of ascent.programmes.models.SavingKind


@dataclass(frozen=True)
class ProjectFacts:
    """Everything the project checks need to know about one project."""

    today: datetime.date
    stage: str  # a value of ascent.programmes.models.Stage
    programme_active: bool = True
    rag_overall: str = ""
    rag_benefits: str = ""
    implementation_started_on: datetime.date | None = None
    #: The earliest baseline date of the project's milestones, and that milestone's title.
    first_baseline: datetime.date | None = None
    first_milestone: str = ""
    programme_starts_on: datetime.date | None = None
    savings: tuple[SavingFact, ...] = ()
    last_update_on: datetime.date | None = None
    #: The board overseeing the project now, and the latest day it met (on or before today)
    #: since the project came under it; None when it has not met since.
    board_name: str = ""
    last_board_meeting: datetime.date | None = None

    @property
    def in_play(self) -> bool:
        return self.programme_active and self.stage in OPEN_STAGES


@dataclass(frozen=True)
class MilestoneFacts:
    today: datetime.date
    title: str
    baseline_date: datetime.date
    forecast_date: datetime.date
    tolerance_days: int
    done_on: datetime.date | None = None
    project_stage: str = "delivery"
    programme_active: bool = True

    @property
    def in_play(self) -> bool:
        return self.programme_active and self.project_stage in OPEN_STAGES and self.done_on is None


@dataclass(frozen=True)
class RiskFacts:
    likelihood: int
    impact: int
    appetite: int
    kind: str = "risk"  # "risk" or "issue"
    open: bool = True
    #: None for a programme's own risk; else the stage of the project it belongs to.
    project_stage: str | None = None
    programme_active: bool = True
    target_likelihood: int | None = None
    target_impact: int | None = None

    @property
    def in_play(self) -> bool:
        if not (self.open and self.programme_active):
            return False
        return self.project_stage is None or self.project_stage in OPEN_STAGES


# ── Savings behind profile ───────────────────────────────────────────────────────────────────


def year_bounds(financial_year: int) -> tuple[datetime.date, datetime.date]:
    """1 April to 31 March of the financial year starting in ``financial_year``."""
    return datetime.date(financial_year, 4, 1), datetime.date(financial_year + 1, 3, 31)


def expected_by(target: Decimal, financial_year: int, on: datetime.date) -> Decimal:
    """The share of ``target`` a straight line over the year expects delivered by the end of ``on``."""
    start, end = year_bounds(financial_year)
    if on < start:
        return Decimal("0.00")
    if on >= end:
        return target.quantize(PENNY)
    elapsed = (on - start).days + 1
    whole = (end - start).days + 1
    return (target * elapsed / whole).quantize(PENNY, rounding=ROUND_HALF_UP)


def saving_behind(saving: SavingFact, today: datetime.date) -> str | None:
    """What is behind on one saving line, as a clause; None when it is on profile (or not due yet)."""
    if saving.target <= 0 or saving.financial_year > financial_year_start_year(today):
        return None
    year = financial_year_label(saving.financial_year)
    kind = " (cost avoidance)" if saving.kind == AVOIDANCE else ""
    position = Position(target=saving.target, delivered=saving.delivered, forecast=saving.forecast)
    if position.shortfall:
        return f"{year}{kind}: {position.sentence()}"
    on = min(saving.delivered_as_at or today, today)
    expected = expected_by(saving.target, saving.financial_year, on)
    if saving.delivered >= expected:
        return None
    delivered, target = format_money(saving.delivered), format_money(saving.target)
    if on >= year_bounds(saving.financial_year)[1]:
        short = format_money(saving.target - saving.delivered)
        return f"{year}{kind}: {delivered} delivered in the year against a target of {target}, {short} short"
    return (
        f"{year}{kind}: {delivered} delivered by {govuk_date(on)}, behind the {format_money(expected)} "
        f"a straight line to the target of {target} expects by then"
    )


def _green_for(facts: ProjectFacts) -> str:
    overall, benefits = facts.rag_overall == GREEN, facts.rag_benefits == GREEN
    if overall and benefits:
        return "green overall and for benefits"
    if overall:
        return "green overall"
    if benefits:
        return "green for benefits"
    return ""


@register(
    "programmes.green-while-savings-behind",
    title="Green while savings are behind profile",
    reason=(
        "A green rating says the project will deliver what it promised. If this year's forecast saving falls "
        "short of the target in the medium-term financial strategy, or less has been delivered than the year so "
        "far should have brought, explain why it will still be met or change the rating."
    ),
    app=APP,
)
def green_while_savings_behind(facts: ProjectFacts) -> str | None:
    if not facts.in_play:
        return None
    green = _green_for(facts)
    if not green:
        return None
    behind = [clause for saving in facts.savings if (clause := saving_behind(saving, facts.today))]
    if not behind:
        return None
    if len(behind) > MOST_YEARS_NAMED:
        # A project behind in many years: the latest ones named, the rest counted, so the reason stays a sentence.
        earlier = len(behind) - MOST_YEARS_NAMED
        named = "; ".join(behind[-MOST_YEARS_NAMED:])
        years = "year" if earlier == 1 else "years"
        return f"Reported {green}, but savings are behind: {named}; and in {earlier} earlier {years}."
    return f"Reported {green}, but savings are behind: {'; '.join(behind)}."


# ── Green before implementation ──────────────────────────────────────────────────────────────


def implementation_begun(facts: ProjectFacts) -> bool:
    """Begun unless still proposed, or its recorded start is later than today."""
    if facts.stage == PROPOSED:
        return False
    started = facts.implementation_started_on
    return started is None or started <= facts.today


@register(
    "programmes.green-before-implementation",
    title="Green while implementation has not started",
    reason=(
        "A project that has not begun to be implemented has delivered nothing yet, so a green rating is a hope, "
        "not a finding. Once the date it should have started has passed, rate it on what is known, or record "
        "that implementation has begun."
    ),
    app=APP,
)
def green_before_implementation(facts: ProjectFacts) -> str | None:
    if not facts.in_play or facts.rag_overall != GREEN or implementation_begun(facts):
        return None
    if facts.first_baseline is not None:
        due, what = facts.first_baseline, f"its first milestone, “{facts.first_milestone}”, was due on"
    elif facts.programme_starts_on is not None:
        due, what = facts.programme_starts_on, "the programme began on"
    else:
        return None
    if due >= facts.today:
        return None
    if facts.stage == PROPOSED:
        state = "it is still proposed"
    else:
        state = f"implementation is not due to start until {govuk_date(facts.implementation_started_on)}"
    return f"Reported green overall, but {state}, and {what} {govuk_date(due)}, {_ago(facts.today, due)}."


# ── Milestones ───────────────────────────────────────────────────────────────────────────────


@register(
    "programmes.milestone-slipped",
    title="Milestones slipped beyond tolerance",
    reason=(
        "A milestone that has moved well past the date agreed in the business case, or whose date has come and "
        "gone without it being met, says the plan no longer holds. Re-plan it with the board, and say what the "
        "delay does to the project's savings and other milestones."
    ),
    app=APP,
)
def milestone_slipped(facts: MilestoneFacts) -> str | None:
    if not facts.in_play:
        return None
    slipped = milestones.beyond_tolerance(facts.baseline_date, facts.forecast_date, facts.tolerance_days)
    passed = facts.forecast_date < facts.today
    if not (slipped or passed):
        return None
    text = f"“{facts.title}” {'was' if passed else 'is'} forecast for {govuk_date(facts.forecast_date)}"
    if slipped:
        late = milestones.slippage_text(facts.baseline_date, facts.forecast_date)
        text += (
            f", {late} against its baseline of {govuk_date(facts.baseline_date)} "
            f"(the programme allows {_days(facts.tolerance_days)})"
        )
    if passed:
        text += f"{',' if slipped else ''} and is not done: {_days((facts.today - facts.forecast_date).days)} overdue"
    return f"{text}."


# ── Risks ────────────────────────────────────────────────────────────────────────────────────


@register(
    "programmes.risk-above-appetite",
    title="Risks above the programme's appetite",
    reason=(
        "The programme has said how much risk it will carry. A risk scored above that needs more than noting: "
        "mitigation that brings it within the appetite, or escalation so the board decides whether to accept it."
    ),
    app=APP,
)
def risk_above_appetite(facts: RiskFacts) -> str | None:
    if not facts.in_play:
        return None
    value = risks.score(facts.likelihood, facts.impact)
    if not risks.above_appetite(value, facts.appetite):
        return None
    band = risks.grade(value).name
    scored = "An issue scored" if facts.kind == "issue" else "Scored"
    text = (
        f"{scored} {value} ({band}: likelihood {facts.likelihood} × impact {facts.impact}), above the programme's "
        f"appetite of {facts.appetite}"
    )
    if facts.target_likelihood and facts.target_impact:
        text += f"; its target score is {facts.target_likelihood * facts.target_impact}"
    return f"{text}."


# ── No update since the board ────────────────────────────────────────────────────────────────


@register(
    "programmes.no-update-since-board",
    title="No update since the last board",
    reason=(
        "A board can only oversee what it is told. A project with no progress update since its board last met "
        "went to that meeting on old news: its manager should record where it stands before the next one."
    ),
    app=APP,
)
def no_update_since_board(facts: ProjectFacts) -> str | None:
    if not facts.in_play or facts.last_board_meeting is None:
        return None
    met = facts.last_board_meeting
    if facts.last_update_on is not None and facts.last_update_on >= met:
        return None
    board = facts.board_name or "the board"
    if not board.lower().startswith("the "):
        board = f"the {board}"
    held = govuk_date(met)
    if facts.last_update_on is None:
        return f"No progress update at all, though {board} has met since it took the project on: last on {held}."
    return f"No progress update since {board} met on {held}: the last was on {govuk_date(facts.last_update_on)}."


#: The checks of one project (``ProjectFacts``), in the order its flags are listed.
PROJECT_CHECKS = (
    "programmes.green-while-savings-behind",
    "programmes.green-before-implementation",
    "programmes.no-update-since-board",
)
MILESTONE_CHECK = "programmes.milestone-slipped"
RISK_CHECK = "programmes.risk-above-appetite"
#: Every check of this module.
ALL_CHECKS = (*PROJECT_CHECKS, MILESTONE_CHECK, RISK_CHECK)
