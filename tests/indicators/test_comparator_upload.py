"""Importing a council's own comparator group (its nearest-neighbour list) from a file of GSS codes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascent.indicators.comparators import (
    MEMBER_LIST_MAX_BYTES,
    MemberListError,
    read_member_list,
    sync_builtin_groups,
)
from ascent.indicators.models import ComparatorGroup
from tests.imports.helpers import csv_bytes, xlsx_bytes

from .bench_factories import custom_group, make_councils

pytestmark = pytest.mark.django_db

COUNCILS = {f"E099{n:05d}": n for n in range(100, 110)}


def upload_url(organisation, **query) -> str:
    url = reverse("indicators:comparator-upload", kwargs={"gss_code": organisation.gss_code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(" ", strip=True) for a in soup.select(".govuk-error-summary a")]


def a_file(data: bytes, name: str = "neighbours.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def councils(harrow, herefordshire, london):
    others = make_councils(london, 4)
    sync_builtin_groups()
    return others


# ----- reading the list --------------------------------------------------------------------


def test_one_column_without_a_heading():
    data = csv_bytes(["E09900100"], ["e09900102"], ["E09900101"])
    result = read_member_list(data, "list.csv", COUNCILS)
    assert result.member_ids == (100, 102, 101)
    assert not result.had_heading


def test_a_heading_and_a_column_of_names_which_the_codes_overrule():
    data = csv_bytes(["GSS code", "Council"], ["E09900100", "Harrow"], ["E09900103", "Somewhere else"])
    result = read_member_list(data, "list.csv", COUNCILS)
    assert result.member_ids == (100, 103)
    assert result.had_heading


def test_an_excel_workbook_is_read_too():
    data = xlsx_bytes([("Code", "Name"), ("E09900104", "A"), ("E09900105", "B")])
    assert read_member_list(data, "list.xlsx", COUNCILS).member_ids == (104, 105)


def test_every_problem_is_named_by_its_row():
    data = csv_bytes(
        ["GSS code", "Name"],
        ["E09900100", "First"],
        ["E0990010", "A digit short"],
        ["E09999999", "Not a council"],
        ["", "No code"],
        ["E09900100", "First again"],
    )
    with pytest.raises(MemberListError) as raised:
        read_member_list(data, "list.csv", COUNCILS)
    assert raised.value.problems == [
        "Row 3: E0990010 is not a GSS code: a GSS code is a letter and 8 digits, like E09000015",
        "Row 4: E09999999 is not the GSS code of a council in England with adult social services",
        "Row 5: the GSS code in column A is blank",
        "Row 6: E09900100 is listed twice, first in row 2",
    ]


def test_a_mistyped_code_in_the_first_row_is_a_row_not_a_heading():
    with pytest.raises(MemberListError) as raised:
        read_member_list(csv_bytes(["E0990010"], ["E09900101"]), "list.csv", COUNCILS)
    assert raised.value.problems == [
        "Row 1: E0990010 is not a GSS code: a GSS code is a letter and 8 digits, like E09000015"
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "list.csv", "The selected file is empty"),
        (csv_bytes(["GSS code"]), "list.csv", "The file has no GSS codes: put one in column A of each row"),
        (b"%PDF-1.7 not a list", "list.csv", "The selected file is not a CSV file: it is not text"),
        (b"E09900100", "list.docx", "The selected file must be a CSV file or an Excel workbook (.xlsx)"),
    ],
)
def test_files_that_cannot_be_used_say_why(data, name, message):
    with pytest.raises(MemberListError) as raised:
        read_member_list(data, name, COUNCILS)
    assert raised.value.problems[0].startswith(message)


def test_a_file_with_too_many_rows_is_refused_without_reading_it_all():
    data = b"\n".join([b"E09900100"] * 5000)
    with pytest.raises(MemberListError) as raised:
        read_member_list(data, "list.csv", COUNCILS)
    assert "rows" in raised.value.problems[0]


def test_a_long_list_of_problems_is_cut_short():
    data = csv_bytes(*[[f"X{n:04d}"] for n in range(30)])
    with pytest.raises(MemberListError) as raised:
        read_member_list(data, "list.csv", COUNCILS)
    assert len(raised.value.problems) == 21
    assert raised.value.problems[-1] == "and 10 more problems"


@given(st.lists(st.sampled_from(sorted(COUNCILS)), min_size=1, max_size=10, unique=True), st.booleans())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_any_list_of_distinct_codes_reads_back_in_order(codes, heading):
    rows = ([["GSS code"]] if heading else []) + [[code.lower() if n % 2 else code] for n, code in enumerate(codes)]
    result = read_member_list(csv_bytes(*rows), "list.csv", COUNCILS)
    assert result.member_ids == tuple(COUNCILS[code] for code in codes)
    assert result.had_heading == heading


# ----- the page ----------------------------------------------------------------------------


def test_the_page_shows_the_layout_and_the_list_page_links_to_it(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.get(upload_url(harrow))
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Column A: GSS code" in text and "E09000003 Barnet" in text
    index = client.get(reverse("indicators:comparators", kwargs={"gss_code": harrow.gss_code}))
    assert upload_url(harrow).encode() in index.content


def test_importing_a_new_group(client, editor, harrow, herefordshire, councils):
    client.force_login(editor)
    data = csv_bytes(["GSS code", "Name"], [councils[0].gss_code, "x"], [herefordshire.gss_code, "y"])
    response = client.post(
        upload_url(harrow), {"name": "CIPFA nearest neighbours", "description": "2024 list", "file": a_file(data)}
    )
    assert response.status_code == 302
    group = ComparatorGroup.objects.get(owner=harrow)
    assert (group.name, group.description, group.kind) == ("CIPFA nearest neighbours", "2024 list", "custom")
    assert set(group.members.all()) == {councils[0], herefordshire}
    latest = group.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Councils from the file neighbours.csv"
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Comparator group CIPFA nearest neighbours added, with 2 councils from neighbours.csv"
    ]


def test_importing_under_an_existing_name_replaces_that_groups_councils(client, editor, harrow, councils):
    group = custom_group(harrow, "Neighbours", councils[:3])
    group.description = "Old list"
    group.save()
    client.force_login(editor)
    page = client.get(upload_url(harrow, group=group.slug))
    assert b'value="Neighbours"' in page.content
    data = csv_bytes([councils[3].gss_code], [councils[0].gss_code])
    response = client.post(upload_url(harrow), {"name": "neighbours", "description": "", "file": a_file(data)})
    assert response.status_code == 302
    assert ComparatorGroup.objects.filter(owner=harrow).count() == 1
    group.refresh_from_db()
    assert set(group.members.all()) == {councils[3], councils[0]}
    # A blank description keeps the group's own; the history records the change and its reason.
    assert group.description == "Old list"
    assert group.history.first().history_change_reason == "Councils from the file neighbours.csv"
    assert group.history.first().history_user == editor


def test_a_bad_row_saves_nothing_and_is_named(client, editor, harrow, councils):
    group = custom_group(harrow, "Neighbours", councils[:2])
    client.force_login(editor)
    data = csv_bytes([councils[3].gss_code], [councils[3].gss_code], ["E09999999"])
    response = client.post(upload_url(harrow), {"name": "Neighbours", "file": a_file(data)})
    assert response.status_code == 200
    assert errors(response) == [
        f"Row 2: {councils[3].gss_code} is listed twice, first in row 1",
        "Row 3: E09999999 is not the GSS code of a council in England with adult social services",
    ]
    assert set(group.members.all()) == set(councils[:2])
    assert ComparatorGroup.objects.filter(owner=harrow).count() == 1


def test_a_file_over_the_size_limit_is_refused(client, editor, harrow, councils):
    client.force_login(editor)
    data = b"E09900100\n" * (MEMBER_LIST_MAX_BYTES // 10 + 1)
    response = client.post(upload_url(harrow), {"name": "Big", "file": a_file(data)})
    assert errors(response) == ["The selected file must be smaller than 256 KB"]
    assert not ComparatorGroup.objects.filter(owner=harrow).exists()


def test_a_name_and_a_file_are_required(client, editor, harrow, councils):
    client.force_login(editor)
    response = client.post(upload_url(harrow), {"name": " "})
    assert errors(response) == ["Enter a name for the group", "Select a CSV file of GSS codes"]


def test_viewers_cannot_import(client, viewer, harrow, councils):
    client.force_login(viewer)
    assert client.get(upload_url(harrow)).status_code == 403
    response = client.post(upload_url(harrow), {"name": "X", "file": a_file(csv_bytes(["E09000015"]))})
    assert response.status_code == 403
    assert not ComparatorGroup.objects.filter(owner=harrow).exists()


def test_the_upload_page_queries(client, editor, harrow, councils, django_assert_num_queries):
    client.force_login(editor)
    client.get(upload_url(harrow))
    with django_assert_num_queries(10):
        assert client.get(upload_url(harrow)).status_code == 200
    # The same however many groups the council has.
    for number in range(3):
        custom_group(harrow, f"Group {number}", councils[: number + 1])
    with django_assert_num_queries(10):
        assert client.get(upload_url(harrow)).status_code == 200
