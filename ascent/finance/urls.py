from django.urls import path

from . import views

app_name = "finance"

# /orgs/<gss_code>/performance/spending/
urlpatterns = [
    path("orgs/<gss:gss_code>/performance/spending/", views.index, name="index"),
    path("orgs/<gss:gss_code>/performance/spending/trend.<str:fmt>", views.export, name="export"),
]
