"""The review's own pages, the Reviews section, the Overview panel and the `reviews` command."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ascent.reviews import lifecycle, scope
from ascent.reviews.models import (
    Finding,
    FindingKind,
    FindingStatus,
    Recommendation,
    Response,
    Review,
    ScopeItem,
    Stage,
    TeamMember,
    TeamNote,
    TeamRole,
)
from ascent.reviews.panels import reviews_panel

from ..factories import grant

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)


def make_review(organisation, title="Peer challenge", *, stage=Stage.SCOPING, on_site_from=None, **fields) -> Review:
    return Review.objects.create(
        organisation=organisation, title=title, stage=stage, on_site_from=on_site_from, **fields
    )


def seat(user, review, *, lead=False):
    """Put ``user`` on the review's team with an edit grant running for six months."""
    today = timezone.localdate()
    access = grant(user, review, level="edit", ends_on=today + dt.timedelta(days=180))
    return TeamMember.objects.create(
        review=review, name=user.full_name, role=TeamRole.OFFICER_PEER, user=user, grant=access, is_lead=lead
    )


def url(name, review=None, organisation=None, **kwargs):
    organisation = organisation or review.organisation
    if review is not None:
        kwargs["review_id"] = review.pk
    return reverse(f"reviews:{name}", kwargs={"gss_code": organisation.gss_code, **kwargs})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return soup_of(response).get_text(" ", strip=True)


def error_summary(response) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"]) for a in soup_of(response).select(".govuk-error-summary__list a")]


def banners(response) -> list[str]:
    return [p.get_text(strip=True) for p in soup_of(response).select(".govuk-notification-banner__heading")]


# ----- the Reviews section ------------------------------------------------------------------


def test_the_section_lists_the_councils_reviews_newest_first_with_counts(client, harrow, viewer):
    older = make_review(harrow, "2016 assurance review", stage=Stage.CLOSED, on_site_from=dt.date(2016, 3, 1))
    newer = make_review(harrow, "2024 peer challenge", stage=Stage.PUBLISHED, on_site_from=dt.date(2024, 5, 1))
    undated = make_review(harrow, "Next review")
    Finding.objects.create(review=newer, kind=FindingKind.STRENGTH, text="Good")
    Finding.objects.create(review=newer, kind=FindingKind.DEVELOPMENT, text="Better")
    Recommendation.objects.create(review=newer, text="Do this")
    client.force_login(viewer)
    response = client.get(url("index", organisation=harrow))
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in soup_of(response).select("#hosted-caption ~ tbody tr")
    ]
    assert [row[0] for row in rows] == [undated.title, newer.title, older.title]
    assert rows[1] == ["2024 peer challenge", "Peer challenge", "1 May 2024", "Published", "0", "2", "1"]
    assert "Set up a review" not in text_of(response)  # viewers do not set reviews up


def test_editors_may_set_up_a_review_from_the_section(client, harrow, editor):
    client.force_login(editor)
    links = [a["href"] for a in soup_of(client.get(url("index", organisation=harrow))).select("a.govuk-button")]
    assert url("new", organisation=harrow) in links


def test_a_member_of_another_council_sees_the_reviews_they_sit_on(client, harrow, herefordshire, outsider):
    review = make_review(harrow, "Harrow peer challenge", stage=Stage.FIELDWORK)
    make_review(harrow, "Harrow's private review")
    seat(outsider, review)
    client.force_login(outsider)
    response = client.get(url("index", organisation=herefordshire))
    table = soup_of(response).find("caption", string="Reviews you sit on").find_parent("table")
    assert [a.get_text(strip=True) for a in table.select("tbody a")] == ["Harrow peer challenge"]
    assert table.select_one("tbody a")["href"] == url("detail", review)
    assert "Harrow's private review" not in text_of(response)


def test_an_ended_seat_is_no_longer_listed(client, harrow, herefordshire, outsider):
    review = make_review(harrow, "Harrow peer challenge", stage=Stage.PUBLISHED)
    grant(outsider, review, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    client.force_login(outsider)
    assert "Reviews you sit on" not in text_of(client.get(url("index", organisation=herefordshire)))


def test_the_section_makes_the_same_queries_for_many_reviews(client, harrow, viewer, django_assert_max_num_queries):
    client.force_login(viewer)
    for n in range(30):
        review = make_review(harrow, f"Review {n}", on_site_from=dt.date(2020, 1, 1) + dt.timedelta(days=n))
        Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="Good")
        Recommendation.objects.create(review=review, text="Do this")
    with django_assert_max_num_queries(10):
        response = client.get(url("index", organisation=harrow))
    assert len(soup_of(response).select("#hosted-caption ~ tbody tr")) == 30


