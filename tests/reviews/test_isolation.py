"""Reviewer isolation (issue 11, point 12).

A peer reviewer from outside Harrow sits on one Harrow review through the grant their
invitation gave them. They see that review and what Harrow shares with it; nothing else of
Harrow, ever (every other page under /orgs/<Harrow>/ is a 404, walked from the URL list);
only read it after publication; see nothing after the team's access date; and the team's
notes are never shown to Harrow's members, whatever their role.

Pages other parts of the review add (the library, the shared self-assessment, shared
indicators, team notes) are tested through their URL names where this checkout has them,
and through the models and the access helper where it does not, so the tests hold both
before and after those parts are merged.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ascent.core.models import AccessGrant
from ascent.evidence.models import EvidenceFile
from ascent.organisations.access import fetch
from ascent.reviews.access import get_record, get_review
from ascent.reviews.models import LibraryItem, Review, ReviewIndicator, Stage, TeamNote
from ascent.reviews.rules import may
from ascent.reviews.views.common import TABS
from tests.assessments.factories import evidence_file, self_assessment, teasc_framework
from tests.indicators.factories import IndicatorFactory

from .team_world import make_review, review_url, seat

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Team only: the front door felt rushed"
REVIEW_PREFIX = "orgs/<gss:gss_code>/reviews/<int:review_id>/"


def url_patterns() -> list[tuple[str, str, URLPattern]]:
    found = []

    def walk(patterns, namespace=None, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns, pattern.namespace or namespace, prefix + str(pattern.pattern))
            elif pattern.name:
                found.append(
                    (
                        f"{namespace}:{pattern.name}" if namespace else pattern.name,
                        prefix + str(pattern.pattern),
                        pattern,
                    )
                )

    walk(get_resolver().url_patterns)
    return found


def exists(name: str) -> bool:
    return any(found == name for found, _, _ in url_patterns())


@pytest.fixture
def world(harrow, editor, reviewer):
    review = make_review(harrow, title="Harrow peer challenge 2026")
    member = seat(review, reviewer, by=editor)
    framework = teasc_framework()
    shared = self_assessment(harrow, framework, period="2025-26", by=editor)
    private_assessment = self_assessment(harrow, framework, period="2024-25", by=editor)
    Review.objects.filter(pk=review.pk).update(shared_assessment=shared)
    review.refresh_from_db()
    in_library = evidence_file(harrow, title="Harrow carers survey (shared)", by=editor)
    private_file = evidence_file(harrow, title="Harrow private board paper", by=editor)
    item = LibraryItem.objects.create(review=review, evidence=in_library, added_by=editor)
    indicator = IndicatorFactory(organisation=harrow, code="HARROW-1", title="Harrow waiting list")
    ReviewIndicator.objects.create(review=review, indicator=indicator, added_by=editor)
    note = TeamNote.objects.create(review=review, author=reviewer, text=NOTE_TEXT)
    other = make_review(harrow, title="Harrow's other review", stage=Stage.SCOPING)
    return {
        "review": review,
        "member": member,
        "other_review": other,
        "shared_assessment": shared,
        "private_assessment": private_assessment,
        "library_file": in_library,
        "private_file": private_file,
        "library_item": item,
        "indicator": indicator,
        "element": framework.elements.filter(is_rated=True).first(),
        "note": note,
    }


def review_tabs(review: Review) -> list[tuple[str, str]]:
    """(key, URL) of each part of the review this checkout has."""
    tabs = []
    for key, _, name in TABS:
        try:
            tabs.append((key, review_url(name, review)))
        except NoReverseMatch:
            continue
    return tabs


def kwargs_for(pattern: URLPattern, world: dict, review: Review) -> dict | None:
    """Arguments for a URL, pointing at the host's real records where the name says which."""
    values = {
        "gss_code": review.organisation.gss_code,
        "review_id": review.pk,
        "evidence_id": world["library_file"].pk,  # even the shared file only through the review
        "assessment_id": world["shared_assessment"].pk,  # and the shared self-assessment
        "indicator_id": world["indicator"].pk,
        "element_id": world["element"].pk if world["element"] else 1,
        "member_id": world["member"].pk,
        "item_id": world["library_item"].pk,
        "note_id": world["note"].pk,
        "slug": "profile",
        "fmt": "csv",
        "kind": "observations",
        "version": 1,
    }
    arguments = {}
    for name, converter in pattern.pattern.converters.items():
        if name in values:
            arguments[name] = values[name]
        elif converter.regex == "[0-9]+":
            arguments[name] = 1
        else:
            arguments[name] = "x"
    return arguments


def answer(client, url: str) -> int:
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response.status_code


# ----- sees the review and what is shared with it ---------------------------------------------


