"""Who may do what with a council's transformation programmes: the one place these rules live.

Every member of the council reads its boards, programmes and projects (a scrutiny
councillor is a viewer: read only). Programmes are the council's own: no one from another
council sees them.

- **Contributors** keep projects up to date: progress updates with the self-reported RAGs,
  savings delivered and forecast, budget monitoring, risks and issues, milestones' forecast
  dates.
- **The project's manager or sponsor**, whatever their role, may do the same for their
  own project.
- **Editors** set things up: boards, meetings, decisions, programmes, projects and their
  business cases, stages, moves between boards, savings targets and their re-profiling,
  KPIs, handing plan actions to a project, and issuing board papers.

Permissions about one record take the record; ``view_programmes``, ``add_programme`` and
``manage_boards`` take the Organisation.
"""

from __future__ import annotations

import rules

from ascent.organisations.rules import is_contributor, is_editor, is_member, is_superuser


def project_of(obj):
    """The project a record belongs to (the record itself for a Project), or None."""
    from .models import Project

    if isinstance(obj, Project):
        return obj
    return getattr(obj, "project", None) if hasattr(obj, "project_id") else None


@rules.predicate
def is_project_lead(user, obj) -> bool:
    """Manages or sponsors the project (and, through ``is_member``, belongs to its council)."""
    project = project_of(obj)
    return project is not None and user.pk is not None and user.pk in (project.manager_id, project.sponsor_id)


rules.add_perm("programmes.view_programmes", is_member | is_superuser)
rules.add_perm("programmes.view_programme", is_member | is_superuser)
rules.add_perm("programmes.add_programme", is_editor | is_superuser)
rules.add_perm("programmes.change_programme", is_editor | is_superuser)
rules.add_perm("programmes.manage_boards", is_editor | is_superuser)
#: Updates, RAGs, delivered and forecast savings, budget monitoring, risks, milestone forecasts.
rules.add_perm("programmes.update_project", is_contributor | (is_member & is_project_lead) | is_superuser)
#: The business case, stage, board, savings targets and re-profiling, KPIs, milestones' baselines.
rules.add_perm("programmes.change_project", is_editor | is_superuser)
rules.add_perm("programmes.issue_paper", is_editor | is_superuser)
