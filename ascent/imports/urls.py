from django.urls import path

from . import views

app_name = "imports"

# /orgs/<gss_code>/imports/
urlpatterns = [
    path("orgs/<gss:gss_code>/imports/", views.index, name="index"),
    path("orgs/<gss:gss_code>/imports/<int:run_id>/", views.detail, name="detail"),
    path("orgs/<gss:gss_code>/imports/<int:run_id>/commit/", views.commit, name="commit"),
    path("orgs/<gss:gss_code>/imports/<int:run_id>/errors/", views.errors, name="errors"),
    path("orgs/<gss:gss_code>/imports/<int:run_id>/errors.csv", views.errors_csv, name="errors-csv"),
    path("orgs/<gss:gss_code>/imports/<int:run_id>/status/", views.status, name="status"),
    path("orgs/<gss:gss_code>/imports/<int:run_id>/rollback/", views.rollback, name="rollback"),
    path("orgs/<gss:gss_code>/imports/<str:kind>/new/", views.upload, name="upload"),
    path("orgs/<gss:gss_code>/imports/<str:kind>/template.csv", views.template, name="template"),
]
