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

The letter is the team's: while the review is open the team writes it and the lead publishes
it; the host's members read it and answer its recommendations but never write it, unless
nobody on the team has an account (a past review the host records by hand,
:func:`is_host_recording`). After publication the one exception to read-only is the letter:
the team's lead, while their grant is in force, may correct it as a new version (on a review
the host records, the host's admins do that).

Team notes are the team's alone: the host's members never see them, whatever their role, and
neither does platform staff.
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
def is_lead_with_access(user, obj) -> bool:
    """The team's lead while their grant is in force, whatever the stage (for corrections to the letter)."""
    review = review_of(obj)
    if review is None or not has_grant(user, review, AccessGrant.Level.EDIT):
        return False
    return review.team.filter(user=user, is_lead=True).exists()


def recorded_by_host(review) -> bool:
    """No team member has an account: the host records the review by hand (a past review)."""
    return not review.team.filter(user__isnull=False).exists()


@rules.predicate
def is_recorded_by_host(user, obj) -> bool:
    review = review_of(obj)
    return review is not None and recorded_by_host(review)


@rules.predicate
def is_host_recording(user, obj) -> bool:
    """A host editor on a review no team member has an account for (a past review recorded by hand)."""
    review = review_of(obj)
    if review is None or not is_editor(user, review):
        return False
    return recorded_by_host(review)


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
# Team notes: the team only. The host never sees them, nor does platform staff.
rules.add_perm("reviews.view_team_notes", is_on_team)
rules.add_perm("reviews.add_team_note", is_working_team_member)
# Draft findings and recommendations: the team while open, or the host recording a past review.
rules.add_perm("reviews.draft_findings", is_working_team_member | ((is_host_recording | is_superuser) & is_open_review))
# Approve findings: the lead, or the host recording a past review.
rules.add_perm("reviews.approve_findings", is_team_lead | ((is_host_recording | is_superuser) & is_open_review))

#: Stages after publication in which the letter may still be corrected (a closed review's letter is final).
CORRECTABLE_STAGES = {Stage.PUBLISHED, Stage.FOLLOW_UP}


@rules.predicate
def is_correctable(user, obj) -> bool:
    review = review_of(obj)
    return review is not None and review.stage in CORRECTABLE_STAGES


#: The host's side of the letter, only on a review the host records by hand (platform staff
#: stand in for the host there, never on a team's review).
_host_writes_letter = is_host_recording | (is_superuser & is_recorded_by_host)
_host_corrects_letter = (is_org_admin | is_superuser) & is_recorded_by_host

# The letter belongs to the team. Its own parts (date, addressee, introduction, summary...):
# the working team while open; after publication, corrections by the lead while their grant is
# in force. On a review the host records: its editors while open, its admins after.
rules.add_perm(
    "reviews.change_letter",
    (is_open_review & (is_working_team_member | _host_writes_letter))
    | (is_correctable & (is_lead_with_access | _host_corrects_letter)),
)
# Publish the letter (the first version): the lead, or the host recording a past review.
rules.add_perm("reviews.publish_letter", is_team_lead | (is_open_review & _host_writes_letter))
# A version of the letter: the first as reviews.publish_letter says; later corrections as
# reviews.change_letter says after publication.
rules.add_perm(
    "reviews.publish_letter_version",
    (is_open_review & (is_team_lead | _host_writes_letter))
    | (is_correctable & (is_lead_with_access | _host_corrects_letter)),
)
# Answer recommendations: the host's editors.
rules.add_perm("reviews.respond_to_recommendations", is_editor | is_superuser)


#: Permissions the team holds alone (with the host only on a review it records by hand).
#: Django gives an active superuser every permission (``PermissionsMixin.has_perm`` answers
#: True before asking any backend), so these are asked of the rules directly: see :func:`may`.
TEAM_ONLY = frozenset(
    {
        "reviews.view_team_notes",
        "reviews.add_team_note",
        "reviews.change_letter",
        "reviews.publish_letter",
        "reviews.publish_letter_version",
    }
)


def may(user, perm: str, obj) -> bool:
    """``user.has_perm(perm, obj)``, except that platform staff get no team-only permission for free.

    Review code asks every permission through this (``access.get_review`` and ``get_record``
    do), so a permission of :data:`TEAM_ONLY` means what the rules above say, superusers too.
    """
    if perm in TEAM_ONLY and getattr(user, "is_superuser", False):
        return bool(user.is_active and rules.has_perm(perm, user, obj))
    # Everyone else through has_perm, which caches roles and grants on the user itself (not on
    # the request's lazy wrapper of it).
    return user.has_perm(perm, obj)


# Why a permission is refused, for the 403 page ---------------------------------------------------

#: Permissions the team has only while the review is open: after publication they read.
_WHILE_OPEN = {
    "reviews.change_fieldwork",
    "reviews.add_team_note",
    "reviews.draft_findings",
    "reviews.approve_findings",
    "reviews.publish_letter",
}
#: What each permission lets people do, as the end of "Only ... can <this>".
_ACTIONS = {
    "reviews.change_review": "change the review's details, scope and team, or what is shared with the team",
    "reviews.import_letter": "bring in a past letter",
    "reviews.change_fieldwork": "change the fieldwork timetable and the people met",
    "reviews.add_team_note": "write team notes",
    "reviews.draft_findings": "write findings and recommendations",
    "reviews.approve_findings": "approve findings",
    "reviews.publish_letter": "publish the letter",
    "reviews.publish_letter_version": "publish the letter",
    "reviews.change_letter": "write the letter",
    "reviews.respond_to_recommendations": "answer the recommendations",
}


def refusal(user, perm: str, obj, *, action: str | None = None) -> str:
    """Why ``user`` may not do ``perm`` on a review (or one of its records), in words for them.

    Shown on the 403 page, so it names who may act and never anything the person may not see.
    ``action`` words what was tried more closely than the permission does ("link indicators
    to a recommendation").
    """
    review = review_of(obj)
    if review is None:
        return "You do not have permission to do this."
    host = review.organisation.name
    letter = perm in ("reviews.change_letter", "reviews.publish_letter_version")
    on_team = has_grant(user, review, AccessGrant.Level.VIEW)
    if review.stage == Stage.CLOSED and letter:
        return "The review is closed: its letter can no longer change."
    if not review.is_open and on_team and (perm in _WHILE_OPEN or letter):
        return "The review has been published: the team can read it but not change it."
    if not review.is_open and perm in _WHILE_OPEN:
        return (
            "The review has been published: its fieldwork, findings and recommendations stay as the letter gave them."
        )
    what = action or _ACTIONS.get(perm, "do this")
    recorded = recorded_by_host(review)
    if perm in ("reviews.change_review", "reviews.import_letter", "reviews.respond_to_recommendations"):
        who = f"{host}'s editors"
    elif perm == "reviews.change_fieldwork":
        who = f"the review team and {host}'s editors"
    elif perm == "reviews.add_team_note":
        who = "the review team"
    elif letter and not review.is_open:
        what = action or "correct the published letter"
        who = f"{host}'s admins" if recorded else "the team's lead, while the team may still see the review,"
    elif perm in ("reviews.approve_findings", "reviews.publish_letter", "reviews.publish_letter_version"):
        who = f"{host}'s editors, who record this review," if recorded else "the team's lead"
    else:  # drafting findings and recommendations, writing the letter
        who = f"{host}'s editors, who record this review," if recorded else "the review team"
    return f"Only {who} can {what}."
