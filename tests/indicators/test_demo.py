from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ascent.core.rag import DesiredChange, Polarity
from ascent.indicators import demo
from ascent.indicators.demo import load_demo_performance
from ascent.indicators.illustrative import MEASURE_CODES, YEARS, generate, load_illustrative_data
from ascent.indicators.library import load_indicator_library
from ascent.indicators.models import Indicator, IndicatorGroup, Observation, Target
from ascent.organisations.demo import DemoDataError
from ascent.organisations.models import CouncilType, Organisation
from ascent.organisations.reference import load_reference_data
from tests.indicators.factories import shipped_frameworks

pytestmark = pytest.mark.django_db

HARROW = "E09000015"
HEREFORDSHIRE = "E06000019"


@pytest.fixture
def councils(db):
    load_reference_data()


@pytest.fixture
def without_benchmarking(monkeypatch):
    """The councils' own figures only: the illustrative set takes a few seconds and has its own tests."""
    monkeypatch.setattr(demo, "load_illustrative_data", lambda: 0)


def _value(gss_code: str, code: str, period_code: str) -> Observation:
    return Observation.objects.get(
        organisation__gss_code=gss_code,
        indicator__code=code,
        indicator__organisation__isnull=True,
        period_code=period_code,
    )


def _local(gss_code: str, code: str, period_code: str) -> Observation:
    return Observation.objects.get(
        organisation__gss_code=gss_code,
        indicator__organisation__gss_code=gss_code,
        indicator__code=code,
        period_code=period_code,
    )


@pytest.mark.parametrize(
    ("code", "period_code", "value", "status"),
    [
        ("ASCOF-1C1A", "2015-16-Q3", "83", "provisional"),
        ("ASCOF-1C2A", "2015-16-Q3", "44", "provisional"),
        ("ASCOF-1C1B", "2015-16-Q3", "100", "provisional"),
        ("ASCOF-1C2B", "2015-16-Q3", "100", "provisional"),
        ("ASCOF-1E", "2014-15", "14", "final"),
        ("ASCOF-1F", "2015-16-Q3", "6.4", "provisional"),
        ("ASCOF-2B1", "2017-18", "75.7", "final"),
        ("ASCOF-2B1", "2018-19", "93.1", "final"),
    ],
)
def test_harrow_gets_the_figures_its_papers_give(councils, without_benchmarking, code, period_code, value, status):
    load_demo_performance()

    observation = _value(HARROW, code, period_code)
    assert observation.value == Decimal(value)
    assert observation.status == status
    assert not observation.is_illustrative


def test_harrow_reviews_are_a_local_indicator_with_a_90_per_cent_target(councils, without_benchmarking):
    load_demo_performance()

    indicator = Indicator.objects.get(organisation__gss_code=HARROW, code="HAR-REV12")
    assert indicator.title == "People with long-term support reviewed in the last 12 months"
    assert (indicator.unit, indicator.polarity, indicator.is_local) == ("percent", "higher_is_better", True)
    assert _local(HARROW, "HAR-REV12", "2015-16-Q3").value == Decimal("81")
    assert not Observation.objects.filter(indicator=indicator, period_code="2015-16").exists()
    # The end-of-year target applies to the quarter's value.
    target = Target.objects.get(indicator=indicator, period_code="2015-16")
    assert (target.kind, target.comparison, target.value) == ("threshold", "at_least", Decimal("90"))


def test_harrow_scorecard_group_holds_the_board_measures_in_order(councils, without_benchmarking):
    load_demo_performance()

    group = IndicatorGroup.objects.get(organisation__gss_code=HARROW, name="Adult social care monthly scorecard")
    codes = [item.indicator.code for item in group.items.select_related("indicator")]
    assert codes[:5] == ["ASCOF-1C1A", "ASCOF-1C2A", "ASCOF-1C1B", "ASCOF-1C2B", "HAR-REV12"]
    assert {"ASCOF-1E", "ASCOF-1F"} <= set(codes)


