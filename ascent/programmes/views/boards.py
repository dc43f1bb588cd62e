"""Boards: the list, one board with its meetings, papers and decisions log.

Placeholder: the URL names are fixed here so the other pages can link to them; the views
come with the rest of issue 13.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _pending(request, gss_code, **kwargs):
    raise Http404("Not built yet")


urls = [
    path("orgs/<gss:gss_code>/programmes/boards/", _pending, name="boards"),
    path("orgs/<gss:gss_code>/programmes/boards/new/", _pending, name="new_board"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/", _pending, name="board"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/edit/", _pending, name="edit_board"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/meetings/new/", _pending, name="new_meeting"),
    path("orgs/<gss:gss_code>/programmes/boards/<int:pk>/decisions/new/", _pending, name="new_decision"),
    path("orgs/<gss:gss_code>/programmes/decisions/<int:pk>/", _pending, name="decision"),
]
