"""The self-assessment workflow: draft → submitted → signed off → shared, new versions, compare.

Each step is tried by each role it must allow or refuse, both through the action
(ascent.assessments.workflow) and through its page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ascent.assessments import actions, flags, workflow
from ascent.assessments.models import (
    ElementRating,
    FlagJustification,
    RatingEvidence,
    RatingIndicator,
    SelfAssessment,
    Status,
    TopRisk,
)
from ascent.assessments.views.workflow import summary_url, text_diff
from ascent.evidence.models import EvidenceFile, EvidenceKind
from tests.indicators.factories import IndicatorFactory

from . import workflow_world as world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_flags(monkeypatch):
    """No assurance flags unless a test raises some (the checks have their own tests)."""
    raised: list = []
    monkeypatch.setattr(flags, "flags_for", lambda assessment: list(raised))
    return raised


@pytest.fixture
def cqc(db):
    return world.framework()


@pytest.fixture
def draft(harrow, cqc):
    return world.version(harrow, cqc, ratings=world.all_rated(cqc))


@pytest.fixture
def submitted(harrow, cqc, contributor):
    return world.version(
        harrow, cqc, period="2023-24", status=Status.SUBMITTED, ratings=world.all_rated(cqc), by=contributor
    )


@pytest.fixture
def signed_off(harrow, cqc, admin_user):
    return world.version(
        harrow, cqc, period="2022-23", status=Status.SIGNED_OFF, ratings=world.all_rated(cqc), by=admin_user
    )


def url(name, assessment, query=""):
    return reverse(f"assessments:{name}", args=[assessment.organisation.gss_code, assessment.pk]) + query


def errors_of(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select(".govuk-error-summary__list li")]


def reload(assessment) -> SelfAssessment:
    return SelfAssessment.objects.get(pk=assessment.pk)


def last_history(assessment):
    return assessment.history.order_by("-history_id").first()


# ----- submit ------------------------------------------------------------------------------


def test_a_contributor_submits_a_fully_rated_draft(client, contributor, draft):
    client.force_login(contributor)
    page = client.get(url("submit", draft))
    assert page.status_code == 200
    assert "Every element has a rating" in page.content.decode()

    response = client.post(url("submit", draft))

    assert response.status_code == 302
    assert response["Location"] == summary_url(draft)
    draft = reload(draft)
    assert draft.status == Status.SUBMITTED
    assert draft.submitted_by == contributor
    assert draft.submitted_at is not None
    history = last_history(draft)
    assert history.history_user == contributor
    assert history.history_change_reason == "Submitted for sign-off"


def test_submitting_with_unrated_elements_names_them_and_changes_nothing(client, contributor, harrow, cqc):
    assessment = world.version(harrow, cqc, ratings={"qs-1": "3"})
    client.force_login(contributor)

    page = client.get(url("submit", assessment))
    text = page.content.decode()
    assert "QS2 Partnerships and communities" in text and "QS3 Safeguarding" in text
    assert 'id="submit-button"' not in text

    response = client.post(url("submit", assessment))
    assert response.status_code == 200
    assert errors_of(response) == [
        "Rate every element before submitting. 2 not rated yet: QS2 Partnerships and communities, QS3 Safeguarding."
    ]
    assert reload(assessment).status == Status.DRAFT


def test_a_rating_off_the_scale_does_not_count_as_rated(harrow, cqc, contributor):
    assessment = world.version(harrow, cqc, ratings={**world.all_rated(cqc), "qs-2": "green"})
    with pytest.raises(workflow.WorkflowError, match="QS2 Partnerships"):
        workflow.submit(assessment, by=contributor)


def test_a_viewer_reads_but_cannot_submit(client, viewer, draft):
    client.force_login(viewer)
    assert client.get(url("compare", draft)).status_code == 200
    assert client.get(url("submit", draft)).status_code == 403
    assert client.post(url("submit", draft)).status_code == 403
    with pytest.raises(workflow.WorkflowError, match="permission"):
        workflow.submit(draft, by=viewer)
    assert reload(draft).status == Status.DRAFT


def test_only_a_draft_can_be_submitted(submitted, contributor):
    with pytest.raises(workflow.WorkflowError, match="only a draft can be submitted"):
        workflow.submit(submitted, by=contributor)


# ----- return to draft ---------------------------------------------------------------------


def test_an_editor_returns_a_submitted_version_with_a_reason(client, editor, submitted):
    client.force_login(editor)
    response = client.post(url("return", submitted), {"reason": ""})
    assert response.status_code == 200
    assert errors_of(response) == ["Enter why you are returning it to draft"]
    assert reload(submitted).status == Status.SUBMITTED

    response = client.post(url("return", submitted), {"reason": "QS3 narrative needs the audit findings"})

    assert response.status_code == 302
    submitted = reload(submitted)
    assert submitted.status == Status.DRAFT
    assert submitted.submitted_at is None
    history = last_history(submitted)
    assert history.history_user == editor
    assert history.history_change_reason == "Returned to draft: QS3 narrative needs the audit findings"


def test_a_contributor_cannot_return_a_version_to_draft(client, contributor, submitted):
    client.force_login(contributor)
    assert client.post(url("return", submitted), {"reason": "Not ready"}).status_code == 403
    assert reload(submitted).status == Status.SUBMITTED


# ----- sign off -----------------------------------------------------------------------------


def test_a_contributor_drafts_and_submits_but_cannot_sign_off(client, contributor, draft):
    rating = ElementRating.objects.get(assessment=draft, element__key="qs-1")
    actions.save_rating(rating, by=contributor, rating_value="4", narrative="Waiting times halved")
    workflow.submit(draft, by=contributor)

    client.force_login(contributor)
    assert client.get(url("sign-off", draft)).status_code == 403
    assert client.post(url("sign-off", draft), {}).status_code == 403
    with pytest.raises(workflow.WorkflowError, match="permission"):
        workflow.sign_off(draft, by=contributor, justifications={})
    assert reload(draft).status == Status.SUBMITTED


def test_an_editor_cannot_sign_off(client, editor, submitted):
    client.force_login(editor)
    assert client.post(url("sign-off", submitted), {}).status_code == 403


def test_an_admin_signs_off_a_version_with_no_flags(client, admin_user, submitted):
    client.force_login(admin_user)
    page = client.get(url("sign-off", submitted))
    assert "There are no open challenges" in page.content.decode()

    response = client.post(url("sign-off", submitted), {"note": "Agreed at DMT on 3 March"})

    assert response.status_code == 302
    submitted = reload(submitted)
    assert submitted.status == Status.SIGNED_OFF
    assert submitted.is_locked
    assert submitted.signed_off_by == admin_user
    assert submitted.sign_off_note == "Agreed at DMT on 3 March"
    assert last_history(submitted).history_user == admin_user


def test_sign_off_over_flags_needs_a_justification_for_each(client, admin_user, submitted, no_flags):
    ratings = list(ElementRating.objects.filter(assessment=submitted).select_related("element", "assessment"))
    no_flags.extend([world.flag(ratings[0], url="/rating-0/"), world.flag(ratings[2])])
    first, third = (workflow.field_name(f.key) for f in no_flags)
    client.force_login(admin_user)

    page = client.get(url("sign-off", submitted))
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("textarea", attrs={"name": first}) is not None
    assert soup.find("textarea", attrs={"name": third}) is not None
    text = soup.get_text(" ", strip=True)
    assert "Rated 3 while 2 of 2 linked indicators are red" in text
    assert world.CHECK.reason in text
    # The version is locked while it waits: its elements can be read, changed only after a return to draft.
    assert "To change its rating or evidence, return version 1 to draft first." in text

    response = client.post(url("sign-off", submitted), {first: "Indicators lag: the 2024 audit shows improvement"})

    assert response.status_code == 200
    assert errors_of(response) == [
        "Enter why you are signing off over “Favourable rating over red indicators” on QS3 Safeguarding, version 1"
    ]
    assert reload(submitted).status == Status.SUBMITTED
    assert not FlagJustification.objects.exists()

    response = client.post(
        url("sign-off", submitted),
        {first: "Indicators lag: the 2024 audit shows improvement", third: "Peer review found practice strong"},
    )

    assert response.status_code == 302
    assert reload(submitted).status == Status.SIGNED_OFF
    saved = {j.flag_key: j for j in FlagJustification.objects.filter(assessment=submitted)}
    assert set(saved) == {f.key for f in no_flags}
    kept = saved[no_flags[1].key]
    assert kept.justification == "Peer review found practice strong"
    assert kept.check_name == world.CHECK.name
    assert "Rated 3 while 2 of 2" in kept.reason
    assert kept.created_by == admin_user
    assert kept.history.first().history_user == admin_user


def test_a_flag_raised_after_the_form_was_shown_blocks_sign_off(admin_user, submitted, no_flags):
    rating = ElementRating.objects.select_related("element", "assessment").filter(assessment=submitted).first()
    no_flags.append(world.flag(rating))
    with pytest.raises(ValidationError) as refused:
        workflow.sign_off(submitted, by=admin_user, justifications={})
    assert workflow.field_name(no_flags[0].key) in refused.value.message_dict
    assert reload(submitted).status == Status.SUBMITTED


def test_only_a_submitted_version_can_be_signed_off(client, admin_user, draft):
    with pytest.raises(workflow.WorkflowError, match="only a submitted version"):
        workflow.sign_off(draft, by=admin_user, justifications={})
    client.force_login(admin_user)
    assert client.get(url("sign-off", draft)).status_code == 302
    assert reload(draft).status == Status.DRAFT


def test_a_signed_off_version_never_gains_a_justification(admin_user, submitted, no_flags):
    rating = ElementRating.objects.select_related("element", "assessment").filter(assessment=submitted).first()
    no_flags.append(world.flag(rating))
    stale = reload(submitted)  # a copy read before the sign-off: still says "submitted"
    workflow.sign_off(submitted, by=admin_user, justifications={no_flags[0].key: "Signed off over it"})
    FlagJustification.objects.all().delete()  # as if the flag had been raised after sign-off

    with pytest.raises(workflow.WorkflowError, match="only a submitted version"):
        workflow.sign_off(stale, by=admin_user, justifications={no_flags[0].key: "Written afterwards"})
    late = [FlagJustification(assessment=submitted, flag_key=no_flags[0].key, check_name="x", reason="r")]
    with (
        pytest.raises(workflow.LockedError, match="written only when a submitted version is signed off"),
        transaction.atomic(),
    ):
        workflow._record_justifications(reload(submitted), late, by=admin_user)
    assert not FlagJustification.objects.filter(assessment=submitted).exists()


# ----- locked versions ------------------------------------------------------------------------


def test_ensure_editable_refuses_signed_off_and_submitted_versions(draft, submitted, signed_off):
    workflow.ensure_editable(draft)
    with pytest.raises(ValidationError, match="signed off and cannot change"):
        workflow.ensure_editable(signed_off)
    with pytest.raises(ValidationError, match="submitted for sign-off"):
        workflow.ensure_editable(submitted)


def test_a_locked_version_cannot_change_through_the_pages_actions(signed_off, editor, harrow):
    rating = ElementRating.objects.select_related("assessment__framework", "element").filter(assessment=signed_off)[0]
    indicator = IndicatorFactory()
    with pytest.raises(ValidationError, match="signed off"):
        actions.save_rating(rating, by=editor, rating_value="1", narrative="Changed after sign-off")
    with pytest.raises(ValidationError, match="signed off"):
        actions.link_indicator(rating, indicator, by=editor)
    with pytest.raises(ValidationError, match="signed off"):
        actions.save_top_risks(signed_off, [actions.RiskEntry(risk="Workforce", mitigation="Recruitment")], by=editor)
    rating.refresh_from_db()
    assert rating.rating == "3" and rating.narrative == ""
    assert not RatingIndicator.objects.exists()
    assert not TopRisk.objects.exists()


# ----- share with the region ----------------------------------------------------------------


def test_an_admin_shares_and_withdraws_sharing_and_both_are_audited(client, admin_user, signed_off):
    client.force_login(admin_user)
    page = client.get(url("share", signed_off))
    assert "Share with London?" in page.content.decode()

    assert client.post(url("share", signed_off)).status_code == 302
    shared = reload(signed_off)
    assert shared.is_shared and shared.shared_by == admin_user
    assert last_history(shared).history_change_reason == "Shared with the region"
    assert SelfAssessment.objects.shared_with_region(shared.organisation.region).filter(pk=shared.pk).exists()

    assert client.post(url("unshare", signed_off)).status_code == 302
    withdrawn = reload(signed_off)
    assert withdrawn.shared_at is None and withdrawn.shared_by is None
    history = last_history(withdrawn)
    assert history.history_user == admin_user
    assert history.history_change_reason == "Sharing with the region withdrawn"
    assert not SelfAssessment.objects.shared_with_region(withdrawn.organisation.region).exists()


def test_only_a_signed_off_version_is_shared(client, admin_user, submitted):
    client.force_login(admin_user)
    page = client.get(url("share", submitted))
    assert errors_of(page) == ["Only a signed-off version can be shared with the region."]
    response = client.post(url("share", submitted))
    assert errors_of(response) == ["Only a signed-off version can be shared with the region."]
    assert reload(submitted).shared_at is None


def test_an_editor_cannot_share(client, editor, signed_off):
    client.force_login(editor)
    assert client.get(url("share", signed_off)).status_code == 403
    assert client.post(url("share", signed_off)).status_code == 403
    with pytest.raises(workflow.WorkflowError):
        workflow.share(signed_off, by=editor)
    assert reload(signed_off).shared_at is None


# ----- new versions -------------------------------------------------------------------------


def _evidence(organisation, title):
    return EvidenceFile.objects.create(
        organisation=organisation,
        title=title,
        kind=EvidenceKind.PEOPLES_EXPERIENCE,
        evidence_date=dt.date(2024, 6, 1),
        original_name="survey.pdf",
        content_type="application/pdf",
        size=8,
        sha256="1" * 64,
        file="evidence/survey.pdf",
    )


def test_a_new_version_is_a_complete_copy(client, editor, contributor, harrow, signed_off):
    ratings = list(ElementRating.objects.filter(assessment=signed_off).order_by("element__sort_order"))
    first = ratings[0]
    ElementRating.objects.filter(pk=first.pk).update(
        narrative="Assessments within 28 days",
        strengths="Strong front door",
        areas_for_development="Carers",
        owner=contributor,
    )
    indicator = IndicatorFactory()
    evidence = _evidence(harrow, "Carers survey 2024")
    RatingIndicator.objects.create(rating=first, indicator=indicator)
    RatingEvidence.objects.create(rating=first, evidence=evidence)
    TopRisk.objects.create(
        assessment=signed_off, rank=1, risk="Workforce", mitigation="Recruitment drive", element=first.element
    )
    client.force_login(editor)

    response = client.post(url("new-version", signed_off))

    copy = SelfAssessment.objects.get(based_on=signed_off)
    assert response.status_code == 302 and response["Location"] == summary_url(copy)
    assert (copy.version, copy.status, copy.period_code, copy.framework_id) == (
        2,
        Status.DRAFT,
        "2022-23",
        signed_off.framework_id,
    )
    copied = {r.element.key: r for r in ElementRating.objects.filter(assessment=copy).select_related("element")}
    assert {k: r.rating for k, r in copied.items()} == {"qs-1": "3", "qs-2": "3", "qs-3": "3"}
    one = copied["qs-1"]
    assert (one.narrative, one.strengths, one.areas_for_development, one.owner) == (
        "Assessments within 28 days",
        "Strong front door",
        "Carers",
        contributor,
    )
    assert list(RatingIndicator.objects.filter(rating=one).values_list("indicator", flat=True)) == [indicator.pk]
    assert list(RatingEvidence.objects.filter(rating=one).values_list("evidence", flat=True)) == [evidence.pk]
    risk = TopRisk.objects.get(assessment=copy)
    assert (risk.rank, risk.risk, risk.mitigation, risk.element_id) == (
        1,
        "Workforce",
        "Recruitment drive",
        first.element_id,
    )
    # The original is untouched and every copied row is in the history, by the editor.
    assert ElementRating.objects.filter(assessment=signed_off).count() == 3
    assert one.history.get().history_user == editor
    assert copy.history.get().history_change_reason == "Started from version 1"


def test_only_one_new_version_follows_a_version(client, editor, signed_off):
    workflow.start_new_version(signed_off, by=editor)
    client.force_login(editor)
    page = client.get(url("new-version", signed_off))
    assert errors_of(page) == ["Version 2 has already been started from version 1."]
    response = client.post(url("new-version", signed_off))
    assert errors_of(response) == ["Version 2 has already been started from version 1. Work on that one instead."]
    assert SelfAssessment.objects.filter(based_on=signed_off).count() == 1


def test_a_new_version_starts_only_from_a_signed_off_one(editor, draft):
    with pytest.raises(workflow.WorkflowError, match="starts from a signed-off one"):
        workflow.start_new_version(draft, by=editor)


def test_a_contributor_cannot_start_a_new_version(client, contributor, signed_off):
    client.force_login(contributor)
    assert client.post(url("new-version", signed_off)).status_code == 403
    assert not SelfAssessment.objects.filter(based_on=signed_off).exists()


def test_a_new_version_moves_to_the_newest_framework_version_by_element_key(editor, harrow, cqc, signed_off):
    newer = world.framework(
        version="2025", previous=cqc, statements=["Assessing needs", "Partnerships", "Safeguarding", "Equity"]
    )
    copy = workflow.start_new_version(signed_off, by=editor)
    assert copy.framework == newer
    ratings = {r.element.key: r.rating for r in ElementRating.objects.filter(assessment=copy).select_related("element")}
    assert ratings == {"qs-1": "3", "qs-2": "3", "qs-3": "3", "qs-4": ""}
    assert all(r.element.framework_id == newer.pk for r in ElementRating.objects.filter(assessment=copy))


# ----- compare --------------------------------------------------------------------------------


def test_compare_shows_what_changed_between_two_versions(client, viewer, editor, harrow, signed_off):
    ElementRating.objects.filter(assessment=signed_off, element__key="qs-1").update(narrative="Waiting lists are long")
    old_evidence = _evidence(harrow, "Old audit 2019")
    RatingEvidence.objects.create(
        rating=ElementRating.objects.get(assessment=signed_off, element__key="qs-3"), evidence=old_evidence
    )
    copy = workflow.start_new_version(signed_off, by=editor)
    first = ElementRating.objects.get(assessment=copy, element__key="qs-1")
    actions.save_rating(first, by=editor, rating_value="2", narrative="Waiting lists are very long")
    third = ElementRating.objects.get(assessment=copy, element__key="qs-3")
    RatingEvidence.objects.filter(rating=third).delete()
    RatingEvidence.objects.create(rating=third, evidence=_evidence(harrow, "Safeguarding audit 2025"))
    client.force_login(viewer)

    page = client.get(url("compare", copy, f"?a={signed_off.pk}&b={copy.pk}"))

    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    rows = {row.th.get_text(strip=True): row for row in soup.select("table.ascent-compare tbody tr")}
    assert set(rows) == {"QS1 Assessing needs", "QS3 Safeguarding"}
    qs1 = rows["QS1 Assessing needs"].get_text(" ", strip=True)
    assert "3 – Good standard" in qs1 and "2 – Some shortfalls" in qs1 and "Rating changed" in qs1
    assert rows["QS1 Assessing needs"].find("ins").get_text(" ", strip=True) == "[added: very ]"
    qs3 = rows["QS3 Safeguarding"].get_text(" ", strip=True)
    assert "Evidence added: Safeguarding audit 2025" in qs3
    assert "Evidence removed: Old audit 2019" in qs3
    assert "Rating changed" not in qs3
    assert "QS2 Partnerships and communities: 3 – Good standard" in soup.get_text(" ", strip=True)


def test_compare_defaults_to_the_version_before(client, viewer, editor, signed_off):
    copy = workflow.start_new_version(signed_off, by=editor)
    client.force_login(viewer)
    page = client.get(url("compare", copy))
    assert "Version 1 and version 2" in page.content.decode()
    assert "Nothing changed between these versions." in page.content.decode()


def test_compare_refuses_a_version_of_another_self_assessment(client, viewer, editor, signed_off, draft):
    copy = workflow.start_new_version(signed_off, by=editor)
    client.force_login(viewer)
    page = client.get(url("compare", copy, f"?a={draft.pk}&b={copy.pk}"))
    assert page.status_code == 200
    assert errors_of(page) == ["Choose a version of this self-assessment to compare"]


def test_another_councils_version_is_not_found(client, outsider, signed_off):
    client.force_login(outsider)
    for name in ("compare", "submit", "sign-off", "share", "new-version"):
        assert client.get(url(name, signed_off)).status_code == 404


def test_text_diff_marks_removed_and_added_words_and_escapes_them():
    html = text_diff("Good <b>practice</b> overall", "Strong <b>practice</b> overall")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<span class="govuk-visually-hidden">[removed: </span>Good' in html
    assert '<span class="govuk-visually-hidden">[added: </span>Strong' in html


# ----- the workflow include and the estimate include ---------------------------------------------


def _render(template, assessment, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"assessment": assessment, "request": request})


@pytest.mark.parametrize(
    ("persona", "buttons"),
    [
        ("viewer", []),
        ("contributor", ["Submit for sign-off"]),
        ("editor", ["Submit for sign-off"]),
        ("admin_user", ["Submit for sign-off"]),
    ],
    indirect=["persona"],
)
def test_the_workflow_include_offers_a_draft_only_what_the_role_allows(persona, buttons, draft):
    soup = BeautifulSoup(_render("assessments/_workflow.html", draft, persona), "html.parser")
    assert [b.get_text(strip=True) for b in soup.select(".govuk-button")] == buttons


@pytest.mark.parametrize(
    ("persona", "buttons"),
    [
        ("viewer", []),
        ("contributor", []),
        ("editor", ["Return to draft"]),
        ("admin_user", ["Sign off", "Return to draft"]),
    ],
    indirect=["persona"],
)
def test_the_workflow_include_on_a_submitted_version(persona, buttons, submitted):
    soup = BeautifulSoup(_render("assessments/_workflow.html", submitted, persona), "html.parser")
    assert [b.get_text(strip=True) for b in soup.select(".govuk-button")] == buttons
    assert "Contributor Person" in soup.get_text(" ", strip=True)


def test_the_workflow_include_on_a_signed_off_version(admin_user, editor, signed_off):
    admin = BeautifulSoup(_render("assessments/_workflow.html", signed_off, admin_user), "html.parser")
    assert [b.get_text(strip=True) for b in admin.select(".govuk-button")] == [
        "Share with the region",
        "Start a new version",
    ]
    assert "locked" in admin.get_text(" ", strip=True)
    workflow.share(signed_off, by=admin_user)
    workflow.start_new_version(signed_off, by=editor)
    after = BeautifulSoup(_render("assessments/_workflow.html", reload(signed_off), admin_user), "html.parser")
    assert [b.get_text(strip=True) for b in after.select(".govuk-button")] == ["Withdraw sharing"]


def test_the_estimate_include_shows_the_arithmetic_and_the_warning(harrow, cqc, viewer):
    assessment = world.version(harrow, cqc, ratings={"qs-1": "3", "qs-2": "4"})
    text = BeautifulSoup(_render("assessments/_estimate.html", assessment, viewer), "html.parser").get_text(
        " ", strip=True
    )
    assert "7 of 8 = 87.5%: Outstanding (lower part of the band)" in text
    assert "87.5% falls between two bands: we round it to 88%" in text
    assert "not CQC's judgement" in text
    assert "1 of 3 quality statements is not scored yet" in text and "QS3 Safeguarding" in text


def test_no_estimate_for_a_framework_without_cqc_scoring(harrow, viewer):
    plain = world.framework(slug="teasc-like")
    plain.scoring = ""
    plain.save()
    assessment = world.version(harrow, plain, ratings=world.all_rated(plain))
    assert workflow.cqc_estimate(assessment) is None
    assert _render("assessments/_estimate.html", assessment, viewer).strip() == ""


def _compare_queries(client, harrow, editor, statements) -> list[str]:
    built = world.framework(slug=f"cqc-{len(statements)}", statements=statements)
    first = world.version(harrow, built, status=Status.SIGNED_OFF, ratings=world.all_rated(built))
    for rating in ElementRating.objects.filter(assessment=first):
        RatingIndicator.objects.create(rating=rating, indicator=IndicatorFactory())
        RatingEvidence.objects.create(rating=rating, evidence=_evidence(harrow, f"Evidence {rating.pk}"))
    copy = workflow.start_new_version(first, by=editor)
    ElementRating.objects.filter(assessment=copy).update(rating="2", narrative="Changed in every element")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("compare", copy)).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_compare_page_costs_the_same_queries_for_any_number_of_elements(client, harrow, editor):
    few = _compare_queries(client, harrow, editor, ["One", "Two"])
    many = _compare_queries(client, harrow, editor, [f"Statement {n}" for n in range(12)])
    assert len(few) == len(many)
    # The session, the person, the organisation and their roles (6, with the session saved in 3),
    # the version and its family (2), per version its ratings, linked indicators and evidence
    # files (2 × 5), and the navigation (1).
    assert len(many) == 21, "\n".join(many)


def test_compare_with_a_bad_choice_shows_only_the_form_and_its_error(client, viewer, editor, signed_off):
    copy = workflow.start_new_version(signed_off, by=editor)
    client.force_login(viewer)
    page = client.get(url("compare", copy, f"?a={signed_off.pk}&b=999999"))
    assert page.status_code == 200
    assert errors_of(page) == ["Choose a version of this self-assessment to compare with"]
    html = page.content.decode()
    assert "Version 1 and version 2" not in html
    assert "ascent-compare" not in html


def test_compare_tags_ratings_with_the_scale_levels_colours(client, viewer, editor, signed_off):
    copy = workflow.start_new_version(signed_off, by=editor)
    rating = copy.ratings.exclude(rating="").first()
    level = copy.framework.level(rating.rating)
    other = next(lv for lv in copy.framework.scale if lv.value != level.value and lv.colour != level.colour)
    rating.rating = other.value
    rating._history_user = editor
    rating.save()
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(url("compare", copy)).content, "html.parser")
    tags = soup.select("table.ascent-compare tbody tr td strong")
    assert tags[0]["class"] == level.tag_class.split()
    assert tags[1]["class"] == other.tag_class.split()
    # Amber is the yellow tag (GOV.UK has no amber tag: a bare modifier falls back to blue).
    assert not soup.select(".govuk-tag--amber")


def test_a_contributor_is_told_before_submitting_who_can_return_it_to_draft(client, harrow, cqc, contributor):
    draft = world.version(harrow, cqc, ratings=world.all_rated(cqc), by=contributor)
    client.force_login(contributor)
    text = BeautifulSoup(client.get(url("submit", draft)).content, "html.parser").get_text(" ", strip=True)
    assert "Once it is submitted, only an editor or an admin can return it to draft" in text


def test_a_draft_is_called_a_draft(admin_user, draft):
    with pytest.raises(workflow.WorkflowError, match="Version 1 is a draft: only a submitted version can be signed"):
        workflow.sign_off(draft, by=admin_user, note="", justifications={})
    assert workflow.status_phrase(draft) == "a draft"


def test_the_summary_says_status_once(client, viewer, draft):
    client.force_login(viewer)
    soup = BeautifulSoup(
        client.get(reverse("assessments:detail", args=[draft.organisation.gss_code, draft.pk])).content, "html.parser"
    )
    labels = [tag.get_text(strip=True) for tag in soup.select("h2, .govuk-summary-list__key")]
    assert labels.count("Status") == 1
