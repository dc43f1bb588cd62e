from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organisation__name"]
    readonly_fields = ["task_id", "started_at", "finished_at"]
    list_select_related = ["organisation", "created_by"]
