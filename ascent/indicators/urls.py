from django.urls import path

from .views import comparators, indicator, manage, scorecard

app_name = "indicators"

# /orgs/<gss_code>/performance/
urlpatterns = [
    # The scorecard: the Performance section's front page, and its exports
    path("orgs/<gss:gss_code>/performance/", scorecard.scorecard, name="scorecard"),
    path("orgs/<gss:gss_code>/performance/scorecard.<str:fmt>", scorecard.export, name="scorecard-export"),
    # The indicator library: shipped and local indicators
    path("orgs/<gss:gss_code>/performance/indicators/", manage.library, name="library"),
    path("orgs/<gss:gss_code>/performance/indicators/new/", manage.indicator_add, name="indicator-add"),
    path("orgs/<gss:gss_code>/performance/indicators/<int:indicator_id>/", indicator.detail, name="detail"),
    path(
        "orgs/<gss:gss_code>/performance/indicators/<int:indicator_id>/edit/",
        manage.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "orgs/<gss:gss_code>/performance/indicators/<int:indicator_id>/target/", manage.target_edit, name="target-edit"
    ),
    path(
        "orgs/<gss:gss_code>/performance/indicators/<int:indicator_id>/value/",
        manage.observation_edit,
        name="observation-edit",
    ),
    # Council-defined groups of indicators (a board's scorecard, a project's KPIs)
    path("orgs/<gss:gss_code>/performance/groups/", manage.groups, name="groups"),
    path("orgs/<gss:gss_code>/performance/groups/new/", manage.group_add, name="group-add"),
    path("orgs/<gss:gss_code>/performance/groups/<int:group_id>/", manage.group_edit, name="group-edit"),
    # Comparator groups for benchmarking
    path("orgs/<gss:gss_code>/performance/comparators/", comparators.index, name="comparators"),
    path("orgs/<gss:gss_code>/performance/comparators/new/", comparators.add, name="comparator-add"),
    path("orgs/<gss:gss_code>/performance/comparators/upload/", comparators.upload, name="comparator-upload"),
    path("orgs/<gss:gss_code>/performance/comparators/<slug:slug>/", comparators.edit, name="comparator-edit"),
]