@pytest.mark.parametrize(
    ("code", "baseline", "wording", "latest"),
    [
        ("HAR-RH-NEWLTS", "7.2", "Maintain or Lower", "5.7"),
        ("HAR-RH-DTOC-ALL", "7.8", "Lower", "5.5"),
        ("HAR-RH-DTOC-ASC", "2.1", "Lower", "1.7"),
        ("HAR-RH-DTOC-JOINT", "0.3", "Lower", "0.2"),
        ("HAR-RH-REAB-COVER", "7.1", "Lower", "3.9"),
        ("HAR-RH-REAB-OUTCOME", "59", "Increase", "75"),
    ],
)
def test_resilient_harrow_kpi_table_is_loaded(councils, without_benchmarking, code, baseline, wording, latest):
    load_demo_performance()

    assert _local(HARROW, code, "2019-M03").value == Decimal(baseline)
    assert _local(HARROW, code, "2019-M10").value == Decimal(latest)
    target = Target.objects.get(organisation__gss_code=HARROW, indicator__code=code)
    assert target.kind == "direction"
    assert target.change == DesiredChange.from_text(wording)
    assert target.baseline_value == Decimal(baseline)
    assert target.baseline_label == "Mar '19"
    assert target.period_code == "2019-20"


def test_resilient_harrow_kpis_are_grouped_in_the_table_order(councils, without_benchmarking):
    load_demo_performance()

    group = IndicatorGroup.objects.get(organisation__gss_code=HARROW, name="Resilient Harrow programme KPIs")
    codes = [item.indicator.code for item in group.items.select_related("indicator")]
    assert codes == [
        "HAR-RH-NEWLTS",
        "HAR-RH-DTOC-ALL",
        "HAR-RH-DTOC-ASC",
        "HAR-RH-DTOC-JOINT",
        "HAR-RH-REAB-COVER",
        "HAR-RH-REAB-OUTCOME",
    ]


def test_harrow_kpi_targets_are_met_by_the_october_figures(councils, without_benchmarking):
    from ascent.core.rag import RAG, evaluate

    load_demo_performance()

    for target in Target.objects.filter(organisation__gss_code=HARROW, kind="direction").select_related("indicator"):
        latest = _local(HARROW, target.indicator.code, "2019-M10").value
        rating = evaluate(
            target.rule(), latest, baseline=target.baseline_value, polarity=Polarity(target.indicator.polarity)
        )
        assert rating is RAG.GREEN, target.indicator.code


def test_made_up_ascof_targets_rate_harrows_latest_year_and_say_they_are_made_up(councils):
    from ascent.core.rag import RAG
    from ascent.indicators.scorecard import build_scorecard

    load_demo_performance()

    targets = Target.objects.filter(organisation__gss_code=HARROW, indicator__organisation__isnull=True)
    assert {(t.indicator.code, t.period_code) for t in targets} == {(c, y) for c, y, *_ in demo.DEMO_ASCOF_TARGETS}
    assert all("made up" in target.note for target in targets)

    scorecard = build_scorecard(Organisation.objects.get(gss_code=HARROW))
    rated = {row.indicator.code: row.rag for row in scorecard.rows if row.target is not None}
    for code, *_ in demo.DEMO_ASCOF_TARGETS:
        assert rated[code] in {RAG.RED, RAG.AMBER, RAG.GREEN}, code
    # Harrow's real 2018-19 reablement figure (93.1%) beats the made-up 90% target, and the
    # figures the review calls strong are not rated below their made-up targets.
    assert rated["ASCOF-2B1"] is RAG.GREEN
    assert rated["ASCOF-1C1A"] is RAG.GREEN
    assert rated["ASCOF-1C2A"] is RAG.GREEN
    assert rated["ASCOF-1E"] is RAG.GREEN


def test_herefordshire_gets_the_figures_from_its_peer_challenge(councils, without_benchmarking):
    load_demo_performance()

    assert _local(HEREFORDSHIRE, "HER-ART-CALLS", "2014-M06").value == Decimal("320")
    assert _local(HEREFORDSHIRE, "HER-ART-VOICEMAIL", "2014-M06").value == Decimal("25")
    assert _local(HEREFORDSHIRE, "HER-DP-CLAWBACK", "2013-14").value == Decimal("929000")
    group = IndicatorGroup.objects.get(organisation__gss_code=HEREFORDSHIRE)
    assert group.items.count() == 3


