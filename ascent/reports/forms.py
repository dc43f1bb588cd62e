"""The options a report takes when it is requested: the performance report's periods."""

from __future__ import annotations

from django import forms

from ascent.core.periods import parse_period
from ascent.indicators.forms import ScorecardPeriodsForm
from ascent.indicators.scorecard import frameworks_for, periods_with_data

from .performance import periods_title

PARAMETERS = ("as_at", "compare")


class PerformanceOptionsForm(ScorecardPeriodsForm):
    """The performance report as at a period, and compared with another (both optional)."""

    framework = forms.ChoiceField(
        label="Group by framework",
        required=False,
        error_messages={"invalid_choice": "Select a framework from the list"},
    )

    def __init__(self, data=None, *, organisation, prefix: str | None = None):
        super().__init__(data, periods=periods_with_data(organisation), prefix=prefix)
        self.fields["as_at"].help_text = "The report shows each indicator's latest value up to the end of this period"
        self.fields["compare"].help_text = "Show each indicator as at a second period beside it, with the change"
        choices = {framework.slug: str(framework) for framework in frameworks_for(organisation)}
        self.fields["framework"].choices = [("", "ASCOF (domains, then objectives)"), *choices.items()]

    def options(self) -> dict:
        """Keyword arguments for the report's builder (an empty dict when none were chosen or valid)."""
        as_at, compare = self.chosen_periods()
        options = {}
        if as_at is not None:
            options["as_at"] = as_at
        if compare is not None:
            options["compare"] = compare
        if self.is_bound and self.is_valid() and self.cleaned_data.get("framework"):
            options["framework"] = self.cleaned_data["framework"]
        return options

    def parameters(self) -> dict:
        """The options as text for a background job's parameters."""
        return {name: value if isinstance(value, str) else value.code for name, value in self.options().items()}

    def describe(self) -> str:
        """Such as "as at Q3 2015/16 compared with Q3 2014/15", or ""."""
        options = self.options()
        return periods_title(options.get("as_at"), options.get("compare"))


def options_from_parameters(parameters: dict) -> dict:
    """A background job's stored options as builder arguments. Raises ``PeriodParseError``."""
    options = {name: parse_period(parameters[name]) for name in PARAMETERS if parameters.get(name)}
    if parameters.get("framework"):
        options["framework"] = parameters["framework"]
    return options
