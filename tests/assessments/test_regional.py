"""The regional view: a lead sees only what the region's councils signed off and shared."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from ascent.assessments.models import ElementRating, SelfAssessment, Status
from ascent.core.periods import parse_period
from ascent.frameworks.models import Element, Framework
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SCALE = [
    {"value": "red", "label": "High risk", "score": 1, "favourable": False, "colour": "red"},
    {"value": "amber", "label": "Medium risk", "score": 2, "favourable": False, "colour": "amber"},
    {"value": "green", "label": "Low risk", "score": 3, "favourable": True, "colour": "green"},
]


def two_domain_framework() -> Framework:
    """A small TEASC-like framework with two rated domains, on the RAG scale above."""
    framework = Framework.objects.create(slug="teasc-test", name="Risk awareness", version="1", rating_scale=SCALE)
    for n, title in enumerate(["Leadership and governance", "Commissioning and quality"], start=1):
        Element.objects.create(
            framework=framework,
            key=f"domain-{n}",
            code=f"D{n}",
            kind="Domain",
            title=title,
            is_rated=True,
            sort_order=n,
        )
    return framework


@pytest.fixture
def teasc(db):
    return two_domain_framework()


def assessment(
    organisation,
    framework,
    period="2015-16",
    *,
    ratings=(),
    status=Status.SIGNED_OFF,
    shared=True,
    version=1,
    based_on=None,
):
    record = SelfAssessment(
        organisation=organisation,
        framework=framework,
        status=status,
        version=version,
        based_on=based_on,
        signed_off_at=timezone.now() if status == Status.SIGNED_OFF else None,
        shared_at=timezone.now() if shared else None,
    )
    record.set_period(parse_period(period))
    record.save()
    for element, value in zip(framework.elements.order_by("sort_order"), ratings, strict=False):
        ElementRating.objects.create(assessment=record, element=element, rating=value, narrative=f"About {value}")
    return record


def cells(response) -> dict[str, list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("[data-heat-map]")
    if table is None:
        return {}
    return {
        row["data-element"]: [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    }


def columns(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [th.find("a").get_text(strip=True) for th in soup.select("[data-heat-map] thead th")[1:]]


def test_the_lead_sees_only_shared_signed_off_versions_of_the_regions_councils(
    client, harrow, herefordshire, regional_lead, teasc
):
    brent = OrganisationFactory(gss_code="E09000005", name="Brent", region=harrow.region)
    camden = OrganisationFactory(gss_code="E09000007", name="Camden", region=harrow.region)
    ealing = OrganisationFactory(gss_code="E09000009", name="Ealing", region=harrow.region)
    assessment(harrow, teasc, ratings=["green", "red"])
    assessment(brent, teasc, ratings=["green", "green"], status=Status.DRAFT, shared=False)  # a draft
    assessment(camden, teasc, ratings=["amber", "amber"], shared=False)  # signed off, never shared
    assessment(ealing, teasc, ratings=["amber", "amber"], status=Status.SUBMITTED, shared=False)
    assessment(herefordshire, teasc, ratings=["red", "red"])  # shared, but with West Midlands
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional", kwargs={"code": "E12000007"}))
    assert response.status_code == 200
    assert columns(response) == ["Harrow"]
    assert cells(response) == {"domain-1": ["Low risk"], "domain-2": ["High risk"]}


def test_the_latest_shared_period_and_version_of_each_council_is_shown(client, harrow, regional_lead, teasc):
    brent = OrganisationFactory(gss_code="E09000005", name="Brent", region=harrow.region)
    first = assessment(harrow, teasc, "2014-15", ratings=["red", "red"])
    assessment(harrow, teasc, "2015-16", ratings=["amber", "amber"])
    later = assessment(harrow, teasc, "2015-16", ratings=["green", "green"], version=2, shared=True)
    assessment(brent, teasc, "2016-17", ratings=["green", "amber"])
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional", kwargs={"code": "E12000007"}))
    assert columns(response) == ["Brent", "Harrow"]
    assert cells(response)["domain-1"] == ["Low risk", "Low risk"]
    assert cells(response)["domain-2"] == ["Medium risk", "Low risk"]
    assert first.pk != later.pk


def test_the_heat_map_costs_the_same_queries_for_many_councils(
    client, harrow, regional_lead, teasc, django_assert_num_queries
):
    assessment(harrow, teasc, ratings=["green", "red"])
    client.force_login(regional_lead)
    url = reverse("assessments:regional", kwargs={"code": "E12000007"})
    client.get(url)
    with django_assert_num_queries(QUERIES := _count(client, url)):
        client.get(url)
    for n in range(8):
        council = OrganisationFactory(gss_code=f"E0900010{n}", name=f"Borough {n}", region=harrow.region)
        assessment(council, teasc, ratings=["amber", "green"])
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert len(columns(response)) == 9


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_a_shared_self_assessment_opens_read_only_for_the_lead(client, harrow, regional_lead, teasc):
    shared = assessment(harrow, teasc, ratings=["green", "red"])
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional-shared", kwargs={"code": "E12000007", "pk": shared.pk}))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    text = soup.main.get_text(" ", strip=True)
    assert "About green" in text and "High risk" in text
    assert soup.main.select('form[method="post"]') == []  # nothing to change


def test_each_challenge_signed_off_over_names_its_element_and_check(client, harrow, regional_lead, teasc):
    from ascent.assessments.models import FlagJustification
    from ascent.assurance.registry import get_check

    shared = assessment(harrow, teasc, ratings=["green", "red"])
    leadership, commissioning = shared.ratings.order_by("element__sort_order")
    same_reason = "A rating should rest on evidence."
    for rating, check, text in (
        (leadership, "assessments.no-evidence", "The governance review reports in June."),
        (commissioning, "assessments.retired-check", "The market statement is being refreshed."),
    ):
        FlagJustification.objects.create(
            assessment=shared,
            flag_key=f"{check}:rating:{rating.pk}",
            check_name=check,
            reason=same_reason,
            justification=text,
        )
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional-shared", kwargs={"code": "E12000007", "pk": shared.pk}))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.select("th, td")]
        for row in soup.select("[data-signed-off-challenges] tbody tr")
    ]
    no_evidence = get_check("assessments.no-evidence").title
    assert rows == [
        [f"D1 Leadership and governance {no_evidence}", same_reason, "The governance review reports in June."],
        [
            "D2 Commissioning and quality A check no longer run (assessments.retired-check)",
            same_reason,
            "The market statement is being refreshed.",
        ],
    ]
    # Each justification also shows beside its element's rating.
    card = soup.select_one('[data-element="domain-1"]')
    beside = " ".join(row.get_text(" ", strip=True) for row in card.select("[data-signed-off-challenge]"))
    assert f"Signed off over: {no_evidence}" in beside and "The governance review reports in June." in beside
    assert "market statement" not in beside


@pytest.mark.parametrize("case", ["draft", "unshared", "withdrawn", "other region", "submitted"])
def test_anything_not_shared_with_the_region_is_not_found(client, harrow, herefordshire, regional_lead, teasc, case):
    record = {
        "draft": lambda: assessment(harrow, teasc, status=Status.DRAFT, shared=False),
        "unshared": lambda: assessment(harrow, teasc, shared=False),
        "withdrawn": lambda: assessment(harrow, teasc, shared=False),
        "other region": lambda: assessment(herefordshire, teasc),
        "submitted": lambda: assessment(harrow, teasc, status=Status.SUBMITTED, shared=False),
    }[case]()
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional-shared", kwargs={"code": "E12000007", "pk": record.pk}))
    assert response.status_code == 404
    # Nor does the lead of London reach West Midlands' own page.
    other = client.get(reverse("assessments:regional", kwargs={"code": "E12000005"}))
    assert other.status_code == 404


def test_members_of_a_council_do_not_see_the_regional_view(client, harrow, admin_user, teasc):
    shared = assessment(harrow, teasc)
    client.force_login(admin_user)
    assert client.get(reverse("assessments:regional", kwargs={"code": "E12000007"})).status_code == 404
    url = reverse("assessments:regional-shared", kwargs={"code": "E12000007", "pk": shared.pk})
    assert client.get(url).status_code == 404


def test_the_regions_page_links_to_the_shared_self_assessments(client, harrow, regional_lead):
    client.force_login(regional_lead)
    response = client.get(reverse("organisations:region", kwargs={"code": "E12000007"}))
    assert reverse("assessments:regional", kwargs={"code": "E12000007"}).encode() in response.content


def test_an_empty_region_says_so(client, harrow, regional_lead, teasc):
    assessment(harrow, teasc, status=Status.DRAFT, shared=False)
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional", kwargs={"code": "E12000007"}))
    assert b"No council in the region has shared a self-assessment yet" in response.content


def test_a_linked_indicator_is_described_with_its_kind_of_evidence(client, harrow, regional_lead, teasc):
    from ascent.assessments.models import RatingIndicator
    from tests.indicators.factories import IndicatorFactory

    shared = assessment(harrow, teasc, ratings=["green"])
    indicator = IndicatorFactory(code="HAR-REV12", title="Reviews within 12 months")
    RatingIndicator.objects.create(rating=shared.ratings.get(), indicator=indicator)
    client.force_login(regional_lead)
    response = client.get(reverse("assessments:regional-shared", kwargs={"code": "E12000007", "pk": shared.pk}))
    text = BeautifulSoup(response.content, "html.parser").main.get_text(" ", strip=True)
    assert "Reviews within 12 months (HAR-REV12: Data)" in text
    assert "HAR-REV12, data" not in text
