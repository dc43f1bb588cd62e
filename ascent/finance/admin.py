from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ExpenditureLine


@admin.register(ExpenditureLine)
class ExpenditureLineAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "service_line", "financial_year", "amount", "basis", "measure", "is_illustrative"]
    list_filter = ["basis", "measure", "is_illustrative", "financial_year"]
    search_fields = ["service_line", "organisation__name", "organisation__gss_code"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["import_run"]