# ----- setting up a review -------------------------------------------------------------------


NEW = {
    "kind": "assurance-review",
    "title": "TEASC assurance review",
    "on_site_from": "7/12/2026",
    "on_site_to": "9/12/2026",
    "commissioned_by": "London ADASS",
    "led_by": "Local Government Association",
    "scope_style": "questions",
    "development_label": "consideration",
}


def test_an_editor_sets_up_a_review(client, harrow, editor, london):
    client.force_login(editor)
    response = client.post(url("new", organisation=harrow), {**NEW, "commissioning_region": london.pk})
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", review)
    assert (review.title, review.kind, review.stage) == ("TEASC assurance review", "assurance-review", Stage.SCOPING)
    assert (review.on_site_from, review.on_site_to) == (DAY, DAY + dt.timedelta(days=2))
    assert review.commissioning_region == london
    assert review.development_label == "consideration"


def test_a_wrong_date_order_is_shown_beside_the_field(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("new", organisation=harrow), {**NEW, "on_site_to": "1/12/2026"})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("The last day on site must be the same as or after the first day", "#id_on_site_to")
    ]
    assert soup_of(response).title.get_text().startswith("Error:")
    assert not Review.objects.exists()


def test_a_date_that_is_not_a_date_is_named(client, harrow, editor):
    client.force_login(editor)
    response = client.post(url("new", organisation=harrow), {**NEW, "on_site_from": "31/2/2026"})
    assert error_summary(response) == [("First day on site must be a real date, like 7/12/2026", "#id_on_site_from")]


def test_viewers_may_not_set_up_a_review(client, harrow, viewer):
    client.force_login(viewer)
    assert client.post(url("new", organisation=harrow), NEW).status_code == 403
    assert not Review.objects.exists()


# ----- the Overview of one review ------------------------------------------------------------


@pytest.fixture
def review(harrow, editor):
    review = lifecycle.create_review(
        harrow, by=editor, title="Harrow peer challenge", on_site_from=DAY, on_site_to=DAY + dt.timedelta(days=2)
    )
    Review.objects.filter(pk=review.pk).update(stage=Stage.FIELDWORK)
    review.refresh_from_db()
    return review


def test_the_overview_shows_the_stage_what_comes_next_and_the_counts(client, review, viewer, editor):
    for text in ("Safe?", "Well led?"):
        scope.add_item(review, by=editor, text=text)
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="A", status=FindingStatus.APPROVED)
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="B")
    Finding.objects.create(review=review, kind=FindingKind.DEVELOPMENT, text="C")
    Recommendation.objects.create(review=review, text="R1", response=Response.ACCEPTED)
    Recommendation.objects.create(review=review, text="R2")
    client.force_login(viewer)
    response = client.get(url("detail", review))
    page = soup_of(response)
    text = page.get_text(" ", strip=True)
    assert "Stage: fieldwork" in text
    # A viewer cannot move the review: they read who does.
    assert f"{review.organisation.name}'s editors move the review to reporting when the fieldwork is over" in text
    assert "Move to reporting when the fieldwork is over" not in text
    assert [li.get_text(strip=True) for li in page.select("ol.govuk-list--number li")] == ["Safe?", "Well led?"]
    findings = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in page.select("#findings-caption ~ tbody tr")
    }
    assert findings == {"Strengths": ["1", "1"], "Areas for development": ["1", "0"], "Key priorities": ["0", "0"]}
    assert "2 recommendations" in text
    assert "Accepted: 1" in text and "Not answered yet: 1" in text
    assert not page.select(f'form[action="{url("stage", review)}"]')  # viewers may not move it


def test_the_overview_offers_editors_the_stage_moves(client, review, editor):
    client.force_login(editor)
    page = soup_of(client.get(url("detail", review)))
    assert "Move to reporting when the fieldwork is over" in page.get_text(" ", strip=True)
    buttons = [form.button.get_text(strip=True) for form in page.select(f'form[action="{url("stage", review)}"]')]
    assert buttons == ["Move to reporting", "Back to scoping"]


