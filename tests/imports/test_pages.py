"""The import pages: upload, match columns, preview with errors, import, roll back."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ascent.finance.models import ExpenditureLine
from ascent.imports.models import ImportRun
from ascent.indicators.models import Observation

from .helpers import EXPENDITURE_HEADINGS, csv_bytes, observations_csv, web_import, web_run, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "25", "100", "final"],
    ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "provisional"],
]


def url(name, org, **kwargs):
    return reverse(f"imports:{name}", kwargs={"gss_code": org.gss_code, **kwargs})


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def upload(client, org, data, name="figures.csv", kind="observations"):
    return client.post(url("upload", org, kind=kind), {"file": SimpleUploadedFile(name, data)})


def latest_run():
    return ImportRun.objects.order_by("-pk").first()


def table_rows(table):
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])] for tr in table.select("tbody tr")]


def table_captioned(soup, text):
    return next(t for t in soup.select("table") if text in t.caption.get_text())


# ----- the journey -------------------------------------------------------------------------


def test_the_whole_journey_from_upload_to_rollback(client, harrow, editor, ascof_1c1a):
    client.force_login(editor)
    # 1. A file whose columns are not recognised: the person matches them.
    data = csv_bytes(
        ["Council", "KPI ref", "When", "Figure", "Notes"],
        ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", ""],
        ["E09000015", "ASCOF-9Z", "2023-24", "[c]", "suppressed"],
    )
    response = upload(client, harrow, data)
    run = latest_run()
    assert response.status_code == 302
    assert response.headers["Location"] == url("detail", harrow, run_id=run.pk)
    assert run.status == ImportRun.Status.UPLOADED
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    assert page.h1.get_text(strip=True) == "figures.csv"
    select = page.find("select", id="id_column_indicator")
    assert [o.get_text() for o in select.find_all("option")] == [
        "Select a column",
        "Council",
        "KPI ref",
        "When",
        "Figure",
        "Notes",
    ]
    assert page.find("select", id="id_column_organisation").find("option", selected=True)["value"] == "Council"
    # 2. Leaving a required column unmatched is an error linked from the summary.
    response = client.post(
        url("detail", harrow, run_id=run.pk),
        {"action": "check", "column_organisation": "Council", "column_period": "When", "column_value": "Figure"},
    )
    page = soup_of(response)
    summary = page.select_one(".govuk-error-summary")
    link = summary.find("a", string="Select the column that holds the indicator")
    assert link["href"] == "#id_column_indicator"
    # 3. Matched: the check finds the file's errors.
    response = client.post(
        url("detail", harrow, run_id=run.pk),
        {
            "action": "check",
            "column_organisation": "Council",
            "column_indicator": "KPI ref",
            "column_period": "When",
            "column_value": "Figure",
        },
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.error_count) == (ImportRun.Status.INVALID, 2)
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    summary = page.select_one(".govuk-error-summary")
    assert "The file has 2 errors" in summary.get_text()
    assert [a["href"] for a in summary.select("a")] == ["#error-1", "#error-2"]
    errors = table_captioned(page, "errors in the file")
    assert [th.get_text(strip=True) for th in errors.select("thead th")] == ["Row", "Column", "Value", "Problem"]
    assert table_rows(errors) == [
        [
            "3",
            "KPI ref",
            "ASCOF-9Z",
            "unknown indicator: use a code from the indicator library, such as ASCOF-1C1A, "
            "or one of your organisation's local indicators",
        ],
        ["3", "Figure", "[c]", "suppressed or not available: leave the row out or give a number"],
    ]
    assert page.find(id="error-1") is not None
    assert not page.select(f"form[action='{url('commit', harrow, run_id=run.pk)}']")
    assert client.post(url("commit", harrow, run_id=run.pk)).status_code == 302
    assert not Observation.objects.exists()
    # 4. The corrected file, with the usual headings, is checked straight away.
    upload(client, harrow, observations_csv(*GOOD_ROWS))
    fixed = latest_run()
    assert fixed.status == ImportRun.Status.VALIDATED
    page = soup_of(client.get(url("detail", harrow, run_id=fixed.pk)))
    assert page.select_one(".govuk-error-summary") is None
    preview = table_captioned(page, "to be imported")
    assert table_rows(preview) == [
        ["2", "Harrow", "ASCOF-1C1A", "2022-23", "25", "25", "100", "Final", "New"],
        ["3", "Harrow", "ASCOF-1C1A", "2023-24", "27.5", "", "", "Provisional", "New"],
    ]
    assert "2 rows of figures: 2 new, 0 revised and 0 unchanged" in page.find(id="preview").find_next("p").get_text()
    # 5. Import.
    response = client.post(url("commit", harrow, run_id=fixed.pk), follow=True)
    assert "Imported figures.csv: 2 new, 0 revised and 0 unchanged rows" in response.content.decode()
    assert Observation.objects.filter(import_run=fixed).count() == 2
    page = soup_of(response)
    assert page.select_one("strong.govuk-tag--green").get_text() == "Imported"
    # 6. Roll back.
    response = client.post(url("rollback", harrow, run_id=fixed.pk), follow=True)
    assert "Rolled back the import of figures.csv" in response.content.decode()
    assert not Observation.objects.exists()
    response = client.post(url("rollback", harrow, run_id=fixed.pk), follow=True)
    assert "This import has already been rolled back" in response.content.decode()


def test_the_upload_page_describes_the_columns_and_links_to_a_template(client, harrow, editor):
    client.force_login(editor)
    page = soup_of(client.get(url("upload", harrow, kind="observations")))
    assert page.h1.get_text(strip=True) == "Import indicator values"
    table = table_captioned(page, "Columns for indicator values")
    assert [row[0] for row in table_rows(table)][:4] == ["organisation", "indicator", "period", "value"]
    template = page.find("a", string="Download a template CSV file for indicator values")
    assert template["href"] == url("template", harrow, kind="observations")
    assert page.find("form", id="main-form")["enctype"] == "multipart/form-data"
    assert page.find("input", type="file")["id"] == "id_file"


def test_the_template_is_a_csv_with_the_standard_headings(client, harrow, viewer):
    client.force_login(viewer)
    response = client.get(url("template", harrow, kind="expenditure"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="expenditure-template.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "organisation,service_line,financial_year,amount,basis,measure,units"
    assert lines[1].startswith("E09000015,Adults,2023-24,")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("figures.pdf", b"%PDF-1.4", "The selected file must be a CSV file or an Excel workbook (.xlsx)"),
        ("figures.csv", b"organisation,value\r\n", "The selected file has a row of headings but no figures under it"),
    ],
)
def test_a_file_that_cannot_be_read_is_an_error_on_the_file_input(client, harrow, editor, name, data, message):
    client.force_login(editor)
    page = soup_of(upload(client, harrow, data, name=name))
    link = page.select_one(".govuk-error-summary a")
    assert (link.get_text(strip=True), link["href"]) == (message, "#id_file")
    assert page.find(id="id_file-error").get_text(" ", strip=True) == f"Error: {message}"
    assert not ImportRun.objects.exists()


def test_no_file_chosen_is_an_error(client, harrow, editor):
    client.force_login(editor)
    page = soup_of(client.post(url("upload", harrow, kind="observations"), {}))
    assert page.select_one(".govuk-error-summary a").get_text(strip=True) == "Select a CSV file or an Excel workbook"


def test_a_file_over_the_size_limit_is_refused(client, harrow, editor, settings):
    settings.ASCENT_IMPORT_MAX_BYTES = 100
    client.force_login(editor)
    page = soup_of(upload(client, harrow, observations_csv(*GOOD_ROWS * 5)))
    assert "must be smaller than" in page.select_one(".govuk-error-summary").get_text()
    assert not ImportRun.objects.exists()


def test_a_workbook_with_several_sheets_offers_a_choice(client, harrow, editor, ascof_1c1a):
    client.force_login(editor)
    data = xlsx_bytes(
        [["Notes about this file"], ["Source: our own records"]],
        sheets={
            "Figures": [["organisation", "indicator", "period", "value"], ["E09000015", "ASCOF-1C1A", "2023-24", 27.5]]
        },
    )
    upload(client, harrow, data, name="figures.xlsx")
    run = latest_run()
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    assert [o.get_text() for o in page.find("select", id="id_sheet-sheet").find_all("option")] == ["Data", "Figures"]
    response = client.post(url("detail", harrow, run_id=run.pk), {"action": "sheet", "sheet-sheet": "Figures"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.sheet_name == "Figures"
    assert run.mapping["indicator"] == "indicator"
    client.post(
        url("detail", harrow, run_id=run.pk),
        {
            "action": "check",
            "column_indicator": "indicator",
            "column_period": "period",
            "column_value": "value",
            "column_organisation": "organisation",
        },
    )
    run.refresh_from_db()
    assert run.status == ImportRun.Status.VALIDATED


def test_expenditure_files_in_thousands_are_previewed_in_pounds(client, harrow, editor):
    client.force_login(editor)
    data = csv_bytes(
        ["organisation", "service line", "financial year", "Net expenditure £000"],
        ["E09000015", "Adults", "2023-24", "34,099"],
    )
    upload(client, harrow, data, kind="expenditure")
    run = latest_run()
    assert run.mapping["_options"] == {"thousands": True}
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    assert page.find("input", id="id_option_thousands").has_attr("checked")
    preview = table_captioned(page, "to be imported")
    assert table_rows(preview) == [
        ["2", "Harrow", "Adults", "2023-24", "£34,099,000", "Actual", "Net of client contributions", "New"]
    ]


def test_the_same_file_again_is_pointed_out_and_changes_nothing(client, harrow, editor, ascof_1c1a):
    first = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    upload(client, harrow, observations_csv(*GOOD_ROWS))
    again = latest_run()
    page = soup_of(client.get(url("detail", harrow, run_id=again.pk)))
    inset = page.select_one(".govuk-inset-text")
    assert "same file as" in inset.get_text()
    assert inset.a["href"] == url("detail", harrow, run_id=first.pk)
    assert [row[-1] for row in table_rows(table_captioned(page, "to be imported"))] == ["Unchanged", "Unchanged"]


def test_a_rollback_meeting_changed_rows_asks_before_doing_anything(client, harrow, editor, ascof_1c1a):
    first = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    second = web_import(observations_csv(["E09000015", "ASCOF-1C1A", "2023-24", "28", "", "", ""]), harrow, editor)
    client.force_login(editor)
    response = client.post(url("rollback", harrow, run_id=first.pk))
    assert response.status_code == 200
    page = soup_of(response)
    assert page.h1.get_text(strip=True) == "Some rows have changed since this import"
    assert "1 of the rows it wrote has been changed since" in page.get_text()
    [row] = table_rows(table_captioned(page, "row to keep"))
    assert row[:4] == [
        "Harrow, ASCOF-1C1A, 2023-24",
        "28.0%",
        "Changed since the import",
        f"Editor Person (import {second.pk} of figures.csv)",
    ]
    form = page.select_one("main form")
    assert form["action"] == url("rollback", harrow, run_id=first.pk)
    assert form.select_one("input[name=keep_changed]")["value"] == "yes"
    assert form.button.get_text(strip=True) == "Roll back the 1 untouched row and keep the 1 changed one"
    cancel = page.find("a", string="Cancel: do not roll back")
    assert cancel["href"] == url("detail", harrow, run_id=first.pk)
    # Nothing has changed yet.
    assert Observation.objects.count() == 2
    first.refresh_from_db()
    assert first.status == ImportRun.Status.COMMITTED


def test_a_rollback_when_every_row_has_changed_offers_no_partial_rollback(client, harrow, editor, ascof_1c1a):
    first = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    web_import(
        observations_csv(
            ["E09000015", "ASCOF-1C1A", "2022-23", "26.0", "26", "100", "final"],
            ["E09000015", "ASCOF-1C1A", "2023-24", "28", "", "", ""],
        ),
        harrow,
        editor,
    )
    client.force_login(editor)
    page = soup_of(client.post(url("rollback", harrow, run_id=first.pk)))
    assert page.h1.get_text(strip=True) == "Every row has changed since this import"
    assert "there is nothing left to roll back" in page.get_text()
    assert len(table_rows(table_captioned(page, "2 rows changed since"))) == 2
    assert page.select_one("main form") is None
    assert "untouched" not in page.get_text()
    back = page.find("a", string="Back to the import")
    assert back["href"] == url("detail", harrow, run_id=first.pk)
    first.refresh_from_db()
    assert first.status == ImportRun.Status.COMMITTED


def test_a_rollback_lists_only_the_first_changed_rows_and_counts_the_rest(
    client, harrow, editor, ascof_1c1a, monkeypatch
):
    from ascent.imports import views

    monkeypatch.setattr(views, "CHANGED_SHOWN", 1)
    first = web_import(
        observations_csv(*GOOD_ROWS, ["E09000015", "ASCOF-1C1A", "2024-25", "30", "", "", ""]), harrow, editor
    )
    web_import(
        observations_csv(
            ["E09000015", "ASCOF-1C1A", "2022-23", "26.0", "26", "100", "final"],
            ["E09000015", "ASCOF-1C1A", "2023-24", "28", "", "", ""],
        ),
        harrow,
        editor,
    )
    client.force_login(editor)
    page = soup_of(client.post(url("rollback", harrow, run_id=first.pk)))
    assert len(table_rows(table_captioned(page, "2 rows to keep"))) == 1
    assert "And 1 more row changed since, not listed here." in page.get_text(" ", strip=True)
    button = page.select_one("main form").button.get_text(strip=True)
    assert button == "Roll back the 1 untouched row and keep the 2 changed ones"


def test_choosing_to_keep_the_changed_rows_rolls_back_the_rest_and_says_what_stays(client, harrow, editor, ascof_1c1a):
    first = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    web_import(observations_csv(["E09000015", "ASCOF-1C1A", "2023-24", "28", "", "", ""]), harrow, editor)
    client.force_login(editor)
    response = client.post(url("rollback", harrow, run_id=first.pk), {"keep_changed": "yes"})
    assert response.status_code == 302
    assert response["Location"] == url("detail", harrow, run_id=first.pk)
    page = soup_of(client.get(response["Location"]))
    message = page.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert (
        "Rolled back the import of figures.csv: deleted 1 row it added and put back the earlier values of 0 rows "
        "it revised. 1 row stays as changed since: Harrow, ASCOF-1C1A, 2023-24." in message
    )
    assert table_rows(table_captioned(page, "kept as changed since the import")) == [
        ["Harrow, ASCOF-1C1A, 2023-24", "28.0%"]
    ]
    assert list(Observation.objects.values_list("period_code", "value")) == [("2023-24", 28)]


def test_a_hand_correction_survives_a_rollback_on_the_web(client, harrow, editor, ascof_1c1a):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    correction = {"period": "2023-24", "value": "29.5", "status": "final"}
    edit = reverse("indicators:observation-edit", kwargs={"gss_code": harrow.gss_code, "indicator_id": ascof_1c1a.pk})
    assert client.post(edit, correction).status_code == 302
    page = soup_of(client.post(url("rollback", harrow, run_id=run.pk)))
    assert table_rows(table_captioned(page, "row to keep"))[0][:4] == [
        "Harrow, ASCOF-1C1A, 2023-24",
        "29.5%",
        "Changed since the import",
        "Editor Person",
    ]
    client.post(url("rollback", harrow, run_id=run.pk), {"keep_changed": "yes"})
    assert list(Observation.objects.values_list("period_code", "value", "import_run")) == [("2023-24", 29.5, None)]


def test_an_untouched_rollback_on_the_web_says_what_it_did(client, harrow, editor, ascof_1c1a):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    page = soup_of(client.post(url("rollback", harrow, run_id=run.pk), follow=True))
    assert "deleted 2 rows it added and put back the earlier values of 0 rows it revised." in page.get_text(" ")
    assert not Observation.objects.exists()


def test_rows_for_another_organisation_are_refused_on_the_web(client, harrow, herefordshire, editor, ascof_1c1a):
    client.force_login(editor)
    upload(client, harrow, observations_csv(["E06000019", "ASCOF-1C1A", "2023-24", "31", "", "", ""]))
    page = soup_of(client.get(url("detail", harrow, run_id=latest_run().pk)))
    assert "this file can only hold figures for Harrow" in page.select_one(".govuk-error-summary").get_text()


# ----- who may do what ------------------------------------------------------------------------


def test_viewers_see_imports_but_not_the_buttons_to_make_them(client, harrow, editor, viewer, ascof_1c1a):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(viewer)
    index = soup_of(client.get(url("index", harrow)))
    assert index.find("a", string="Import indicator values") is None
    assert index.find("a", href=url("detail", harrow, run_id=run.pk))
    page = soup_of(client.get(url("detail", harrow, run_id=run.pk)))
    assert page.find("button", string="Roll back this import") is None
    assert client.post(url("rollback", harrow, run_id=run.pk)).status_code == 403


def test_an_unknown_kind_of_import_is_not_found(client, harrow, editor):
    client.force_login(editor)
    assert client.get(url("upload", harrow, kind="targets")).status_code == 404
    assert client.get(url("template", harrow, kind="targets")).status_code == 404


def test_another_organisations_import_is_not_found(client, harrow, herefordshire, editor, outsider, ascof_1c1a):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(outsider)
    assert client.get(url("detail", herefordshire, run_id=run.pk)).status_code == 404
    assert client.post(url("rollback", herefordshire, run_id=run.pk)).status_code == 404
    assert Observation.objects.count() == 2


def test_commit_and_rollback_only_accept_posts(client, harrow, editor, ascof_1c1a):
    run = web_run(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    assert client.get(url("commit", harrow, run_id=run.pk)).status_code == 405
    assert client.get(url("rollback", harrow, run_id=run.pk)).status_code == 405


# ----- pages -------------------------------------------------------------------------------------


def test_the_index_lists_runs_with_their_counts_and_status(client, harrow, editor, ascof_1c1a):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    page = soup_of(client.get(url("index", harrow)))
    assert page.find("a", string="Import indicator values")["href"] == url("upload", harrow, kind="observations")
    assert page.find("a", string="Import expenditure")["href"] == url("upload", harrow, kind="expenditure")
    table = table_captioned(page, "Files imported")
    [row] = table_rows(table)
    assert row[0] == f"figures.csv (import {run.pk})"
    assert row[1:2] == ["Indicator values"]
    assert row[3:] == ["Imported", "2", "2", "0", "0", "0"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))


def test_the_index_sits_in_the_performance_navigation(client, harrow, viewer):
    client.force_login(viewer)
    nav = soup_of(client.get(url("index", harrow))).select_one('nav[aria-label="Performance"]')
    assert [a.get_text(strip=True) for a in nav.select("a[aria-current]")] == ["Data imports"]
    assert nav.find("a", string="Spending")["href"] == reverse("finance:index", kwargs={"gss_code": harrow.gss_code})


def test_the_index_query_count_does_not_grow_with_the_number_of_runs(
    client, harrow, editor, ascof_1c1a, django_assert_max_num_queries
):
    web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url("index", harrow)).status_code == 200
    for _ in range(30):
        ImportRun.objects.create(
            organisation=harrow, kind="expenditure", file_name="more.csv", file_sha256="0" * 64, created_by=editor
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("index", harrow)).status_code == 200


def test_the_detail_query_count_does_not_grow_with_the_size_of_the_file(
    client, harrow, editor, ascof_1c1a, django_assert_max_num_queries
):
    small = web_run(observations_csv(*GOOD_ROWS), harrow, editor)
    big_rows = [
        ["E09000015", "ASCOF-1C1A", f"{year}-{(year + 1) % 100:02d}", "30", "", "", ""] for year in range(1990, 2030)
    ]
    big = web_run(observations_csv(*big_rows, ["E09000015", "NOPE", "2020-21", "1", "", "", ""]), harrow, editor)
    client.force_login(editor)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url("detail", harrow, run_id=small.pk)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("detail", harrow, run_id=big.pk)).status_code == 200


def test_the_detail_of_a_committed_run_has_a_fixed_query_count(
    client, harrow, editor, ascof_1c1a, django_assert_max_num_queries
):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(url("detail", harrow, run_id=run.pk))
    assert soup_of(response).find("button", string="Roll back this import")


def test_every_page_has_one_main_heading_and_labelled_controls(client, harrow, editor, ascof_1c1a):
    run = web_run(observations_csv(*GOOD_ROWS, ["E09000015", "NOPE", "2020-21", "1", "", "", ""]), harrow, editor)
    client.force_login(editor)
    for address in (
        url("index", harrow),
        url("upload", harrow, kind="expenditure"),
        url("detail", harrow, run_id=run.pk),
    ):
        page = soup_of(client.get(address))
        assert len(page.find_all("h1")) == 1, address
        for control in page.select("main select, main input:not([type=hidden])"):
            assert page.find("label", attrs={"for": control["id"]}), (address, control["id"])
        for table in page.select("main table"):
            assert table.caption and table.caption.get_text(strip=True), address


def test_a_file_with_too_many_rows_is_refused(client, harrow, editor, settings):
    settings.ASCENT_IMPORT_MAX_ROWS = 1
    client.force_login(editor)
    page = soup_of(upload(client, harrow, observations_csv(*GOOD_ROWS)))
    assert "more than 1 rows: split it into smaller files" in page.select_one(".govuk-error-summary").get_text()


def test_a_run_whose_file_has_gone_says_so_instead_of_failing(client, harrow, editor, ascof_1c1a):
    run = web_run(observations_csv(*GOOD_ROWS), harrow, editor)
    run.file.delete(save=False)
    client.force_login(editor)
    response = client.get(url("detail", harrow, run_id=run.pk))
    assert response.status_code == 200
    assert "The uploaded file is no longer available: upload it again" in soup_of(response).get_text()
    response = client.post(url("commit", harrow, run_id=run.pk), follow=True)
    assert "The uploaded file is no longer available" in response.content.decode()
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/orgs/E09000015/imports/99999999999999999999/",
        "/orgs/E09000015/imports/%00/new/",
        "/orgs/E09000015/imports/../new/",
        "/orgs/E06000019/imports/",
    ],
)
def test_typed_in_import_urls_are_404s(client, harrow, herefordshire, editor, path):
    client.force_login(editor)
    assert client.get(path).status_code == 404


def test_the_preview_query_count_does_not_grow_with_the_rows_in_the_file(
    client, harrow, editor, ascof_1c1a, django_assert_max_num_queries
):
    client.force_login(editor)
    few = web_run(observations_csv(*GOOD_ROWS), harrow, editor)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url("detail", harrow, run_id=few.pk)).status_code == 200
    rows = [
        ["E09000015", "ASCOF-1C1A", f"Q{q} {year}/{(year + 1) % 100:02d}", "25", "", "", "final"]
        for year in range(2000, 2050)
        for q in range(1, 5)
    ]
    many = web_run(observations_csv(*rows), harrow, editor, name="many.csv")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("detail", harrow, run_id=many.pk)).status_code == 200


def test_an_expenditure_rollback_on_the_web_keeps_a_line_changed_since(client, harrow, editor, admin_user):
    rows = [["E09000015", "Adults", "2023-24", "£34m", "", ""], ["E09000015", "Reablement", "2023-24", "£2m", "", ""]]
    run = web_import(csv_bytes(EXPENDITURE_HEADINGS, *rows), harrow, editor, kind="expenditure")
    line = ExpenditureLine.objects.get(service_line="Adults")
    line.amount = 35_000_000
    line._history_user = admin_user
    line.save()
    client.force_login(editor)
    page = soup_of(client.post(url("rollback", harrow, run_id=run.pk)))
    assert table_rows(table_captioned(page, "row to keep"))[0][:4] == [
        "Harrow, Adults, 2023-24 (actual, net of client contributions)",
        "£35,000,000",
        "Changed since the import",
        "Admin Person",
    ]
    assert ExpenditureLine.objects.count() == 2
    response = client.post(url("rollback", harrow, run_id=run.pk), {"keep_changed": "yes"})
    assert response.status_code == 302
    assert list(ExpenditureLine.objects.values_list("service_line", flat=True)) == ["Adults"]
    run.refresh_from_db()
    last = run.history.order_by("-history_id").first()
    assert (last.status, last.history_user) == (ImportRun.Status.ROLLED_BACK, editor)


def test_a_viewer_cannot_choose_to_keep_changed_rows(client, harrow, editor, viewer, ascof_1c1a):
    run = web_import(observations_csv(*GOOD_ROWS), harrow, editor)
    client.force_login(viewer)
    assert client.post(url("rollback", harrow, run_id=run.pk), {"keep_changed": "yes"}).status_code == 403
    assert Observation.objects.count() == 2


@pytest.mark.parametrize("kind", ["observations", "expenditure"])
def test_the_upload_form_links_back_to_the_imports(client, harrow, editor, kind):
    client.force_login(editor)
    back = soup_of(client.get(url("upload", harrow, kind=kind))).select_one("a.govuk-back-link")
    assert back is not None
    assert back["href"] == url("index", harrow)
    assert back.get_text(" ", strip=True) == "Back to data imports"


def test_the_import_button_says_what_importing_will_do_in_plain_words(client, harrow, editor):
    """Only what happens is said: "adds 1 row", never "and revises 0"."""
    client.force_login(editor)
    data = csv_bytes(
        ["organisation", "service line", "financial year", "Net expenditure £000"],
        ["E09000015", "Adults", "2023-24", "34,099"],
    )
    upload(client, harrow, data, kind="expenditure")
    page = soup_of(client.get(url("detail", harrow, run_id=latest_run().pk)))
    sentence = next(
        p.get_text(" ", strip=True) for p in page.select("form p.govuk-body") if "Importing" in p.get_text()
    )
    assert sentence == "Importing adds 1 row. You can roll the import back."
