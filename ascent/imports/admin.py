from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ImportChange, ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(SimpleHistoryAdmin):
    """Import runs are made and undone through the service's pages; here they can only be read."""

    list_display = ["file_name", "kind", "organisation", "status", "rows_read", "rows_created", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "file_sha256", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportChange)
class ImportChangeAdmin(admin.ModelAdmin):
    list_display = ["run", "model", "object_id", "created"]
    list_filter = ["created", "model"]
    list_select_related = ["run"]
    readonly_fields = ["run", "model", "object_id", "created", "previous"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