def test_the_team_sees_the_overview_but_not_the_hosts_buttons(client, review, reviewer):
    seat(reviewer, review, lead=True)
    client.force_login(reviewer)
    response = client.get(url("detail", review))
    assert response.status_code == 200
    assert "(you are on the team)" in text_of(response)
    said = soup_of(response).select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert f"{review.organisation.name} moves the review to reporting when the fieldwork is over" in said
    assert "Move to reporting" not in said
    assert not soup_of(response).select(f'a[href="{url("edit", review)}"]')


def test_the_overview_never_mentions_team_notes_to_the_host(client, review, reviewer, admin_user):
    seat(reviewer, review)
    TeamNote.objects.create(review=review, author=reviewer, text="Private impression of the director")
    client.force_login(admin_user)
    text = text_of(client.get(url("detail", review)))
    assert "Private impression" not in text
    assert "notes" not in text.lower()  # not even that the team keeps any


def test_the_overview_makes_the_same_queries_for_a_big_review(client, review, editor, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def add(count):
        for n in range(count):
            item = scope.add_item(review, by=editor, text=f"Question {n}")
            Finding.objects.create(review=review, scope_item=item, kind=FindingKind.STRENGTH, text=f"F{n}")
            Recommendation.objects.create(review=review, text=f"R{n}")
            TeamMember.objects.create(review=review, name=f"Member {n}", role=TeamRole.OFFICER_PEER)

    add(1)
    client.get(url("detail", review))  # the session's own bookkeeping, once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("detail", review)).status_code == 200
    add(20)
    # 23: the page, its counts, the stage guidance and where the review was brought in from.
    with django_assert_max_num_queries(23):
        assert client.get(url("detail", review)).status_code == 200
    with CaptureQueriesContext(connection) as big:
        client.get(url("detail", review))
    assert len(big) == len(small)


def test_another_councils_review_is_a_404(client, review, outsider):
    client.force_login(outsider)
    assert client.get(url("detail", review)).status_code == 404


def test_a_seat_that_has_ended_opens_nothing(client, review, reviewer):
    grant(reviewer, review, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    client.force_login(reviewer)
    assert client.get(url("detail", review)).status_code == 404


# ----- details and stage ---------------------------------------------------------------------


def test_an_editor_changes_the_details(client, review, editor):
    client.force_login(editor)
    response = client.post(url("edit", review), {**NEW, "title": "Renamed review"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.title, review.kind) == ("Renamed review", "assurance-review")


def test_the_edit_form_starts_with_the_current_details(client, review, editor):
    client.force_login(editor)
    page = soup_of(client.get(url("edit", review)))
    assert page.select_one("#id_title")["value"] == "Harrow peer challenge"
    assert page.select_one("#id_on_site_from")["value"] == "2026-12-07"


def test_a_refused_change_of_scope_style_is_named_in_the_error_summary(client, review, editor):
    scope.add_item(review, by=editor, text="Safe?")
    client.force_login(editor)
    response = client.post(url("edit", review), {**NEW, "scope_style": "key-line", "key_line_of_enquiry": "Safety"})
    assert response.status_code == 200
    [(message, anchor)] = error_summary(response)
    assert anchor == "#id_scope_style_0"  # radios: the first one
    assert "delete them on the Scope page" in message


def test_the_team_may_not_change_the_details(client, review, reviewer):
    seat(reviewer, review, lead=True)
    client.force_login(reviewer)
    assert client.post(url("edit", review), NEW).status_code == 403


def test_the_stage_moves_forward(client, review, editor):
    client.force_login(editor)
    response = client.post(url("stage", review), {"direction": "forward"}, follow=True)
    review.refresh_from_db()
    assert review.stage == Stage.REPORTING
    assert banners(response) == ["The review is now at reporting"]


def test_publishing_from_the_stage_button_is_refused_with_a_pointer_to_the_letter(client, review, editor):
    Review.objects.filter(pk=review.pk).update(stage=Stage.REPORTING)
    client.force_login(editor)
    response = client.post(url("stage", review), {"direction": "forward"}, follow=True)
    assert "the lead does that on the Letter page" in banners(response)[0]
    review.refresh_from_db()
    assert review.stage == Stage.REPORTING


def test_a_stage_move_without_a_direction_is_refused_clearly(client, review, editor):
    client.force_login(editor)
    response = client.post(url("stage", review), {}, follow=True)
    assert banners(response) == ["Choose whether to move the review forward or back"]


def test_the_team_may_not_move_the_stage(client, review, reviewer):
    seat(reviewer, review, lead=True)
    client.force_login(reviewer)
    assert client.post(url("stage", review), {"direction": "forward"}).status_code == 403
    review.refresh_from_db()
    assert review.stage == Stage.FIELDWORK


# ----- scope pages ---------------------------------------------------------------------------


def scope_rows(response) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")[:2]]
        for row in soup_of(response).select("#scope-caption ~ tbody tr")
    ]


def test_an_editor_adds_rewords_moves_and_deletes_scope_questions(client, review, editor):
    client.force_login(editor)
    for text in ("Safe?", "Effective?"):
        assert client.post(url("scope-add", review), {"text": text}).status_code == 302
    first, second = scope.numbered(scope.items_of(review))
    client.post(url("scope-edit", review, item_id=first.pk), {"text": "How safe are people?"})
    client.post(url("scope-move", review, item_id=second.pk), {"direction": "up"})
    assert scope_rows(client.get(url("scope", review))) == [["1", "Effective?"], ["2", "How safe are people?"]]
    client.post(url("scope-delete", review, item_id=second.pk))
    assert scope_rows(client.get(url("scope", review))) == [["1", "How safe are people?"]]


def test_blank_scope_text_is_named_in_the_error_summary(client, review, editor):
    client.force_login(editor)
    response = client.post(url("scope-add", review), {"text": ""})
    assert error_summary(response) == [("Enter the scope question", "#id_text")]
    assert not ScopeItem.objects.exists()


def test_deleting_an_item_with_findings_explains_why_not(client, review, editor):
    item = scope.add_item(review, by=editor, text="Safe?")
    Finding.objects.create(review=review, scope_item=item, kind=FindingKind.STRENGTH, text="Good")
    client.force_login(editor)
    response = client.post(url("scope-delete", review, item_id=item.pk))
    assert response.status_code == 200
    assert error_summary(response) == [("1 finding is filed under this item: move them first", "#delete-button")]
    assert ScopeItem.objects.filter(pk=item.pk).exists()


def test_an_editor_chooses_the_elements_in_scope(client, harrow, editor):
    from ..frameworks.factories import make_framework

    framework = make_framework(organisation=harrow)
    review = lifecycle.create_review(
        harrow, by=editor, title="Elements review", scope_style="elements", framework=framework
    )
    first, second = scope.rated_elements(review)
    client.force_login(editor)
    page = soup_of(client.get(url("scope-add", review)))
    assert len(page.select("input[name=elements][checked]")) == 2  # every rated element to start with
    assert client.post(url("scope-add", review), {"elements": [second.pk]}).status_code == 302
    assert scope_rows(client.get(url("scope", review))) == [["1", "Second line"]]
    response = client.post(url("scope-add", review), {})
    assert error_summary(response) == [("Choose at least one element", "#id_elements_0")]


def test_the_scope_of_a_published_review_offers_no_changes(client, review, editor):
    scope.add_item(review, by=editor, text="Safe?")
    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLISHED)
    client.force_login(editor)
    response = client.get(url("scope", review))
    assert "the scope stays as the letter gave it" in text_of(response)
    assert not soup_of(response).select(f'a[href="{url("scope-add", review)}"]')


def test_a_scope_item_of_another_review_is_a_404(client, review, harrow, editor):
    other = make_review(harrow, "Other")
    item = ScopeItem.objects.create(review=other, text="Elsewhere")
    client.force_login(editor)
    assert client.get(url("scope-edit", review, item_id=item.pk)).status_code == 404


def test_the_team_reads_the_scope_but_may_not_change_it(client, review, editor, reviewer):
    item = scope.add_item(review, by=editor, text="Safe?")
    seat(reviewer, review)
    client.force_login(reviewer)
    assert scope_rows(client.get(url("scope", review))) == [["1", "Safe?"]]
    assert client.post(url("scope-move", review, item_id=item.pk), {"direction": "down"}).status_code == 403


# ----- the Overview panel --------------------------------------------------------------------


def panel_for(user, organisation):
    request = RequestFactory().get("/")
    request.user = user
    return reviews_panel(request, organisation)


def test_the_panel_counts_reviews_by_stage_and_answers_due(harrow, viewer):
    published = make_review(harrow, "2024 peer challenge", stage=Stage.PUBLISHED, on_site_from=dt.date(2024, 5, 1))
    make_review(harrow, "2016 assurance review", stage=Stage.CLOSED, on_site_from=dt.date(2016, 3, 1))
    open_review = make_review(harrow, "Current", stage=Stage.FIELDWORK, on_site_from=dt.date(2026, 1, 1))
    Recommendation.objects.create(review=published, text="Answered", response=Response.ACCEPTED)
    Recommendation.objects.create(review=published, text="Waiting 1")
    Recommendation.objects.create(review=published, text="Waiting 2")
    Recommendation.objects.create(review=open_review, text="Not yet published")
    panel = panel_for(viewer, harrow)
    assert [(stage.label, count) for stage, count in panel["by_stage"]] == [
        ("Fieldwork", 1),
        ("Published", 1),
        ("Closed", 1),
    ]
    assert panel["latest"] == open_review
    assert panel["awaiting"] == 2


def test_the_panel_is_for_the_councils_members_only(harrow, outsider, reviewer):
    review = make_review(harrow, "Harrow peer challenge")
    seat(reviewer, review)
    assert panel_for(outsider, harrow) is None
    assert panel_for(reviewer, harrow) is None  # a seat on one review is not membership


def test_the_overview_page_shows_the_panel(client, harrow, viewer):
    make_review(harrow, "Harrow peer challenge", stage=Stage.FIELDWORK)
    client.force_login(viewer)
    page = soup_of(client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code})))
    heading = page.find("h2", string="Reviews")
    assert heading is not None
    assert "Harrow peer challenge" in heading.find_next("p").get_text()


