"""The demo self-assessments: Harrow's TEASC (2015-16) and Herefordshire's CQC (2024-25)."""

from __future__ import annotations

import datetime as dt

import pytest

from ascent.assessments import demo
from ascent.assessments.demo import load_demo_assessments
from ascent.assessments.models import FlagJustification, SelfAssessment, Status
from ascent.evidence.models import EvidenceFile
from ascent.indicators.demo import load_demo_performance
from ascent.organisations.demo import load_demo_people
from ascent.organisations.models import Region
from ascent.organisations.reference import load_reference_data
from tests.frameworks.factories import load_shipped

pytestmark = pytest.mark.django_db

HARROW = "E09000015"
HEREFORDSHIRE = "E06000019"


@pytest.fixture
def loaded(db):
    # With the illustrative benchmarking set: Herefordshire's off-target indicator is one of its values.
    load_reference_data()
    load_shipped()
    load_demo_people(password_factory=lambda: "demo-password")
    load_demo_performance()
    load_demo_assessments()


def _flags(assessment):
    from ascent.assessments.flags import flags_for

    return flags_for(assessment)


def _one(gss_code: str) -> SelfAssessment:
    return SelfAssessment.objects.select_related("framework", "organisation").get(organisation__gss_code=gss_code)


def test_harrow_teasc_follows_the_assurance_review(loaded):
    assessment = _one(HARROW)
    assert assessment.framework.slug == "teasc-risk-awareness"
    assert assessment.period_code == "2015-16"
    assert assessment.status == Status.SIGNED_OFF
    assert assessment.signed_off_by.email == "dass@harrow.demo.ascent.invalid"
    # Signed off in the past it describes, before the reviewers' interviews of 15 March 2016.
    assert assessment.submitted_at.date() < assessment.signed_off_at.date() < dt.date(2016, 3, 15)
    assert assessment.history.filter(history_change_reason="Signed off").get().history_date == assessment.signed_off_at
    ratings = {r.element.title: r.rating for r in assessment.ratings.select_related("element")}
    # The review praised leadership and culture and worried most about the care market.
    assert ratings["Leadership and governance"] == "green"
    assert ratings["Culture and challenge"] == "green"
    assert ratings["Commissioning and quality"] == "red"
    assert ratings["Performance and outcomes"] == "amber"
    assert len(ratings) == 6
    assert assessment.top_risks.count() == 3
    assert all(risk.mitigation for risk in assessment.top_risks.all())
    linked = set(
        assessment.ratings.filter(indicator_links__isnull=False).values_list(
            "indicator_links__indicator__code", flat=True
        )
    )
    assert {"HAR-REV12", "HAR-SICK", "ASCOF-1C1A"} <= linked


def test_harrow_has_a_flag_and_every_flag_is_justified(loaded):
    assessment = _one(HARROW)
    flags = _flags(assessment)
    assert len(flags) >= 1
    justified = dict(FlagJustification.objects.filter(assessment=assessment).values_list("flag_key", "justification"))
    assert {flag.key for flag in flags} <= set(justified)
    assert all(text.strip() for text in justified.values())


def test_herefordshire_cqc_has_two_flags_and_is_shared_with_west_midlands(loaded):
    assessment = _one(HEREFORDSHIRE)
    assert assessment.framework.slug == "cqc-la-assessment"
    assert assessment.period_code == "2024-25"
    assert assessment.status == Status.SIGNED_OFF and assessment.is_shared
    flags = _flags(assessment)
    assert len(flags) >= 2
    assert {flag.key for flag in flags} <= set(
        FlagJustification.objects.filter(assessment=assessment).values_list("flag_key", flat=True)
    )
    west_midlands = Region.objects.get(code="E12000005")
    assert list(SelfAssessment.objects.shared_with_region(west_midlands)) == [assessment]
    # Harrow's is not shared, and London's lead sees nothing of Herefordshire's.
    assert not SelfAssessment.objects.shared_with_region(Region.objects.get(code="E12000007")).exists()


def test_the_west_midlands_lead_exists_and_sees_the_shared_assessment(loaded):
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.get(email="lead@westmidlands.demo.ascent.invalid")
    regions = list(lead.regional_roles.values_list("region__code", flat=True))
    assert regions == ["E12000005"]
    visible = SelfAssessment.objects.filter(organisation__region__code__in=regions)
    assert [a.organisation.gss_code for a in visible.shared_with_region(Region.objects.get(code="E12000005"))] == [
        HEREFORDSHIRE
    ]


def test_evidence_files_are_real_small_documents(loaded):
    files = EvidenceFile.objects.filter(organisation__gss_code=HARROW)
    assert files.count() >= 8
    for evidence in files:
        content = evidence.file.open("rb").read()
        evidence.file.close()
        assert len(content) == evidence.size < 200_000
        if evidence.original_name.endswith(".pdf"):
            assert content.startswith(b"%PDF")
        else:
            assert content.startswith(b"PK")  # a Word file is a zip


def test_running_it_again_adds_nothing(loaded, monkeypatch):
    before = (SelfAssessment.objects.count(), EvidenceFile.objects.count(), FlagJustification.objects.count())
    summary = load_demo_assessments()
    assert "already there" in summary
    after = (SelfAssessment.objects.count(), EvidenceFile.objects.count(), FlagJustification.objects.count())
    assert after == before


def test_a_missing_framework_says_what_to_do(db, monkeypatch):
    load_reference_data()
    monkeypatch.setattr(demo, "_framework", _refuse)
    from ascent.organisations.demo import DemoDataError

    with pytest.raises(DemoDataError, match="framework"):
        demo.load_demo_assessment(demo.HARROW_TEASC)


def _refuse(slug):
    from ascent.organisations.demo import DemoDataError

    raise DemoDataError(f"The demo needs the shipped framework {slug!r}: load the frameworks first")


def test_running_it_again_never_writes_into_a_signed_off_version(loaded):
    # A flag raised after sign-off (here: its justification gone) stays unanswered in that version.
    assessment = _one(HARROW)
    FlagJustification.objects.filter(assessment=assessment).delete()
    load_demo_assessments()
    assert not FlagJustification.objects.filter(assessment=assessment).exists()


def test_a_councils_own_self_assessment_is_left_alone(db):
    from ascent.frameworks.models import Framework
    from ascent.organisations.models import Organisation

    load_reference_data()
    load_shipped()
    load_demo_people(password_factory=lambda: "demo-password")
    load_demo_performance()
    harrow = Organisation.objects.get(gss_code=HARROW)
    teasc = Framework.objects.filter(organisation__isnull=True, slug=demo.TEASC).current().get()
    own = SelfAssessment(organisation=harrow, framework=teasc, version=1, status=Status.SIGNED_OFF)
    own.set_period("2015-16")
    own.sign_off_note = "Our own sign-off"
    own.save()

    summary = load_demo_assessments()

    assert "Harrow" in summary and "left alone (the council's own self-assessment" in summary
    own.refresh_from_db()
    assert own.status == Status.SIGNED_OFF and own.sign_off_note == "Our own sign-off"
    assert not FlagJustification.objects.filter(assessment=own).exists()
    assert not own.ratings.exists()
    assert SelfAssessment.objects.filter(organisation=harrow).count() == 1
    # Herefordshire's, which the demo made, is there and signed off as before.
    assert _one(HEREFORDSHIRE).status == Status.SIGNED_OFF
