"""A programme's risks and issues register (with its heat map) and its budget monitoring.

Placeholder: the URL names are fixed here so the other pages can link to them; the views
come with the rest of issue 13.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _pending(request, gss_code, **kwargs):
    raise Http404("Not built yet")


urls = [
    path("orgs/<gss:gss_code>/programmes/<int:pk>/risks/", _pending, name="risks"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/risks/new/", _pending, name="new_risk"),
    path("orgs/<gss:gss_code>/programmes/risks/<int:pk>/", _pending, name="risk"),
    path("orgs/<gss:gss_code>/programmes/risks/<int:pk>/close/", _pending, name="close_risk"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/budget/", _pending, name="budget"),
]
