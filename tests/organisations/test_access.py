"""One access model: the scoped queryset, the fetch helper and grants of one record to one person.

The grantee is a viewer of Herefordshire (B) who is granted one Harrow (A) record. They may
see that record while the grant is in force, and nothing else of Harrow.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone

from ascent.core.models import AccessGrant, OrganisationScoped
from ascent.finance.models import ExpenditureLine
from ascent.imports.models import ImportRun
from ascent.indicators.models import ComparatorGroup, Indicator, IndicatorGroup, Observation, Target
from ascent.jobs.models import Job
from ascent.organisations.access import fetch
from ascent.organisations.models import Invitation, Membership
from ascent.organisations.rules import forget_cached_roles, has_grant
from tests.factories import grant
from tests.indicators.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

MAY_2026 = dt.date(2026, 5, 1)


@pytest.fixture
def observation(harrow):
    return ObservationFactory(organisation=harrow, indicator=IndicatorFactory(code="ASCOF-T1"), value=Decimal("61.2"))


@pytest.fixture
def other_observation(harrow, observation):
    return ObservationFactory(organisation=harrow, indicator=observation.indicator, period="2022-23")


@pytest.fixture
def import_run(harrow):
    return ImportRun.objects.create(organisation=harrow, kind="observations", file_name="a.csv", file_sha256="0" * 64)


def fresh(user):
    """The same person in a new request: nothing remembered from the last one."""
    forget_cached_roles(user)
    return user


# ----- every organisation-scoped model shares one queryset --------------------------------


@pytest.mark.parametrize(
    "model",
    [Observation, Target, Indicator, IndicatorGroup, ComparatorGroup, ExpenditureLine, ImportRun, Job, Membership],
)
def test_every_organisation_scoped_model_uses_the_one_base(model):
    assert issubclass(model, OrganisationScoped)
    assert hasattr(model.objects, "visible_to") and hasattr(model.objects, "in_organisation")


def test_invitations_share_the_base_and_keep_their_own_filters(harrow, admin_user):
    assert issubclass(Invitation, OrganisationScoped)
    assert list(Invitation.objects.visible_to(admin_user).in_organisation(harrow).pending()) == []


def test_members_see_their_organisations_records_and_others_see_none(observation, viewer, outsider, superuser):
    assert list(Observation.objects.visible_to(viewer)) == [observation]
    assert list(Observation.objects.visible_to(outsider)) == []
    assert list(Observation.objects.visible_to(superuser)) == [observation]


def test_shipped_indicators_are_shared_and_local_ones_are_not(harrow, herefordshire, outsider):
    shipped = IndicatorFactory(code="ASCOF-S1")
    local = IndicatorFactory(code="HAR-1", organisation=harrow)
    assert set(Indicator.objects.visible_to(outsider)) == {shipped}
    assert set(Indicator.objects.in_organisation(harrow)) == {shipped, local}
    assert set(Indicator.objects.in_organisation(herefordshire)) == {shipped}


def test_a_record_is_listed_once_however_many_members_its_organisation_has(observation, viewer, editor, grantee):
    grant(grantee, observation)
    assert Observation.objects.visible_to(fresh(grantee)).count() == 1
    assert Observation.objects.visible_to(viewer).count() == 1


# ----- grants: one record, between two dates ----------------------------------------------


def test_a_current_grant_shows_that_record_and_nothing_else_of_the_organisation(
    harrow, observation, other_observation, grantee
):
    grant(grantee, observation)
    grantee = fresh(grantee)
    assert list(Observation.objects.visible_to(grantee)) == [observation]
    assert grantee.has_perm("indicators.view_observation", observation)
    assert not grantee.has_perm("indicators.view_observation", other_observation)
    # The organisation as a whole stays closed: no overview, members, performance or imports.
    for perm in (
        "organisations.view_organisation",
        "organisations.view_members",
        "indicators.view_performance",
        "imports.import_data",
    ):
        assert not grantee.has_perm(perm, harrow), perm
    assert not Membership.objects.visible_to(grantee).filter(organisation=harrow).exists()


def test_a_view_grant_does_not_allow_changes_and_an_edit_grant_does(observation, grantee):
    view = grant(grantee, observation)
    assert not fresh(grantee).has_perm("indicators.change_observation", observation)
    view.level = AccessGrant.Level.EDIT
    view.save()
    assert fresh(grantee).has_perm("indicators.change_observation", observation)
    assert fresh(grantee).has_perm("indicators.view_observation", observation)


def test_a_grant_is_for_one_kind_of_record_only(observation, grantee):
    # A grant of the import run that has the observation's number opens the import run only.
    AccessGrant.objects.create(
        user=grantee,
        content_type=ContentType.objects.get_for_model(ImportRun),
        object_id=observation.pk,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    grantee = fresh(grantee)
    assert not grantee.has_perm("indicators.view_observation", observation)
    assert not Observation.objects.visible_to(grantee).exists()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 4, 30), False),  # the day before it starts
        (dt.date(2026, 5, 1), True),  # its first day
        (dt.date(2026, 5, 31), True),  # its last day
        (dt.date(2026, 6, 1), False),  # the day after it ends
    ],
)
def test_a_grant_holds_from_its_start_to_its_end_date_inclusive(observation, grantee, today, expected):
    grant(grantee, observation, starts_on=MAY_2026, ends_on=dt.date(2026, 5, 31))
    with time_machine.travel(dt.datetime.combine(today, dt.time(12)), tick=False):
        assert has_grant(fresh(grantee), observation, AccessGrant.Level.VIEW) is expected
        assert fresh(grantee).has_perm("indicators.view_observation", observation) is expected
        assert Observation.objects.visible_to(grantee).exists() is expected


def test_an_expired_grant_gives_nothing(observation, grantee):
    grant(grantee, observation, level="edit", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    grantee = fresh(grantee)
    assert not grantee.has_perm("indicators.view_observation", observation)
    assert not grantee.has_perm("indicators.change_observation", observation)
    with pytest.raises(Http404):
        fetch(Observation, grantee, perm="indicators.view_observation", pk=observation.pk)


def test_a_grant_to_an_inactive_person_gives_nothing(observation, grantee):
    grant(grantee, observation)
    grantee.is_active = False
    assert not has_grant(fresh(grantee), observation)
    assert not Observation.objects.visible_to(grantee).exists()


def test_a_grant_cannot_end_before_it_starts(observation, grantee):
    bad = AccessGrant(user=grantee, record=observation, starts_on=MAY_2026, ends_on=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError):
        bad.full_clean()
    with pytest.raises(IntegrityError):
        bad.save()


def test_grants_keep_their_history_and_who_gave_them(observation, grantee, admin_user):
    given = grant(grantee, observation, by=admin_user)
    given.ends_on = dt.date(2099, 1, 1)
    given.save()
    assert [h.history_type for h in given.history.order_by("history_date")] == ["+", "~"]
    assert given.granted_by == admin_user


def test_a_record_level_predicate_answers_for_members_through_the_records_organisation(
    observation, viewer, editor, outsider
):
    assert viewer.has_perm("indicators.view_observation", observation)
    assert not viewer.has_perm("indicators.change_observation", observation)
    assert editor.has_perm("indicators.change_observation", observation)
    assert not outsider.has_perm("indicators.view_observation", observation)


def test_members_do_not_change_a_shipped_record_but_everyone_reads_it(db, editor, grantee):
    # (Django lets active superusers pass every permission, so the views refuse them themselves.)
    shipped = IndicatorFactory(code="ASCOF-S2")
    assert grantee.has_perm("indicators.view_indicator", shipped)
    assert not editor.has_perm("indicators.change_indicator", shipped)


# ----- the one fetch helper ---------------------------------------------------------------


def test_fetch_gives_a_visible_record(harrow, observation, viewer):
    assert fetch(Observation, viewer, organisation=harrow, perm="indicators.view_observation", pk=observation.pk) == (
        observation
    )


def test_fetch_is_a_404_for_another_organisations_record_and_a_missing_one(observation, outsider, viewer):
    with pytest.raises(Http404):
        fetch(Observation, outsider, perm="indicators.view_observation", pk=observation.pk)
    with pytest.raises(Http404):
        fetch(Observation, viewer, perm="indicators.view_observation", pk=observation.pk + 1000)


def test_fetch_is_a_404_for_a_record_outside_the_organisation_asked_for(herefordshire, observation, superuser):
    with pytest.raises(Http404):
        fetch(Observation, superuser, organisation=herefordshire, perm="indicators.view_observation", pk=observation.pk)


def test_fetch_is_a_403_for_a_visible_record_the_person_may_not_change(observation, viewer, grantee):
    with pytest.raises(PermissionDenied):
        fetch(Observation, viewer, perm="indicators.change_observation", pk=observation.pk)
    grant(grantee, observation)
    with pytest.raises(PermissionDenied):
        fetch(Observation, fresh(grantee), perm="indicators.change_observation", pk=observation.pk)


def test_fetch_gives_a_grantee_the_granted_record_only(import_run, grantee, harrow):
    other = ImportRun.objects.create(organisation=harrow, kind="observations", file_name="b.csv", file_sha256="1" * 64)
    grant(grantee, import_run)
    grantee = fresh(grantee)
    assert fetch(ImportRun, grantee, perm="imports.view_importrun", pk=import_run.pk) == import_run
    with pytest.raises(Http404):
        fetch(ImportRun, grantee, perm="imports.view_importrun", pk=other.pk)


def test_fetch_narrows_a_given_queryset(harrow, admin_user):
    invitation = Invitation.objects.create(
        organisation=harrow,
        email="x@harrow.example",
        token_hash="h" * 64,
        expires_at=Invitation.default_expiry(),
        revoked_at=Invitation.default_expiry(),
    )
    with pytest.raises(Http404):
        fetch(Invitation.objects.pending(), admin_user, perm="organisations.change_invitation", pk=invitation.pk)


def test_fetch_reuses_the_organisation_it_was_given(harrow, observation, viewer, django_assert_num_queries):
    found = fetch(Observation, viewer, organisation=harrow, perm="indicators.view_observation", pk=observation.pk)
    with django_assert_num_queries(0):
        assert found.organisation is harrow


def test_a_record_reached_through_another_finds_its_organisation_and_scopes_by_it(
    harrow, viewer, outsider, monkeypatch
):
    # No table needs an indirect path yet; the next ones (evidence on an observation) will.
    local = IndicatorFactory(code="HAR-9", organisation=harrow)
    observation = ObservationFactory(organisation=harrow, indicator=local)
    monkeypatch.setattr(Observation, "organisation_path", "indicator__organisation")
    assert observation.owning_organisation_id() == harrow.pk
    assert viewer.has_perm("indicators.view_observation", observation)
    assert list(Observation.objects.visible_to(viewer)) == [observation]
    assert list(Observation.objects.visible_to(outsider)) == []
