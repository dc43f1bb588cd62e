"""The findings pages and the element page's block of findings and recommendations."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ascent.reviews.findings import element_findings_panel
from ascent.reviews.models import Finding, FindingKind, FindingStatus, ScopeItem, Stage
from tests.assessments.factories import teasc_framework

from .findings_world import finding, make_review, recommendation, scope, seat, soup, summary_errors, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(harrow):
    return make_review(harrow)


@pytest.fixture
def lead(review):
    return seat(review, lead=True).user


@pytest.fixture
def peer(review):
    """A team member who is not the lead: drafts, does not approve."""
    return seat(review).user


def test_the_team_adds_a_finding_under_a_scope_question(client, review, lead):
    item = scope(review, "How well are carers supported?")[0]
    client.force_login(lead)
    response = client.post(
        url("reviews:findings-add", review),
        {"kind": "strength", "scope_item": item.pk, "text": "Carers praised the service", "heading": "Carers"},
    )
    saved = Finding.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"{url('reviews:findings', review)}#finding-{saved.pk}")
    assert (saved.scope_item, saved.heading, saved.drafted_by) == (item, "Carers", lead)


def test_a_finding_without_text_or_kind_is_shown_in_the_error_summary(client, review, lead):
    client.force_login(lead)
    response = client.post(url("reviews:findings-add", review), {"text": ""})
    assert response.status_code == 200
    assert summary_errors(response) == {
        "id_kind_0": "Choose whether it is a strength, an area for development or a key priority",
        "id_text": "Enter the finding",
    }
    assert not Finding.objects.exists()


def test_the_form_offers_only_this_reviews_scope_and_library(client, review, lead, harrow):
    scope(review, "Mine")
    scope(make_review(harrow, title="Other"), "Theirs")
    client.force_login(lead)
    page = soup(client.get(url("reviews:findings-add", review)))
    options = [option.get_text() for option in page.select("#id_scope_item option")]
    assert options == ["General (not under one part of the scope)", "Scope question 1: Mine"]
    assert page.select("#id_evidence") == [] and page.select("[name=evidence]") == []


def test_every_host_member_reads_the_findings_drafts_included(client, review, viewer):
    finding(review, "A draft finding")
    client.force_login(viewer)
    page = soup(client.get(url("reviews:findings", review)))
    card = page.select_one("[data-finding]")
    assert "A draft finding" in card.get_text() and card["data-status"] == "draft"
    assert page.select("a[href$='/findings/add/']") == []  # the host does not draft when there is a team
    assert page.select("form[action$='/approve/']") == []


def test_host_members_may_not_add_findings_to_a_review_with_a_team(client, review, lead, editor):
    client.force_login(editor)
    assert client.get(url("reviews:findings-add", review)).status_code == 403


def test_the_lead_approves_and_a_peer_may_not(client, review, lead, peer):
    saved = finding(review)
    client.force_login(peer)
    assert client.post(url("reviews:finding-approve", review, finding_id=saved.pk)).status_code == 403
    client.force_login(lead)
    response = client.post(url("reviews:finding-approve", review, finding_id=saved.pk))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.status == FindingStatus.APPROVED
    client.post(url("reviews:finding-unapprove", review, finding_id=saved.pk))
    saved.refresh_from_db()
    assert saved.status == FindingStatus.DRAFT


def test_a_peer_editing_an_approved_finding_returns_it_to_draft(client, review, lead, peer):
    saved = finding(review, status=FindingStatus.APPROVED, approved_by=lead)
    client.force_login(peer)
    page = client.get(url("reviews:finding-edit", review, finding_id=saved.pk))
    assert "becomes a draft again" in page.content.decode()
    client.post(url("reviews:finding-edit", review, finding_id=saved.pk), {"kind": "strength", "text": "Changed"})
    saved.refresh_from_db()
    assert (saved.status, saved.text) == (FindingStatus.DRAFT, "Changed")


def test_deleting_asks_first(client, review, peer):
    saved = finding(review, "Going")
    client.force_login(peer)
    assert "Going" in client.get(url("reviews:finding-delete", review, finding_id=saved.pk)).content.decode()
    assert Finding.objects.exists()
    client.post(url("reviews:finding-delete", review, finding_id=saved.pk))
    assert not Finding.objects.exists()


def test_a_finding_of_another_review_is_a_404(client, review, lead, harrow):
    other = finding(make_review(harrow, title="Other"))
    client.force_login(lead)
    assert client.get(url("reviews:finding-edit", review, finding_id=other.pk)).status_code == 404


def test_after_publication_the_team_reads_and_changes_nothing(client, harrow):
    review = make_review(harrow, stage=Stage.PUBLISHED)
    lead = seat(review, lead=True).user
    saved = finding(review, status=FindingStatus.APPROVED)
    client.force_login(lead)
    assert client.get(url("reviews:findings", review)).status_code == 200
    assert client.get(url("reviews:findings-add", review)).status_code == 403
    assert client.post(url("reviews:finding-unapprove", review, finding_id=saved.pk)).status_code == 403


def test_the_host_records_a_review_with_no_team_accounts(client, harrow, editor):
    review = make_review(harrow, stage=Stage.REPORTING)
    client.force_login(editor)
    client.post(url("reviews:findings-add", review), {"kind": "development", "text": "Waiting times"})
    saved = Finding.objects.get()
    client.post(url("reviews:finding-approve", review, finding_id=saved.pk))
    saved.refresh_from_db()
    assert saved.status == FindingStatus.APPROVED


def test_the_page_filters_by_kind_and_status(client, review, viewer):
    finding(review, "Strong and approved", status=FindingStatus.APPROVED)
    finding(review, "Strong draft")
    finding(review, "Weak draft", kind=FindingKind.DEVELOPMENT)
    client.force_login(viewer)
    page = soup(client.get(url("reviews:findings", review), {"kind": "strength", "status": "draft"}))
    shown = [
        card.select_one(".govuk-summary-card__content .govuk-body").get_text(strip=True)
        for card in page.select("[data-finding]")
    ]
    assert shown == ["Strong draft"]
    assert "Showing 1 of 3 findings" in page.select_one("[data-shown]").get_text()


def test_a_finding_with_no_evidence_says_so(client, review, viewer):
    finding(review)
    client.force_login(viewer)
    page = soup(client.get(url("reviews:findings", review)))
    assert page.select("[data-no-evidence]")


def test_the_team_sees_the_open_challenges_of_its_findings_and_the_host_does_not_here(
    client, review, lead, viewer, editor
):
    bare = finding(review, "Carers wait too long", status=FindingStatus.APPROVED)
    finding(review, "Backed by case files", status=FindingStatus.APPROVED, evidence_references="Six case files")
    finding(review, "Still a draft")
    client.force_login(lead)
    page = soup(client.get(url("reviews:findings", review)))
    flagged = [card["data-finding"] for card in page.select("[data-finding]") if card.select("[data-challenge]")]
    assert flagged == [str(bare.pk)]
    assert "1 approved finding has no evidence reference" in page.select_one("[data-challenges]").get_text()
    for person in (viewer, editor):  # the host cannot change them: its Challenges page asks it to ask the team
        client.force_login(person)
        page = soup(client.get(url("reviews:findings", review)))
        assert not page.select("[data-challenge]") and not page.select("[data-challenges]")


def test_the_findings_page_takes_the_same_queries_for_many_findings(
    client, review, lead, django_assert_max_num_queries
):
    items = scope(review, "One", "Two", "Three")
    client.force_login(lead)
    for n in range(3):
        finding(review, f"F{n}", scope_item=items[n % 3])
    with django_assert_max_num_queries(30) as few:
        client.get(url("reviews:findings", review))
    for n in range(30):
        finding(review, f"G{n}", scope_item=items[n % 3], kind=FindingKind.DEVELOPMENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("reviews:findings", review))
    assert len(soup(response).select("[data-finding]")) == 33


# ----- the element page ---------------------------------------------------------------------


@pytest.fixture
def tagged(harrow, review):
    framework = teasc_framework()
    review.framework = framework
    review.save()
    element = framework.elements.get(key="domain-2")
    in_scope = ScopeItem.objects.create(review=review, kind=ScopeItem.ItemKind.ELEMENT, text="x", element=element)
    approved = finding(review, "Tagged and approved", element=element, status=FindingStatus.APPROVED)
    under = finding(review, "Under the scope item", scope_item=in_scope, status=FindingStatus.APPROVED)
    finding(review, "Tagged draft", element=element)
    finding(review, "Elsewhere", element=framework.elements.get(key="domain-3"), status=FindingStatus.APPROVED)
    made = recommendation(review, "Do the tagged thing", position=0, number=4)
    made.elements.add(element)
    recommendation(review, "Untagged", position=1, number=5)
    return {"element": element, "findings": [approved, under], "recommendation": made}


def panel_for(user, organisation, element):
    request = RequestFactory().get("/")
    request.user = user
    return element_findings_panel(request, organisation, element)


def test_the_element_block_lists_approved_tagged_findings_and_recommendations(harrow, viewer, tagged):
    panel = panel_for(viewer, harrow, tagged["element"])
    assert {f.text for f in panel["findings"]} == {"Tagged and approved", "Under the scope item"}
    assert [r.text for r in panel["recommendations"]] == ["Do the tagged thing"]


def test_the_element_block_is_for_host_members_only(harrow, outsider, tagged, review):
    assert panel_for(outsider, harrow, tagged["element"]) is None
    reviewer = seat(review).user
    assert panel_for(reviewer, harrow, tagged["element"]) is None


def test_the_element_block_leaves_out_other_councils_reviews(herefordshire, outsider, tagged):
    panel = panel_for(outsider, herefordshire, tagged["element"])
    assert panel["findings"] == [] and panel["recommendations"] == []


def test_the_element_page_shows_the_block(client, harrow, viewer, tagged, django_assert_max_num_queries):
    client.force_login(viewer)
    page = reverse("assessments:element", kwargs={"gss_code": harrow.gss_code, "element_id": tagged["element"].pk})
    body = soup(client.get(page))
    block = body.select_one("[data-element-findings]").get_text()
    assert "Tagged and approved" in block and "Tagged draft" not in block
    assert "Recommendation 4" in body.select_one("[data-element-recommendations]").get_text()


def test_the_element_block_takes_a_few_queries(harrow, viewer, tagged, django_assert_max_num_queries):
    panel_for(viewer, harrow, tagged["element"])  # warm the permission caches
    with django_assert_max_num_queries(4):
        panel_for(viewer, harrow, tagged["element"])
