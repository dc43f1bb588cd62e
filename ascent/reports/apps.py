from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ascent.reports"
    label = "reports"
    verbose_name = "Reports"
