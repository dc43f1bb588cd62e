"""A project of a programme: its page, business case, stage, board, updates, savings, milestones and KPIs.

Placeholder: the URL names are fixed here so the other pages can link to them; the views
come with the rest of issue 13.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _pending(request, gss_code, **kwargs):
    raise Http404("Not built yet")


urls = [
    path("orgs/<gss:gss_code>/programmes/<int:programme_pk>/projects/new/", _pending, name="new_project"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/", _pending, name="project"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/edit/", _pending, name="edit_project"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/stage/", _pending, name="project_stage"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/board/", _pending, name="project_board"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/update/", _pending, name="project_update"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/savings/", _pending, name="project_savings"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/reprofile/", _pending, name="reprofile"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/milestones/new/", _pending, name="new_milestone"),
    path("orgs/<gss:gss_code>/programmes/milestones/<int:pk>/", _pending, name="milestone"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/kpis/new/", _pending, name="new_kpi"),
    path("orgs/<gss:gss_code>/programmes/projects/<int:pk>/take-action/", _pending, name="take_action"),
]
