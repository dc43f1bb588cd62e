from django.urls import path

from . import views

app_name = "cld"

# /orgs/<gss_code>/client-level-data/
urlpatterns = [
    path("orgs/<gss:gss_code>/client-level-data/", views.index, name="index"),
    path("orgs/<gss:gss_code>/client-level-data/load/", views.upload, name="upload"),
    path("orgs/<gss:gss_code>/client-level-data/loads/<int:job_id>/", views.load, name="load"),
    path("orgs/<gss:gss_code>/client-level-data/extracts/<int:extract_id>/", views.extract, name="extract"),
    path("orgs/<gss:gss_code>/client-level-data/measures/", views.measures, name="measures"),
    path("orgs/<gss:gss_code>/client-level-data/measures/compute/", views.compute, name="compute"),
    path("orgs/<gss:gss_code>/client-level-data/measures/<slug:slug>/", views.measure, name="measure"),
    path("orgs/<gss:gss_code>/client-level-data/activity/", views.activity, name="activity"),
    path("orgs/<gss:gss_code>/client-level-data/population/", views.population, name="population"),
]
