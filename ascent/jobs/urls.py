from django.urls import path

from . import views

app_name = "jobs"

# /orgs/<gss_code>/jobs/
urlpatterns = [
    path("orgs/<str:gss_code>/jobs/<int:job_id>/", views.detail, name="detail"),
    path("orgs/<str:gss_code>/jobs/<int:job_id>/status/", views.status, name="status"),
    path("orgs/<str:gss_code>/jobs/<int:job_id>/download/", views.download, name="download"),
]
