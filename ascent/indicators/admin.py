"""Django admin for platform staff: indicator definitions, values, targets and groups.

Councils manage their own records through the Performance pages; the admin is for looking
after the shipped library and putting right what a council cannot.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ComparatorGroup, Indicator, IndicatorGroup, IndicatorGroupItem, Observation, Target


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "unit", "polarity", "organisation", "is_active"]
    list_filter = ["unit", "polarity", "is_active"]
    search_fields = ["code", "title", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


class IndicatorGroupItemInline(admin.TabularInline):
    model = IndicatorGroupItem
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(IndicatorGroup)
class IndicatorGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "created_at"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    inlines = [IndicatorGroupItemInline]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "organisation", "period_code", "value", "status", "is_illustrative", "updated_at"]
    list_filter = ["status", "is_illustrative", "period_kind"]
    search_fields = ["indicator__code", "organisation__name", "organisation__gss_code", "period_code"]
    list_select_related = ["indicator", "organisation"]
    autocomplete_fields = ["indicator", "organisation", "entered_by"]
    raw_id_fields = ["import_run"]
    show_full_result_count = False


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "organisation", "period_code", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["indicator__code", "organisation__name", "period_code"]
    list_select_related = ["indicator", "organisation"]
    autocomplete_fields = ["indicator", "organisation"]


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(admin.ModelAdmin):
    # Plain admin (no history pages here): the Activity page shows its history.
    list_display = ["name", "slug", "kind", "owner", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "owner__name"]
    list_select_related = ["owner"]
    filter_horizontal = ["members"]
