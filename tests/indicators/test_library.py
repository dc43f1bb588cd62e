from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ascent.indicators.library import COLUMNS, DEFAULT_LIBRARY, LibraryError, load_indicator_library, read_library
from ascent.indicators.models import ComparatorGroup, Indicator
from ascent.organisations.reference import load_reference_data
from tests.factories import OrganisationFactory
from tests.indicators.factories import shipped_frameworks

pytestmark = pytest.mark.django_db

OLD_SET = 29
REFRESHED_SET = 22


def _shipped_rows() -> list[dict[str, str]]:
    with DEFAULT_LIBRARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(tmp_path, rows: list[dict[str, str]], columns=COLUMNS):
    path = tmp_path / "library.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _errors(tmp_path, rows, columns=COLUMNS) -> str:
    with pytest.raises(LibraryError) as caught:
        shipped_frameworks()
        load_indicator_library(_write(tmp_path, rows, columns))
    return str(caught.value)


def test_library_loads_both_ascof_sets():
    shipped_frameworks()
    result = load_indicator_library()

    assert result.created == OLD_SET + REFRESHED_SET
    shipped = Indicator.objects.filter(organisation__isnull=True)
    assert shipped.filter(elements__framework__slug="ascof-2014").distinct().count() == OLD_SET
    assert shipped.filter(elements__framework__slug="ascof-2023").distinct().count() == REFRESHED_SET


@pytest.mark.parametrize(
    ("code", "unit", "polarity", "tags"),
    [
        ("ASCOF-1A", "score", "higher_is_better", ["ascof-2014 1 Enhancing quality of life"]),
        (
            "ASCOF-1C1A",
            "percent",
            "higher_is_better",
            ["ascof-2014 1 Enhancing quality of life", "cqc-la-assessment QS1"],
        ),
        ("ASCOF-1E", "percent", "higher_is_better", ["ascof-2014 1 Enhancing quality of life"]),
        ("ASCOF-2A2", "per_100k", "lower_is_better", ["ascof-2014 2 Delaying and reducing", "cqc-la-assessment QS4"]),
        ("ASCOF-2C2", "per_100k", "lower_is_better", ["ascof-2014 2 Delaying and reducing"]),
        ("ASCOF-3A", "percent", "higher_is_better", ["ascof-2014 3 Ensuring that people", "cqc-la-assessment QS1"]),
        ("ASCOF-4B", "percent", "higher_is_better", ["ascof-2014 4 Safeguarding adults", "cqc-la-assessment QS7"]),
        ("ASCOF23-2A", "percent", "higher_is_better", ["ascof-2023 2 Independence", "cqc-la-assessment QS4"]),
        ("ASCOF23-2B", "per_100k", "lower_is_better", ["ascof-2023 2 Independence"]),
        ("ASCOF23-3D2A", "percent", "higher_is_better", ["ascof-2023 3 Empowerment"]),
        ("ASCOF23-5B", "percent", "higher_is_better", ["ascof-2023 5 Social connections"]),
    ],
)
def test_shipped_indicators_have_their_unit_polarity_and_elements(code, unit, polarity, tags):
    shipped_frameworks()
    load_indicator_library()

    indicator = Indicator.objects.get(organisation__isnull=True, code=code)
    assert (indicator.unit, indicator.polarity) == (unit, polarity)
    held = sorted(
        f"{tag.element.framework.slug} {tag.element.label}"
        for tag in indicator.element_tags.filter(organisation__isnull=True).select_related("element__framework")
    )
    assert len(held) == len(tags)
    for got, wanted in zip(held, sorted(tags), strict=True):
        assert got.startswith(wanted)
    assert indicator.decimals == 1
    assert indicator.frequency == "annual"
    assert indicator.title and indicator.definition and indicator.source


def test_percentage_definitions_name_their_numerator_and_denominator():
    shipped_frameworks()
    load_indicator_library()

    indicator = Indicator.objects.get(organisation__isnull=True, code="ASCOF-1C1A")
    assert "Numerator:" in indicator.definition
    assert "denominator:" in indicator.definition
    assert indicator.source == "SALT"


def test_survey_of_carers_measures_say_the_survey_is_every_two_years():
    shipped_frameworks()
    load_indicator_library()

    assert "every two years" in Indicator.objects.get(code="ASCOF-3B").source


def test_unconfirmed_refreshed_measures_say_so_and_confirmed_ones_do_not():
    shipped_frameworks()
    load_indicator_library()

    assert "confirm against the official handbook" in Indicator.objects.get(code="ASCOF23-4A").source
    assert "confirm against the official handbook" not in Indicator.objects.get(code="ASCOF23-2B").source


def test_the_unfound_workforce_and_quality_measures_are_not_shipped():
    shipped_frameworks()
    load_indicator_library()

    assert not Indicator.objects.filter(code__startswith="ASCOF23-6").exists()


