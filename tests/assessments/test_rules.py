"""Who may do what with a self-assessment (ascent/assessments/rules.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ascent.assessments.models import SelfAssessment, Status
from tests.factories import RegionalRoleFactory, UserFactory

from .factories import self_assessment, teasc_framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "view", "change", "add", "sign_off", "share"),
    [
        ("viewer", True, False, False, False, False),
        ("contributor", True, True, False, False, False),
        ("editor", True, True, True, False, False),
        ("admin_user", True, True, True, True, True),
        ("outsider", False, False, False, False, False),
        ("superuser", True, True, True, True, True),
    ],
)
def test_roles(request, harrow, persona, view, change, add, sign_off, share):
    user = request.getfixturevalue(persona)
    assessment = self_assessment(harrow, teasc_framework())
    assert user.has_perm("assessments.view_selfassessment", assessment) is view
    assert user.has_perm("assessments.change_selfassessment", assessment) is change
    assert user.has_perm("assessments.add_selfassessment", harrow) is add
    assert user.has_perm("assessments.sign_off_selfassessment", assessment) is sign_off
    assert user.has_perm("assessments.share_selfassessment", assessment) is share


def _as(assessment, status, shared):
    SelfAssessment.objects.filter(pk=assessment.pk).update(status=status, shared_at=timezone.now() if shared else None)
    return SelfAssessment.objects.select_related("organisation").get(pk=assessment.pk)


def test_a_regional_lead_reads_only_a_shared_signed_off_version_of_their_region(
    harrow, herefordshire, regional_lead, west_midlands
):
    framework = teasc_framework()
    ours = self_assessment(harrow, framework)
    other_region = self_assessment(herefordshire, framework)
    perm = "assessments.view_selfassessment"
    assert regional_lead.has_perm(perm, _as(ours, Status.SIGNED_OFF, shared=True))
    assert not regional_lead.has_perm(perm, _as(ours, Status.SIGNED_OFF, shared=False))
    assert not regional_lead.has_perm(perm, _as(ours, Status.DRAFT, shared=False))
    assert not regional_lead.has_perm(perm, _as(ours, Status.SUBMITTED, shared=False))
    assert not regional_lead.has_perm(perm, _as(other_region, Status.SIGNED_OFF, shared=True))
    assert not regional_lead.has_perm(perm, harrow)  # the council's space stays closed
    assert not regional_lead.has_perm("assessments.change_selfassessment", _as(ours, Status.SIGNED_OFF, shared=True))
    west_lead = RegionalRoleFactory(region=west_midlands, user=UserFactory(email="west@region.example")).user
    assert west_lead.has_perm(perm, _as(other_region, Status.SIGNED_OFF, shared=True))