def test_one_councils_local_indicators_are_not_another_councils(councils, without_benchmarking):
    load_demo_performance()

    herefordshire = Organisation.objects.get(gss_code=HEREFORDSHIRE)
    assert not Indicator.objects.for_organisation(herefordshire).filter(code__startswith="HAR-").exists()


def test_a_changed_demo_figure_is_put_back_on_the_next_run(councils, without_benchmarking):
    load_demo_performance()
    observation = _value(HARROW, "ASCOF-1C1A", "2015-16-Q3")
    observation.value = Decimal("50")
    observation.save()

    load_demo_performance()

    observation.refresh_from_db()
    assert observation.value == Decimal("83")
    assert observation.history.count() == 3


def test_the_demo_loads_the_indicator_library_itself(councils, without_benchmarking):
    load_demo_performance()

    assert Indicator.objects.filter(organisation__isnull=True, code__startswith="ASCOF-").count() == 29


def test_the_demo_needs_the_reference_data(db):
    with pytest.raises(DemoDataError, match="reference data"):
        load_demo_performance()


def test_running_the_demo_twice_adds_nothing(councils):
    first = load_demo_performance()
    counts = (Indicator.objects.count(), Observation.objects.count(), Target.objects.count())
    groups = IndicatorGroup.objects.count()

    second = load_demo_performance()

    assert (Indicator.objects.count(), Observation.objects.count(), Target.objects.count()) == counts
    assert IndicatorGroup.objects.count() == groups
    assert "(7635 added, 0 corrected, 0 removed)" in first
    assert "(0 added, 0 corrected, 0 removed)" in second
    assert "(1" not in second


#: Harrow's illustrative years left out, by measure: those holding a real value and those after
#: its latest one (1C1A and 1C2A: Q3 2015/16; 1E: 2014-15; 2B1: 2017-18 and 2018-19).
HARROW_SHADOWED = {"ASCOF-1C1A": 4, "ASCOF-1C2A": 4, "ASCOF-1E": 5, "ASCOF-2B1": 2}


def test_illustrative_set_covers_every_council_measure_and_year_except_real_values(councils):
    load_demo_performance()

    illustrative = Observation.objects.filter(is_illustrative=True)
    assert Organisation.objects.count() == 153
    assert illustrative.count() == 153 * len(MEASURE_CODES) * len(YEARS) - sum(HARROW_SHADOWED.values())
    harrow = illustrative.filter(organisation__gss_code=HARROW)
    assert sorted(harrow.filter(indicator__code="ASCOF-1C1A").values_list("period_code", flat=True)) == ["2014-15"]
    assert not harrow.filter(indicator__code="ASCOF-1E").exists()
    assert sorted(harrow.filter(indicator__code="ASCOF-2B1").values_list("period_code", flat=True)) == [
        "2014-15",
        "2015-16",
        "2016-17",
    ]
    assert illustrative.values("organisation").distinct().count() == 153
    assert set(illustrative.values_list("indicator__code", flat=True).distinct()) == set(MEASURE_CODES)
    assert not illustrative.filter(numerator__isnull=True).exists()
    assert not illustrative.filter(denominator__isnull=True).exists()
    assert (
        not Observation.objects.filter(indicator__code__in=MEASURE_CODES, is_illustrative=False)
        .exclude(organisation__gss_code=HARROW)
        .exists()
    )


def test_harrow_real_learning_disability_employment_ranks_second_in_london(councils):
    load_demo_performance()

    values = dict(
        Observation.objects.filter(
            indicator__code="ASCOF-1E",
            indicator__organisation__isnull=True,
            period_code="2014-15",
            organisation__council_type=CouncilType.LONDON_BOROUGH,
        ).values_list("organisation__gss_code", "value")
    )
    harrow = values[HARROW]
    rank = 1 + sum(1 for value in values.values() if value > harrow)
    assert len(values) == 32
    assert harrow == Decimal("14")
    assert rank == 2
    assert sum(1 for value in values.values() if value == harrow) == 1, "no borough ties with Harrow"


def test_illustrative_values_agree_with_their_numerators_and_denominators(councils):
    load_demo_performance()

    for observation in Observation.objects.filter(is_illustrative=True).select_related("indicator")[:2000]:
        per = 100_000 if observation.indicator.unit == "per_100k" else 100
        exact = observation.numerator * per / observation.denominator
        assert abs(exact - observation.value) <= Decimal("0.05")


# ----- the generator on its own (no database) --------------------------------------------


def test_generation_is_deterministic_whatever_other_councils_exist():
    alone = generate([(HARROW, CouncilType.LONDON_BOROUGH)])
    with_others = generate([(HARROW, CouncilType.LONDON_BOROUGH), ("E09000002", CouncilType.LONDON_BOROUGH)])

    for key, cell in alone.items():
        assert (cell.numerator, cell.denominator) == (with_others[key].numerator, with_others[key].denominator)


def test_generated_values_stay_within_plausible_ranges():
    cells = generate([(f"E0800{n:04d}", CouncilType.METROPOLITAN) for n in range(40)])

    for (_gss, code, _year), cell in cells.items():
        if code in ("ASCOF-2A1", "ASCOF-2A2"):
            assert 0 <= cell.value <= 1200
        else:
            assert 0 <= cell.value <= 100
    direct = [c.value for (_g, code, _y), c in cells.items() if code == "ASCOF-1C2A"]
    assert sum(direct) / len(direct) < 40


def test_a_councils_series_runs_near_its_real_values():
    real = {(HARROW, "ASCOF-1C1A", 2015): Decimal("83")}

    cells = generate([(HARROW, CouncilType.LONDON_BOROUGH)], real)

    series = [cells[(HARROW, "ASCOF-1C1A", year)].value for year in YEARS if year != 2015]
    assert abs(sum(series) / len(series) - Decimal("83")) < 8


def test_direct_payments_never_exceed_self_directed_support():
    cells = generate([(f"E0600{n:04d}", CouncilType.UNITARY) for n in range(60)])

    for (gss, code, year), cell in cells.items():
        if code == "ASCOF-1C2A":
            assert cell.value <= cells[(gss, "ASCOF-1C1A", year)].value


def test_illustrative_data_never_replaces_a_real_value(councils):
    shipped_frameworks()
    load_indicator_library()
    camden = Organisation.objects.get(name="Camden")
    real = Observation(
        organisation=camden, indicator=Indicator.objects.get(code="ASCOF-1G"), value=Decimal("55"), numerator=None
    )
    real.set_period("2016-17")
    real.save()

    added = load_illustrative_data()

    real.refresh_from_db()
    assert (real.value, real.is_illustrative) == (Decimal("55"), False)
    # Nor is an illustrative value made for that year or any later one, to hide it.
    assert added.added == 153 * len(MEASURE_CODES) * len(YEARS) - 3
    assert not Observation.objects.filter(
        organisation=camden, indicator__code="ASCOF-1G", is_illustrative=True
    ).exclude(period_code__in=["2014-15", "2015-16"])


# ----- demo honesty: real figures at their real periods, never shadowed ------------------


def _harrow_row(code: str):
    from ascent.indicators.scorecard import build_scorecard

    scorecard = build_scorecard(Organisation.objects.get(gss_code=HARROW))
    return next(row for row in scorecard.rows if row.indicator.code == code)


def test_the_demo_scorecard_shows_harrows_real_83_per_cent_at_q3_2015_16(councils):
    load_demo_performance()

    row = _harrow_row("ASCOF-1C1A")
    assert row.latest_value == Decimal("83")
    assert row.latest_period_label == "Q3 2015/16"
    assert not row.latest.is_illustrative
    assert not row.is_illustrative
    # Harrow's real 93.1% for 2018-19 is its latest reablement value; the baseline before it is made up.
    reablement = _harrow_row("ASCOF-2B1")
    assert (reablement.latest_value, reablement.latest.is_illustrative) == (Decimal("93.1"), False)
    assert reablement.baseline_is_illustrative and not reablement.latest_is_illustrative


def _london(code: str, period_code: str, **filters) -> dict[str, Decimal]:
    return dict(
        Observation.objects.filter(
            indicator__code=code, indicator__organisation__isnull=True, period_code=period_code, **filters
        ).values_list("organisation__gss_code", "value")
    )


@pytest.mark.parametrize(("code", "real"), [("ASCOF-1C1A", Decimal("83")), ("ASCOF-1C2A", Decimal("44"))])
def test_harrows_strong_q3_figures_are_in_londons_top_quarter_of_made_up_peers(councils, code, real):
    from ascent.indicators.benchmark import quartile

    load_demo_performance()

    for filters, size in (
        ({"organisation__council_type": CouncilType.LONDON_BOROUGH}, 32),
        ({"organisation__region__name": "London"}, 33),
    ):
        peers = _london(code, "2015-16", **filters)
        assert HARROW not in peers, "no made-up full-year value beside the real quarter"
        rank = 1 + sum(1 for value in peers.values() if value > real)
        assert len(peers) + 1 == size
        assert quartile(rank, size) == 1, (code, rank, size)


def test_harrows_learning_disability_employment_is_second_in_the_london_region_too(councils):
    load_demo_performance()

    values = _london("ASCOF-1E", "2014-15", organisation__region__name="London")
    assert 1 + sum(1 for value in values.values() if value > values[HARROW]) == 2


def test_made_up_peers_series_stay_smooth_after_placing(councils):
    load_demo_performance()

    for gss_code in _london("ASCOF-1C1A", "2015-16", organisation__council_type=CouncilType.LONDON_BOROUGH):
        series = [_value(gss_code, "ASCOF-1C1A", f"{year}-{(year + 1) % 100:02d}").value for year in YEARS]
        steps = [abs(b - a) for a, b in zip(series, series[1:], strict=False)]
        assert max(steps) < 15, (gss_code, series)


def test_running_the_demo_again_corrects_data_an_earlier_demo_loaded(councils):
    load_demo_performance()
    harrow = Organisation.objects.get(gss_code=HARROW)
    # As the earlier demo left it: the Q3 figure stored as the full year, made-up later years
    # beside it, a made-up target for 2018-19 and a peer's value from the earlier generator.
    real = _value(HARROW, "ASCOF-1C1A", "2015-16-Q3")
    real.set_period("2015-16")
    real.save()
    indicator = real.indicator
    for year in ("2016-17", "2017-18", "2018-19"):
        made_up = Observation(organisation=harrow, indicator=indicator, value=Decimal("80.9"), is_illustrative=True)
        made_up.set_period(year)
        made_up.save()
    old_target = Target(organisation=harrow, indicator=indicator, kind="threshold", comparison="at_least")
    old_target.value, old_target.note = Decimal("85"), demo.DEMO_TARGET_NOTE
    old_target.set_period("2018-19")
    old_target.save()
    camden = _value("E09000007", "ASCOF-1C1A", "2016-17")
    right = camden.value
    camden.value = Decimal("99.9")
    camden.save()

    summary = load_demo_performance()

    moved = _value(HARROW, "ASCOF-1C1A", "2015-16-Q3")
    assert moved.pk == real.pk and moved.value == Decimal("83")
    assert "moved from 2015-16" in moved.history.first().history_change_reason
    assert not Observation.objects.filter(organisation=harrow, indicator=indicator).exclude(
        period_code__in=["2014-15", "2015-16-Q3"]
    )
    assert not Target.objects.filter(pk=old_target.pk).exists()
    camden.refresh_from_db()
    assert camden.value == right
    assert "(0 added, 1 corrected, 3 removed)" in summary
    assert "22 figures (0 added, 1 moved to their real period)" in summary
    assert _harrow_row("ASCOF-1C1A").latest_value == Decimal("83")


# ----- the generator's placing rule on its own (no database) -----------------------------

LONDON = "E12000007"


def _boroughs() -> list[tuple[str, str, str]]:
    councils = [(f"E090000{n:02d}", CouncilType.LONDON_BOROUGH, LONDON) for n in range(2, 34)]
    return [*councils, ("E09000001", CouncilType.SUI_GENERIS, LONDON)]


def test_a_real_value_a_paper_calls_strong_is_placed_in_the_top_quarter():
    from ascent.indicators.benchmark import quartile

    real = {(HARROW, "ASCOF-1C1A", 2015): Decimal("83"), (HARROW, "ASCOF-1E", 2014): Decimal("14")}

    cells = generate(_boroughs(), real)

    others = [cells[(gss, "ASCOF-1C1A", 2015)].value for gss, *_ in _boroughs() if gss != HARROW]
    rank = 1 + sum(1 for value in others if value > Decimal("83"))
    assert quartile(rank, len(others) + 1) == 1
    employment = [cells[(gss, "ASCOF-1E", 2014)].value for gss, *_ in _boroughs() if gss != HARROW]
    assert 1 + sum(1 for value in employment if value > Decimal("14")) == 2
    assert all(value != Decimal("14") for value in employment)