def test_the_days_on_site_are_written_once_on_every_page(client, harrow, viewer):
    review = make_review(
        harrow, "Harrow peer challenge", stage=Stage.FIELDWORK, on_site_from=DAY, on_site_to=DAY + dt.timedelta(days=2)
    )
    client.force_login(viewer)
    overview = soup_of(client.get(reverse("organisations:overview", kwargs={"gss_code": harrow.gss_code})))
    latest = overview.find("h2", string="Reviews").find_next("p").get_text()
    assert "on site 7 to 9 December 2026)" in latest
    detail = soup_of(client.get(url("detail", review))).get_text(" ", strip=True)
    assert "On site 7 to 9 December 2026" in detail and "7 December 2026 to" not in detail
    index = soup_of(client.get(url("index", organisation=harrow))).get_text(" ", strip=True)
    assert "7 to 9 December 2026" in index


# ----- the `reviews` command -----------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("reviews", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_reviews_with_their_ids(harrow):
    review = make_review(harrow, "Harrow peer challenge", stage=Stage.PUBLISHED, on_site_from=DAY)
    Finding.objects.create(review=review, kind=FindingKind.STRENGTH, text="A", status=FindingStatus.APPROVED)
    lines = run(harrow.gss_code).splitlines()
    assert lines[0].split() == ["ID", "Title", "Kind", "Stage", "On", "site", "Findings", "Recommendations"]
    assert lines[1].split("  ")[0].strip() == str(review.pk)
    assert [cell.strip() for cell in lines[1].split("  ") if cell.strip()][1:] == [
        "Harrow peer challenge",
        "Peer challenge",
        "Published",
        "7 Dec 2026",
        "1 (1 approved)",
        "0 (0 answered)",
    ]


