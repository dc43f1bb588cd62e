"""The Spending page: the trend of expenditure by service line, its chart and its exports."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ascent.core.periods import financial_year_label
from ascent.documents.charts import bar_chart
from ascent.documents.model import Chart, Column, Table
from ascent.documents.renderers.html import chart_view
from ascent.documents.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, Spreadsheet
from ascent.organisations.access import get_organisation_for_user

from . import summary
from .models import ExpenditureLine

#: Reading spending is part of reading performance: every member may.
VIEW_PERM = "indicators.view_performance"
EXPORT_FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}

MEASURE_CHOICES = [(summary.NET, "Net of client contributions"), (summary.GROSS, "Gross")]
BASIS_CHOICES = [
    (summary.BEST, "Best available (actual, else forecast, else budget)"),
    (summary.ACTUAL, "Actual only"),
    (summary.FORECAST, "Forecast only"),
    (summary.BUDGET, "Budget only"),
]


def expenditure_lines(organisation) -> list[summary.Line]:
    """The organisation's expenditure lines in the order they were imported (one query)."""
    rows = (
        ExpenditureLine.objects.in_organisation(organisation)
        .order_by("pk")
        .values_list("service_line", "financial_year", "amount", "basis", "measure", "is_illustrative")
    )
    return [summary.Line(*row) for row in rows]


