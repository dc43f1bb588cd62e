"""Review pages: the council's reviews, one review, its details, stage and scope (see ascent/reviews/urls.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ascent.organisations.access import get_organisation_for_user

from ..models import Review


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm="reviews.view_reviews")
    hosted = Review.objects.in_organisation(organisation)
    sat_on = Review.objects.visible_to(request.user).sat_on_by(request.user).select_related("organisation")
    return render(request, "reviews/index.html", {"organisation": organisation, "hosted": hosted, "sat_on": sat_on})


urls = [
    path("orgs/<gss:gss_code>/reviews/", index, name="index"),
]
