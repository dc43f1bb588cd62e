"""Indicator codes as the national publications write them, read to the right ASCOF set by period."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ascent.core.periods import parse_period
from ascent.imports import engine
from ascent.imports.reading import read_table
from ascent.indicators.codes import Catalogue, CodeError, Shipped, matching, normalise, published
from ascent.indicators.library import load_indicator_library, read_library
from ascent.indicators.models import Indicator, Observation
from tests.imports.helpers import check, observations_csv
from tests.indicators.factories import shipped_frameworks

from .factories import url


def _catalogue() -> Catalogue:
    rows = read_library()
    return Catalogue(Shipped(row["code"], row["successor_code"] or "") for row in rows)


def _read(text: str, period: str) -> tuple[str, str]:
    parsed = parse_period(period)
    reading = _catalogue().resolve(text, parsed.start, parsed.label)
    assert reading is not None, text
    return reading.code, reading.note


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("1C(1A)", "ASCOF-1C1A", "ASCOF23-3D1A"),
        ("1C1A", "ASCOF-1C1A", "ASCOF23-3D1A"),
        ("1c(1a)", "ASCOF-1C1A", "ASCOF23-3D1A"),
        ("ASCOF 1C(1A)", "ASCOF-1C1A", "ASCOF23-3D1A"),
        ("ASCOF-1C1A", "ASCOF-1C1A", "ASCOF23-3D1A"),
        ("2A(2)", "ASCOF-2A2", "ASCOF23-2C"),
        ("2A (1)", "ASCOF-2A1", "ASCOF23-2B"),
        ("1I(1)", "ASCOF-1I1", "ASCOF23-5A"),
        ("2B(1)", "ASCOF-2B1", "ASCOF23-2D1"),
        ("1A", "ASCOF-1A", "ASCOF23-1A"),
        ("ASCOF 1J", "ASCOF-1J", "ASCOF23-1C"),
        # A code of the 2023/24 set for an earlier period is read as the measure it carries on.
        ("3D part 1a", "ASCOF-1C1A", "ASCOF23-3D1A"),
        ("5A", "ASCOF-1I1", "ASCOF23-5A"),
        # Explicit codes of the 2023/24 set are taken as written.
        ("ASCOF23-2A", "ASCOF23-2A", "ASCOF23-2A"),
        # No successor named: the old measure is kept.
        ("2C(1)", "ASCOF-2C1", "ASCOF-2C1"),
    ],
)
def test_each_published_form_is_read_to_the_set_in_force_for_the_period(text, before, after):
    assert _read(text, "2019-20")[0] == before
    assert _read(text, "Q2 2023/24")[0] == after


def test_the_last_day_of_2022_23_is_the_old_set_and_april_2023_the_new():
    assert _read("1C(1A)", "Mar 2023")[0] == "ASCOF-1C1A"
    assert _read("1C(1A)", "Apr 2023")[0] == "ASCOF23-3D1A"


def test_a_successor_reading_says_what_it_did():
    code, note = _read("1C(1A)", "2023-24")
    assert code == "ASCOF23-3D1A"
    assert note == ("1C(1A) for 2023-24 read as 3D part 1a (ASCOF23-3D1A), its successor in the ASCOF set from 2023/24")
    assert _read("ASCOF-1C1A", "2019-20") == ("ASCOF-1C1A", "")


@pytest.mark.parametrize(
    ("text", "period", "parts"),
    [
        ("ASCOF 2A", "2019-20", "2A(1) (ASCOF-2A1), 2A(2) (ASCOF-2A2)"),
        ("1C", "2019-20", "1C(1A) (ASCOF-1C1A), 1C(1B) (ASCOF-1C1B), 1C(2A) (ASCOF-1C2A), 1C(2B) (ASCOF-1C2B)"),
        ("2D", "2023-24", "2D part 1 (ASCOF23-2D1), 2D part 2 (ASCOF23-2D2)"),
        ("ASCOF23-3D", "2023-24", "3D part 1a (ASCOF23-3D1A), 3D part 1b (ASCOF23-3D1B)"),
    ],
)
def test_a_code_naming_more_than_one_measure_is_refused_with_the_choices(text, period, parts):
    with pytest.raises(CodeError) as caught:
        _read(text, period)
    message = str(caught.value)
    assert message.startswith(f"{text} ")
    assert "is more than one measure" in message
    assert parts in message


def test_the_bare_2a_means_the_new_measure_from_2023_24():
    assert _read("ASCOF 2A", "2023-24")[0] == "ASCOF23-2A"


@pytest.mark.parametrize("text", ["HAR-REV12", "Reviews", "9Z", "", "ASCOF"])
def test_text_that_is_no_ascof_code_is_not_read(text):
    assert _catalogue().resolve(text, date(2020, 4, 1), "2020-21") is None


@given(st.sampled_from([row["code"] for row in read_library() if row["code"].startswith("ASCOF-")]))
def test_every_old_code_in_its_published_form_reads_back_to_itself_before_2023(code):
    assert published(code) != code
    reading = _catalogue().resolve(published(code), date(2018, 4, 1), "2018-19")
    assert reading.code == code


@given(st.sampled_from([row for row in read_library() if row["successor_code"]]))
def test_every_old_code_with_a_successor_is_read_as_it_from_2023(row):
    reading = _catalogue().resolve(published(row["code"]), date(2024, 4, 1), "2024-25")
    assert reading.code == row["successor_code"]


@pytest.mark.parametrize(
    ("text", "key"),
    [("1C(1A)", "1C1A"), ("ascof - 1c1a", "1C1A"), ("ASCOF 2A", "2A"), ("[2A(2)]", "2A2"), ("ASCOF23-3D1A", "23:3D1A")],
)
def test_normalising_ignores_case_spaces_hyphens_and_brackets(text, key):
    assert normalise(text) == key


# ----- the library loads the successors -----------------------------------------------


@pytest.mark.django_db
def test_the_library_links_each_old_measure_to_its_successor():
    shipped_frameworks()
    load_indicator_library()
    old = Indicator.objects.get(code="ASCOF-1C1A", organisation__isnull=True)
    assert old.successor.code == "ASCOF23-3D1A"
    assert Indicator.objects.get(code="ASCOF-2A2").successor.code == "ASCOF23-2C"
    assert Indicator.objects.get(code="ASCOF-2C1").successor is None
    assert Indicator.objects.filter(successor__isnull=False).count() == 21


# ----- the import -------------------------------------------------------------------------


@pytest.fixture
def shipped(db):
    shipped_frameworks()
    load_indicator_library()


@pytest.mark.parametrize(
    ("text", "period", "code"),
    [
        ("1C(1A)", "2022-23", "ASCOF-1C1A"),
        ("1C(1A)", "2023-24", "ASCOF23-3D1A"),
        ("1C1A", "2023-24", "ASCOF23-3D1A"),
        ("2A(2)", "2019-20", "ASCOF-2A2"),
        ("ASCOF 2A", "2023-24", "ASCOF23-2A"),
        ("ASCOF-1C1A", "2019-20", "ASCOF-1C1A"),
        ("ASCOF-1C1A", "2024-25", "ASCOF23-3D1A"),
        ("3D part 1a", "2021-22", "ASCOF-1C1A"),
    ],
)
def test_the_import_reads_published_codes_by_period(harrow, shipped, text, period, code):
    result = check(observations_csv(["E09000015", text, period, "27.5", "", "", "final"]))
    assert result.ok, result.errors
    [record] = result.records
    assert Indicator.objects.get(pk=record.values["indicator_id"]).code == code


def test_the_import_refuses_an_ambiguous_code_naming_the_row_and_the_choices(harrow, shipped):
    result = check(observations_csv(["E09000015", "ASCOF 2A", "2019-20", "27.5", "", "", "final"]))
    [error] = result.errors
    assert (error.row, error.column, error.value) == (2, "indicator", "ASCOF 2A")
    assert "2A(1) (ASCOF-2A1), 2A(2) (ASCOF-2A2)" in error.reason


def test_the_import_preview_says_when_a_code_was_read_as_its_successor(client, harrow, editor, shipped):
    data = observations_csv(
        ["E09000015", "1C(1A)", "2023-24", "27.5", "", "", "final"],
        ["E09000015", "1C(1A)", "2022-23", "25", "", "", "final"],
    )
    run = engine.start_run(
        kind="observations",
        data=data,
        file_name="ascof.csv",
        table=read_table(data, "ascof.csv"),
        organisation=harrow,
        user=editor,
    )
    engine.check_run(run, user=editor)
    client.force_login(editor)

    page = BeautifulSoup(
        client.get(reverse("imports:detail", kwargs={"gss_code": harrow.gss_code, "run_id": run.pk})).content,
        "html.parser",
    )

    rows = page.find(id="preview").find_next("table").tbody.find_all("tr")
    cells = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])][2] for tr in rows]
    assert cells[0].startswith("ASCOF23-3D1A (1C(1A) for 2023-24 read as 3D part 1a")
    assert cells[1] == "ASCOF-1C1A (1C(1A) for 2022-23 read as ASCOF-1C1A)"
    engine.commit_run(run, user=editor)
    assert set(Observation.objects.values_list("indicator__code", "period_code")) == {
        ("ASCOF23-3D1A", "2023-24"),
        ("ASCOF-1C1A", "2022-23"),
    }


# ----- the library search -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("1C(1A)", {"ASCOF-1C1A", "ASCOF23-3D1A"}),
        ("1C1A", {"ASCOF-1C1A", "ASCOF23-3D1A"}),
        ("ASCOF-1C1A", {"ASCOF-1C1A", "ASCOF23-3D1A"}),
        ("2A(2)", {"ASCOF-2A2", "ASCOF23-2C"}),
        ("ASCOF 2A", {"ASCOF23-2A"}),
        ("3D part 1a", {"ASCOF23-3D1A", "ASCOF-1C1A"}),
    ],
)
def test_the_library_search_finds_published_codes_in_either_set(client, harrow, viewer, shipped, query, codes):
    client.force_login(viewer)
    response = client.get(url("library", harrow), {"q": query})
    soup = BeautifulSoup(response.content, "html.parser")
    found = {tr["data-code"] for tr in soup.select("tbody tr")}
    assert codes <= found
    assert found <= codes | {
        row["code"] for row in read_library() if query.upper().replace(" ", "") in row["code"].replace("-", "")
    }


def test_matching_is_empty_for_words():
    assert matching("care homes", [Shipped("ASCOF-1A", "ASCOF23-1A"), Shipped("ASCOF23-1A")]) == set()