class TrendFilterForm(forms.Form):
    """Which figures the trend shows. Every field is optional; bad values are reported."""

    measure = forms.ChoiceField(label="Measure", choices=MEASURE_CHOICES, widget=forms.RadioSelect, required=False)
    basis = forms.ChoiceField(
        label="Basis",
        choices=BASIS_CHOICES,
        required=False,
        help_text="Actual figures are the outturn; forecasts and budgets are plans",
    )
    from_year = forms.TypedChoiceField(label="First year", coerce=int, required=False, empty_value=None)
    to_year = forms.TypedChoiceField(label="Last year", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        labels = [(year, financial_year_label(year)) for year in years]
        self.fields["from_year"].choices = [("", "The first year held"), *labels]
        self.fields["to_year"].choices = [("", "The last year held"), *labels]
        messages = {
            "measure": "Select net or gross",
            "basis": "Select a basis from the list",
            "from_year": "Select a first year from the list",
            "to_year": "Select a last year from the list",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message
            if name != "measure":
                self.fields[name].widget.attrs["class"] = ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_year"), cleaned.get("to_year")
        if start is not None and end is not None and start > end:
            self.add_error("to_year", "The last year must be the same as or after the first year")
        return cleaned


def _choices(request: HttpRequest, lines: list[summary.Line]) -> tuple[TrendFilterForm, dict]:
    """The filter form and the options the trend is built with (defaults when the form is bad)."""
    years = sorted({line.financial_year for line in lines})
    form = TrendFilterForm(request.GET or None, years=years)
    options = {"measure": summary.default_measure(lines), "basis": summary.BEST, "first_year": None, "last_year": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        options.update(
            measure=data["measure"] or options["measure"],
            basis=data["basis"] or summary.BEST,
            first_year=data["from_year"],
            last_year=data["to_year"],
        )
    if not form.is_bound:
        form = TrendFilterForm(initial={"measure": options["measure"], "basis": summary.BEST}, years=years)
    return form, options


def _query(options: dict) -> str:
    """The query string for the same choices, for the export links."""
    values = {
        "measure": options["measure"],
        "basis": options["basis"],
        "from_year": options["first_year"],
        "to_year": options["last_year"],
    }
    return urlencode({key: value for key, value in values.items() if value is not None})


def _chart(table: summary.TrendTable, description: str):
    """The totals by year as a bar chart, with its table alternative, ready for the page.

    Forecast and budget years are drawn differently from actual ones (lighter, with dashed or
    dotted outlines, named in a legend), and the description says which years they are.
    """
    what = "net" if table.measure == summary.NET else "gross"
    year_heading, total_heading, basis_heading = "Financial year", "Total (£000)", "Basis"
    data = [
        {
            year_heading: column.label,
            total_heading: int(summary.in_thousands(total).quantize(Decimal(1))),
            basis_heading: summary.BASIS_NAMES.get(column.basis, summary.BASIS_NAMES[summary.ACTUAL]),
        }
        for column, total in zip(table.columns, table.totals, strict=True)
        if total is not None
    ]
    title = f"Total {what} expenditure by year, £000"
    # With only actual figures every bar is solid blue, with no legend; otherwise each basis is
    # drawn the same way whichever bases the chart has.
    plans = any(row[basis_heading] != summary.BASIS_NAMES[summary.ACTUAL] for row in data)
    spec = bar_chart(
        data,
        year_heading,
        total_heading,
        title=title,
        y_title="£000",
        kind=basis_heading if plans else None,
        kinds=list(summary.BASIS_NAMES.values()) if plans else (),
    )
    note = summary.basis_sentence(table)
    if note:
        description = f"{description} {note[:1].upper()}{note[1:]}"
    alternative = Table(
        caption=title,
        columns=[Column(year_heading), Column(total_heading, kind="number")],
        rows=[
            [
                column.label,
                None if total is None else int(summary.in_thousands(total).quantize(Decimal(1))),
            ]
            for column, total in zip(table.columns, table.totals, strict=True)
        ],
    )
    view = chart_view(Chart(title=title, spec=spec, table=alternative, description=description), "spending-chart")
    return view, note


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    lines = expenditure_lines(organisation)
    form, options = _choices(request, lines)
    table = summary.build_trend(lines, **options)
    sentences = summary.summary_sentences(table)
    chart, basis_note = _chart(table, sentences[0]) if not table.is_empty else (None, "")
    context = {
        "organisation": organisation,
        "form": form,
        "has_lines": bool(lines),
        "table": table,
        "rows": summary.display_rows(table) if not table.is_empty else [],
        "sentences": sentences,
        "chart": chart,
        "basis_note": basis_note,
        "can_import": request.user.has_perm("imports.import_data", organisation),
        "export_query": _query(options),
        "export_formats": EXPORT_FORMATS,
    }
    return render(request, "finance/index.html", context)


def _xlsx(table: summary.TrendTable, title: str) -> bytes:
    spreadsheet = Spreadsheet(title=title)
    sheet = spreadsheet.add_sheet("Spending trend")
    sheet.put(1, 1, title, font=Font(bold=True, size=14))
    rows = summary.export_rows(table)
    header_row = 2
    percent_row = header_row + len(rows) - 1
    percent_format = '0"%"' if not table.percent_dp else f'0.{"0" * table.percent_dp}"%"'
    for offset, values in enumerate(rows):
        row = header_row + offset
        for column, value in enumerate(values, start=1):
            if row == header_row:
                sheet.put(row, column, value, font=Font(bold=True))
            elif column > 1 and row == percent_row:
                sheet.put(row, column, value, number_format=percent_format)
            elif column > 1 and isinstance(value, Decimal):
                # Thousands of pounds: whole thousands, or up to pence (three places) when held.
                whole = value == value.to_integral_value()
                sheet.put(row, column, value, number_format="#,##0" if whole else "#,##0.000##")
            else:
                sheet.put(row, column, value)
    worksheet = sheet.worksheet
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=2)
    worksheet.column_dimensions["A"].width = max(24, *(len(str(row[0])) + 2 for row in rows))
    for index in range(2, len(rows[0]) + 1):
        worksheet.column_dimensions[get_column_letter(index)].width = 20
    return spreadsheet.to_bytes()


@require_GET
def export(request: HttpRequest, gss_code: str, fmt: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Spending can be downloaded as CSV or XLSX")
    lines = expenditure_lines(organisation)
    form, options = _choices(request, lines)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(
            f"Could not download the spending trend: {problems}", status=400, content_type="text/plain; charset=utf-8"
        )
    table = summary.build_trend(lines, **options)
    filename = f"spending-trend-{slugify(organisation.name)}-{options['measure']}.{fmt}"
    if fmt == "csv":
        # A byte order mark so that spreadsheet programs read "£" correctly.
        response = HttpResponse(summary.trend_csv(table).encode("utf-8-sig"), content_type=CSV_CONTENT_TYPE)
    else:
        title = f"{table.caption}: {organisation.name}"
        if table.is_illustrative:
            title += " (illustrative figures, not official statistics)"
        response = HttpResponse(_xlsx(table, title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
