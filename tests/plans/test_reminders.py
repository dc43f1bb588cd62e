"""The reminder digest (ascent/plans/reminders.py): who gets what, who opts out, never twice a day.

The world, on Monday 7 December 2026: Harrow's plan (owned by the editor persona) has, for the
editor, an action 10 days overdue, one due in 3 days, one due in 30 days (beyond Harrow's 14
days ahead), one complete and overdue, one superseded and overdue, and one with no date; the
contributor owns one due today. Herefordshire's plan has an action of the outsider persona due
in 20 days (Herefordshire looks 30 days ahead), and one owned by the editor, who is a member
of both councils, 2 days overdue.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command

from ascent.organisations.models import Role
from ascent.plans import reminders
from ascent.plans.models import (
    Action,
    ActionStatus,
    Plan,
    PlanSettings,
    PlanStatus,
    ReminderDigest,
    ReminderPreference,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def make_plan(organisation, title, **fields):
    return Plan.objects.create(
        organisation=organisation,
        title=title,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 3, 31),
        **fields,
    )


def make_action(plan, reference, title, *, owner, due=None, **fields):
    return Action.objects.create(
        plan=plan, reference=reference, title=title, owner=owner, due_date=due, original_due_date=due, **fields
    )


@pytest.fixture
def world(harrow, herefordshire, editor, contributor, outsider, settings):
    settings.ASCENT_REMINDER_DAYS_AHEAD = 14
    settings.ASCENT_SITE_URL = "https://ascent.example.gov.uk"
    MembershipFactory(organisation=herefordshire, user=editor, role=Role.CONTRIBUTOR)
    PlanSettings.objects.create(organisation=herefordshire, reminder_days_ahead=30)
    plan = make_plan(harrow, "Harrow front door plan", owner=editor)
    other = make_plan(herefordshire, "Herefordshire wellbeing plan")
    done = make_action(plan, "9.9", "Already finished", owner=editor, due=days(-5), status=ActionStatus.COMPLETE)
    made = {
        "plan": plan,
        "other": other,
        "late": make_action(plan, "1.1", "Publish the front door number", owner=editor, due=days(-10)),
        "soon": make_action(plan, "1.2", "Train the contact centre", owner=editor, due=days(3)),
        "far": make_action(plan, "1.3", "Review the carers' offer", owner=editor, due=days(30)),
        "done": done,
        "moved": make_action(plan, "1.4", "Moved elsewhere", owner=editor, due=days(-4), superseded_by=done),
        "undated": make_action(plan, "1.5", "No date yet", owner=editor),
        "today": make_action(plan, "2.1", "Agree the carers' strategy", owner=contributor, due=TODAY),
        "hereford": make_action(other, "A1", "Map the community offer", owner=outsider, due=days(20)),
        "shared": make_action(other, "A2", "Second council's action", owner=editor, due=days(-2)),
    }
    return made


def digest_of(outcome, user):
    found = [digest for digest in outcome.sent if digest.user == user]
    assert len(found) == 1, f"expected one digest for {user}"
    return found[0]


# Who gets what ---------------------------------------------------------------------------------


def test_it_lists_each_owners_overdue_and_soon_actions_and_no_others(world, editor, contributor, outsider):
    outcome = reminders.plan_digests(TODAY)

    assert {digest.user for digest in outcome.sent} == {editor, contributor, outsider}
    mine = digest_of(outcome, editor)
    assert [action.reference for action in mine.actions] == ["1.1", "A2", "1.2"]
    assert [action.reference for action in mine.overdue] == ["1.1", "A2"]
    assert [action.reference for action in mine.due_soon] == ["1.2"]
    assert mine.subject == "Your improvement plan actions: 2 overdue and 1 due soon"
    assert [action.reference for action in digest_of(outcome, contributor).actions] == ["2.1"]


def test_each_council_looks_as_far_ahead_as_it_chose(world, outsider, herefordshire):
    assert [a.reference for a in digest_of(reminders.plan_digests(TODAY), outsider).actions] == ["A1"]

    PlanSettings.objects.filter(organisation=herefordshire).update(reminder_days_ahead=14)

    assert outsider not in {digest.user for digest in reminders.plan_digests(TODAY).sent}


def test_it_sends_one_email_per_person_with_links_to_each_action(world, editor):
    outcome = reminders.send_digests(TODAY)

    assert len(outcome.sent) == 3
    assert len(mail.outbox) == 3
    message = next(m for m in mail.outbox if m.to == [editor.email])
    assert message.subject == "Your improvement plan actions: 2 overdue and 1 due soon"
    assert "Publish the front door number" in message.body
    assert "Due 27 November 2026 (overdue by 10 days)" in message.body
    assert "Due 10 December 2026 (due in 3 days)" in message.body
    assert "Review the carers' offer" not in message.body
    late = world["late"]
    assert f"https://ascent.example.gov.uk/orgs/E09000015/plans/{late.plan_id}/actions/{late.pk}/" in message.body
    assert "https://ascent.example.gov.uk/orgs/E09000015/plans/reminders/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    soup = BeautifulSoup(html, "html.parser")
    assert [heading.get_text(" ", strip=True) for heading in soup.find_all("h2")] == [
        "Harrow: Harrow front door plan",
        "Herefordshire: Herefordshire wellbeing plan",
    ]
    links = [a.get_text(" ", strip=True) for a in soup.select("li a")]
    assert links == ["1.1 Publish the front door number", "1.2 Train the contact centre", "A2 Second council's action"]
    assert ReminderDigest.objects.get(user=editor, sent_on=TODAY).action_count == 3


def test_a_closed_or_superseded_plan_sends_nothing(world, contributor):
    world["plan"].status = PlanStatus.SUPERSEDED
    world["plan"].save()

    outcome = reminders.plan_digests(TODAY)

    assert contributor not in {digest.user for digest in outcome.sent}
    assert [action.reference for action in digest_of(outcome, world["shared"].owner).actions] == ["A2"]


def test_an_owner_who_left_the_council_or_was_switched_off_gets_nothing(world, editor, contributor, harrow):
    editor.memberships.filter(organisation=harrow).delete()
    contributor.is_active = False
    contributor.save()

    outcome = reminders.plan_digests(TODAY)

    assert contributor not in {digest.user for digest in outcome.sent}
    # The editor still belongs to Herefordshire: only its action is listed.
    assert [action.reference for action in digest_of(outcome, editor).actions] == ["A2"]


# Opting out ---------------------------------------------------------------------------------------


def test_a_council_that_turned_reminders_off_sends_nothing_about_its_actions(world, harrow, editor, contributor):
    reminders.change_plan_settings(
        harrow, by=editor, reminders_enabled=False, stale_after_days=60, follow_up_months=10, reminder_days_ahead=14
    )

    outcome = reminders.send_digests(TODAY)

    assert contributor not in {digest.user for digest in outcome.sent}
    assert [action.reference for action in digest_of(outcome, editor).actions] == ["A2"]
    assert outcome.council_off == 3
    assert len(mail.outbox) == 2


def test_a_person_who_turned_the_digest_off_gets_none(world, editor):
    reminders.set_digest_enabled(editor, enabled=False, by=editor)

    outcome = reminders.send_digests(TODAY)

    assert outcome.opted_out == [editor]
    assert editor.email not in {address for message in mail.outbox for address in message.to}
    assert not ReminderDigest.objects.filter(user=editor).exists()


def test_turning_it_back_on_sends_again(world, editor):
    reminders.set_digest_enabled(editor, enabled=False, by=editor)
    reminders.set_digest_enabled(editor, enabled=True, by=editor)

    reminders.send_digests(TODAY)

    assert editor.email in {address for message in mail.outbox for address in message.to}
    preference = ReminderPreference.objects.get(user=editor)
    assert [row.history_user for row in preference.history.order_by("history_date")] == [editor, editor]


# Never twice ---------------------------------------------------------------------------------------


def test_a_second_run_the_same_day_sends_nothing(world):
    reminders.send_digests(TODAY)
    again = reminders.send_digests(TODAY)

    assert again.sent == []
    assert len(again.already_sent) == 3
    assert len(mail.outbox) == 3


def test_the_next_day_sends_again(world):
    reminders.send_digests(TODAY)
    reminders.send_digests(days(1))

    assert len(mail.outbox) == 6


def test_a_person_recorded_by_another_run_meanwhile_is_skipped(world, editor, monkeypatch):
    planned = reminders.plan_digests(TODAY)
    # Another run records the editor between this run's planning and its sending.
    ReminderDigest.objects.create(user=editor, sent_on=TODAY, action_count=3)
    monkeypatch.setattr(reminders, "plan_digests", lambda today: planned)

    outcome = reminders.send_digests(TODAY)

    assert editor in outcome.already_sent
    assert len(mail.outbox) == 2


def test_a_digest_that_fails_to_send_is_not_recorded_and_the_others_go(world, editor, monkeypatch, caplog):
    real = reminders.message_for

    def failing(digest):
        message = real(digest)
        if digest.user == editor:

            def refuse(*args, **kwargs):
                raise OSError("mail server refused")

            message.send = refuse
        return message

    monkeypatch.setattr(reminders, "message_for", failing)

    outcome = reminders.send_digests(TODAY)

    assert outcome.failed == [editor]
    assert len(mail.outbox) == 2
    assert not ReminderDigest.objects.filter(user=editor).exists()
    assert "could not be sent" in caplog.text


def test_a_dry_run_sends_and_records_nothing(world):
    outcome = reminders.send_digests(TODAY, dry_run=True)

    assert len(outcome.sent) == 3
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()
    assert outcome.summary(dry_run=True) == "Would send 3 digests listing 5 actions on 7 December 2026"


def test_planning_reads_in_a_fixed_number_of_queries(world, django_assert_num_queries, herefordshire):
    for n in range(20):
        make_action(world["other"], f"B{n}", f"More work {n}", owner=world["late"].owner, due=days(n % 10))
    with django_assert_num_queries(4):
        outcome = reminders.plan_digests(TODAY)
    assert len(outcome.sent) == 3


# The command ----------------------------------------------------------------------------------------


def test_the_command_sends_now_and_says_what_it_did(world, capsys, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))

    call_command("send_action_reminders")

    out = capsys.readouterr().out
    assert "editor@harrow.example: 2 overdue, 1 due soon" in out
    assert "Sent 3 digests listing 5 actions on 7 December 2026." in out
    assert len(mail.outbox) == 3


def test_the_command_in_a_dry_run_sends_nothing(world, capsys, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))
    reminders.set_digest_enabled(world["today"].owner, enabled=False, by=None)

    call_command("send_action_reminders", "--dry-run")

    out = capsys.readouterr().out
    assert "Would send 2 digests listing 4 actions on 7 December 2026 (1 turned off by the person)." in out
    assert mail.outbox == []
