"""Model fields and mixins shared by domain apps."""

from __future__ import annotations

from django.db import models

from .periods import Period, PeriodKind, PeriodParseError, parse_period


class PeriodColumns(models.Model):
    """Stores a :class:`~ascent.core.periods.Period` as kind, code, start and end.

    ``period_code`` is the canonical code ("2015-16", "2015-16-Q3", "2019-M10") used in
    unique keys and URLs; ``period_start`` and ``period_end`` let queries order and filter by
    date without parsing. Set all four from a Period with :meth:`set_period`.
    """

    period_kind = models.CharField("period type", max_length=20, choices=[(k.value, k.label) for k in PeriodKind])
    period_code = models.CharField("period", max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()

    #: The Activity page (ascent.core.audit) shows the period as the pages do ("Q3 2015/16"),
    #: once: the kind and dates only restate it.
    audit_exclude = {"period_kind", "period_start", "period_end"}
    audit_display = {"period_code": lambda code, row: period_label(code)}

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(PeriodKind(self.period_kind), self.period_start, self.period_end)

    def set_period(self, period: Period | str) -> None:
        if isinstance(period, str):
            period = parse_period(period)
        self.period_kind = period.kind.value
        self.period_code = period.code
        self.period_start = period.start
        self.period_end = period.end

    @staticmethod
    def period_values(period: Period) -> dict:
        """The four column values for a Period, for bulk creation and lookups."""
        return {
            "period_kind": period.kind.value,
            "period_code": period.code,
            "period_start": period.start,
            "period_end": period.end,
        }


def period_label(code: str) -> str:
    """A stored period code as the pages show it: "2015-16-Q3" reads "Q3 2015/16"."""
    try:
        return parse_period(code).label
    except (PeriodParseError, ValueError):
        return code
