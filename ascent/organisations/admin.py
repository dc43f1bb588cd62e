from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Membership, Organisation, Region, RegionalRole


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "adass_name"]
    search_fields = ["code", "name", "adass_name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["gss_code", "name", "council_type", "region", "is_active"]
    list_filter = ["council_type", "region", "is_active"]
    search_fields = ["gss_code", "name"]
    list_select_related = ["region"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(RegionalRole)
class RegionalRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region", "kind"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "region"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]
    list_select_related = ["organisation"]