def test_library_codes_follow_the_agreed_format():
    shipped_frameworks()
    load_indicator_library()

    for indicator in Indicator.objects.filter(organisation__isnull=True):
        slug = indicator.element_tags.get(element__framework__slug__startswith="ascof-").element.framework.slug
        prefix = "ASCOF-" if slug == "ascof-2014" else "ASCOF23-"
        assert indicator.code.startswith(prefix)
        assert "(" not in indicator.code and " " not in indicator.code


def test_loading_twice_adds_nothing():
    shipped_frameworks()
    load_indicator_library()

    shipped_frameworks()
    again = load_indicator_library()

    assert (again.created, again.updated, again.unchanged) == (0, 0, OLD_SET + REFRESHED_SET)
    assert Indicator.objects.count() == OLD_SET + REFRESHED_SET


def test_a_corrected_definition_updates_the_indicator_and_keeps_its_history(tmp_path):
    shipped_frameworks()
    load_indicator_library()
    rows = _shipped_rows()
    rows[0]["definition"] = "A corrected definition."

    shipped_frameworks()
    result = load_indicator_library(_write(tmp_path, rows))

    assert (result.created, result.updated) == (0, 1)
    indicator = Indicator.objects.get(code=rows[0]["code"])
    assert indicator.definition == "A corrected definition."
    assert indicator.history.count() == 2


def test_local_indicators_with_a_shipped_code_are_left_alone(harrow):
    local = Indicator.objects.create(
        organisation=harrow, code="ASCOF-1E", title="Our own version", unit="percent", polarity="neither"
    )

    shipped_frameworks()
    load_indicator_library()

    local.refresh_from_db()
    assert local.title == "Our own version"
    assert Indicator.objects.filter(code="ASCOF-1E").count() == 2


def test_an_unknown_unit_is_refused_naming_the_row_and_field(tmp_path):
    rows = _shipped_rows()
    rows[4]["unit"] = "percentage"

    message = _errors(tmp_path, rows)

    assert f"row 6 ({rows[4]['code']}): unit 'percentage' is not one of" in message


def test_every_bad_row_is_reported_and_nothing_is_saved(tmp_path):
    rows = _shipped_rows()
    rows[0]["polarity"] = "up"
    rows[1]["decimals"] = "one"
    rows[2]["title"] = ""

    message = _errors(tmp_path, rows)

    assert "row 2 (ASCOF-1A): polarity 'up' is not one of" in message
    assert "row 3 (ASCOF-1B): decimals must be a whole number, not 'one'" in message
    assert "row 4 (ASCOF-1C1A): title is empty" in message
    assert not Indicator.objects.exists()


def test_a_code_whose_set_it_is_not_tagged_with_is_refused(tmp_path):
    rows = _shipped_rows()
    rows[0]["elements"] = "ascof-2023:objective-1"

    assert "row 2 (ASCOF-1A): elements must include a domain or objective of ascof-2014 for code 'ASCOF-1A'" in _errors(
        tmp_path, rows
    )


def test_a_code_of_no_set_is_refused(tmp_path):
    rows = _shipped_rows()
    rows[0]["code"] = "LOCAL-1"

    assert "row 2 (LOCAL-1): code 'LOCAL-1' must start with 'ASCOF-' or 'ASCOF23-'" in _errors(tmp_path, rows)


def test_a_badly_written_tag_is_refused(tmp_path):
    rows = _shipped_rows()
    rows[0]["elements"] = "ascof-2014:domain-1 QS7"

    assert "row 2 (ASCOF-1A): elements: 'QS7' is not framework-slug:element-key" in _errors(tmp_path, rows)


def test_an_element_the_framework_does_not_have_is_refused(tmp_path):
    rows = _shipped_rows()
    rows[0]["elements"] = "ascof-2014:domain-9"

    assert "(ASCOF-1A): framework ascof-2014 has no element domain-9" in _errors(tmp_path, rows)
    assert not Indicator.objects.exists()


def test_the_frameworks_must_be_loaded_first():
    with pytest.raises(LibraryError) as caught:
        load_indicator_library()

    message = str(caught.value)
    assert "ascof-2014, ascof-2023, cqc-la-assessment are not loaded" in message
    assert "run python manage.py load_frameworks before loading the indicator library" in message
    assert not Indicator.objects.exists()


def test_the_command_says_so_when_the_frameworks_are_not_loaded():
    with pytest.raises(CommandError, match="python manage.py load_frameworks"):
        call_command("load_indicators", stdout=StringIO())


