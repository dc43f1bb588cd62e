from django.urls import path

from . import views

app_name = "jobs"

# /orgs/<gss_code>/jobs/
urlpatterns = [
    path("orgs/<gss:gss_code>/jobs/<int:job_id>/", views.detail, name="detail"),
    path("orgs/<gss:gss_code>/jobs/<int:job_id>/status/", views.status, name="status"),
    path("orgs/<gss:gss_code>/jobs/<int:job_id>/download/", views.download, name="download"),
    path("orgs/<gss:gss_code>/jobs/<int:job_id>/retry/", views.retry, name="retry"),
]
