from django.urls import path

from . import views

app_name = "reports"

# /orgs/<gss_code>/reports/
urlpatterns = [
    path("orgs/<gss:gss_code>/reports/", views.index, name="index"),
    path("orgs/<gss:gss_code>/reports/<slug:slug>/", views.view, name="view"),
    path("orgs/<gss:gss_code>/reports/<slug:slug>/download/<str:fmt>/", views.download, name="download"),
    path("orgs/<gss:gss_code>/reports/<slug:slug>/run/", views.run, name="run"),
]