@settings(max_examples=25, deadline=None)
@given(
    self_directed=st.decimals(min_value=50, max_value=99, places=1),
    employment=st.decimals(min_value=2, max_value=19, places=1),
    boroughs=st.integers(min_value=8, max_value=32),
)
def test_real_values_always_stand_where_the_paper_puts_them(self_directed, employment, boroughs):
    from ascent.indicators.benchmark import quartile

    councils = [(HARROW, CouncilType.LONDON_BOROUGH, LONDON)] + [
        (f"E090001{n:02d}", CouncilType.LONDON_BOROUGH, LONDON) for n in range(boroughs - 1)
    ]
    real = {(HARROW, "ASCOF-1C1A", 2015): self_directed, (HARROW, "ASCOF-1E", 2014): employment}

    cells = generate(councils, real)

    others = [gss for gss, *_ in councils if gss != HARROW]
    better = sum(1 for gss in others if cells[(gss, "ASCOF-1C1A", 2015)].value > self_directed)
    assert quartile(better + 1, boroughs) == 1
    assert 1 + sum(1 for gss in others if cells[(gss, "ASCOF-1E", 2014)].value > employment) == 2
    assert all(cells[(gss, "ASCOF-1E", 2014)].value != employment for gss in others)
    for gss in others:  # direct payments stay within self-directed support
        for year in YEARS:
            assert cells[(gss, "ASCOF-1C2A", year)].value <= cells[(gss, "ASCOF-1C1A", year)].value


def test_the_demo_scorecard_page_shows_harrows_83_per_cent_as_real(client, viewer):
    from bs4 import BeautifulSoup
    from django.urls import reverse

    from ascent.organisations.models import Membership, Role

    load_reference_data()
    load_demo_performance()
    harrow = Organisation.objects.get(gss_code=HARROW)
    Membership.objects.update_or_create(user=viewer, organisation=harrow, defaults={"role": Role.VIEWER})
    client.force_login(viewer)

    response = client.get(reverse("indicators:scorecard", kwargs={"gss_code": HARROW}))

    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.select_one('tr[data-code="ASCOF-1C1A"]')
    latest = row.find_all("td")[2].get_text(" ", strip=True)
    assert latest.startswith("83.0% Q3 2015/16")
    assert not row.has_attr("data-illustrative")
    assert row.th.select_one("[data-source]").get_text(strip=True) == "Real"
    assert "Illustrative: not official statistics" in soup.select_one(".govuk-warning-text").get_text()


def test_harrows_self_directed_support_page_benchmarks_a_year_other_boroughs_report(client, councils):
    """The QA report: Harrow's ASCOF-1C1A page opened on Q3 2015/16, where only Harrow has a value
    ("1st of 1 London boroughs"). It opens on 2015-16, which other boroughs report, and says why
    Harrow's Q3 figure is not ranked there."""
    from bs4 import BeautifulSoup
    from django.urls import reverse

    from ascent.organisations.models import Role

    from ..factories import MembershipFactory, UserFactory

    load_demo_performance()
    harrow = Organisation.objects.get(gss_code=HARROW)
    user = MembershipFactory(organisation=harrow, role=Role.VIEWER, user=UserFactory(email="v@harrow.example")).user
    indicator = Indicator.objects.get(code="ASCOF-1C1A", organisation__isnull=True)
    client.force_login(user)
    response = client.get(reverse("indicators:detail", kwargs={"gss_code": HARROW, "indicator_id": indicator.pk}))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_period option[selected]")["value"] == "2015-16"
    why = soup.select_one("#benchmark-why").get_text(strip=True)
    assert why.startswith("Showing 2015-16, the latest year with figures from other London boroughs")
    note = soup.select_one("#benchmark-part-period").get_text(strip=True)
    assert note.startswith("Harrow's figure for Q3 2015/16 (83.0%) covers only part of 2015-16")
    assert "1st of 1" not in soup.get_text()
