"""URLs of the assurance app (see docs/architecture.md, "URLs and the current organisation")."""

from django.urls import path

from . import views

app_name = "assurance"

# /orgs/<gss_code>/challenges/
urlpatterns = [
    path("orgs/<gss:gss_code>/challenges/", views.index, name="index"),
]
