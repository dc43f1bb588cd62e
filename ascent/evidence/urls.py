"""URLs of the evidence app (see docs/architecture.md, "URLs and the current organisation")."""

from django.urls import path

from . import views

app_name = "evidence"

# /orgs/<gss_code>/evidence/
urlpatterns = [
    path("orgs/<gss:gss_code>/evidence/", views.index, name="index"),
    path("orgs/<gss:gss_code>/evidence/upload/", views.upload, name="upload"),
    path("orgs/<gss:gss_code>/evidence/<int:evidence_id>/", views.detail, name="detail"),
    path("orgs/<gss:gss_code>/evidence/<int:evidence_id>/download/", views.download, name="download"),
    path("orgs/<gss:gss_code>/evidence/<int:evidence_id>/delete/", views.delete, name="delete"),
]
