"""The client-level data pages of a council: its extracts and their data quality, its measures,
activity and spend, and its population table.

Every page is in the council's own space and needs ``cld.view_cld`` (every member); loading an
extract, computing the measures and loading a population table need ``cld.load_cld`` (editors
and admins). Another council's extract is a 404, as is anything of a council to a regional
lead or a peer reviewer: the measures reach them only as published indicator values.
Loading and computing are background jobs (:mod:`.tasks`); the load's own page follows its job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.core.money import format_money
from ascent.core.periods import financial_year_label
from ascent.finance.models import ExpenditureLine
from ascent.jobs.models import Job
from ascent.jobs.services import TooManyJobs, refresh_if_stalled
from ascent.organisations.access import fetch, get_organisation_for_user

from . import catalogue, tasks
from .forms import ExtractUploadForm, PopulationUploadForm
from .models import Extract, ExtractProblem, Population

VIEW_PERM = "cld.view_cld"
LOAD_PERM = "cld.load_cld"
EXTRACTS_PER_PAGE = 25
#: Fields whose values identify a person: shown in a problem's example only to those who load extracts.
PERSONAL_FIELDS = {
    "NHS Number",
    "LA Person Unique Identifier",
    "Date of Birth",
    "Date of Death",
    "Postcode",
    "Event Reference",
}
HIDDEN_VALUE = "Hidden"


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    """A 12-month period as councils write it: "2024-25" for a financial year, else
    "12 months to Q1 2025/26" (or the dates, for a period that is neither)."""
    if start is None or end is None:
        return "Not stated"
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return financial_year_label(start.year)
    if end.month in (3, 6, 9, 12) and (end + dt.timedelta(days=1)).day == 1:
        fy = end.year if end.month >= 4 else end.year - 1
        quarter = (end.month - 4) % 12 // 3 + 1
        return f"12 months to Q{quarter} {financial_year_label(fy, '/')}"
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def stated_period(start: dt.date | None, end: dt.date | None) -> str:
    """The period an extract states, as councils write it: "2024-25", "Q3 2024/25", or the dates."""
    if start is None or end is None:
        return "Not stated"
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return financial_year_label(start.year)
    quarter_start = start.day == 1 and start.month in (1, 4, 7, 10)
    if quarter_start and (end + dt.timedelta(days=1)) == _add_months(start, 3):
        fy = start.year if start.month >= 4 else start.year - 1
        return f"Q{(start.month - 4) % 12 // 3 + 1} {financial_year_label(fy, '/')}"
    return f"{start:%-d %b %Y} to {end:%-d %b %Y}"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def _org(request: HttpRequest, gss_code: str, perm: str = VIEW_PERM):
    return get_organisation_for_user(request.user, gss_code, perm=perm)


def _verdicts(summary: dict) -> list[dict]:
    """The usable-for-each-measure verdicts of an extract's summary, in the catalogue's order."""
    usable = summary.get("usable") or {}
    return [{"code": code, **usable[code]} for code in usable]


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    """The loaded extracts, newest first, with their data-quality summary."""
    organisation = _org(request, gss_code)
    extracts = Extract.objects.in_organisation(organisation).select_related("created_by").order_by("-loaded_at", "-id")
    page = Paginator(extracts, EXTRACTS_PER_PAGE).get_page(request.GET.get("page"))
    for extract in page:
        extract.verdicts = _verdicts(extract.summary)
        extract.period_text = stated_period(extract.stated_start, extract.stated_end)
    can_load = request.user.has_perm(LOAD_PERM, organisation)
    loads = []
    if can_load:
        loads = list(
            Job.objects.for_user_in(organisation, request.user)
            .filter(kind=tasks.LOAD_KIND)
            .exclude(status=Job.Status.DONE, parameters__outcome="loaded")
            .order_by("-created_at")[:5]
        )
    return render(
        request,
        "cld/index.html",
        {"organisation": organisation, "page": page, "can_load": can_load, "loads": loads},
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = _org(request, gss_code, LOAD_PERM)
    form = ExtractUploadForm(request.POST, request.FILES) if request.method == "POST" else ExtractUploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            job = tasks.start_load(
                organisation,
                form.cleaned_data["file"],
                form.kind,
                by=request.user,
                check_only=form.cleaned_data["check_only"],
            )
        except TooManyJobs as error:
            form.add_error("file", str(error))
        else:
            return redirect("cld:load", gss_code=organisation.gss_code, job_id=job.pk)
    return render(request, "cld/upload.html", {"organisation": organisation, "form": form})


@require_GET
def load(request: HttpRequest, gss_code: str, job_id: int) -> HttpResponse:
    """A load's progress, then what it found: the extract kept, a check's findings, or why it was refused."""
    organisation = _org(request, gss_code, LOAD_PERM)
    job = fetch(
        Job.objects.for_user_in(organisation, request.user).filter(kind=tasks.LOAD_KIND),
        request.user,
        organisation=organisation,
        perm="jobs.view_job",
        select_related=("created_by",),
        pk=job_id,
    )
    job = refresh_if_stalled(job)
    parameters = job.parameters or {}
    context = {"organisation": organisation, "job": job, "outcome": parameters.get("outcome", "")}
    if parameters.get("outcome") == "loaded":
        context["extract"] = Extract.objects.in_organisation(organisation).filter(pk=parameters["extract_id"]).first()
    elif parameters.get("outcome") == "checked":
        summary = parameters.get("summary") or {}
        context.update(
            summary=summary,
            warning_count=summary.get("problem_count", 0) - summary.get("error_count", 0),
            verdicts=_verdicts(summary),
            kinds=summary.get("kinds", []),
            period_text=stated_period(_date(parameters.get("stated_start")), _date(parameters.get("stated_end"))),
            examples=[
                _example(row, field, value, reason, warning, request.user.has_perm("cld.view_row_values", organisation))
                for row, field, value, reason, warning in parameters.get("examples", [])
            ],
        )
    elif parameters.get("outcome") == "refused":
        context["fatal"] = parameters.get("fatal", [])
    return render(request, "cld/load.html", context)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _example(row, field, value, reason, warning, show_values: bool) -> dict:
    hidden = field in PERSONAL_FIELDS and not show_values and value
    return {
        "row": row,
        "field": field,
        "value": HIDDEN_VALUE if hidden else value,
        "hidden": bool(hidden),
        "reason": reason,
        "is_warning": warning,
    }


@require_GET
def extract(request: HttpRequest, gss_code: str, extract_id: int) -> HttpResponse:
    """One extract's data quality: its summary, problems by field, examples and verdict per measure."""
    organisation = _org(request, gss_code)
    record = fetch(
        Extract,
        request.user,
        organisation=organisation,
        perm="cld.view_extract",
        select_related=("created_by",),
        pk=extract_id,
    )
    summary = record.summary or {}
    show_values = request.user.has_perm("cld.view_row_values", organisation)
    examples = [
        _example(p.row, p.field, p.value, p.reason, p.is_warning, show_values)
        for p in ExtractProblem.objects.filter(extract=record).order_by("field", "reason", "row")
    ]
    by_field = sorted((summary.get("by_field") or {}).items(), key=lambda item: (-item[1], item[0]))
    return render(
        request,
        "cld/extract.html",
        {
            "organisation": organisation,
            "extract": record,
            "summary": summary,
            "period_text": stated_period(record.stated_start, record.stated_end),
            "verdicts": _verdicts(summary),
            "by_field": by_field,
            "kinds": summary.get("kinds", []),
            "examples": examples,
            "show_values": show_values,
            "error_count": summary.get("error_count", 0),
            "warning_count": record.problem_count - summary.get("error_count", 0),
        },
    )


