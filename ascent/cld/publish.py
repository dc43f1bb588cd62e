"""Client-level data results as values in the indicator store.

A run's headline figures become :class:`~ascent.indicators.models.Observation` rows of the
shipped ASCOF indicators (the set from 2023/24, whose source is Client Level Data from
2024-25), so the scorecard, benchmarking, targets and assurance checks use them like any other
value. :data:`PUBLISHED` says which figure of the method goes to which indicator.

* **Which periods.** Only a run whose 12 months are a financial year (1 April to 31 March)
  from 2024-25 (:data:`CLD_FROM`), when the national measures moved from SALT to Client Level
  Data; the council's CLD figures for earlier years stay on the measures page, so an indicator's
  values before 2024-25 remain SALT's and the break in series falls where the pages mark it.
  The indicator store has no kind of period for "the 12 months to December", and filing a
  rolling year under a quarter would pass it off as three months' figure, so
  the rolling quarterly figures stay on the measures page (:func:`ascent.cld.results.trend`).
* **Provenance.** The observation's history says where it came from: its change reason names
  the run ("Client-level data measures run 12, method 2024-25.1+…"), whose record lists every
  extract (name and SHA-256), the method version and the run time; ``entered_by`` is who ran it.
  It belongs to no import (``import_run`` is empty), so rolling back an import never touches it.
  Observations are marked provisional: the council's own computation, before NHS England
  publishes the official figure.
* **Idempotent.** An observation is saved only when its figures differ, so running the same
  data again writes no row and no history; a corrected extract that changes a figure revises
  the observation, and its history keeps the earlier value.
* **Others' figures win.** A real value the council imported or typed in (the official
  figure, say) is left alone and reported as skipped; made-up illustrative values give way.
* **Synthetic data.** Results of synthetic extracts (the demo's, marked and named "synthetic —
  not real people") are published as illustrative, so every page labels them; so are 2B and 2C
  when the population they divide by is illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ascent.core.periods import Period
from ascent.indicators.breaks import CLD_FROM
from ascent.indicators.models import Indicator, Observation

from .models import MeasureRun

__all__ = ["PUBLISHED", "REASON_PREFIX", "Published", "publish_run", "is_synthetic"]

#: Indicator code → (measure, group) of the method whose outcome is its value.
PUBLISHED: dict[str, tuple[str, str]] = {
    "ASCOF23-2A": ("2A", "Total"),
    "ASCOF23-2B": ("2B", "18 to 64"),
    "ASCOF23-2C": ("2C", "65 and above"),
    "ASCOF23-2E": ("2E", "Total"),
    "ASCOF23-3D1A": ("3D 1a", "Total"),
    "ASCOF23-3D1B": ("3D 1b", "Total"),
    "ASCOF23-3D2A": ("3D 2a", "Total"),
    "ASCOF23-3D2B": ("3D 2b", "Total"),
}
#: How the history of an observation written here begins (the rest names the run).
REASON_PREFIX = "Client-level data measures run"
SYNTHETIC_MARK = "synthetic"


@dataclass
class Published:
    """What publishing one run did."""

    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: Codes whose value for the period is a real figure from elsewhere, left as it was.
    skipped: list[str] = field(default_factory=list)
    #: Empty when the run was published; otherwise why not (not a financial year).
    not_published: str = ""


#: The indicators whose denominator is the population (illustrative when the population is).
POPULATION_BASED = frozenset({"ASCOF23-2B", "ASCOF23-2C"})


def is_synthetic(run: MeasureRun) -> bool:
    """Whether any of the run's extracts is synthetic (made up, not real people): marked so when
    loaded (the demo's), or named so."""
    return any(
        extract.get("synthetic") or SYNTHETIC_MARK in str(extract.get("name", "")).lower() for extract in run.extracts
    )


def financial_year(run: MeasureRun) -> Period | None:
    """The financial year from 2024-25 the run's 12 months are, or None for any other 12 months."""
    start, end = run.period_start, run.period_end
    whole_year = (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1
    if whole_year and start >= CLD_FROM:
        return Period.financial_year(start.year)
    return None


def reason_for(run: MeasureRun) -> str:
    return f"{REASON_PREFIX} {run.pk}, method {run.method_version}"[:100]


def _written_here(observation: Observation) -> bool:
    latest = observation.history.order_by("-history_date", "-history_id").first()
    return latest is not None and (latest.history_change_reason or "").startswith(REASON_PREFIX)


@transaction.atomic
def publish_run(run: MeasureRun, *, by=None) -> Published:
    """Write ``run``'s headline figures to the indicator store (see the module's rules)."""
    outcome = Published()
    period = financial_year(run)
    if period is None:
        end = run.period_end
        outcome.not_published = (
            f"The 12 months to {end.day} {end:%B %Y} are not a financial year from 2024-25: "
            "the indicator store keeps those only."
        )
        return outcome
    figures = {(result.measure, result.group): result for result in run.results.filter(breakdown="", suppressed=False)}
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(organisation__isnull=True, code__in=list(PUBLISHED))
    }
    existing = {
        observation.indicator_id: observation
        for observation in Observation.objects.select_for_update().filter(
            organisation_id=run.organisation_id, indicator__in=indicators.values(), period_code=period.code
        )
    }
    illustrative = is_synthetic(run)
    reason = reason_for(run)
    user = by if by is not None and getattr(by, "is_authenticated", False) else None
    for code, (measure, group) in PUBLISHED.items():
        indicator, result = indicators.get(code), figures.get((measure, group))
        if indicator is None or result is None or result.outcome is None or result.denominator in (None, 0):
            continue
        observation = existing.get(indicator.pk)
        values = {
            "value": result.outcome,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "status": Observation.Status.PROVISIONAL,
            "is_illustrative": illustrative or (code in POPULATION_BASED and run.population_is_illustrative),
        }
        if observation is None:
            observation = Observation(organisation_id=run.organisation_id, indicator=indicator)
            observation.set_period(period)
            outcome.created.append(code)
        elif not observation.is_illustrative and not _written_here(observation):
            outcome.skipped.append(code)
            continue
        elif all(getattr(observation, name) == value for name, value in values.items()):
            outcome.unchanged.append(code)
            continue
        else:
            outcome.revised.append(code)
        for name, value in values.items():
            setattr(observation, name, value)
        observation.is_approximate = False
        observation.import_run = None
        observation.entered_by = user
        observation._history_user = user
        observation._change_reason = reason
        observation.save()
    return outcome
