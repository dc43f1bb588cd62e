"""The scorecard: the Performance section's front page, and its CSV and Excel downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from ascent.core.rag import RAG
from ascent.documents.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from ascent.organisations.access import get_organisation_for_user

from .. import exports
from ..breaks import breaks_before
from ..forms import ScorecardFilterForm
from ..models import IndicatorGroup
from ..scorecard import (
    Comparison,
    Scorecard,
    UnknownFramework,
    build_comparison,
    build_scorecard,
    filter_scorecard,
    frameworks_for,
    periods_with_data,
)
from ..sparkline import sparkline

FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
FILTER_PARAMETERS = ("group", "framework", "rag", "q", "sort", "as_at", "compare")

Table = Scorecard | Comparison


def _filtered(request: HttpRequest, organisation) -> tuple[ScorecardFilterForm, dict, Table, Table]:
    """The filter form, its valid filters, the whole scorecard for the chosen grouping (as at the
    chosen period, or two periods side by side), and the rows kept."""
    groups = list(IndicatorGroup.objects.in_organisation(organisation).only("pk", "name", "organisation_id"))
    periods = periods_with_data(organisation)
    bound = any(name in request.GET for name in FILTER_PARAMETERS)
    frameworks = frameworks_for(organisation)
    form = ScorecardFilterForm(request.GET if bound else None, groups=groups, periods=periods, frameworks=frameworks)
    filters = form.filters()
    try:
        whole = _build(organisation, filters)
    except UnknownFramework:  # a framework withdrawn since the page was shown: group by ASCOF
        form.add_error("framework", "Select a framework from the list")
        whole = _build(organisation, {**filters, "framework": ""})
    shown = filter_scorecard(whole, rags=filters["rags"], search=filters["search"], sort=filters["sort"])
    return form, filters, whole, shown


def _build(organisation, filters: dict) -> Table:
    if filters["compare"] is not None:
        return build_comparison(
            organisation,
            filters["as_at"],
            filters["compare"],
            group=filters["group"],
            framework=filters["framework"],
        )
    return build_scorecard(
        organisation, group=filters["group"], period=filters["as_at"], framework=filters["framework"]
    )


def _trend(row) -> str:
    if len(row.points) < 2:
        return ""
    first, last = row.points[0], row.points[-1]
    title = f"Trend of {row.indicator.title}: {len(row.points)} values from {first.period.label} to {last.period.label}"
    reference = None
    rule = row.target_rule
    if rule is not None and rule.value is not None:
        reference = rule.value
    breaks = breaks_before(row.indicator, [point.period for point in row.points])
    said = "; ".join(f"break in series before {brk.label}" for brk in breaks.values())
    line = sparkline(
        [point.value for point in row.points],
        title=f"{title}; {said}" if said else title,
        reference=reference,
        breaks=breaks,
    )
    if not said:
        return line
    # The line is hidden from assistive technology; the break is said in words for everyone.
    return format_html(
        '{}<span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 govuk-!-margin-bottom-0" '
        "data-break>{}</span>",
        line,
        said[0].upper() + said[1:],
    )


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_GET
def scorecard(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="indicators.view_performance")
    form, filters, whole, shown = _filtered(request, organisation)
    comparing = isinstance(shown, Comparison)
    if not comparing:  # side by side, the table has no room for the trend
        for row in shown.rows:
            row.trend = _trend(row)
    return render(
        request,
        "indicators/scorecard.html",
        {
            "organisation": organisation,
            "form": form,
            "scorecard": shown,
            "whole": whole,
            "comparing": comparing,
            "as_at": filters["as_at"],
            "compare": filters["compare"],
            "heading_suffix": exports.period_phrase(shown),
            "filtered": bool(filters["rags"] or filters["search"]),
            "query": _query_without(request),
            "rag_not_rated": RAG.NONE,
            "can_change": request.user.has_perm("indicators.change_performance", organisation),
            "can_import": request.user.has_perm("imports.import_data", organisation),
        },
    )


def _grouped_by(table: Table) -> str:
    scorecard = table.current if isinstance(table, Comparison) else table
    return scorecard.framework_title or "framework"


@require_GET
def export(request: HttpRequest, gss_code: str, fmt: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="indicators.view_performance")
    if fmt not in FORMATS:
        raise Http404("The scorecard downloads as csv or xlsx")
    _form, _filters, _whole, shown = _filtered(request, organisation)
    if fmt == "csv":
        content = exports.to_csv(shown)
    else:
        grouping = shown.indicator_group.name if shown.indicator_group else f"Grouped by {_grouped_by(shown)}"
        content = exports.to_xlsx(
            shown,
            title=f"Performance scorecard: {organisation.name}{exports.period_phrase(shown)}",
            subtitle=f"{grouping}. Produced by {request.user}.",
        )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(shown, fmt)}"'
    return response