def test_the_reviewer_opens_every_part_of_their_review(client, world, reviewer):
    client.force_login(reviewer)
    tabs = review_tabs(world["review"])
    assert ("team", review_url("reviews:team", world["review"])) in tabs
    for key, url in tabs:
        assert client.get(url).status_code == 200, key


def test_the_reviewer_reaches_the_library_file_only_through_the_review(client, world, reviewer, harrow):
    review, item = world["review"], world["library_item"]
    client.force_login(reviewer)
    if exists("reviews:library-download"):
        response = client.get(review_url("reviews:library-download", review, item_id=item.pk))
        assert response.status_code == 200
    else:
        found = get_record(LibraryItem, review, reviewer, perm="reviews.view_review", pk=item.pk)
        assert found.evidence == world["library_file"]
    # The same file through the host's evidence pages: a 404, as is any file not in the library.
    for evidence in (world["library_file"], world["private_file"]):
        url = reverse("evidence:download", kwargs={"gss_code": harrow.gss_code, "evidence_id": evidence.pk})
        assert client.get(url).status_code == 404
        with pytest.raises(Http404):
            fetch(EvidenceFile, reviewer, perm="evidence.view_evidencefile", organisation=harrow, pk=evidence.pk)


def test_the_reviewer_sees_the_shared_self_assessment_and_indicators_only_through_the_review(
    client, world, reviewer, harrow
):
    review = world["review"]
    client.force_login(reviewer)
    if exists("reviews:shared-assessment"):
        assert client.get(review_url("reviews:shared-assessment", review)).status_code == 200
    else:
        seen = get_review(reviewer, harrow.gss_code, review.pk, select_related=("shared_assessment",))
        assert seen.shared_assessment == world["shared_assessment"]
    if exists("reviews:indicators"):
        assert client.get(review_url("reviews:indicators", review)).status_code == 200
    else:
        shared = ReviewIndicator.objects.in_organisation(harrow).filter(review=review)
        assert [row.indicator for row in shared] == [world["indicator"]]
        assert reviewer.has_perm("reviews.view_review", shared.first())
    for assessment in (world["shared_assessment"], world["private_assessment"]):
        url = reverse("assessments:detail", kwargs={"gss_code": harrow.gss_code, "assessment_id": assessment.pk})
        assert client.get(url).status_code == 404
    url = reverse("indicators:detail", kwargs={"gss_code": harrow.gss_code, "indicator_id": world["indicator"].pk})
    assert client.get(url).status_code == 404


# ----- nothing else of the host ---------------------------------------------------------------


def test_every_other_page_of_the_host_is_a_404_to_the_reviewer(client, world, reviewer):
    review, other = world["review"], world["other_review"]
    client.force_login(reviewer)
    tried, wrong = [], []
    for name, route, pattern in url_patterns():
        if not route.startswith("orgs/"):
            continue
        # The review's own pages are the one place the reviewer may be; every other review
        # of the host is tried instead.
        target = other if route.startswith(REVIEW_PREFIX) else review
        kwargs = kwargs_for(pattern, world, target)
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            wrong.append(f"{name}: could not build a URL from {kwargs}")
            continue
        tried.append(name)
        status = answer(client, url)
        if status != 404:
            wrong.append(f"{name} {url}: {status}")
    assert not wrong, "\n".join(wrong)
    assert len(tried) > 60
    assert "organisations:overview" in tried and "reviews:index" in tried


def test_another_council_s_review_is_a_404_too(client, world, reviewer, herefordshire, outsider):
    elsewhere = make_review(herefordshire, title="Herefordshire review")
    client.force_login(reviewer)
    assert client.get(review_url("reviews:team", elsewhere)).status_code == 404
    # Nor does the right review under the wrong council's address open.
    wrong_host = reverse("reviews:team", kwargs={"gss_code": herefordshire.gss_code, "review_id": world["review"].pk})
    assert client.get(wrong_host).status_code == 404


# ----- read-only after publication ------------------------------------------------------------


#: POSTs that only read: they start a background job that draws the letter, and change nothing.
READING_POSTS = {"reviews:letter-pdf", "reviews:letter-version-pdf"}

#: After publication, the pages where the team's lead may still correct the letter.
LEAD_CORRECTS = {"reviews:letter-edit", "reviews:letter-publish"}


