"""The letter as a document, its snapshot, and publishing versions (ascent/reviews/letter.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ascent.documents.model import BulletList, NumberedList, Paragraph, Table
from ascent.organisations.rules import forget_cached_roles
from ascent.reviews import letter as letters
from ascent.reviews.models import Finding, FindingKind, FindingStatus, LetterVersion, ScopeStyle, Stage
from ascent.reviews.rules import may

from ..factories import UserFactory
from .letter_world import QUESTIONS, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow, reviewer, admin_user):
    return make_review(harrow, lead_user=reviewer, granted_by=admin_user)


def headings(document):
    return [section.heading for section in document.sections]


def section(document, heading):
    return next(found for found in document.sections if found.heading == heading)


def test_it_lays_the_letter_out_in_the_shape_councils_receive(review):
    document = letters.build_letter(review)
    found = headings(document)
    expected = [
        "Introduction and thanks",
        "Scope",
        "The team",
        "Context",
        "Executive summary",
        "Findings",
        f"1. {QUESTIONS[0]}",
        "Strengths",
        "Areas for consideration",
        f"2. {QUESTIONS[1]}",
    ]
    assert found[: len(expected)] == expected
    assert found[-4:] == ["Recommendations", "Key priorities", "Conclusion", "Appendix: people and groups the team met"]
    assert document.metadata_value("Date") == "11 July 2026"
    assert document.metadata_value("On site") == "24 to 26 June 2026"


def test_the_scope_questions_are_numbered(review):
    scope = section(letters.build_letter(review), "Scope")
    assert scope.blocks[1] == NumberedList(QUESTIONS)


def test_a_key_line_of_enquiry_lists_its_sub_areas(review):
    review.scope_style, review.key_line_of_enquiry = ScopeStyle.KEY_LINE, "How safe are people at home?"
    review.save()
    scope = section(letters.build_letter(review), "Scope")
    assert scope.blocks[0] == Paragraph("The key line of enquiry: How safe are people at home?")
    assert scope.blocks[-1] == BulletList(QUESTIONS)


def test_the_team_table_names_each_member_with_role_job_and_organisation(review):
    table = section(letters.build_letter(review), "The team").blocks[0]
    assert isinstance(table, Table)
    assert table.rows[0] == ("Pat Lead", "Lead director", "Director of Adult Social Care", "Elsewhere Council")
    assert table.rows[1] == ("Sam Peer", "Member peer", None, "Nearby Borough")


def test_only_approved_findings_are_in_the_letter(harrow):
    review = make_review(harrow, draft_findings=1)
    text = json.dumps(letters.snapshot(review))
    assert "Strength 1 on question 1" in text
    assert "Draft finding 1" not in text


def test_findings_sit_under_their_scope_question_by_kind(review):
    document = letters.build_letter(review)
    index = headings(document).index(f"3. {QUESTIONS[2]}")
    strengths, development = document.sections[index + 1], document.sections[index + 2]
    assert strengths.level == 4 and development.heading == "Areas for consideration"
    assert [block.text for block in strengths.blocks] == [
        "Strength 1 on question 3: the team saw this in practice.",
        "Strength 2 on question 3: the team saw this in practice.",
    ]


def test_a_finding_without_a_scope_item_is_a_general_finding_with_its_heading(review):
    Finding.objects.create(
        review=review, kind=FindingKind.DEVELOPMENT, heading="Data", text="Reports differ.", status="approved"
    )
    document = letters.build_letter(review)
    index = headings(document).index("General findings")
    assert document.sections[index + 1].blocks == (Paragraph("Data: Reports differ."),)


def test_recommendations_keep_their_numbers_and_the_unnumbered_ones_between(review):
    blocks = section(letters.build_letter(review), "Recommendations").blocks
    assert blocks[0] == NumberedList(
        [
            "Analyse the demand on the advice team",
            "Explore a single point of access",
            "Review the brokerage service",
            "Join up performance and finance reports",
        ]
    )
    assert blocks[1] == BulletList(
        ["Consider fuller progress reports to the board", "Consider a named lead for carers"]
    )
    assert blocks[2] == NumberedList(["Refresh the workforce plan"], start=5)


def test_a_gap_in_the_numbers_starts_a_new_list_at_the_stored_number(review):
    review.recommendations.filter(number=3).update(number=7)
    blocks = section(letters.build_letter(review), "Recommendations").blocks
    assert [(block.start, len(block.items)) for block in blocks if isinstance(block, NumberedList)] == [
        (1, 2),
        (7, 1),
        (4, 1),
        (5, 1),
    ]


def test_key_priorities_have_their_own_section_with_key_priority_findings(review):
    Finding.objects.create(review=review, kind=FindingKind.KEY_PRIORITY, text="Carers first.", status="approved")
    blocks = section(letters.build_letter(review), "Key priorities").blocks
    assert blocks == (NumberedList(["Fix the front door"]), Paragraph("Carers first."))


def test_an_empty_introduction_says_what_the_letter_covers(review):
    review.introduction = ""
    review.save()
    intro = section(letters.build_letter(review), "Introduction and thanks")
    assert intro.blocks[0].text == "Dear Director of Adult Social Services,"
    assert intro.blocks[1].text.startswith("This letter sets out the team's findings and recommendations")
    assert "on site 24 to 26 June 2026." in intro.blocks[1].text


@pytest.mark.parametrize(
    ("addressee", "greeting"),
    [
        ("Helen Smith, Director of Adult Social Services, Shropshire Council", "Dear Helen,"),
        ("Ms Helen Smith", "Dear Helen,"),
        ("Dr Kaur", "Dear Dr Kaur,"),
        ("Helen", "Dear Helen,"),
        ("The Director of Adult Social Services", "Dear Director of Adult Social Services,"),
        ("Director of Adult Social Services\nHarrow Council", "Dear Director of Adult Social Services,"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_the_salutation_greets_the_addressee_by_first_name_or_name(addressee, greeting):
    assert letters.salutation(addressee) == greeting


def test_the_letter_opens_with_the_salutation_before_its_own_introduction(review):
    review.addressee = "Helen Smith, Director of Adult Social Services"
    review.introduction = "Thank you for hosting the team."
    review.save()
    intro = section(letters.build_letter(review), "Introduction and thanks")
    assert [block.text for block in intro.blocks] == ["Dear Helen,", "Thank you for hosting the team."]
    review.addressee = ""
    review.save()
    intro = section(letters.build_letter(review), "Introduction and thanks")
    assert [block.text for block in intro.blocks] == ["Thank you for hosting the team."]


@pytest.mark.parametrize(
    ("kinds", "noun"),
    [
        (["Domain", "Domain"], "domains"),
        (["Quality statement"], "quality statements"),
        (["Area to consider"], "areas to consider"),
        (["Theme", "Quality statement"], "elements"),
        (["", ""], "elements"),
        (["Priority"], "priorities"),
    ],
)
def test_the_scope_names_elements_as_the_framework_does(kinds, noun):
    assert letters.element_noun(kinds) == noun


def test_a_framework_scope_says_the_framework_s_own_word_for_its_elements(review):
    content = letters.snapshot(review)
    content["scope_style"], content["framework"] = ScopeStyle.ELEMENTS, "TEASC risk awareness self-assessment"
    for item in content["scope"]:
        item["element_kind"] = "Domain"
    scope = section(letters.letter_from_snapshot(content), "Scope")
    assert scope.blocks[0] == Paragraph("The team looked at these domains of the TEASC risk awareness self-assessment:")


def test_the_snapshot_is_json_and_renders_the_same_letter(review):
    content = letters.snapshot(review)
    again = json.loads(json.dumps(content))
    assert letters.letter_from_snapshot(again) == letters.build_letter(review)


def test_the_snapshot_takes_five_queries(review, django_assert_num_queries):
    review = type(review).objects.select_related("organisation", "framework").get(pk=review.pk)
    with django_assert_num_queries(5):
        letters.snapshot(review)


# Publishing -----------------------------------------------------------------------------------


def test_the_lead_publishes_version_one_and_the_review_is_published(review, reviewer):
    ends = timezone.localdate() + dt.timedelta(days=30)
    version = letters.publish(review, reviewer, team_access_ends_on=ends)
    review.refresh_from_db()
    assert version.version == 1
    assert review.stage == Stage.PUBLISHED
    assert review.published_by == reviewer and review.published_at is not None
    assert review.team_access_ends_on == ends
    assert review.team.get(is_lead=True).grant.ends_on == ends
    assert version.history.first().history_user == reviewer


def test_publishing_is_refused_while_findings_wait_for_approval(review, reviewer):
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="One")
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="Two")
    with pytest.raises(ValidationError) as error:
        letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    assert error.value.message_dict == {
        "findings": ["2 findings are still waiting for approval: approve or delete them before publishing"]
    }
    assert not LetterVersion.objects.exists()
    review.refresh_from_db()
    assert review.stage == Stage.REPORTING


@pytest.mark.parametrize(
    ("ends", "message"),
    [
        (None, "Enter the last day the team may read the review"),
        (-1, "The last day the team may read the review must be today or later"),
    ],
)
def test_publishing_needs_a_team_access_date_from_today(review, reviewer, ends, message):
    when = None if ends is None else timezone.localdate() + dt.timedelta(days=ends)
    with pytest.raises(ValidationError) as error:
        letters.publish(review, reviewer, team_access_ends_on=when)
    assert error.value.message_dict == {"team_access_ends_on": [message]}


def test_publishing_before_reporting_is_refused(review, reviewer):
    review.stage = Stage.FIELDWORK
    review.save()
    with pytest.raises(ValidationError) as error:
        letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    assert "stage" in error.value.message_dict


def test_nobody_but_the_lead_publishes(review, editor, admin_user, viewer):
    for person in (editor, admin_user, viewer):
        with pytest.raises(PermissionDenied):
            letters.publish(review, person, team_access_ends_on=timezone.localdate())


def test_a_correction_by_the_lead_makes_version_two_and_keeps_the_team_s_date(review, reviewer):
    today = timezone.localdate()
    letters.publish(review, reviewer, team_access_ends_on=today + dt.timedelta(days=30))
    review.refresh_from_db()
    assert reviewer.has_perm("reviews.change_letter", review)
    assert reviewer.has_perm("reviews.publish_letter_version", review)
    letters.update_letter(review, by=reviewer, conclusion="A corrected conclusion.")
    second = letters.publish(review, reviewer, team_access_ends_on=None, note="Typo")
    review.refresh_from_db()
    assert second.version == 2 and second.note == "Typo" and second.published_by == reviewer
    assert review.published_by == reviewer  # the first publication stands
    assert review.team_access_ends_on == today + dt.timedelta(days=30)
    first = LetterVersion.objects.get(review=review, version=1)
    assert "A corrected conclusion." not in json.dumps(first.content)
    assert "A corrected conclusion." in json.dumps(second.content)


def test_the_lead_may_not_move_the_team_s_date_with_a_correction(review, reviewer):
    today = timezone.localdate()
    letters.publish(review, reviewer, team_access_ends_on=today + dt.timedelta(days=30))
    review.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        letters.publish(review, reviewer, team_access_ends_on=today + dt.timedelta(days=300))
    assert error.value.message_dict == {
        "team_access_ends_on": [f"Only {review.organisation.name}'s editors change the team's access date"]
    }
    assert LetterVersion.objects.filter(review=review).count() == 1


@pytest.mark.parametrize("who", ["editor", "admin_user", "superuser"])
def test_the_host_never_writes_or_publishes_a_team_s_letter(request, review, reviewer, who):
    person = request.getfixturevalue(who)
    for perm in ("reviews.change_letter", "reviews.publish_letter", "reviews.publish_letter_version"):
        assert not may(person, perm, review), perm  # while open
    with pytest.raises(PermissionDenied):
        letters.update_letter(review, by=person, introduction="Rewritten by the host")
    with pytest.raises(PermissionDenied):
        letters.publish(review, person, team_access_ends_on=timezone.localdate())
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate() + dt.timedelta(days=30))
    review.refresh_from_db()
    for perm in ("reviews.change_letter", "reviews.publish_letter_version"):
        assert not may(person, perm, review), perm  # after publication
    with pytest.raises(PermissionDenied):
        letters.update_letter(review, by=person, conclusion="Rewritten by the host")
    with pytest.raises(PermissionDenied):
        letters.publish(review, person, team_access_ends_on=timezone.localdate(), note="Host's version")
    assert LetterVersion.objects.filter(review=review).count() == 1


def test_a_team_member_who_is_not_the_lead_writes_but_does_not_publish(review, admin_user):
    from .fieldwork_world import seat

    peer = UserFactory(full_name="Peer Person")
    seat(review, peer, by=admin_user)
    assert peer.has_perm("reviews.change_letter", review)
    assert not peer.has_perm("reviews.publish_letter_version", review)
    letters.publish(review, review.team.get(is_lead=True).user, team_access_ends_on=timezone.localdate())
    review.refresh_from_db()
    assert not peer.has_perm("reviews.change_letter", review)  # after publication only the lead corrects
    assert not peer.has_perm("reviews.publish_letter_version", review)


def test_once_the_lead_s_access_ends_they_correct_nothing(review, reviewer):
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    grant = review.team.get(is_lead=True).grant
    type(grant).objects.filter(pk=grant.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=10), ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    review.refresh_from_db()
    forget_cached_roles(reviewer)
    assert not reviewer.has_perm("reviews.change_letter", review)
    assert not reviewer.has_perm("reviews.publish_letter_version", review)


def test_on_a_review_the_host_records_its_editors_write_and_its_admins_correct(harrow, editor, admin_user, viewer):
    recorded = make_review(harrow)  # nobody on the team has an account
    assert editor.has_perm("reviews.change_letter", recorded)
    assert editor.has_perm("reviews.publish_letter_version", recorded)
    assert not viewer.has_perm("reviews.change_letter", recorded)
    letters.publish(recorded, editor, team_access_ends_on=timezone.localdate())
    recorded.refresh_from_db()
    assert not editor.has_perm("reviews.change_letter", recorded)
    assert admin_user.has_perm("reviews.change_letter", recorded)
    letters.update_letter(recorded, by=admin_user, conclusion="Corrected by the host.")
    second = letters.publish(recorded, admin_user, team_access_ends_on=None, note="Corrected")
    assert second.version == 2


def test_the_team_only_reads_after_publication(review, reviewer):
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    review.refresh_from_db()
    assert reviewer.has_perm("reviews.view_review", review)
    for perm in ("reviews.draft_findings", "reviews.approve_findings", "reviews.change_fieldwork"):
        assert not reviewer.has_perm(perm, review), perm
    assert reviewer.has_perm("reviews.change_letter", review)  # the one exception: the lead's corrections


def test_a_closed_review_keeps_its_letter(review, reviewer, admin_user):
    letters.publish(review, reviewer, team_access_ends_on=timezone.localdate())
    type(review).objects.filter(pk=review.pk).update(stage=Stage.CLOSED)
    review.refresh_from_db()
    for person in (admin_user, reviewer):
        assert not person.has_perm("reviews.change_letter", review)
        with pytest.raises(PermissionDenied):
            letters.publish(review, person, team_access_ends_on=timezone.localdate())


def test_a_removed_member_s_grant_is_not_brought_back(review, reviewer, admin_user):
    from ascent.reviews.team import remove_member

    today = timezone.localdate()
    lead = review.team.get(is_lead=True)
    grant = lead.grant
    letters.publish(review, reviewer, team_access_ends_on=today + dt.timedelta(days=10))
    remove_member(lead, by=admin_user)
    review.refresh_from_db()
    letters.publish(review, admin_user, team_access_ends_on=today + dt.timedelta(days=60))
    grant.refresh_from_db()
    assert grant.ends_on < today


def test_publishing_moves_every_team_grant_to_the_host_s_date(review, reviewer):
    today = timezone.localdate()
    letters.publish(review, reviewer, team_access_ends_on=today + dt.timedelta(days=45))
    grants = [member.grant for member in review.team.filter(grant__isnull=False)]
    assert grants
    assert {grant.ends_on for grant in grants} == {today + dt.timedelta(days=45)}


def test_update_letter_records_who_changed_it(review, reviewer):
    letters.update_letter(review, by=reviewer, addressee="Jo Host")
    review.refresh_from_db()
    assert review.addressee == "Jo Host"
    assert review.history.first().history_user == reviewer


def test_a_host_viewer_may_not_change_the_letter(review, viewer):
    with pytest.raises(PermissionDenied):
        letters.update_letter(review, by=viewer, addressee="Someone")


def test_an_unapproved_finding_is_counted(review):
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="Draft", status=FindingStatus.DRAFT)
    assert letters.unapproved_count(review) == 1
