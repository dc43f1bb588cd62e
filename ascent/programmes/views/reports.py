"""A programme's reports (the board highlight report and the committee report) and the papers issued to meetings.

Placeholder: the URL names are fixed here so the other pages can link to them; the views
come with the rest of issue 13.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _pending(request, gss_code, **kwargs):
    raise Http404("Not built yet")


urls = [
    path("orgs/<gss:gss_code>/programmes/<int:pk>/reports/<slug:kind>/", _pending, name="report"),
    path("orgs/<gss:gss_code>/programmes/<int:pk>/reports/<slug:kind>/issue/", _pending, name="issue_paper"),
    path("orgs/<gss:gss_code>/programmes/papers/<int:pk>/", _pending, name="paper"),
]