def _results():
    from . import results

    return results


def _latest_run(organisation):
    try:
        results = _results()
    except ImportError:
        return None
    return results.latest_run(organisation)


def _indicator_links(organisation, user) -> dict[str, str]:
    """Measure → the URL of the indicator it is published as, where the council can see one."""
    from ascent.indicators.models import Indicator

    codes = catalogue.indicator_codes()
    if not codes:
        return {}
    found = {}
    indicators = Indicator.objects.visible_to(user).filter(code__in=set(codes.values())).values_list("code", "pk")
    by_code = dict(indicators)
    for measure, code in codes.items():
        if code in by_code:
            found[measure] = reverse(
                "indicators:detail", kwargs={"gss_code": organisation.gss_code, "indicator_id": by_code[code]}
            )
    return found


def _group_results(rows) -> dict[str, dict]:
    """Results of one run by measure: its own groups, and its breakdowns by name."""
    measures: dict[str, dict] = {}
    for row in rows:
        entry = measures.setdefault(row.measure, {"groups": [], "breakdowns": {}})
        if row.breakdown:
            entry["breakdowns"].setdefault(row.breakdown, []).append(row)
        else:
            entry["groups"].append(row)
    return measures


def _headline(groups):
    for name in ("Total", "All", "18 and over"):
        for row in groups:
            if row.group == name:
                return row
    return groups[-1] if groups else None


