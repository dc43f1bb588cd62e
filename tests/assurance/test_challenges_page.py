"""The Challenges page: every open flag of one council, grouped by check, and nobody else's."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.assessments.models import FlagJustification, Status
from ascent.assurance import registry

from . import world

pytestmark = pytest.mark.django_db


def page_url(organisation, **query) -> str:
    url = reverse("assurance:index", kwargs={"gss_code": organisation.gss_code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def flagged(harrow, herefordshire):
    """Harrow: QS7 rated Good over a red indicator, QS4 rated with no evidence (justified).
    Herefordshire: a flag of its own that Harrow's page must never show."""
    cqc = world.cqc()
    assessment = world.assessment(harrow, cqc)
    qs7 = world.rate(assessment, "qs-7", "3")
    world.link(qs7, world.red_indicator(harrow, "4A"))
    world.attach(qs7, kind="people")
    qs4 = world.rate(assessment, "qs-4", "2")
    FlagJustification.objects.create(
        assessment=assessment,
        flag_key=f"assessments.no-evidence:rating:{qs4.pk}",
        check_name="assessments.no-evidence",
        reason="...",
        justification="The case file audit reports in June.",
    )
    theirs = world.assessment(herefordshire, cqc)
    world.rate(theirs, "qs-8", "1")  # no evidence
    return {"assessment": assessment, "qs7": qs7, "qs4": qs4}


def test_a_viewer_reads_the_councils_flags_grouped_by_check_with_reasons(client, viewer, flagged):
    client.force_login(viewer)
    response = client.get(page_url(flagged["assessment"].organisation))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    body = text(response)
    assert "1 open challenge." in body
    red = registry.get_check("assessments.favourable-over-red")
    heading = soup.find("h3", string=lambda s: s and s.startswith(red.title))
    assert heading is not None and heading.get_text(strip=True) == f"{red.title} (1)"
    assert red.reason in body
    assert "Rated 3 – Good standard while 1 of 1 linked indicator is red: 4A." in body
    assert "QS7 Safeguarding — CQC 2024-25 v1" in body


def test_justified_flags_are_listed_apart_with_their_justification(client, viewer, flagged):
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(page_url(flagged["assessment"].organisation)).content, "html.parser")
    justified = soup.find("h2", string="Justified at sign-off")
    assert justified is not None
    after = " ".join(sibling.get_text(" ") for sibling in justified.find_all_next(limit=20))
    assert "The case file audit reports in June." in after
    assert "Rated 2 – Some shortfalls with no linked indicators and no evidence files." in after
    open_section = soup.find("h2", string=lambda s: s and s.startswith("Open challenges"))
    between = []
    for element in open_section.find_all_next():
        if element is justified:
            break
        between.append(element.get_text(" "))
    assert "no linked indicators and no evidence files" not in " ".join(between)


def test_another_councils_flags_are_never_shown(client, viewer, flagged):
    client.force_login(viewer)
    body = text(client.get(page_url(flagged["assessment"].organisation)))
    assert "QS8" not in body
    assert "1 – Significant shortfalls with no" not in body


def test_the_outsider_gets_a_404(client, outsider, flagged):
    client.force_login(outsider)
    assert client.get(page_url(flagged["assessment"].organisation)).status_code == 404


def test_filter_by_check(client, viewer, flagged):
    client.force_login(viewer)
    harrow = flagged["assessment"].organisation
    body = text(client.get(page_url(harrow, check="assessments.no-evidence")))
    assert "There are no open challenges from this check." in body
    assert "linked indicator is red" not in body
    assert "The case file audit reports in June." in body
    body = text(client.get(page_url(harrow, check="assessments.favourable-over-red")))
    assert "linked indicator is red" in body and "The case file audit" not in body


def test_an_unknown_check_is_reported_and_everything_shown(client, viewer, flagged):
    client.force_login(viewer)
    response = client.get(page_url(flagged["assessment"].organisation, check="nonsense"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Select a check from the list" in soup.select_one(".govuk-error-summary").get_text()
    assert "linked indicator is red" in text(response)


def test_what_the_checks_look_for_lists_every_registered_check(client, viewer, harrow):
    client.force_login(viewer)
    response = client.get(page_url(harrow))
    soup = BeautifulSoup(response.content, "html.parser")
    listed = [dt.get_text(strip=True) for dt in soup.select(".govuk-summary-list__key")]
    assert listed == [check.title for check in registry.checks()]
    assert "There are no challenges" in text(response)


def test_the_overview_links_to_the_challenges(client, viewer, harrow):
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(reverse("organisations:overview", args=[harrow.gss_code])).content, "html.parser")
    assert soup.find("a", href=page_url(harrow)) is not None


def test_the_page_belongs_to_the_overview_section(client, viewer, harrow):
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(page_url(harrow)).content, "html.parser")
    current = soup.select_one(".govuk-service-navigation__item--active")
    assert current is not None and "Overview" in current.get_text()


#: The session, the person and the organisation (middleware and access), then the open flags
#: (10: see tests/assessments/test_flags.py; 1 for a council with no reviews: tests/reviews/test_flags.py;
#: 1 for a council with no actions: tests/plans/test_flags.py; 1 for a council with no active
#: programme: tests/programmes/test_flags.py).
QUERIES = 20


def _more_flags(organisation, count):
    cqc = world.framework(
        f"extra-{count}", "EXTRA", world.CQC_SCALE, [(f"qs-{n}", f"QS{n}", "S") for n in range(count)]
    )
    assessment = world.assessment(organisation, cqc)
    for n in range(count):
        rating = world.rate(assessment, f"qs-{n}", "3")
        world.link(rating, world.red_indicator(organisation, f"X{count}-{n}"))


@pytest.mark.parametrize("count", [2, 9])
def test_the_page_takes_the_same_queries_however_many_flags(client, viewer, harrow, django_assert_num_queries, count):
    _more_flags(harrow, count)
    client.force_login(viewer)
    client.get(page_url(harrow))  # the session and the navigation settle
    with django_assert_num_queries(QUERIES):
        assert client.get(page_url(harrow)).status_code == 200


def test_the_flags_include_shows_one_elements_flags_in_full_or_compactly(harrow):
    from django.template.loader import render_to_string

    from ascent.assessments import flags as assessment_flags

    assessment = world.assessment(harrow, world.cqc())
    rating = world.rate(assessment, "qs-4", "3")  # no evidence
    found = assessment_flags.by_element(assessment_flags.flags_for(assessment))[rating.element_id]
    full = BeautifulSoup(render_to_string("assessments/_flags.html", {"flags": found}), "html.parser")
    assert "The assurance checks challenge this rating (1 flag)." in full.get_text()
    assert registry.get_check("assessments.no-evidence").reason in full.get_text()
    compact = BeautifulSoup(
        render_to_string("assessments/_flags.html", {"flags": found, "compact": True}), "html.parser"
    )
    assert [li.get_text(" ", strip=True) for li in compact.select("li")] == ["Challenge Rating with no evidence"]
    assert render_to_string("assessments/_flags.html", {"flags": []}).strip() == ""
    none = render_to_string("assessments/_flags.html", {"flags": [], "compact": True, "say_none": True})
    assert "None" in none


def test_a_flag_raised_after_sign_off_is_listed_apart_and_not_counted_open(client, viewer, flagged):
    assessment = flagged["assessment"]
    assessment.status = Status.SIGNED_OFF  # QS7's flag was never justified: it came after sign-off
    assessment.save()
    client.force_login(viewer)
    response = client.get(page_url(assessment.organisation))
    soup = BeautifulSoup(response.content, "html.parser")
    body = text(response)
    assert "There are no open challenges; 1 raised after sign-off is listed below." in body
    after = soup.find("h2", string="Raised after sign-off")
    justified = soup.find("h2", string="Justified at sign-off")
    assert after is not None and justified is not None
    section = []
    for element in after.find_all_next():
        if element is justified:
            break
        section.append(element.get_text(" "))
    section_text = " ".join(" ".join(section).split())
    assert "Rated 3 – Good standard while 1 of 1 linked indicator is red: 4A." in section_text
    assert "Raised after this version was signed off: answer it in a new version." in section_text
    open_section = soup.find("h2", string=lambda s: s and s.startswith("Open challenges"))
    assert open_section.find_next("p").get_text(" ", strip=True).startswith("There are no open challenges")


def test_the_overview_counts_open_and_after_sign_off_apart(client, viewer, flagged):
    from django.test import RequestFactory

    from ascent.assessments.panels import self_assessment_panel

    assessment = flagged["assessment"]
    assessment.status = Status.SIGNED_OFF
    assessment.save()
    request = RequestFactory().get("/")
    request.user = viewer
    panel = self_assessment_panel(request, assessment.organisation)
    assert (panel["open_flags"], panel["after_sign_off_flags"], panel["justified_flags"]) == (0, 1, 1)
    client.force_login(viewer)
    page = client.get(reverse("organisations:overview", kwargs={"gss_code": assessment.organisation.gss_code}))
    assert "No open challenges. 1 was raised after sign-off, to answer in a new version." in text(page)
