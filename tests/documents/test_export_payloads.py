"""Every spreadsheet and CSV download, with formula payloads planted where people type text.

A local indicator's title, a person's full name and an imported service line are each set to
one of OWASP's CSV injection payloads; the download is read back: no XLSX cell may be a
formula, the payload must be there as marked text, and each CSV field must be neutralised.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ascent.finance.models import ExpenditureLine
from ascent.indicators.comparators import sync_builtin_groups
from ascent.indicators.models import Indicator
from tests.finance.factories import ExpenditureLineFactory
from tests.imports.helpers import expenditure_csv
from tests.indicators.bench_factories import make_indicator, observe
from tests.indicators.factories import IndicatorFactory, series

from .test_tabular import PAYLOADS

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def all_cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formulas(book):
    formulas = [f"{cell.parent.title}!{cell.coordinate}" for cell in all_cells(book) if cell.data_type == "f"]
    assert formulas == []


def cells_holding(book, text):
    """Cells whose text is ``text`` or contains it (a title or name inside a longer sentence)."""
    return [cell for cell in all_cells(book) if isinstance(cell.value, str) and text in cell.value]


def assert_marked(book, payload):
    exact = [cell for cell in all_cells(book) if cell.value == payload]
    assert exact, f"{payload!r} is not in the workbook"
    for cell in exact:
        assert cell.data_type == "s"
        assert cell.quotePrefix is True


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def local_indicator(harrow):
    def make(title):
        indicator = IndicatorFactory(organisation=harrow, code="HAR-X", title=title, decimals=1)
        series(harrow, indicator, {"2022-23": "-3.5", "2023-24": "4.0"})
        return indicator

    return make


# ----- the scorecard ------------------------------------------------------------------------


def scorecard(client, organisation, fmt):
    return client.get(reverse("indicators:scorecard-export", kwargs={"gss_code": organisation.gss_code, "fmt": fmt}))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_scorecard_workbook_holds_a_formula_title_and_name_as_text(
    client, harrow, viewer, local_indicator, payload
):
    local_indicator(payload)
    viewer.full_name = payload
    viewer.save()
    client.force_login(viewer)
    book = workbook(scorecard(client, harrow, "xlsx"))
    assert_no_formulas(book)
    assert_marked(book, payload)
    sheet = book["Scorecard"]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "HAR-X")
    # The negative figure is still a number, with the indicator's format.
    assert (row[4].value, row[4].data_type, row[4].number_format) == (-3.5, "n", '#,##0.0"%"')
    # The person's name sits inside the subtitle, which does not start like a formula.
    assert cells_holding(book, f"Produced by {payload}.")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_scorecard_csv_neutralises_a_formula_title(client, harrow, viewer, local_indicator, payload):
    local_indicator(payload)
    client.force_login(viewer)
    rows = csv_rows(scorecard(client, harrow, "csv"))
    header, body = rows[0], rows[1:]
    row = dict(zip(header, next(r for r in body if "HAR-X" in r), strict=True))
    assert row["Indicator"] == "'" + payload
    assert row["Baseline"] == "-3.5"


# ----- spending ----------------------------------------------------------------------------


def import_service_lines(client, organisation, user, names):
    """Import one line per name through the import pages, as a person would."""
    client.force_login(user)
    data = expenditure_csv(
        *([organisation.gss_code, name, "2023-24", "1000", "actual", "net"] for name in names),
    )
    upload = reverse("imports:upload", kwargs={"gss_code": organisation.gss_code, "kind": "expenditure"})
    response = client.post(upload, {"file": SimpleUploadedFile("spending.csv", data)})
    assert response.status_code == 302
    run_id = int(response["Location"].rstrip("/").split("/")[-1])
    commit = reverse("imports:commit", kwargs={"gss_code": organisation.gss_code, "run_id": run_id})
    assert client.post(commit).status_code == 302
    return list(ExpenditureLine.objects.filter(organisation=organisation).values_list("service_line", flat=True))


def trend(client, organisation, fmt):
    return client.get(reverse("finance:export", kwargs={"gss_code": organisation.gss_code, "fmt": fmt}))


@pytest.fixture
def imported_lines(client, harrow, editor):
    lines = import_service_lines(client, harrow, editor, [f"{payload}x" for payload in PAYLOADS])
    ExpenditureLineFactory(organisation=harrow, service_line="-2+3", financial_year=2022, amount=Decimal("-500"))
    # The importer trims spaces, tabs and line ends from cells: what is stored is what is exported.
    return [*lines, "-2+3"]


def test_the_spending_workbook_holds_imported_formula_lines_as_text(client, harrow, editor, imported_lines):
    book = workbook(trend(client, harrow, "xlsx"))
    assert_no_formulas(book)
    for line in imported_lines:
        assert_marked(book, line)
    sheet = book["Spending trend"]
    created = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == "-2+3")
    assert (created[1].value, created[1].data_type) == (-0.5, "n")


def test_the_spending_csv_neutralises_imported_formula_lines(client, harrow, editor, imported_lines):
    rows = csv_rows(trend(client, harrow, "csv"))
    labels = [row[0] for row in rows]
    for line in imported_lines:
        assert "'" + line in labels
    created = next(row for row in rows if row[0] == "'-2+3")
    assert created[1] == "-0.5"


def test_every_imported_line_starts_with_a_trigger(imported_lines):
    # Guards the test above: the import kept each payload's formula character at the start.
    assert all(line[:1] in "=+-@" for line in imported_lines)


# ----- reports -----------------------------------------------------------------------------


def report(client, organisation, slug):
    url = reverse("reports:download", kwargs={"gss_code": organisation.gss_code, "slug": slug, "fmt": "xlsx"})
    return client.get(url)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_profile_workbook_holds_formula_names_as_text(client, harrow, admin_user, payload):
    admin_user.full_name = payload
    admin_user.save()
    # A change made by that person, so the name is in "Recent changes" as well as "Produced by".
    indicator = Indicator(
        organisation=harrow,
        code="HAR-AUD",
        title=payload,
        unit="count",
        polarity="higher_is_better",
        frequency="annual",
    )
    indicator._history_user = admin_user
    indicator.save()
    client.force_login(admin_user)
    book = workbook(report(client, harrow, "profile"))
    assert_no_formulas(book)
    marked = [cell for cell in all_cells(book) if cell.value == payload]
    sheets = {cell.parent.title for cell in marked}
    assert "Contents" in sheets and any(title.endswith("most recent changes") for title in sheets)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in marked)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_performance_workbook_holds_formula_titles_names_and_lines_as_text(
    client, harrow, viewer, local_indicator, payload
):
    local_indicator(payload)
    ExpenditureLineFactory(organisation=harrow, service_line=payload, financial_year=2023)
    viewer.full_name = payload
    viewer.save()
    client.force_login(viewer)
    book = workbook(report(client, harrow, "performance"))
    assert_no_formulas(book)
    marked = [cell for cell in all_cells(book) if cell.value == payload]
    # The name (Contents) and the service line (spending) are cells of their own...
    assert {cell.parent.title for cell in marked} == {"Contents", "Net expenditure by service line"}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in marked)
    # ...and the indicator's title follows its code.
    assert [cell.data_type for cell in all_cells(book) if cell.value == f"HAR-X {payload}"] == ["s"]


# ----- the import template and the commands -------------------------------------------------


@pytest.mark.parametrize("kind", ["observations", "expenditure"])
def test_the_import_template_is_unchanged_text(client, harrow, viewer, kind):
    client.force_login(viewer)
    response = client.get(reverse("imports:template", kwargs={"gss_code": harrow.gss_code, "kind": kind}))
    rows = csv_rows(response)
    assert len(rows) == 2 and rows[1][0] == harrow.gss_code
    assert not any(field.startswith("'") for field in rows[1])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_benchmark_csv_neutralises_a_formula_council_name(harrow, herefordshire, payload):
    harrow.name = payload
    harrow.save()
    indicator = make_indicator("ASCOF-INJ", title="Carers who are satisfied")
    observe(harrow, indicator, "2022-23", "-2.5", numerator=1, denominator=100)
    observe(herefordshire, indicator, "2022-23", "40", numerator=40, denominator=100)
    sync_builtin_groups()
    out = io.StringIO()
    call_command("benchmark", "ASCOF-INJ", "2022-23", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    row = next(row for row in rows if row[1] == harrow.gss_code)
    assert row[2] == "'" + payload
    assert row[3] == "-2.5"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_finance_summary_csv_neutralises_a_formula_line(harrow, payload):
    ExpenditureLineFactory(organisation=harrow, service_line=payload, financial_year=2023)
    out = io.StringIO()
    call_command("finance_summary", harrow.gss_code, "--format", "csv", stdout=out)
    labels = [row[0] for row in csv.reader(io.StringIO(out.getvalue(), newline=""))]
    assert "'" + payload in labels
