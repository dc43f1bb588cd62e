from django.urls import path

from ascent.core.registry import planned_sections

from . import views

app_name = "organisations"

# /orgs/<gss_code>/ — one organisation's space
organisation_urls = [
    path("orgs/<gss:gss_code>/", views.overview, name="overview"),
    path("orgs/<gss:gss_code>/members/", views.members, name="members"),
    path("orgs/<gss:gss_code>/members/invite/", views.invite, name="invite"),
    path("orgs/<gss:gss_code>/members/<int:membership_id>/role/", views.member_role, name="member-role"),
    path("orgs/<gss:gss_code>/members/<int:membership_id>/remove/", views.member_remove, name="member-remove"),
    path(
        "orgs/<gss:gss_code>/members/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("orgs/<gss:gss_code>/activity/", views.activity, name="activity"),
] + [
    path(f"orgs/<gss:gss_code>/{slug}/", views.planned_section, {"section": slug}, name=slug)
    for slug in planned_sections()  # placeholders no app has replaced yet
]

urlpatterns = [
    *organisation_urls,
    path("organisations/", views.switch, name="switch"),
    path("regions/<gss:code>/", views.region, name="region"),
    path("invitations/<token:token>/", views.invitation, name="invitation"),
]
