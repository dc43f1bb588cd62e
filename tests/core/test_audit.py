"""Every domain model keeps its history, with the acting user."""

from __future__ import annotations

import pytest
from django.apps import apps

from ascent.core.audit import audited_models
from ascent.organisations import actions
from ascent.organisations.models import Membership, Role

#: Models that are not domain records: the job queue's bookkeeping of report runs, an
#: import's record of the values it replaced (itself an audit record, kept for rollback), and
#: the reminder task's log of the digests it sent (the guard against sending one twice a day), and
#: the examples of problems a client-level data extract's check found (read from the file, never edited).
NOT_DOMAIN = {"jobs.Job", "imports.ImportChange", "plans.ReminderDigest", "cld.ExtractProblem"}


def test_every_domain_model_keeps_history():
    domain = [
        m for m in apps.get_models() if m.__module__.startswith("ascent.") and not m.__name__.startswith("Historical")
    ]
    missing = [m._meta.label for m in domain if not hasattr(m, "history") and m._meta.label not in NOT_DOMAIN]
    assert missing == []


def test_organisation_records_join_the_activity_page():
    labels = {m._meta.label for m in audited_models()}
    assert {"organisations.Organisation", "organisations.Membership", "organisations.Invitation"} <= labels


@pytest.mark.django_db
def test_history_names_who_acted(harrow, admin_user, viewer):
    membership = Membership.objects.get(user=viewer)
    actions.change_role(membership, role=Role.CONTRIBUTOR, by=admin_user)
    latest = membership.history.first()
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert latest.prev_record.role == Role.VIEWER
