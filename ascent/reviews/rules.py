"""Who may do what with a review: the one place these rules live (with ``ascent.reviews.access``).

Two groups of people reach a review:

- the **host council's members**, by their role (see ascent/organisations/rules.py): every
  member reads the council's reviews; editors set one up, agree its scope, name and invite
  its team, share evidence with it and answer its recommendations;
- the **team**: a member invited as a user holds an :class:`~ascent.core.models.AccessGrant`
  of the review record (edit level) and reaches that review only. While the review is open
  (scoping, fieldwork, reporting) they record fieldwork, write notes and draft findings and
  recommendations; the lead approves findings and publishes the letter. After publication
  they only read, and once the grant ends (the host's date) they see nothing.

Team notes are the team's alone: the host's members never see them, whatever their role.
Every permission takes a Review or one of its records (judged through its review); the
organisation-wide ones (``view_reviews``, ``add_review``) take an Organisation.
"""

from __future__ import annotations

import rules

from ascent.core.models import AccessGrant
from ascent.organisations.models import Organisation
from ascent.organisations.rules import has_grant, is_editor, is_member, is_org_admin, is_superuser

from .models import Stage


def review_of(obj):
    """The review a record belongs to (the record itself for a Review), or None."""
    from .models import Review

    if isinstance(obj, Review):
        return obj
    for path in ("review", "member", "recommendation"):
        holder = getattr(obj, path, None)
        if holder is not None and not isinstance(holder, Organisation):
            return review_of(holder)
    return None


@rules.predicate
def is_on_team(user, obj) -> bool:
    """Holds a grant of the review in force today (a team member invited as a user)."""
    review = review_of(obj)
    return review is not None and has_grant(user, review, AccessGrant.Level.VIEW)


@rules.predicate
def is_working_team_member(user, obj) -> bool:
    """On the team with an edit grant, while the review is open (before publication)."""
    review = review_of(obj)
    return review is not None and review.is_open and has_grant(user, review, AccessGrant.Level.EDIT)


@rules.predicate
def is_team_lead(user, obj) -> bool:
    """The team's lead, while the review is open."""
    review = review_of(obj)
    if review is None or not review.is_open or not has_grant(user, review, AccessGrant.Level.EDIT):
        return False
    return review.team.filter(user=user, is_lead=True).exists()


@rules.predicate
def is_host_recording(user, obj) -> bool:
    """A host editor on a review no team member has an account for (a past review recorded by hand)."""
    review = review_of(obj)
    if review is None or not is_editor(user, review):
        return False
    return not review.team.filter(user__isnull=False).exists()


@rules.predicate
def is_open_review(user, obj) -> bool:
    review = review_of(obj)
    return review is not None and review.is_open


# The council's Reviews section and starting a review.
rules.add_perm("reviews.view_reviews", is_member | is_superuser)
rules.add_perm("reviews.add_review", is_editor | is_superuser)
# One review: the host's members and the team (while their grant is in force).
rules.add_perm("reviews.view_review", is_member | is_superuser | is_on_team)
# Its details, stage, scope, team, invitations, the team's access date and what is shared
# with the team: the host's editors.
rules.add_perm("reviews.change_review", is_editor | is_superuser)
# Bring in a past letter, and undo that: the host's editors.
rules.add_perm("reviews.import_letter", is_editor | is_superuser)
# Fieldwork timetable and people met: the team while open, and host editors (who arrange it).
rules.add_perm("reviews.change_fieldwork", is_working_team_member | ((is_editor | is_superuser) & is_open_review))
# Team notes: the team only. The host never sees them.
rules.add_perm("reviews.view_team_notes", is_on_team | is_superuser)
rules.add_perm("reviews.add_team_note", is_working_team_member | (is_superuser & is_open_review))
# Draft findings and recommendations: the team while open, or the host recording a past review.
rules.add_perm("reviews.draft_findings", is_working_team_member | ((is_host_recording | is_superuser) & is_open_review))
# Approve findings and publish the letter: the lead, or the host recording a past review.
rules.add_perm("reviews.approve_findings", is_team_lead | ((is_host_recording | is_superuser) & is_open_review))
rules.add_perm(
    "reviews.publish_letter", is_team_lead | ((is_host_recording | is_org_admin | is_superuser) & is_open_review)
)


#: Stages after publication in which the host may still correct the letter (a closed review's letter is final).
CORRECTABLE_STAGES = {Stage.PUBLISHED, Stage.FOLLOW_UP}


@rules.predicate
def is_correctable(user, obj) -> bool:
    review = review_of(obj)
    return review is not None and review.stage in CORRECTABLE_STAGES


# The letter's own parts (date, addressee, introduction, summary...): the team and the host's
# editors while open; the host's admins while published or in follow-up.
rules.add_perm(
    "reviews.change_letter",
    ((is_working_team_member | is_editor | is_superuser) & is_open_review)
    | ((is_org_admin | is_superuser) & is_correctable),
)
# A version of the letter: the first as reviews.publish_letter says (the lead), later
# corrections by the host's admins.
rules.add_perm(
    "reviews.publish_letter_version",
    (is_open_review & (is_team_lead | is_host_recording | is_org_admin | is_superuser))
    | ((is_org_admin | is_superuser) & is_correctable),
)
# Answer recommendations: the host's editors.
rules.add_perm("reviews.respond_to_recommendations", is_editor | is_superuser)
