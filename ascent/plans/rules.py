"""Who may do what with a council's improvement plans: the one place these rules live.

Every member of the council reads its plans (a scrutiny councillor is a viewer: read only).

- **Contributors** keep actions moving: progress updates, status, percent and RAG,
  milestones, evidence of completion, closing an action (with evidence or a reason), and
  asking for a later date.
- **The action's owner**, whatever their role, may do the same for their own action.
- **Editors** set plans up: plans, themes, actions (from recommendations, risks, flags or
  directly), linked indicators, supersession, imports, follow-ups, committees, schedules
  and committee reports (drafting and issuing).
- **The plan's owner** (or the council's admins) decides extension requests: a later date
  comes only that way, and the original date is kept.
- **Admins** change the council's plan settings (reminders, stale days, follow-up months).

Permissions about one plan or action take the record; ``view_plans``, ``add_plan``,
``manage_committees`` and ``change_plan_settings`` take the Organisation.
"""

from __future__ import annotations

import rules

from ascent.organisations.rules import is_contributor, is_editor, is_member, is_org_admin, is_superuser


def plan_of(obj):
    """The plan a record belongs to (the record itself for a Plan), or None."""
    from .models import Plan

    if isinstance(obj, Plan):
        return obj
    for path in ("plan", "action"):
        holder = getattr(obj, path, None)
        if holder is not None:
            return plan_of(holder)
    return None


def action_of(obj):
    from .models import Action

    if isinstance(obj, Action):
        return obj
    holder = getattr(obj, "action", None)
    return holder if isinstance(holder, Action) else None


@rules.predicate
def is_action_owner(user, obj) -> bool:
    """Owns the action (and, through ``is_member``, belongs to its council)."""
    action = action_of(obj)
    return action is not None and action.owner_id is not None and action.owner_id == user.pk


@rules.predicate
def is_plan_owner(user, obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and plan.owner_id is not None and plan.owner_id == user.pk


rules.add_perm("plans.view_plans", is_member | is_superuser)
rules.add_perm("plans.view_plan", is_member | is_superuser)
rules.add_perm("plans.add_plan", is_editor | is_superuser)
rules.add_perm("plans.change_plan", is_editor | is_superuser)
rules.add_perm("plans.import_plan", is_editor | is_superuser)
#: Progress, status, milestones, evidence, closing, asking for a later date.
rules.add_perm("plans.update_action", is_contributor | (is_member & is_action_owner) | is_superuser)
#: Creating, editing and removing actions, linking indicators, supersession.
rules.add_perm("plans.change_action", is_editor | is_superuser)
rules.add_perm("plans.decide_extension", (is_member & is_plan_owner) | is_org_admin | is_superuser)
rules.add_perm("plans.manage_committees", is_editor | is_superuser)
rules.add_perm("plans.change_committee_report", is_editor | is_superuser)
rules.add_perm("plans.issue_committee_report", is_editor | is_superuser)
rules.add_perm("plans.change_follow_up", is_editor | is_superuser)
rules.add_perm("plans.change_plan_settings", is_org_admin | is_superuser)
