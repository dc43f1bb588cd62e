"""The self-assessment pages: the list, starting one, the summary, rating an element, top risks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.assessments.models import ElementRating, RatingIndicator, SelfAssessment, Status, TopRisk
from ascent.evidence.models import EvidenceKind
from ascent.indicators.models import IndicatorElement
from tests.indicators.factories import IndicatorFactory, ObservationFactory, TargetFactory, series

from .factories import (
    attach,
    cqc_framework,
    evidence_file,
    link,
    rated_elements,
    rating_of,
    self_assessment,
    teasc_framework,
)

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"gss_code": organisation.gss_code, **kwargs})


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return soup_of(response).get_text(" ", strip=True)


def field_errors(response) -> dict[str, str]:
    errors = {}
    for message in soup_of(response).select(".govuk-error-message"):
        name = message["id"].removeprefix("id_").removesuffix("-error")
        errors[name] = message.get_text(" ", strip=True).removeprefix("Error:").strip()
    return errors


# ----- the list and starting one -----------------------------------------------------------


def test_the_list_shows_each_self_assessment_with_its_completion(client, harrow, viewer):
    teasc = teasc_framework()
    self_assessment(harrow, teasc, ratings={"domain-1": ("green", "Strong board"), "domain-2": "amber"})
    client.force_login(viewer)
    soup = soup_of(client.get(url("index", harrow)))
    cells = [td.get_text(" ", strip=True) for td in soup.select("tbody tr td")]
    assert soup.select_one("tbody th").get_text(" ", strip=True).startswith("TEASC risk awareness")
    assert cells == ["2015-16", "1", "Draft", "No", "1 of 6 rated with a narrative"]
    assert "Start a self-assessment" not in soup.get_text()  # a viewer cannot start one


def test_an_editor_starts_one_with_a_rating_row_per_rated_element(client, harrow, editor):
    cqc = cqc_framework()
    client.force_login(editor)
    response = client.post(url("new", harrow), {"framework": cqc.pk, "period": "2024/25"})
    assessment = SelfAssessment.objects.get(organisation=harrow)
    assert response["Location"] == url("detail", harrow, assessment_id=assessment.pk)
    assert (assessment.version, assessment.period_code, assessment.status) == (1, "2024-25", Status.DRAFT)
    assert assessment.created_by == editor
    assert sorted(assessment.ratings.values_list("element__code", flat=True)) == sorted(f"QS{n}" for n in range(1, 10))
    assert assessment.history.get().history_user == editor


def test_starting_one_offers_shipped_frameworks_and_the_councils_own_newest_versions(
    client, harrow, herefordshire, editor
):
    old = teasc_framework()
    newer = teasc_framework(version="2016", previous_version=old)
    own = teasc_framework(organisation=harrow, slug="harrow-lines", name="Harrow key lines of enquiry")
    theirs = teasc_framework(organisation=herefordshire, slug="hereford-own")
    client.force_login(editor)
    soup = soup_of(client.get(url("new", harrow)))
    offered = {int(o["value"]) for o in soup.select("select[name=framework] option") if o["value"]}
    assert offered == {newer.pk, own.pk}
    response = client.post(url("new", harrow), {"framework": theirs.pk, "period": "2015-16"})
    assert field_errors(response) == {"framework": "Choose a framework from the list"}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"framework": "", "period": "2015-16"}, {"framework": "Choose the framework to assess against"}),
        ({"period": ""}, {"period": "Enter the period, like 2015-16"}),
        ({"period": "next year"}, {"period": "Enter the period as a financial year"}),
        ({"period": "x" * 41}, {"period": "The period must be 40 characters or fewer"}),
    ],
)
def test_bad_input_to_start_one_names_the_field(client, harrow, editor, data, errors):
    teasc = teasc_framework()
    client.force_login(editor)
    response = client.post(url("new", harrow), {"framework": teasc.pk, **data})
    found = field_errors(response)
    assert set(found) == set(errors)
    for name, start in errors.items():
        assert found[name].startswith(start)
    assert not SelfAssessment.objects.exists()


def test_a_second_one_for_the_same_framework_and_period_is_refused(client, harrow, editor):
    teasc = teasc_framework()
    self_assessment(harrow, teasc, period="2015-16")
    client.force_login(editor)
    response = client.post(url("new", harrow), {"framework": teasc.pk, "period": "2015/16"})
    assert field_errors(response)["period"].startswith(
        "Harrow already has a self-assessment against TEASC risk awareness for 2015-16"
    )
    assert SelfAssessment.objects.count() == 1


# ----- the summary -----------------------------------------------------------------------


def test_the_summary_lists_ratings_in_tree_order_with_tags_owner_and_evidence(client, harrow, viewer, editor):
    cqc = cqc_framework()
    assessment = self_assessment(
        harrow, cqc, period="2024-25", ratings={"qs-1": ("3", "Assessments are timely"), "qs-7": ("1", "")}
    )
    ElementRating.objects.filter(assessment=assessment, element__key="qs-1").update(owner=editor)
    qs1 = rating_of(assessment, "qs-1")
    attach(qs1, evidence_file(harrow, kind=EvidenceKind.DATA))
    attach(qs1, evidence_file(harrow, title="Survey", kind=EvidenceKind.PEOPLES_EXPERIENCE))
    client.force_login(viewer)
    soup = soup_of(client.get(url("detail", harrow, assessment_id=assessment.pk)))
    rows = [[cell.get_text(" ", strip=True) for cell in tr.select("th, td")] for tr in soup.select("table tbody tr")]
    assert rows[0] == ["Theme 1 Working with people"]  # the kind said once
    assert rows[1][:4] == [
        "QS1 Assessing needs",
        "3 – Good standard",
        "Editor Person",
        "2 files (Data, People's experience), 0 indicators",
    ]
    assert rows[1 + 3 + 1 + 2 + 1 + 1][:2] == ["QS7 Safeguarding", "1 – Significant shortfalls No narrative yet"]
    assert len(rows) == 4 + 9
    tags = {tag.get_text(strip=True): tag["class"] for tag in soup.select("tbody .govuk-tag")}
    assert "govuk-tag--green" in tags["3 – Good standard"]
    assert "govuk-tag--red" in tags["1 – Significant shortfalls"]
    link_ = soup.find("a", string="QS1 Assessing needs")
    assert link_["href"] == url("rating", harrow, assessment_id=assessment.pk, element_id=qs1.element_id)


def test_the_completion_meter_counts_ratings_with_a_narrative(client, harrow, viewer):
    teasc = teasc_framework()
    assessment = self_assessment(
        harrow,
        teasc,
        ratings={
            "domain-1": ("green", "Why"),
            "domain-2": ("red", "Why"),
            "domain-3": "amber",
            "domain-4": ("", "Text"),
        },
    )
    client.force_login(viewer)
    soup = soup_of(client.get(url("detail", harrow, assessment_id=assessment.pk)))
    assert soup.select_one("#completion-text").get_text(" ", strip=True) == "2 of 6 rated with a narrative"
    meter = soup.select_one("progress")
    assert (meter["value"], meter["max"], meter["aria-labelledby"]) == ("2", "6", "completion-heading completion-text")


def test_the_summary_shows_top_risks_only_where_the_framework_asks(client, harrow, viewer):
    teasc = self_assessment(harrow, teasc_framework())
    TopRisk.objects.create(assessment=teasc, rank=1, risk="Market fragility", mitigation="Fee review")
    cqc = self_assessment(harrow, cqc_framework())
    client.force_login(viewer)
    text = text_of(client.get(url("detail", harrow, assessment_id=teasc.pk)))
    assert "Top risks" in text and "Market fragility" in text and "Mitigation: Fee review" in text
    assert "Top risks" not in text_of(client.get(url("detail", harrow, assessment_id=cqc.pk)))


def test_another_councils_self_assessment_is_not_found(client, harrow, herefordshire, viewer):
    theirs = self_assessment(herefordshire, teasc_framework())
    element = rated_elements(theirs.framework)[0]
    client.force_login(viewer)
    assert client.get(url("detail", harrow, assessment_id=theirs.pk)).status_code == 404
    assert client.get(url("detail", herefordshire, assessment_id=theirs.pk)).status_code == 404
    assert client.get(url("rating", harrow, assessment_id=theirs.pk, element_id=element.pk)).status_code == 404
    assert client.get(url("risks", harrow, assessment_id=theirs.pk)).status_code == 404


def test_the_summary_takes_the_same_queries_however_many_ratings_and_evidence(
    client, harrow, viewer, django_assert_num_queries
):
    teasc = teasc_framework()
    small = self_assessment(harrow, teasc, period="2015-16")
    big = self_assessment(harrow, teasc, period="2016-17")
    for rating in big.ratings.all():
        attach(rating, evidence_file(harrow, title=f"File {rating.pk}"))
        link(rating, IndicatorFactory())
    client.force_login(viewer)
    client.get(url("detail", harrow, assessment_id=small.pk))
    with django_assert_num_queries(QUERIES_SUMMARY):
        assert client.get(url("detail", harrow, assessment_id=small.pk)).status_code == 200
    with django_assert_num_queries(QUERIES_SUMMARY + QUERIES_INDICATOR_VALUES):
        assert client.get(url("detail", harrow, assessment_id=big.pk)).status_code == 200


#: Session, user, organisation, roles; the self-assessment with its framework; the elements;
#: the ratings with owners and indicator counts; the evidence kinds; the assurance flags'
#: facts (ratings, links, files, the crosswalk, justifications); the top risks; the
#: navigation's count of memberships; the session's savepoint and its release.
QUERIES_SUMMARY = 18
#: Once any indicator is linked, the flags read the indicators' values and targets.
QUERIES_INDICATOR_VALUES = 2


# ----- rating one element ----------------------------------------------------------------


def test_the_rating_page_offers_the_scale_with_descriptions_and_the_members_as_owners(
    client, harrow, contributor, editor
):
    assessment = self_assessment(harrow, cqc_framework())
    qs7 = rating_of(assessment, "qs-7")
    client.force_login(contributor)
    soup = soup_of(client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=qs7.element_id)))
    radios = soup.select("input[name=rating]")
    assert [r["value"] for r in radios] == ["4", "3", "2", "1"]
    assert soup.select_one(f"#{radios[0]['aria-describedby']}").get_text(strip=True) == "An exceptional standard."
    owners = [o.get_text(strip=True) for o in soup.select("select[name=owner] option")]
    assert owners == ["No owner yet", "Contributor Person", "Editor Person"]
    assert "We do what safeguarding asks of us." in soup.get_text()


def test_a_contributor_saves_a_rating(client, harrow, contributor, editor):
    assessment = self_assessment(harrow, cqc_framework())
    qs1 = rating_of(assessment, "qs-1")
    client.force_login(contributor)
    response = client.post(
        url("rating", harrow, assessment_id=assessment.pk, element_id=qs1.element_id),
        {
            "rating": "3",
            "narrative": " Assessments within 28 days ",
            "strengths": "Quick",
            "areas_for_development": "Carers",
            "owner": editor.pk,
        },
    )
    assert response["Location"] == url("detail", harrow, assessment_id=assessment.pk)
    qs1.refresh_from_db()
    assert (qs1.rating, qs1.narrative, qs1.strengths, qs1.areas_for_development, qs1.owner) == (
        "3",
        "Assessments within 28 days",
        "Quick",
        "Carers",
        editor,
    )
    assert qs1.history.latest().history_user == contributor


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rating": "5"}, "rating", "Choose a rating from the scale"),
        ({"owner": "999999"}, "owner", "Choose an owner from the list of members"),
        ({"owner": "nobody"}, "owner", "Choose an owner from the list of members"),
        ({"narrative": "x" * 5001}, "narrative", "The narrative must be 5000 characters or fewer"),
        ({"strengths": "x" * 5001}, "strengths", "Strengths must be 5000 characters or fewer"),
        (
            {"areas_for_development": "x" * 5001},
            "areas_for_development",
            "Areas for development must be 5000 characters or fewer",
        ),
    ],
)
def test_bad_rating_input_names_the_field_and_saves_nothing(client, harrow, contributor, data, field, message):
    assessment = self_assessment(harrow, cqc_framework())
    qs1 = rating_of(assessment, "qs-1")
    client.force_login(contributor)
    response = client.post(
        url("rating", harrow, assessment_id=assessment.pk, element_id=qs1.element_id),
        {"rating": "3", "narrative": "Fine", **data},
    )
    assert field_errors(response) == {field: message}
    qs1.refresh_from_db()
    assert (qs1.rating, qs1.narrative) == ("", "")


def test_an_element_of_another_framework_is_not_found(client, harrow, contributor):
    assessment = self_assessment(harrow, cqc_framework())
    other = self_assessment(harrow, teasc_framework())
    teasc_element = rated_elements(other.framework)[0]
    client.force_login(contributor)
    page = url("rating", harrow, assessment_id=assessment.pk, element_id=teasc_element.pk)
    assert client.get(page).status_code == 404
    assert client.post(page, {"rating": "green"}).status_code == 404


def test_a_signed_off_version_shows_the_rating_read_only_and_refuses_a_change(client, harrow, admin_user):
    assessment = self_assessment(harrow, teasc_framework(), ratings={"domain-1": ("green", "Strong")})
    SelfAssessment.objects.filter(pk=assessment.pk).update(status=Status.SIGNED_OFF)
    domain = rating_of(assessment, "domain-1")
    client.force_login(admin_user)
    page = url("rating", harrow, assessment_id=assessment.pk, element_id=domain.element_id)
    soup = soup_of(client.get(page))
    assert not soup.select("input[name=rating]")
    assert "Low risk" in soup.get_text()
    response = client.post(page, {"rating": "red", "narrative": "Changed"})
    assert field_errors(response) == {}
    assert "is signed off and cannot change" in text_of(response)
    domain.refresh_from_db()
    assert (domain.rating, domain.narrative) == ("green", "Strong")


def test_linked_indicators_show_latest_value_rag_and_trend(client, harrow, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-2")
    indicator = IndicatorFactory(code="2A(1)", title="Admissions")
    series(harrow, indicator, {"2014-15": "60", "2015-16": "70"})
    link(domain, indicator)
    client.force_login(contributor)
    soup = soup_of(client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=domain.element_id)))
    row = [
        cell.get_text(" ", strip=True)
        for cell in soup.select_one("#indicators + .app-table-wrapper table tbody tr").select("th, td")
    ]
    assert row[:4] == ["2A(1) Admissions", "70.0% (2015-16)", "Not rated", "Getting better"]


def test_adding_an_indicator_offers_the_elements_tagged_ones_first(client, harrow, herefordshire, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-3")
    tagged = IndicatorFactory(code="TAG-1")
    IndicatorElement.objects.create(indicator=tagged, element=domain.element)
    plain = IndicatorFactory(code="PLAIN-1")
    theirs = IndicatorFactory(code="THEIRS-1", organisation=herefordshire)
    client.force_login(contributor)
    page = url("rating", harrow, assessment_id=assessment.pk, element_id=domain.element_id)
    soup = soup_of(client.get(page))
    groups = {
        g["label"]: [o.get_text() for o in g.select("option")]
        for g in soup.select("select[name=link-indicator] optgroup")
    }
    assert groups["Tagged to this element"] == [f"TAG-1 {tagged.title}"]
    assert f"PLAIN-1 {plain.title}" in groups["Other indicators"]
    assert not any("THEIRS-1" in o for o in groups["Other indicators"])

    add = url("rating-indicator-add", harrow, assessment_id=assessment.pk, element_id=domain.element_id)
    assert client.post(add, {"link-indicator": tagged.pk})["Location"] == page
    assert list(RatingIndicator.objects.filter(rating=domain).values_list("indicator__code", flat=True)) == ["TAG-1"]
    response = client.post(add, {"link-indicator": theirs.pk})
    assert field_errors(response) == {"link-indicator": "Choose an indicator from the list"}
    response = client.post(add, {"link-indicator": tagged.pk})
    assert field_errors(response) == {"link-indicator": "TAG-1 is already linked to Domain 3 Commissioning and quality"}

    removal = RatingIndicator.objects.get(rating=domain)
    remove = url(
        "rating-indicator-remove", harrow, assessment_id=assessment.pk, element_id=domain.element_id, link_id=removal.pk
    )
    assert client.post(remove)["Location"] == page
    assert not RatingIndicator.objects.exists()
    assert removal.history.latest().history_type == "-"


def test_evidence_files_show_kind_date_and_age_and_attach_and_detach(client, harrow, herefordshire, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-1")
    board = evidence_file(harrow, title="Board minutes", kind=EvidenceKind.PROCESSES)
    theirs = evidence_file(herefordshire, title="Their file")
    client.force_login(contributor)
    page = url("rating", harrow, assessment_id=assessment.pk, element_id=domain.element_id)
    options = [o.get_text() for o in soup_of(client.get(page)).select("select[name=attach-evidence] option")]
    assert options == ["Choose a file", "Board minutes (Processes, 01/12/2015)"]
    attach_url = url("rating-evidence-attach", harrow, assessment_id=assessment.pk, element_id=domain.element_id)
    assert field_errors(client.post(attach_url, {"attach-evidence": theirs.pk})) == {
        "attach-evidence": "Choose an evidence file from the list"
    }
    assert client.post(attach_url, {"attach-evidence": board.pk})["Location"] == page
    soup = soup_of(client.get(page))
    row = [
        c.get_text(" ", strip=True)
        for c in soup.select_one("#evidence + .app-table-wrapper table tbody tr").select("th, td")
    ]
    assert row[:3] == ["Board minutes", "Processes", "1 December 2015"]
    assert row[3] == "3 months before the end of 2015-16"  # its age at the end of the period, in words
    link_ = domain.evidence_links.get()
    remove = url(
        "rating-evidence-remove", harrow, assessment_id=assessment.pk, element_id=domain.element_id, link_id=link_.pk
    )
    assert client.post(remove)["Location"] == page
    assert not domain.evidence_links.exists()
    board.refresh_from_db()  # the file stays with the council


def test_the_rating_page_takes_the_same_queries_however_much_evidence(
    client, harrow, contributor, django_assert_num_queries
):
    assessment = self_assessment(harrow, teasc_framework())
    bare = rating_of(assessment, "domain-1")
    full = rating_of(assessment, "domain-2")
    for number in range(5):
        indicator = IndicatorFactory()
        series(harrow, indicator, {"2014-15": "60", "2015-16": str(60 + number)})
        link(full, indicator)
        attach(full, evidence_file(harrow, title=f"File {number}"))
        evidence_file(harrow, title=f"Spare {number}")
    client.force_login(contributor)
    client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=bare.element_id))
    with django_assert_num_queries(QUERIES_RATING_BARE):
        client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=bare.element_id))
    with django_assert_num_queries(QUERIES_RATING_FULL):
        client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=full.element_id))


#: Session, user, organisation, roles; the self-assessment; the rating with its element, owner
#: and version; the linked indicators; the attached files; the indicators tagged to the element
#: and the others the council can use; the council's files; its members; the navigation's
#: membership count; the session's savepoint and release; the assurance flags of the version
#: and the element's crosswalk. Linked indicators add the three queries of indicator_evidence,
#: however many there are.
QUERIES_RATING_BARE = 25
QUERIES_RATING_FULL = 28


def test_the_rating_page_shows_the_evidence_as_at_the_end_of_the_period(client, harrow, viewer):
    assessment = self_assessment(harrow, teasc_framework())  # 2015-16
    rating = rating_of(assessment, "domain-1")
    known = IndicatorFactory(code="2A", title="Satisfaction", polarity="higher_is_better")
    series(harrow, known, {"2014-15": "64", "2018-19": "58.5"})
    TargetFactory(organisation=harrow, indicator=known, period="2014-15", value=Decimal("62"))
    TargetFactory(organisation=harrow, indicator=known, period="2018-19", value=Decimal("80"))
    later = IndicatorFactory(code="2B", title="Reviews")
    ObservationFactory(organisation=harrow, indicator=later, period="2017-18", value=Decimal("10"))
    link(rating, known)
    link(rating, later)
    attach(rating, evidence_file(harrow, title="Survey", evidence_date=datetime.date(2015, 10, 20)))
    attach(rating, evidence_file(harrow, title="Audit", evidence_date=datetime.date(2016, 5, 1)))
    client.force_login(viewer)

    soup = soup_of(client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=rating.element_id)))

    rows = {
        row.select_one("th").get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in row.select("td")]
        for row in soup.select("tbody tr")
    }
    # The 2015-16 rating is shown the value known by the end of 2015-16, not 2018-19's.
    assert rows["2A Satisfaction"][:2] == ["64.0% (2014-15)", "Green"]
    assert rows["2B Reviews"][0] == "No value by the end of 2015-16"
    # Evidence is aged at the end of the period, not today.
    assert rows["Survey"][-1] == "5 months before the end of 2015-16"
    assert rows["Audit"][-1] == "1 month after the end of 2015-16"


# ----- top risks -------------------------------------------------------------------------


def test_top_risks_are_saved_in_order_with_an_optional_element(client, harrow, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    domain = rated_elements(assessment.framework)[2]
    client.force_login(contributor)
    page = url("risks", harrow, assessment_id=assessment.pk)
    assert len(soup_of(client.get(page)).select("textarea[name^=risk_]")) == 3
    response = client.post(
        page,
        {
            "risk_1": "Provider market",
            "mitigation_1": "Fee review",
            "element_1": domain.pk,
            "risk_2": "",
            "risk_3": "Workforce",
            "mitigation_3": "Recruitment drive",
        },
    )
    assert response["Location"] == url("detail", harrow, assessment_id=assessment.pk)
    assert list(TopRisk.objects.values_list("rank", "risk", "mitigation", "element")) == [
        (1, "Provider market", "Fee review", domain.pk),
        (2, "Workforce", "Recruitment drive", None),
    ]


def test_a_top_risk_needs_its_risk_and_an_element_of_the_framework(client, harrow, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    other = rated_elements(cqc_framework())[0]
    client.force_login(contributor)
    page = url("risks", harrow, assessment_id=assessment.pk)
    response = client.post(
        page,
        {"risk_1": "", "mitigation_1": "Something", "risk_2": "Fine", "element_2": other.pk, "risk_3": "Unmitigated"},
    )
    assert field_errors(response) == {
        "risk_1": "Enter risk 1, or clear its mitigation and element",
        "element_2": "Choose an element from the list for risk 2",
        "mitigation_2": "Enter how risk 2 is being mitigated",
        "mitigation_3": "Enter how risk 3 is being mitigated",
    }
    assert not TopRisk.objects.exists()


def test_a_new_file_is_uploaded_and_attached_from_the_rating_page(client, harrow, contributor):
    from ascent.evidence.models import EvidenceFile
    from tests.evidence.samples import PDF, upload

    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-4")
    client.force_login(contributor)
    page = url("rating", harrow, assessment_id=assessment.pk, element_id=domain.element_id)
    soup = soup_of(client.get(page))
    assert soup.select_one("#uploadmain-form")["enctype"] == "multipart/form-data"
    response = client.post(
        url("rating-evidence-upload", harrow, assessment_id=assessment.pk, element_id=domain.element_id),
        {
            "upload-file": upload(PDF, "workforce.pdf"),
            "upload-title": "Workforce strategy",
            "upload-kind": "processes",
            "upload-evidence_date": "31/3/2016",
        },
    )
    assert response["Location"] == page
    evidence = EvidenceFile.objects.get()
    assert (evidence.organisation, evidence.title, evidence.kind, evidence.content_type) == (
        harrow,
        "Workforce strategy",
        "processes",
        "application/pdf",
    )
    assert list(domain.evidence_links.values_list("evidence", flat=True)) == [evidence.pk]


def test_a_refused_upload_names_the_field_and_stores_nothing(client, harrow, contributor):
    from ascent.evidence.models import EvidenceFile
    from tests.evidence.samples import HTML, upload

    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-4")
    client.force_login(contributor)
    response = client.post(
        url("rating-evidence-upload", harrow, assessment_id=assessment.pk, element_id=domain.element_id),
        {
            "upload-file": upload(HTML, "page.pdf"),
            "upload-title": "",
            "upload-kind": "processes",
            "upload-evidence_date": "31/3/2016",
        },
    )
    errors = field_errors(response)
    assert set(errors) == {"upload-file", "upload-title"}
    assert errors["upload-title"] == "Enter a title"
    assert not EvidenceFile.objects.exists()
    assert not domain.evidence_links.exists()


def test_an_oversized_upload_is_refused_while_it_arrives(client, harrow, contributor, settings, monkeypatch):
    from ascent.evidence import uploads
    from ascent.evidence.models import EvidenceFile
    from tests.evidence.conftest import stored_names
    from tests.evidence.samples import PDF, upload

    installed = []
    real = uploads.install_size_limit
    monkeypatch.setattr(uploads, "install_size_limit", lambda request: installed.append(real(request)))
    settings.EVIDENCE_MAX_BYTES = 2048
    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-4")
    client.force_login(contributor)
    response = client.post(
        url("rating-evidence-upload", harrow, assessment_id=assessment.pk, element_id=domain.element_id),
        {
            "upload-file": upload(PDF + b"\0" * 5000, "big.pdf"),
            "upload-title": "Workforce strategy",
            "upload-kind": "processes",
            "upload-evidence_date": "31/3/2016",
        },
    )
    assert len(installed) == 1  # the size limit was in place before the body was read
    assert field_errors(response)["upload-file"] == "The selected file must be smaller than 2 KB"
    assert not EvidenceFile.objects.exists()
    assert stored_names() == []


def test_the_rating_page_says_what_the_element_also_counts_towards(client, harrow, viewer):
    from ascent.frameworks.models import ElementMapping

    assessment = self_assessment(harrow, teasc_framework())
    domain = rating_of(assessment, "domain-1")
    qs8 = cqc_framework().elements.get(key="qs-8")
    ElementMapping.objects.create(source=domain.element, target=qs8)
    client.force_login(viewer)
    soup = soup_of(client.get(url("rating", harrow, assessment_id=assessment.pk, element_id=domain.element_id)))
    aside = soup.select_one("aside")
    assert aside.h2.get_text() == "Also counts towards"
    assert [li.get_text(" ", strip=True) for li in aside.select("li")] == [
        "QS8 Governance, management and sustainability (CQC)"
    ]


def test_the_summary_shows_each_ratings_assurance_flags(client, harrow, viewer):
    from ascent.assessments.flags import flags_for

    assessment = self_assessment(harrow, teasc_framework(), ratings={"domain-1": ("green", "All good")})
    expected = [
        flag.check.title
        for flag in flags_for(assessment)
        if flag.element_id == rating_of(assessment, "domain-1").element_id
    ]
    assert expected  # a favourable rating with no evidence at all is challenged
    client.force_login(viewer)
    soup = soup_of(client.get(url("detail", harrow, assessment_id=assessment.pk)))
    rows = {
        tr.th.get_text(" ", strip=True): tr.select("td")[-1].get_text(" ", strip=True)
        for tr in soup.select("tbody tr")
        if tr.select("td")
    }
    assert all(title in rows["Domain 1 Leadership and governance"] for title in expected)
    assert rows["Domain 2 Performance and outcomes"] == "None"


# ----- with the shipped frameworks -------------------------------------------------------


def test_the_shipped_cqc_and_teasc_frameworks_start_and_rate_through_the_pages(
    client, harrow, editor, shipped_frameworks
):
    cqc, teasc = shipped_frameworks["cqc-la-assessment"], shipped_frameworks["teasc-risk-awareness"]
    client.force_login(editor)
    offered = [o.get_text() for o in soup_of(client.get(url("new", harrow))).select("select[name=framework] option")]
    assert any(o.startswith(cqc.name) for o in offered) and any(o.startswith(teasc.name) for o in offered)

    client.post(url("new", harrow), {"framework": cqc.pk, "period": "2024-25"})
    client.post(url("new", harrow), {"framework": teasc.pk, "period": "2015-16"})
    made = {a.framework.slug: a for a in SelfAssessment.objects.select_related("framework")}
    assert made["cqc-la-assessment"].ratings.count() == 9
    assert made["teasc-risk-awareness"].ratings.count() == 6

    assessment = made["cqc-la-assessment"]
    qs7 = assessment.ratings.get(element__key="qs-7")
    page = url("rating", harrow, assessment_id=assessment.pk, element_id=qs7.element_id)
    soup = soup_of(client.get(page))
    assert [r["value"] for r in soup.select("input[name=rating]")] == ["4", "3", "2", "1"]
    assert soup.select_one("aside h2").get_text() == "Also counts towards"  # the shipped crosswalk
    client.post(page, {"rating": "3", "narrative": "Safeguarding enquiries are timely"})
    summary = soup_of(client.get(url("detail", harrow, assessment_id=assessment.pk)))
    assert summary.select_one("#completion-text").get_text(" ", strip=True) == "1 of 9 rated with a narrative"
    assert "Estimate of CQC's overall rating" in summary.get_text()