@require_GET
def measures(request: HttpRequest, gss_code: str) -> HttpResponse:
    """Each ASCOF measure of the latest 12 months with its headline figure, and the compute button."""
    organisation = _org(request, gss_code)
    run = _latest_run(organisation)
    entries = []
    if run is not None:
        grouped = _group_results(run.results.all().order_by("measure", "breakdown", "id"))
        for info in catalogue.ascof_measures(grouped):
            groups = grouped[info.code]["groups"]
            entries.append({"info": info, "slug": slugify(info.code), "groups": groups})
    has_extracts = Extract.objects.in_organisation(organisation).exists()
    compute_job = None
    if request.user.has_perm(LOAD_PERM, organisation):
        compute_job = (
            Job.objects.for_user_in(organisation, request.user)
            .filter(kind=tasks.COMPUTE_KIND, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
            .order_by("-created_at")
            .first()
        )
    return render(
        request,
        "cld/measures.html",
        {
            "organisation": organisation,
            "run": run,
            "period_text": period_label(run.period_start, run.period_end) if run else "",
            "entries": entries,
            "has_extracts": has_extracts,
            "can_compute": request.user.has_perm(LOAD_PERM, organisation),
            "compute_job": compute_job,
        },
    )


@require_POST
def compute(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = _org(request, gss_code, LOAD_PERM)
    if not Extract.objects.in_organisation(organisation).exists():
        messages.error(request, "Load an extract before computing the measures")
        return redirect("cld:measures", gss_code=organisation.gss_code)
    try:
        job = tasks.start_compute(organisation, by=request.user)
    except TooManyJobs as error:
        messages.error(request, str(error))
        return redirect("cld:measures", gss_code=organisation.gss_code)
    return redirect("jobs:detail", gss_code=organisation.gss_code, job_id=job.pk)


@require_GET
def measure(request: HttpRequest, gss_code: str, slug: str) -> HttpResponse:
    """One measure: its groups with confidence intervals, breakdowns, trend, method and indicator."""
    organisation = _org(request, gss_code)
    run = _latest_run(organisation)
    if run is None:
        raise Http404("The measures have not been computed")
    grouped = _group_results(run.results.all().order_by("measure", "breakdown", "id"))
    code = next((name for name in grouped if slugify(name) == slug), None)
    if code is None:
        raise Http404("No such measure")
    info = catalogue.info(code)
    entry = grouped[code]
    trend = _trend(organisation, code, entry["groups"])
    chart = catalogue.trend_chart(info, trend) if len(trend) > 1 else None
    return render(
        request,
        "cld/measure.html",
        {
            "organisation": organisation,
            "run": run,
            "period_text": period_label(run.period_start, run.period_end),
            "info": info,
            "groups": entry["groups"],
            "breakdowns": sorted(entry["breakdowns"].items(), key=lambda item: catalogue.breakdown_order(item[0])),
            "trend": trend,
            "chart": chart,
            "indicator_url": _indicator_links(organisation, request.user).get(code),
            "extract_count": len(run.extracts or []),
            "comparison": _comparison(organisation, run, code, entry["groups"]),
        },
    )


VERDICT_COLOURS = {"better": "green", "similar": "yellow", "worse": "red", "higher": "blue", "lower": "blue"}


def _comparison(organisation, run, code: str, groups) -> dict | None:
    """The headline figure beside England and the comparator group's median, with Fingertips-style
    verdicts (:mod:`ascent.cld.comparisons`); None for a measure or period that is not published."""
    from .comparisons import benchmarks_for

    headline = _headline(groups)
    if headline is None:
        return None
    found = benchmarks_for(organisation, run).get((code, headline.group))
    if found is None or (found.england is None and found.group_median is None):
        return None
    return {
        "benchmark": found,
        "verdict_colour": VERDICT_COLOURS.get(found.verdict or "", "grey"),
        "group_verdict_colour": VERDICT_COLOURS.get(found.group_verdict or "", "grey"),
    }


def _trend(organisation, code: str, groups) -> list[dict]:
    """The headline group's outcome for the 12 months to each loaded quarter, oldest first."""
    headline = _headline(groups)
    if headline is None:
        return []
    rows = [
        {
            "label": period_label(point.run.period_start, point.run.period_end),
            "end": point.run.period_end,
            "outcome": point.outcome,
            "numerator": point.numerator,
            "denominator": point.denominator,
            "suppressed": point.suppressed,
            "group": headline.group,
        }
        for point in _results().trend(organisation, code, group=headline.group)
    ]
    rows.sort(key=lambda row: row["end"] or dt.date.min)
    return rows


@require_GET
def activity(request: HttpRequest, gss_code: str) -> HttpResponse:
    """People, events and planned weekly cost by service type and support reason, beside the finance lines."""
    organisation = _org(request, gss_code)
    run = _latest_run(organisation)
    sections = []
    annual_cost = None
    if run is not None:
        rows = list(run.results.filter(breakdown="").order_by("measure", "id"))
        sections, annual_cost = catalogue.activity_sections(rows)
    finance_year = None
    lines = []
    if run is not None:
        finance_year = run.period_end.year if run.period_end.month >= 4 else run.period_end.year - 1
        held = (
            ExpenditureLine.objects.in_organisation(organisation)
            .filter(financial_year__lte=finance_year)
            .order_by("-financial_year", "service_line", "measure", "basis")
            .values_list("financial_year", "service_line", "amount", "basis", "measure", "is_illustrative")
        )
        held = list(held)
        if held:
            finance_year = held[0][0]
            lines = [
                {
                    "service_line": line,
                    "amount": format_money(Decimal(amount)),
                    "basis": ExpenditureLine.Basis(basis).label,
                    "measure": ExpenditureLine.Measure(measure).label,
                    "illustrative": illustrative,
                }
                for year, line, amount, basis, measure, illustrative in held
                if year == finance_year
            ]
    return render(
        request,
        "cld/activity.html",
        {
            "organisation": organisation,
            "run": run,
            "period_text": period_label(run.period_start, run.period_end) if run else "",
            "sections": sections,
            "annual_cost": format_money(annual_cost.quantize(Decimal("1"))) if annual_cost is not None else None,
            "finance_year": financial_year_label(finance_year) if lines else "",
            "lines": lines,
            "lines_illustrative": any(line["illustrative"] for line in lines),
        },
    )


@require_http_methods(["GET", "POST"])
def population(request: HttpRequest, gss_code: str) -> HttpResponse:
    """The population table 2B and 2C divide by, and (for editors) a form to load one."""
    organisation = _org(request, gss_code, LOAD_PERM if request.method == "POST" else VIEW_PERM)
    can_load = request.user.has_perm(LOAD_PERM, organisation)
    form = None
    if can_load:
        form = PopulationUploadForm(request.POST, request.FILES) if request.method == "POST" else PopulationUploadForm()
    if request.method == "POST" and form.is_valid():
        problems = _import_population(
            organisation, form.cleaned_data["file"], request.user, form.cleaned_data["source"]
        )
        if problems:
            for problem in problems:
                form.add_error("file", problem)
        else:
            messages.success(request, "The population table was loaded")
            return redirect("cld:population", gss_code=organisation.gss_code)
    rows = list(Population.objects.in_organisation(organisation).order_by("year", "age_band"))
    return render(
        request,
        "cld/population.html",
        {
            "organisation": organisation,
            "rows": rows,
            "illustrative": any(row.is_illustrative for row in rows),
            "form": form,
            "can_load": can_load,
        },
    )


def _import_population(organisation, upload, user, source: str) -> list[str]:
    """Load a population CSV (all or nothing); the problems, each naming row, field and reason."""
    from .population import import_population

    outcome = import_population(organisation, upload, by=user, source=source)
    return [str(error) for error in outcome.errors]
