"""The actions every self-assessment change goes through: what they save, what they refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ascent.assessments import actions
from ascent.assessments.actions import RiskEntry
from ascent.assessments.models import ElementRating, RatingEvidence, RatingIndicator, SelfAssessment, Status, TopRisk
from ascent.core.periods import parse_period
from tests.indicators.factories import IndicatorFactory

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


def problems(error: ValidationError) -> dict:
    return error.message_dict


# ----- starting one ----------------------------------------------------------------------


def test_starting_one_creates_a_draft_with_an_empty_rating_per_rated_element(harrow, editor):
    teasc = teasc_framework()
    assessment = actions.create_self_assessment(harrow, framework=teasc, period=parse_period("2015-16"), by=editor)
    assert (assessment.status, assessment.version, assessment.period.label) == (Status.DRAFT, 1, "2015-16")
    ratings = list(assessment.ratings.order_by("element__sort_order"))
    assert [r.element.key for r in ratings] == [f"domain-{n}" for n in range(1, 7)]  # areas are not rated
    assert {r.rating for r in ratings} == {""}
    assert {r.history.get().history_user for r in ratings} == {editor}


def test_starting_one_refuses_another_councils_framework(harrow, herefordshire, editor):
    theirs = teasc_framework(organisation=herefordshire)
    with pytest.raises(ValidationError) as error:
        actions.create_self_assessment(harrow, framework=theirs, period=parse_period("2015-16"), by=editor)
    assert problems(error.value) == {"framework": ["Choose a framework Harrow can use"]}
    assert not SelfAssessment.objects.exists()


def test_starting_one_refuses_a_framework_with_nothing_to_rate(harrow, editor):
    from .factories import FrameworkFactory

    empty = FrameworkFactory(name="Empty")
    with pytest.raises(ValidationError) as error:
        actions.create_self_assessment(harrow, framework=empty, period=parse_period("2015-16"), by=editor)
    assert problems(error.value) == {"framework": ["Empty has no elements to rate"]}
    assert not SelfAssessment.objects.exists()


def test_one_per_council_framework_and_period_across_framework_versions(harrow, herefordshire, editor):
    old = teasc_framework()
    new = teasc_framework(version="2016", previous_version=old)
    self_assessment(harrow, old, period="2015-16")
    with pytest.raises(ValidationError) as error:
        actions.create_self_assessment(harrow, framework=new, period=parse_period("2015/16"), by=editor)
    assert "already has a self-assessment" in problems(error.value)["period"][0]
    # Another period, or another council, is fine.
    actions.create_self_assessment(harrow, framework=new, period=parse_period("2016-17"), by=editor)
    actions.create_self_assessment(herefordshire, framework=new, period=parse_period("2015-16"), by=editor)
    assert SelfAssessment.objects.count() == 3


# ----- rating ----------------------------------------------------------------------------


def test_saving_a_rating_records_who(harrow, contributor, editor):
    rating = rating_of(self_assessment(harrow, cqc_framework()), "qs-2")
    actions.save_rating(
        rating,
        by=contributor,
        rating_value="2",
        narrative=" Text ",
        strengths="S",
        areas_for_development="A",
        owner=editor,
    )
    rating.refresh_from_db()
    assert (rating.rating, rating.narrative, rating.strengths, rating.areas_for_development, rating.owner) == (
        "2",
        "Text",
        "S",
        "A",
        editor,
    )
    assert rating.history.latest().history_user == contributor
    actions.save_rating(rating, by=contributor, rating_value="")  # back to not rated
    rating.refresh_from_db()
    assert rating.rating == ""


def test_a_rating_not_on_the_scale_and_an_outside_owner_are_refused_together(
    harrow, herefordshire, contributor, outsider
):
    rating = rating_of(self_assessment(harrow, teasc_framework()), "domain-1")
    with pytest.raises(ValidationError) as error:
        actions.save_rating(rating, by=contributor, rating_value="purple", narrative="Text", owner=outsider)
    assert problems(error.value) == {
        "rating": ["Choose a rating from the TEASC risk awareness scale: High risk, Medium risk, Low risk"],
        "owner": ["Choose an owner who is a member of Harrow"],
    }
    rating.refresh_from_db()
    assert (rating.rating, rating.narrative, rating.owner) == ("", "", None)


def test_a_rating_of_an_element_of_another_framework_is_refused(harrow, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    rating = rating_of(assessment, "domain-1")
    rating.element = rated_elements(cqc_framework())[0]
    with pytest.raises(ValidationError) as error:
        actions.save_rating(rating, by=contributor, rating_value="3")
    assert list(problems(error.value)) == ["element"]
    assert set(ElementRating.objects.filter(assessment=assessment).values_list("rating", flat=True)) == {""}


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.SIGNED_OFF, "Version 1 is signed off and cannot change. Start a new version"),
        (Status.SUBMITTED, "Version 1 has been submitted for sign-off and cannot change"),
    ],
)
def test_every_change_to_a_version_that_is_not_a_draft_is_refused(harrow, contributor, status, message):
    assessment = self_assessment(harrow, teasc_framework())
    rating = rating_of(assessment, "domain-1")
    indicator = IndicatorFactory()
    kept_indicator = link(rating, IndicatorFactory())
    kept_file = attach(rating, evidence_file(harrow, title="Kept"))
    spare = evidence_file(harrow, title="Spare")
    TopRisk.objects.create(assessment=assessment, rank=1, risk="Kept risk")
    SelfAssessment.objects.filter(pk=assessment.pk).update(status=status)  # as signed off elsewhere

    attempts = [
        lambda: actions.save_rating(rating, by=contributor, rating_value="green", narrative="Changed"),
        lambda: actions.link_indicator(rating, indicator, by=contributor),
        lambda: actions.unlink_indicator(kept_indicator, by=contributor),
        lambda: actions.attach_evidence(rating, spare, by=contributor),
        lambda: actions.detach_evidence(kept_file, by=contributor),
        lambda: actions.save_top_risks(assessment, [RiskEntry(risk="New risk", mitigation="A plan")], by=contributor),
        lambda: actions.upload_evidence(
            rating, by=contributor, uploaded_file=None, title="T", kind="data", evidence_date=dt.date(2016, 1, 1)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages[0].startswith(message)
    rating.refresh_from_db()
    assert (rating.rating, rating.narrative) == ("", "")
    assert list(RatingIndicator.objects.values_list("pk", flat=True)) == [kept_indicator.pk]
    assert list(RatingEvidence.objects.values_list("pk", flat=True)) == [kept_file.pk]
    assert list(TopRisk.objects.values_list("risk", flat=True)) == ["Kept risk"]
    assert spare.rating_links.count() == 0


# ----- evidence --------------------------------------------------------------------------


def test_linking_refuses_another_councils_indicator_and_a_second_link(harrow, herefordshire, contributor):
    rating = rating_of(self_assessment(harrow, teasc_framework()), "domain-1")
    theirs = IndicatorFactory(organisation=herefordshire, code="THEIRS")
    with pytest.raises(ValidationError) as error:
        actions.link_indicator(rating, theirs, by=contributor)
    assert problems(error.value) == {"indicator": ["Choose an indicator Harrow can use"]}
    ours = IndicatorFactory(organisation=harrow, code="OURS")
    made = actions.link_indicator(rating, ours, by=contributor)
    assert made.history.get().history_user == contributor
    with pytest.raises(ValidationError) as error:
        actions.link_indicator(rating, ours, by=contributor)
    assert problems(error.value) == {"indicator": ["OURS is already linked to Domain 1 Leadership and governance"]}
    assert RatingIndicator.objects.count() == 1


def test_attaching_refuses_another_councils_file_and_a_second_attachment(harrow, herefordshire, contributor):
    rating = rating_of(self_assessment(harrow, teasc_framework()), "domain-1")
    with pytest.raises(ValidationError) as error:
        actions.attach_evidence(rating, evidence_file(herefordshire), by=contributor)
    assert problems(error.value) == {"evidence": ["Choose an evidence file of Harrow"]}
    ours = evidence_file(harrow, title="Minutes")
    actions.attach_evidence(rating, ours, by=contributor)
    with pytest.raises(ValidationError) as error:
        actions.attach_evidence(rating, ours, by=contributor)
    assert problems(error.value) == {
        "evidence": ["“Minutes” is already attached to Domain 1 Leadership and governance"]
    }
    assert RatingEvidence.objects.count() == 1


def test_detaching_keeps_the_file_and_records_who(harrow, contributor):
    rating = rating_of(self_assessment(harrow, teasc_framework()), "domain-1")
    made = attach(rating, evidence_file(harrow))
    actions.detach_evidence(made, by=contributor)
    assert not RatingEvidence.objects.exists()
    assert made.evidence.__class__.objects.filter(pk=made.evidence_id).exists()
    assert RatingEvidence.history.filter(history_type="-").get().history_user == contributor


# ----- top risks -------------------------------------------------------------------------


def test_top_risks_replace_the_earlier_ones_by_rank(harrow, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    domain = rated_elements(assessment.framework)[1]
    actions.save_top_risks(
        assessment, [RiskEntry("A", "a"), RiskEntry("B", "b"), RiskEntry("C", "c", element=domain)], by=contributor
    )
    actions.save_top_risks(assessment, [RiskEntry(), RiskEntry("B2", "b2")], by=contributor)
    assert list(TopRisk.objects.values_list("rank", "risk", "mitigation", "element")) == [(1, "B2", "b2", None)]


def test_top_risks_refuse_too_many_and_a_framework_without_them(harrow, contributor):
    teasc = self_assessment(harrow, teasc_framework())
    with pytest.raises(ValidationError) as error:
        actions.save_top_risks(teasc, [RiskEntry(str(n), "plan") for n in range(4)], by=contributor)
    assert problems(error.value) == {"__all__": ["Name no more than 3 top risks"]}
    cqc = self_assessment(harrow, cqc_framework())
    with pytest.raises(ValidationError) as error:
        actions.save_top_risks(cqc, [RiskEntry("A")], by=contributor)
    assert error.value.messages == ["CQC local authority assessment does not ask for top risks"]
    assert not TopRisk.objects.exists()


def test_a_named_top_risk_needs_its_mitigation(harrow, contributor):
    teasc = self_assessment(harrow, teasc_framework())
    with pytest.raises(ValidationError) as error:
        actions.save_top_risks(teasc, [RiskEntry("A", "a"), RiskEntry("B", "  ")], by=contributor)
    assert problems(error.value) == {"mitigation_2": ["Enter how risk 2 is being mitigated"]}
    assert not TopRisk.objects.exists()


def test_a_top_risk_about_an_element_of_another_framework_is_refused(harrow, contributor):
    teasc = self_assessment(harrow, teasc_framework())
    other = rated_elements(cqc_framework())[0]
    with pytest.raises(ValidationError) as error:
        actions.save_top_risks(teasc, [RiskEntry("A", "a"), RiskEntry("B", "b", element=other)], by=contributor)
    assert problems(error.value) == {"element_2": ["Choose an element of TEASC risk awareness for risk 2"]}
    assert not TopRisk.objects.exists()


# ----- through the pages: who may post ---------------------------------------------------


def test_a_viewer_may_read_but_every_change_is_forbidden(client, harrow, viewer):
    assessment = self_assessment(harrow, teasc_framework())
    rating = rating_of(assessment, "domain-1")
    indicator_link = link(rating, IndicatorFactory())
    file_link = attach(rating, evidence_file(harrow))
    base = {"gss_code": harrow.gss_code, "assessment_id": assessment.pk}
    on_rating = {**base, "element_id": rating.element_id}
    client.force_login(viewer)
    assert client.get(reverse("assessments:rating", kwargs=on_rating)).status_code == 200
    posts = [
        reverse("assessments:new", kwargs={"gss_code": harrow.gss_code}),
        reverse("assessments:rating", kwargs=on_rating),
        reverse("assessments:risks", kwargs=base),
        reverse("assessments:rating-indicator-add", kwargs=on_rating),
        reverse("assessments:rating-indicator-remove", kwargs={**on_rating, "link_id": indicator_link.pk}),
        reverse("assessments:rating-evidence-attach", kwargs=on_rating),
        reverse("assessments:rating-evidence-upload", kwargs=on_rating),
        reverse("assessments:rating-evidence-remove", kwargs={**on_rating, "link_id": file_link.pk}),
    ]
    for address in posts:
        assert client.post(address, {"rating": "green", "risk_1": "X"}).status_code == 403, address
    assert RatingIndicator.objects.count() == RatingEvidence.objects.count() == 1
    assert not TopRisk.objects.exists()


def test_a_link_of_another_rating_is_not_found(client, harrow, contributor):
    assessment = self_assessment(harrow, teasc_framework())
    first, second = rating_of(assessment, "domain-1"), rating_of(assessment, "domain-2")
    other_link = link(second, IndicatorFactory())
    client.force_login(contributor)
    address = reverse(
        "assessments:rating-indicator-remove",
        kwargs={
            "gss_code": harrow.gss_code,
            "assessment_id": assessment.pk,
            "element_id": first.element_id,
            "link_id": other_link.pk,
        },
    )
    assert client.post(address).status_code == 404
    assert RatingIndicator.objects.count() == 1
