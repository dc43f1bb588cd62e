from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from ascent.organisations.models import Organisation, Region
from ascent.organisations.reference import DATA_DIR, ReferenceDataError, load_reference_data

pytestmark = pytest.mark.django_db


def test_it_loads_nine_regions_and_153_councils():
    load_reference_data()
    assert Region.objects.count() == 9
    assert Organisation.objects.count() == 153
    harrow = Organisation.objects.get(gss_code="E09000015")
    assert (harrow.name, harrow.council_type, harrow.region.adass_name) == ("Harrow", "London borough", "London")
    assert Region.objects.get(code="E12000006").adass_name == "Eastern"
    counts = {t: Organisation.objects.filter(council_type=t).count() for t in ["London borough", "county council"]}
    assert counts == {"London borough": 32, "county council": 21}


def test_loading_twice_adds_nothing(capsys):
    call_command("load_reference_data")
    call_command("load_reference_data")
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "regions: 0 added, 0 updated, 9 unchanged",
        "organisations: 0 added, 0 updated, 153 unchanged",
    ]
    assert Organisation.objects.count() == 153


def test_it_corrects_a_changed_name():
    load_reference_data()
    Organisation.objects.filter(gss_code="E09000015").update(name="Old name")
    result = load_reference_data()
    assert result["organisations"].updated == 1
    assert Organisation.objects.get(gss_code="E09000015").name == "Harrow"


def test_it_refuses_a_council_with_an_unknown_region(tmp_path: Path):
    (tmp_path / "regions.csv").write_text((DATA_DIR / "regions.csv").read_text())
    (tmp_path / "councils.csv").write_text(
        "gss_code,name,council_type,region_gss_code,region_name\nE09000999,Nowhere,London borough,E12999999,X\n"
    )
    with pytest.raises(ReferenceDataError, match="row 2: unknown region"):
        load_reference_data(tmp_path)
    assert Organisation.objects.count() == 0, "nothing is half-saved"


def test_the_shipped_copy_matches_the_shared_reference_when_present():
    shared = Path(__file__).resolve().parents[3] / "shared" / "reference" / "councils.csv"
    if not shared.exists():
        pytest.skip("../shared is not beside the project")
    assert (DATA_DIR / "councils.csv").read_text() == shared.read_text()
