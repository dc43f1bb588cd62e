from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessGrant


@admin.register(AccessGrant)
class AccessGrantAdmin(SimpleHistoryAdmin):
    """Grants of one record to one person. Platform staff manage them here until the service has a page."""

    list_display = ["user", "content_type", "object_id", "level", "starts_on", "ends_on", "granted_by"]
    list_filter = ["level", "content_type"]
    search_fields = ["user__email", "reason"]
    list_select_related = ["user", "content_type", "granted_by"]
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
