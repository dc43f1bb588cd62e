"""Who may do what with self-assessments (see ascent/organisations/rules.py for the roles).

The permissions take an Organisation (whether a person may start one, say) or one
self-assessment record; a rating, link or top risk is judged through its self-assessment's
organisation. Whether a version may still change (a draft, not signed off) is not a
permission: ``ascent.assessments.actions`` refuses changes to a locked version with a message.
"""

from __future__ import annotations

import rules

from ascent.organisations.rules import (
    is_contributor,
    is_editor,
    is_member,
    is_org_admin,
    is_superuser,
    regional_lead_region_ids,
)


@rules.predicate
def is_regional_lead_of_shared(user, assessment) -> bool:
    """A regional lead of the council's region, on a version the council signed off and shared.

    Anything else (a draft, a version not shared, a council of another region, an
    organisation rather than one self-assessment) is not theirs to see.
    """
    from .models import SelfAssessment, Status

    if not isinstance(assessment, SelfAssessment):
        return False
    if assessment.status != Status.SIGNED_OFF or assessment.shared_at is None:
        return False
    region_id = assessment.organisation.region_id
    return region_id is not None and region_id in regional_lead_region_ids(user)


# Read the council's self-assessments: every member; a regional lead reads a shared one.
rules.add_perm("assessments.view_selfassessment", is_member | is_superuser | is_regional_lead_of_shared)
# Rate elements, write narrative, link evidence, name top risks: contributors and above
# (only while the version is a draft: the actions refuse a locked one).
rules.add_perm("assessments.change_selfassessment", is_contributor | is_superuser)
# Start a self-assessment: editors and above.
rules.add_perm("assessments.add_selfassessment", is_editor | is_superuser)
# Sign off a submitted version, and share a signed-off one with the region: the council's admins.
rules.add_perm("assessments.sign_off_selfassessment", is_org_admin | is_superuser)
rules.add_perm("assessments.share_selfassessment", is_org_admin | is_superuser)
# The workflow's own steps: submitting for sign-off (contributors), returning a submitted
# version to draft and starting a new version of a signed-off one (editors).
rules.add_perm("assessments.submit_selfassessment", is_contributor | is_superuser)
rules.add_perm("assessments.return_selfassessment", is_editor | is_superuser)
rules.add_perm("assessments.new_version_selfassessment", is_editor | is_superuser)
