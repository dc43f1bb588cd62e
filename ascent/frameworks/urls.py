"""URLs of the frameworks app (see docs/architecture.md, "URLs and the current organisation")."""

from django.urls import path

from . import views

app_name = "frameworks"

ROOT = "orgs/<gss:gss_code>/frameworks/"
ONE = ROOT + "<int:framework_id>/"

# /orgs/<gss_code>/frameworks/
urlpatterns = [
    path(ROOT, views.index, name="index"),
    path(ROOT + "new/", views.define, name="define"),
    path(ROOT + "upload/", views.upload, name="upload"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "edit/", views.edit, name="edit"),
    path(ONE + "new-version/", views.new_version, name="new-version"),
    # The council's crosswalk for this framework's elements
    path(ONE + "crosswalk/", views.crosswalk, name="crosswalk"),
    path(ONE + "crosswalk/<int:mapping_id>/hide/", views.mapping_hide, name="mapping-hide"),
    path(ONE + "crosswalk/<int:mapping_id>/restore/", views.mapping_restore, name="mapping-restore"),
    path(ONE + "crosswalk/<int:mapping_id>/remove/", views.mapping_remove, name="mapping-remove"),
]
