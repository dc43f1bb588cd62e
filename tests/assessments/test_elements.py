"""One framework element in one council: its ratings, evidence, indicators and challenges."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.assessments.models import RatingEvidence, RatingIndicator, Status
from ascent.assurance.registry import open_flags
from ascent.evidence.models import EvidenceFile
from ascent.frameworks.models import Element, Framework
from ascent.indicators.models import IndicatorElement
from tests.assessments.test_regional import SCALE, assessment, two_domain_framework
from tests.indicators.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teasc(db):
    return two_domain_framework()


def evidence_file(organisation, title="Board minutes") -> EvidenceFile:
    return EvidenceFile.objects.create(
        organisation=organisation,
        title=title,
        kind="processes",
        evidence_date=date(2015, 11, 3),
        file="evidence/a.pdf",
        original_name="a.pdf",
        content_type="application/pdf",
        size=5,
        sha256="0" * 64,
    )


def url(organisation, element) -> str:
    return reverse("assessments:element", kwargs={"gss_code": organisation.gss_code, "element_id": element.pk})


def main_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").main.get_text(" ", strip=True)


def test_the_page_shows_each_version_its_evidence_and_the_tagged_indicators(client, harrow, viewer, teasc):
    first = assessment(harrow, teasc, "2014-15", ratings=["red", "red"], shared=False)
    second = assessment(harrow, teasc, "2015-16", ratings=["amber", "green"], status=Status.DRAFT, shared=False)
    leadership = teasc.elements.get(key="domain-1")
    rating = second.ratings.get(element=leadership)
    indicator = IndicatorFactory(code="ASCOF-1B", title="Control over daily life")
    IndicatorElement.objects.create(indicator=indicator, element=leadership)
    RatingIndicator.objects.create(rating=rating, indicator=indicator)
    evidence = evidence_file(harrow)
    RatingEvidence.objects.create(rating=rating, evidence=evidence)
    client.force_login(viewer)
    response = client.get(url(harrow, leadership))
    assert response.status_code == 200
    text = main_text(response)
    assert "2015-16, version 1" in text and "2014-15, version 1" in text
    assert text.index("2015-16, version 1") < text.index("2014-15, version 1")  # newest first
    assert "Medium risk" in text and "High risk" in text
    assert "Board minutes" in text and "3 November 2015" in text
    assert "Control over daily life" in text
    assert first.pk != second.pk


def test_a_later_framework_version_shows_the_ratings_of_earlier_ones(client, harrow, viewer, teasc):
    assessment(harrow, teasc, "2014-15", ratings=["red", "red"], shared=False)
    newer = Framework.objects.create(
        slug="teasc-test", name="Risk awareness", version="2", rating_scale=SCALE, previous_version=teasc
    )
    element = Element.objects.create(
        framework=newer, key="domain-1", code="D1", kind="Domain", title="Leadership", is_rated=True
    )
    client.force_login(viewer)
    text = main_text(client.get(url(harrow, element)))
    assert "2014-15, version 1" in text and "High risk" in text


def test_another_councils_element_is_not_found(client, harrow, herefordshire, viewer):
    theirs = Framework.objects.create(
        organisation=herefordshire, slug="kloe", name="Key lines", version="1", rating_scale=SCALE
    )
    element = Element.objects.create(framework=theirs, key="a", kind="Area", title="Front door", is_rated=True)
    client.force_login(viewer)
    assert client.get(url(harrow, element)).status_code == 404


def test_another_councils_ratings_never_show(client, harrow, herefordshire, viewer, teasc):
    assessment(herefordshire, teasc, ratings=["green", "green"])
    client.force_login(viewer)
    text = main_text(client.get(url(harrow, teasc.elements.get(key="domain-1"))))
    assert "Low risk" not in text
    assert "No self-assessment of Harrow rates" in text


def test_the_overview_panel_lists_the_latest_versions_and_ratings(client, harrow, viewer, teasc):
    old = assessment(harrow, teasc, "2015-16", ratings=["red", "red"], shared=False)
    assessment(
        harrow, teasc, "2015-16", ratings=["amber", "green"], status=Status.DRAFT, shared=False, version=2, based_on=old
    )
    client.force_login(viewer)
    response = client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code}))
    soup = BeautifulSoup(response.content, "html.parser")
    heading = next(h for h in soup.select("h2") if h.get_text(strip=True) == "Self-assessment")
    panel = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        panel.append(sibling.get_text(" ", strip=True))
    text = " ".join(panel).replace(" :", ":")
    assert "version 2: draft" in text
    assert "(version 1" not in text  # an earlier version is history
    assert "D1 Leadership and governance: Medium risk" in text
    # Both ratings lack evidence, so the checks question them: the panel counts what they say.
    open_now = [flag for flag in open_flags(harrow) if not flag.is_justified and flag.check.app == "assessments"]
    assert len(open_now) >= 2
    assert f"{len(open_now)} open challenges" in text


def test_the_overview_panel_says_when_there_is_no_self_assessment(client, harrow, viewer):
    client.force_login(viewer)
    response = client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code}))
    assert b"Harrow has no self-assessment yet" in response.content


def test_the_page_shows_the_challenges_on_the_current_version_only(client, harrow, viewer, teasc):
    old = assessment(harrow, teasc, "2015-16", ratings=["green", "green"], shared=False)
    current = assessment(
        harrow, teasc, "2015-16", ratings=["red", "green"], status=Status.DRAFT, shared=False, version=2, based_on=old
    )
    client.force_login(viewer)
    commissioning = teasc.elements.get(key="domain-2")
    soup = BeautifulSoup(client.get(url(harrow, commissioning)).content, "html.parser")
    heading = soup.find(id="challenges")
    challenges = BeautifulSoup("", "html.parser").new_tag("div")
    for sibling in list(heading.find_next_siblings()):
        if sibling.name == "h2":
            break
        challenges.append(sibling)
    text = challenges.get_text(" ", strip=True)
    # Rated with no evidence at all: the check questions the current version's rating...
    assert "no evidence" in text.lower()
    links = [a["href"] for a in challenges.select("a[href]")]
    assert links and all(f"/self-assessment/{current.pk}/" in href for href in links)
    # ...and not the earlier version's, which is history.
    assert not any(f"/self-assessment/{old.pk}/" in href for href in links)


def test_an_evidence_file_says_which_ratings_it_backs_and_what_they_also_count_towards(
    client, harrow, viewer, grantee, shipped_frameworks
):
    from tests.factories import grant

    teasc = shipped_frameworks["teasc-risk-awareness"]
    record = assessment(harrow, teasc, "2015-16", ratings=["green"], status=Status.DRAFT, shared=False)
    first = teasc.elements.filter(is_rated=True).order_by("sort_order").first()
    evidence = evidence_file(harrow)
    RatingEvidence.objects.create(rating=record.ratings.get(element=first), evidence=evidence)
    detail = reverse("evidence:detail", kwargs={"gss_code": harrow.gss_code, "evidence_id": evidence.pk})
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(detail).content, "html.parser")
    backs = soup.find(id="backs").find_next_sibling("ul").get_text(" ", strip=True)
    assert first.label in backs and "2015-16 (version 1)" in backs and "Low risk" in backs
    assert "Also counts towards:" in backs and "(CQC)" in backs
    # Someone granted this one file sees the file, but not the council's ratings.
    grant(grantee, evidence, by=viewer)
    client.force_login(grantee)
    response = client.get(detail)
    assert response.status_code == 200
    assert b'id="backs"' not in response.content


def test_the_summary_links_to_its_papers_and_they_are_this_version(client, harrow, viewer, shipped_frameworks):
    teasc = shipped_frameworks["teasc-risk-awareness"]
    record = assessment(harrow, teasc, "2015-16", ratings=["green"], status=Status.DRAFT, shared=False)
    client.force_login(viewer)
    page = reverse("assessments:detail", kwargs={"gss_code": harrow.gss_code, "assessment_id": record.pk})
    soup = BeautifulSoup(client.get(page).content, "html.parser")
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.find(id="papers").find_next("ul").select("a")}
    pdf = client.get(links["Download the summary as PDF"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    view = client.get(links[f"View the summary of version {record.version}"])
    assert view.status_code == 200
    assert teasc.name in view.content.decode()


def overview_panel_text(client, harrow) -> str:
    response = client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code}))
    soup = BeautifulSoup(response.content, "html.parser")
    heading = next(h for h in soup.select("h2") if h.get_text(strip=True) == "Self-assessment")
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" ", strip=True))
    return " ".join(parts).replace(" :", ":")


def test_the_overview_panel_features_the_newest_signed_off_version_and_links_to_the_rest(client, harrow, viewer, teasc):
    assessment(harrow, teasc, "2015-16", ratings=["green", "red"], shared=False)  # signed off
    for year in range(2016, 2022):
        assessment(
            harrow, teasc, f"{year}-{(year + 1) % 100:02d}", ratings=["amber"], status=Status.DRAFT, shared=False
        )
    client.force_login(viewer)
    text = overview_panel_text(client, harrow)
    assert "Risk awareness, 2015-16 (version 1, signed off)" in text
    assert "D1 Leadership and governance: Low risk" in text
    assert "See all 7 self-assessments" in text


def test_the_overview_panel_gives_the_cqc_estimate_of_the_featured_version(client, harrow, viewer):
    from tests.assessments import workflow_world as build

    framework = build.framework(slug="cqc-panel")
    build.version(harrow, framework, ratings={"qs-1": "3", "qs-2": "3", "qs-3": "2"}, status=Status.SIGNED_OFF)
    client.force_login(viewer)
    text = overview_panel_text(client, harrow)
    assert "Estimate of CQC's rating: 8 of 12 = 66.7%: Good (lower part of the band)" in text


def _mapped_indicator(teasc):
    """An ASCOF-tagged indicator that the crosswalk maps to TEASC domain 1."""
    from ascent.frameworks.models import ElementMapping

    ascof = Framework.objects.create(slug="ascof-test", name="ASCOF", short_name="ASCOF", version="1")
    ascof_domain = Element.objects.create(framework=ascof, key="domain-1", kind="Domain", title="Domain 1")
    leadership = teasc.elements.get(key="domain-1")
    ElementMapping.objects.create(organisation=None, source=leadership, target=ascof_domain)
    indicator = IndicatorFactory(code="ASCOF-1A", title="Quality of life of people who use care")
    IndicatorElement.objects.create(indicator=indicator, element=ascof_domain)
    return leadership, ascof_domain, indicator


def _indicator_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find(id="element-indicators-caption")
    if table is None:
        return {}
    return {
        row["data-code"]: (
            row.select_one("[data-through]").get_text(strip=True) if row.select_one("[data-through]") else ""
        )
        for row in table.find_parent("table").select("tbody tr")
    }


def test_the_page_lists_an_indicator_reached_through_the_crosswalk_and_says_so(client, harrow, viewer, teasc):
    leadership, _ascof_domain, _indicator = _mapped_indicator(teasc)
    direct = IndicatorFactory(code="HAR-1", organisation=harrow, title="Board attendance")
    IndicatorElement.objects.create(indicator=direct, element=leadership, organisation=harrow)
    client.force_login(viewer)
    response = client.get(url(harrow, leadership))
    assert _indicator_rows(response) == {"ASCOF-1A": "Through ASCOF Domain 1", "HAR-1": ""}
    assert "No indicator is tagged" not in main_text(response)


def test_a_hidden_mapping_leaves_the_indicator_off_and_the_page_says_none(client, harrow, viewer, teasc):
    from ascent.frameworks.models import ElementMapping

    leadership, ascof_domain, _indicator = _mapped_indicator(teasc)
    ElementMapping.objects.create(organisation=harrow, source=leadership, target=ascof_domain, is_hidden=True)
    client.force_login(viewer)
    response = client.get(url(harrow, leadership))
    assert _indicator_rows(response) == {}
    assert "No indicator is tagged with D1 Leadership and governance" in main_text(response)


def test_the_indicator_block_reads_a_fixed_number_of_queries(harrow, teasc, django_assert_num_queries):
    from ascent.indicators.element_panel import element_indicators

    leadership, ascof_domain, _indicator = _mapped_indicator(teasc)
    with django_assert_num_queries(3):  # the crosswalk, the tags, the indicators
        small = element_indicators(harrow, leadership)
    for n in range(6):
        extra = IndicatorFactory(code=f"ASCOF-X{n}", title=f"Extra {n}")
        IndicatorElement.objects.create(indicator=extra, element=ascof_domain if n % 2 else leadership)
    with django_assert_num_queries(3):
        large = element_indicators(harrow, leadership)
    assert len(small) == 1 and len(large) == 7


def test_the_overview_panel_counts_only_challenges_to_ratings(rf, harrow, viewer, monkeypatch):
    from ascent.assessments.panels import self_assessment_panel
    from ascent.assurance import registry

    def flag(name: str, key: str) -> registry.Flag:
        return registry.Flag(check=registry.get_check(name), key=key, detail="", subject="")

    raised = [
        flag("assessments.favourable-over-red", "assessments.favourable-over-red:rating:1"),
        flag("plans.on-track-but-overdue", "plans.on-track-but-overdue:action:1"),
        flag("plans.no-update", "plans.no-update:action:2"),
    ]
    monkeypatch.setattr(registry, "open_flags_for", lambda request, organisation: raised)
    request = rf.get("/")
    request.user = viewer
    panel = self_assessment_panel(request, harrow)
    # The plans' challenges are counted on their own panel, not as ratings the evidence does not support.
    assert panel["open_flags"] == 1