def test_after_publication_the_reviewer_reads_but_every_change_is_refused(client, world, reviewer):
    review = world["review"]
    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLISHED, published_at=timezone.now())
    client.force_login(reviewer)
    for key, url in review_tabs(review):
        assert client.get(url).status_code == 200, key
    wrong = []
    known = {"gss_code", "review_id", "member_id", "item_id", "note_id", "version", "fmt"}
    for name, route, pattern in url_patterns():
        if not route.startswith(REVIEW_PREFIX):
            continue
        url = reverse(name, kwargs=kwargs_for(pattern, world, review))
        status = client.post(url).status_code
        if status == 405:
            continue  # a page that is only read
        if name in READING_POSTS:
            # Producing a PDF of the letter is reading it: it starts a job, changes nothing of the review.
            if status not in (302, 404):
                wrong.append(f"POST {name} {url}: {status} (expected a job, or 404 for a missing version)")
            continue
        if name in LEAD_CORRECTS:
            # The one exception to read-only: the lead (the reviewer here) corrects the letter.
            assert status != 403, name
            continue
        # A record named by an argument this test cannot know may be missing: 404 is right then.
        allowed = {403} if set(pattern.pattern.converters) <= known else {403, 404}
        if status not in allowed:
            wrong.append(f"POST {name} {url}: {status}")
    assert not wrong, "\n".join(wrong)
    published = Review.objects.get(pk=review.pk)
    assert reviewer.has_perm("reviews.view_review", published)
    assert not reviewer.has_perm("reviews.change_fieldwork", published)
    assert not reviewer.has_perm("reviews.draft_findings", published)
    assert not reviewer.has_perm("reviews.add_team_note", published)


# ----- nothing after the end date -------------------------------------------------------------


def test_after_the_team_s_access_date_the_reviewer_sees_nothing(client, world, reviewer):
    review = Review.objects.get(pk=world["review"].pk)
    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLISHED)
    ends_on = review.team_access_ends_on
    assert AccessGrant.objects.get(user=reviewer).ends_on == ends_on
    # Sessions end after two hours, so each visit to another day signs in afresh.
    with time_machine.travel(dt.datetime.combine(ends_on, dt.time(12)), tick=False):
        client.force_login(reviewer)
        assert client.get(review_url("reviews:team", review)).status_code == 200  # the last day still counts
    with time_machine.travel(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time(9)), tick=False):
        client.force_login(reviewer)
        for key, url in review_tabs(review):
            assert client.get(url).status_code == 404, key
        mine = client.get(reverse("reviews:mine"))
        assert review.title not in mine.content.decode()
        # With no seat left, home no longer sends them to the reviews they sit on.
        assert client.get(reverse("core:home")).status_code == 200
        if exists("reviews:library-download"):
            url = review_url("reviews:library-download", review, item_id=world["library_item"].pk)
            assert client.get(url).status_code == 404
        with pytest.raises(Http404):
            get_review(reviewer, review.organisation.gss_code, review.pk)


# ----- team notes hidden from the host --------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor", "admin_user", "superuser"])
def test_team_notes_are_never_shown_to_the_host(client, request, world, role, harrow):
    person = request.getfixturevalue(role)
    review = world["review"]
    assert not may(person, "reviews.view_team_notes", review)
    assert not may(person, "reviews.view_team_notes", world["note"])
    client.force_login(person)
    for key, url in review_tabs(review):
        response = client.get(url)
        if key == "notes":
            assert response.status_code == 404
            continue
        assert response.status_code == 200, key
        assert NOTE_TEXT not in response.content.decode(), key
        assert "Team notes" not in response.content.decode(), key
    # Nor on the host's Activity page, for the admins who may open it.
    if person.has_perm("organisations.view_activity", harrow):
        activity = client.get(reverse("organisations:activity", kwargs={"gss_code": harrow.gss_code}))
        assert activity.status_code == 200
        assert NOTE_TEXT not in activity.content.decode()


def test_the_team_sees_its_notes(client, world, reviewer):
    assert reviewer.has_perm("reviews.view_team_notes", world["review"])
    if exists("reviews:notes"):
        client.force_login(reviewer)
        response = client.get(review_url("reviews:notes", world["review"]))
        assert NOTE_TEXT in response.content.decode()


# ----- a reviewer who belongs to another council ----------------------------------------------


def test_a_member_of_another_council_finds_the_review_in_their_own_reviews_section(
    client, harrow, herefordshire, editor, grantee
):
    review = make_review(harrow, title="Harrow safeguarding peer review")
    seat(review, grantee, by=editor, lead=False)
    client.force_login(grantee)
    response = client.get(reverse("reviews:index", kwargs={"gss_code": herefordshire.gss_code}))
    assert response.status_code == 200
    assert list(response.context["sat_on"]) == [review]
    mine = client.get(reverse("reviews:mine"))
    assert "Harrow safeguarding peer review" in mine.content.decode()
    # Their own council stays their home; Harrow's Reviews section stays closed to them.
    assert client.get(reverse("core:home"))["Location"] == herefordshire.get_absolute_url()
    assert client.get(reverse("reviews:index", kwargs={"gss_code": harrow.gss_code})).status_code == 404
    assert client.get(review_url("reviews:team", review)).status_code == 200
