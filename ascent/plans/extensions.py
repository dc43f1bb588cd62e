"""Changes of an action's date: asked for with a reason, decided by the plan's owner.

An action's due date, once set, moves only here. Someone keeping the action moving (a
contributor, or the action's owner) asks for a later date with :func:`request_extension`;
the plan's owner (or one of the council's admins) approves or refuses it with
:func:`decide_extension`; the person may withdraw it while it waits
(:func:`withdraw_extension`). One request waits at a time (also a database constraint).

Approving moves ``Action.due_date`` and keeps ``original_due_date``: the first date the
action ever had, so every page can say "31 March 2027 (originally 31 December 2026)". Each
function is one transaction that locks the action, records who acted, and refuses bad input
with a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from ascent.core.dates import govuk_date

from .models import Action, ExtensionRequest, ExtensionStatus

REASON_LIMIT = 5000


def _lock(action: Action) -> Action:
    return Action.objects.select_for_update().select_related("plan").get(pk=action.pk)


def _lock_request(request: ExtensionRequest) -> tuple[Action, ExtensionRequest]:
    action = _lock(request.action)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(
            {NON_FIELD_ERRORS: f"The request has already been {request.get_status_display().lower()}"}
        )
    return action, request


@transaction.atomic
def request_extension(action: Action, *, by, to_date: dt.date | None, reason: str) -> ExtensionRequest:
    """Ask for a later due date, giving the reason."""
    action = _lock(action)
    if action.is_closed:
        raise ValidationError({NON_FIELD_ERRORS: "The action is closed: it needs no later date"})
    if action.is_superseded:
        raise ValidationError({NON_FIELD_ERRORS: "The action's work has moved elsewhere: it needs no later date"})
    if action.due_date is None:
        raise ValidationError(
            {"to_date": "The action has no due date yet: an editor sets its first date on the action's form"}
        )
    if ExtensionRequest.objects.filter(action=action, status=ExtensionStatus.PENDING).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: "A request for a later date is already waiting for a decision: withdraw it to ask again"}
        )
    if to_date is None:
        raise ValidationError({"to_date": "Enter the new date you are asking for"})
    if to_date <= action.due_date:
        raise ValidationError(
            {"to_date": f"The new date must be later than the due date, {govuk_date(action.due_date)}"}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the action needs a later date"})
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": f"The reason must be {REASON_LIMIT:,} characters or fewer"})
    request = ExtensionRequest(
        action=action, requested_by=by, from_date=action.due_date, to_date=to_date, reason=reason
    )
    request._history_user = by
    request.save()
    return request


@transaction.atomic
def decide_extension(request: ExtensionRequest, *, by, approve: bool, note: str = "") -> ExtensionRequest:
    """Approve (the due date moves; the original date is kept) or refuse (with a note) a waiting request."""
    action, request = _lock_request(request)
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "Say why the request is refused"})
    if len(note) > REASON_LIMIT:
        raise ValidationError({"note": f"The note must be {REASON_LIMIT:,} characters or fewer"})
    if approve:
        if action.due_date is not None and request.to_date <= action.due_date:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: f"The action is already due {govuk_date(action.due_date)}: "
                    "refuse the request instead"
                }
            )
        _move_due_date(action, request.to_date, by=by)
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = by, timezone.now(), note
    request._history_user = by
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return request


def _move_due_date(action: Action, to_date: dt.date, *, by) -> None:
    """The one place an action's set due date changes; the first date stays in ``original_due_date``."""
    if action.original_due_date is None:
        action.original_due_date = action.due_date
    action.due_date = to_date
    action._history_user = by
    action._change_reason = "Extension approved"
    action.save(update_fields=["due_date", "original_due_date", "updated_at"])


@transaction.atomic
def withdraw_extension(request: ExtensionRequest, *, by) -> ExtensionRequest:
    _action, request = _lock_request(request)
    request.status = ExtensionStatus.WITHDRAWN
    request.decided_by, request.decided_at = by, timezone.now()
    request._history_user = by
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


def pending(organisation):
    """The council's requests waiting for a decision, oldest first, with their action and plan."""
    return (
        ExtensionRequest.objects.in_organisation(organisation)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("action__plan__owner", "requested_by")
        .order_by("requested_at", "pk")
    )


def recently_decided(organisation, *, limit: int = 20):
    return (
        ExtensionRequest.objects.in_organisation(organisation)
        .exclude(status=ExtensionStatus.PENDING)
        .select_related("action__plan", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )
