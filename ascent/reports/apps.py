from django.apps import AppConfig

from ascent.core.registry import RegionLink, Registration, Section


class ReportsConfig(AppConfig):
    name = "ascent.reports"
    label = "reports"
    verbose_name = "Reports"

    registration = Registration(
        sections=[Section("reports", "Reports", "reports:index", order=90, pages=("reports:",))],
        region_links=[RegionLink("Regional self-assessment summary (report)", "reports:regional", order=20)],
    )