def test_loading_keeps_shipped_tags_as_the_file_says_and_leaves_a_councils_own(tmp_path, harrow):
    from ascent.frameworks.models import Element
    from ascent.indicators.models import IndicatorElement

    shipped_frameworks()
    load_indicator_library()
    indicator = Indicator.objects.get(code="ASCOF-4A")
    own = Element.objects.get(framework__slug="teasc-risk-awareness", key="domain-1")
    IndicatorElement.objects.create(indicator=indicator, element=own, organisation=harrow)
    rows = _shipped_rows()
    row = next(row for row in rows if row["code"] == "ASCOF-4A")
    row["elements"] = "ascof-2014:domain-4 cqc-la-assessment:qs-6"

    load_indicator_library(_write(tmp_path, rows))

    shipped = indicator.element_tags.filter(organisation__isnull=True).values_list("element__key", flat=True)
    assert sorted(shipped) == ["domain-4", "qs-6"]
    assert indicator.element_tags.filter(organisation=harrow, element=own).exists()
    again = load_indicator_library(_write(tmp_path, rows))
    assert again.unchanged == OLD_SET + REFRESHED_SET


def test_a_repeated_code_is_refused_naming_both_rows(tmp_path):
    rows = _shipped_rows()
    rows[3]["code"] = rows[0]["code"]

    assert "row 5 (ASCOF-1A): code ASCOF-1A is already used on row 2" in _errors(tmp_path, rows)


def test_a_missing_column_is_refused(tmp_path):
    columns = [column for column in COLUMNS if column != "polarity"]

    assert "the header row has no column polarity" in _errors(tmp_path, _shipped_rows(), columns)


def test_an_over_long_title_is_refused(tmp_path):
    rows = _shipped_rows()
    rows[0]["title"] = "x" * 301

    assert "row 2 (ASCOF-1A): title is 301 characters long; at most 300 are allowed" in _errors(tmp_path, rows)


def test_a_row_with_too_many_values_is_refused(tmp_path):
    path = tmp_path / "library.csv"
    row = ",".join(_shipped_rows()[0][column] for column in COLUMNS[:4])
    path.write_text(",".join(COLUMNS) + "\n" + row + ",Title,Definition,percent,neither,1,annual,SALT,0,100,extra\n")

    with pytest.raises(LibraryError, match="row 2 .*has more values than the header has columns"):
        read_library(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(LibraryError, match="no such file"):
        read_library(tmp_path / "absent.csv")


def test_command_loads_the_library_and_the_builtin_comparator_groups():
    load_reference_data()
    out = StringIO()

    shipped_frameworks()
    call_command("load_indicators", stdout=out)

    assert f"Indicator library: {OLD_SET + REFRESHED_SET} added, 0 updated, 0 unchanged" in out.getvalue()
    assert "Built-in comparator groups:" in out.getvalue()
    assert ComparatorGroup.objects.filter(slug="london-boroughs").exists()


def test_command_twice_reports_nothing_new():
    OrganisationFactory()
    shipped_frameworks()
    call_command("load_indicators", stdout=StringIO())
    out = StringIO()

    shipped_frameworks()
    call_command("load_indicators", stdout=out)

    assert f"Indicator library: 0 added, 0 updated, {OLD_SET + REFRESHED_SET} unchanged" in out.getvalue()


def test_command_fails_with_the_file_errors(tmp_path):
    rows = _shipped_rows()
    rows[0]["unit"] = "stone"

    with pytest.raises(CommandError, match="row 2 \\(ASCOF-1A\\): unit 'stone'"):
        shipped_frameworks()
        call_command("load_indicators", file=_write(tmp_path, rows), stdout=StringIO())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_min": "24", "valid_max": "0"}, "row 2 (ASCOF-1A): valid_min (24) must not be more than valid_max (0)"),
        ({"valid_max": "twenty-four"}, "row 2 (ASCOF-1A): valid_max must be a number or blank, not 'twenty-four'"),
        ({"valid_min": "NaN"}, "row 2 (ASCOF-1A): valid_min must be a number or blank, not 'NaN'"),
    ],
)
def test_a_bad_valid_range_refuses_the_file(tmp_path, changes, message):
    rows = _shipped_rows()
    rows[0].update(changes)
    assert message in _errors(tmp_path, rows)
    assert not Indicator.objects.exists()


def test_a_corrected_range_updates_the_indicator_keeping_the_earlier_one_in_its_history(tmp_path):
    shipped_frameworks()
    load_indicator_library()
    rows = _shipped_rows()
    rows[6]["valid_max"] = "15"  # ASCOF-1D
    shipped_frameworks()
    result = load_indicator_library(_write(tmp_path, rows))
    assert (result.updated, result.unchanged) == (1, OLD_SET + REFRESHED_SET - 1)
    carers = Indicator.objects.get(code="ASCOF-1D")
    assert carers.valid_max == 15
    assert [h.valid_max for h in carers.history.order_by("history_date")] == [12, 15]