def test_the_command_gives_json(harrow):
    review = make_review(harrow, "Harrow peer challenge", on_site_from=DAY, on_site_to=DAY)
    Recommendation.objects.create(review=review, text="R", response=Response.NOT_ACCEPTED, response_reason="No")
    [row] = json.loads(run(harrow.gss_code.lower(), "--format", "json"))
    assert row == {
        "id": review.pk,
        "title": "Harrow peer challenge",
        "kind": "peer-challenge",
        "stage": "scoping",
        "on_site_from": "2026-12-07",
        "on_site_to": "2026-12-07",
        "published_at": None,
        "counts": {
            "scope_items": 0,
            "team_members": 0,
            "findings": 0,
            "approved_findings": 0,
            "recommendations": 1,
            "answered_recommendations": 1,
        },
    }


def test_the_command_says_when_there_are_none(harrow):
    assert run(harrow.gss_code) == "Harrow has no reviews.\n"


def test_the_command_refuses_an_unknown_code(db):
    with pytest.raises(CommandError, match="E09999999"):
        run("E09999999")


def test_the_overview_tells_the_lead_to_publish_only_in_reporting(client, review, reviewer, editor):
    seat(reviewer, review, lead=True)
    client.force_login(reviewer)
    said = soup_of(client.get(url("detail", review))).select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert "publish" not in said.lower()
    lifecycle.move_stage(review, by=editor, direction="forward")
    said = soup_of(client.get(url("detail", review))).select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert said.startswith(
        "Write up the findings and recommendations and approve the findings, then publish the letter"
    )
