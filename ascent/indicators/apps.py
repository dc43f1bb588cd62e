from django.apps import AppConfig

from ascent.core.registry import Panel, Registration, Section


class IndicatorsConfig(AppConfig):
    name = "ascent.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    registration = Registration(
        sections=[Section("performance", "Performance", "indicators:scorecard", order=20, pages=("indicators:",))],
        overview_panels=[Panel("ascent.indicators.panels.performance_panel", order=10)],
        import_schemas={"observations": "ascent.indicators.importing.ObservationSchema"},
    )
