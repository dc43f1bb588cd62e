"""Matrix rows for an action's page and what keeps it moving (ascent/plans/views/progress.py and
extensions.py).

The world's action (1.1 of Harrow's plan, owned by nobody, due 31 December 2026) gains a
milestone, a link as evidence of completion, a linked indicator and a request for a later date
waiting for a decision. Every member reads the action and the council's requests; contributors
(and an action's owner) update, close, reopen, keep milestones and evidence and ask for a
later date; editors link indicators; the plan's owner (the editor persona here) and admins
decide requests.
"""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from .base import EDITORS_OF_A, FORBIDDEN, MEMBERS_OF_A, Case, Redirect, a, but
from .plans import an_action

#: Harrow's private words on the action: never shown to a member of Herefordshire.
A_MARKERS = ["Harrow private milestone", "Harrow private extension reason"]

#: plans.update_action: contributors and above (and an action's owner, who is nobody here).
UPDATERS = {**MEMBERS_OF_A, "viewer": FORBIDDEN}
#: plans.change_action: editors and above.
CHANGERS = EDITORS_OF_A
#: plans.decide_extension: the plan's owner (the editor persona) and the council's admins.
DECIDERS = EDITORS_OF_A


def a_milestone(world):
    return {**an_action(world), "milestone_id": world["milestone"].pk}


def an_evidence(world):
    return {**an_action(world), "evidence_id": world["action_evidence"].pk}


def a_link(world):
    return {**an_action(world), "link_id": world["action_indicator"].pk}


def an_extension(world):
    return {**an_action(world), "extension_id": world["extension"].pk}


def _action_page(world) -> str:
    """The action's page, at any of its sections ("#milestones")."""
    return re.escape(reverse("plans:action", kwargs=an_action(world))) + r"(#[a-z]+)?"


def to_action(answers):
    return but(answers, to=Redirect(_action_page, "plans:action"))


def extend_world(world: dict) -> None:
    from ascent.indicators.models import Indicator
    from ascent.plans.models import ActionEvidence, ActionIndicator, ExtensionRequest, Milestone

    action = world["action"]
    world["milestone"] = Milestone.objects.create(action=action, title="Harrow private milestone")
    world["action_evidence"] = ActionEvidence.objects.create(
        action=action, url="https://harrow.example/directory", title="The directory"
    )
    indicator = Indicator.objects.create(
        organisation=world["harrow"], code="H-DIR", title="Directory visits", unit="count", polarity="higher_is_better"
    )
    world["action_indicator"] = ActionIndicator.objects.create(action=action, indicator=indicator)
    world["extension"] = ExtensionRequest.objects.create(
        action=action,
        requested_by=world["editor"],
        from_date=action.due_date,
        to_date=dt.date(2027, 3, 31),
        reason="Harrow private extension reason",
    )


_UPDATE = {"on": "1/12/2026", "text": "Drafted the directory", "status": "on-track", "percent_complete": "50"}

CASES: dict[str, Case] = {
    "plans:add_update": Case(get=UPDATERS, post=to_action(UPDATERS), kwargs=an_action, data=_UPDATE),
    # The action has evidence (a link), so it closes as complete.
    "plans:close_action": Case(
        get=UPDATERS, post=to_action(UPDATERS), kwargs=an_action, data={"status": "complete", "on": "1/12/2026"}
    ),
    # The action is open: the form comes back with its error.
    "plans:reopen_action": Case(
        get=UPDATERS, post=UPDATERS, kwargs=an_action, data={"status": "on-track", "reason": "More to do"}
    ),
    "plans:add_milestone": Case(
        get=UPDATERS, post=to_action(UPDATERS), kwargs=an_action, data={"title": "Directory drafted"}
    ),
    "plans:edit_milestone": Case(
        get=UPDATERS,
        post=to_action(UPDATERS),
        kwargs=a_milestone,
        data={"title": "Directory drafted", "done_on": "1/12/2026"},
    ),
    "plans:remove_milestone": Case(post=to_action(UPDATERS), kwargs=a_milestone),
    "plans:add_evidence": Case(
        get=UPDATERS,
        post=to_action(UPDATERS),
        kwargs=an_action,
        data={"url": "https://harrow.example/launch", "title": "The launch"},
    ),
    "plans:remove_evidence": Case(post=to_action(UPDATERS), kwargs=an_evidence),
    # No indicator chosen: the form comes back with its error.
    "plans:link_indicator": Case(get=CHANGERS, post=CHANGERS, kwargs=an_action, data={"target": "10"}),
    "plans:unlink_indicator": Case(post=to_action(CHANGERS), kwargs=a_link),
    "plans:extensions": Case(get=MEMBERS_OF_A, kwargs=a),
    # A request already waits: the form comes back with its error.
    "plans:request_extension": Case(
        get=UPDATERS, post=UPDATERS, kwargs=an_action, data={"to_date": "31/5/2027", "reason": "Supplier late"}
    ),
    "plans:decide_extension": Case(
        get=DECIDERS, post=to_action(DECIDERS), kwargs=an_extension, data={"decision": "approve"}
    ),
    "plans:withdraw_extension": Case(post=to_action(UPDATERS), kwargs=an_extension),
}
