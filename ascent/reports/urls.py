from django.urls import path

from . import regional, views

app_name = "reports"

# /orgs/<gss_code>/reports/
urlpatterns = [
    path("orgs/<gss:gss_code>/reports/", views.index, name="index"),
    path("orgs/<gss:gss_code>/reports/<slug:slug>/", views.view, name="view"),
    path("orgs/<gss:gss_code>/reports/<slug:slug>/download/<str:fmt>/", views.download, name="download"),
    path("orgs/<gss:gss_code>/reports/<slug:slug>/run/", views.run, name="run"),
    # /regions/<ONS code>/reports/self-assessments/: for the region's lead
    path("regions/<gss:code>/reports/self-assessments/", regional.view, name="regional"),
    path(
        "regions/<gss:code>/reports/self-assessments/download/<str:fmt>/",
        regional.download,
        name="regional-download",
    ),
]
