"""The transformation programmes' panel on a council's Overview page (declared on the app's AppConfig).

:func:`programmes_panel`: for the current financial year (or, when none is recorded for it,
the latest year with savings) across the council's active programmes, the savings target,
forecast, delivered to date and shortfall (as councils write money: £1.263m, £183K); the
open projects (proposed or in delivery) by their self-reported overall RAG; and the open
assurance flags of the programmes by check, each linking to the Challenges page showing
them. A fixed number of queries whatever the number of projects (pinned in
tests/programmes/test_panels.py).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ascent.assurance import registry
from ascent.core.money import format_money
from ascent.core.periods import financial_year_label, financial_year_start_year

from .checks import APP
from .flags import OPEN_STAGES, counts_by_check
from .models import Programme, ProgrammeStatus, Project, Rag, SavingLine
from .savings import Position

VIEW_PERM = "programmes.view_programmes"

#: The GOV.UK tag colour of each RAG, and of a project not rated yet.
RAG_TAGS = {Rag.RED: "govuk-tag--red", Rag.AMBER: "govuk-tag--yellow", Rag.GREEN: "govuk-tag--green"}
NOT_RATED = "Not rated"


def programmes_panel(request, organisation) -> dict | None:
    """This year's savings, open projects by RAG and flags; None for someone who may not read the programmes."""
    if not request.user.has_perm(VIEW_PERM, organisation):
        return None
    counted = Programme.objects.in_organisation(organisation).aggregate(
        total=Count("id"), active=Count("id", filter=Q(status=ProgrammeStatus.ACTIVE))
    )
    context = {
        "template": "programmes/_panel.html",
        "organisation": organisation,
        "programmes": counted["total"],
        "active": counted["active"],
    }
    if not counted["active"]:
        return context
    # This financial year; or, when no saving is recorded for it (a programme whose years have
    # passed, still open while its last savings are counted), the latest year that has any.
    year = financial_year_start_year(timezone.localdate())
    latest = (
        SavingLine.objects.in_organisation(organisation)
        .filter(project__programme__status=ProgrammeStatus.ACTIVE, financial_year__lte=year)
        .values("financial_year")
        .annotate(target=Sum("target"), delivered=Sum("delivered"), forecast=Sum("forecast"), lines=Count("id"))
        .order_by("-financial_year")
        .first()
    )
    sums = latest or {"target": None, "delivered": None, "forecast": None, "lines": 0}
    year = latest["financial_year"] if latest else year
    position = Position(
        target=sums["target"] or Decimal(0),
        delivered=sums["delivered"] or Decimal(0),
        forecast=sums["forecast"] or Decimal(0),
    )
    rags = (
        Project.objects.in_organisation(organisation)
        .filter(programme__status=ProgrammeStatus.ACTIVE, stage__in=OPEN_STAGES)
        .aggregate(
            total=Count("id"),
            **{rag.value: Count("id", filter=Q(rag_overall=rag.value)) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)},
        )
    )
    rated = sum(rags[rag.value] for rag in Rag)
    by_rag = [(rag.label, RAG_TAGS[rag], rags[rag.value]) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)]
    by_rag.append((NOT_RATED, "govuk-tag--grey", rags["total"] - rated))
    # The council's flags are worked out once for the whole Overview; this panel counts its own.
    flags = [flag for flag in registry.open_flags_for(request, organisation) if flag.check.app == APP]
    by_check = counts_by_check(flags)
    return {
        **context,
        "year": financial_year_label(year),
        "has_savings": bool(sums["lines"]),
        "savings": {
            "target": format_money(position.target),
            "forecast": format_money(position.forecast),
            "delivered": format_money(position.delivered),
            "shortfall": format_money(position.shortfall),
            "short": bool(position.shortfall),
        },
        "position": position,
        "open_projects": rags["total"],
        "by_rag": [(label, tag, count) for label, tag, count in by_rag if count],
        "flags": len(flags),
        "flags_by_check": by_check,
        "checks": [(check, by_check[check.name]) for check in registry.checks(APP) if check.name in by_check],
    }
