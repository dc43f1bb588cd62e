from django.apps import AppConfig

from ascent.core.registry import ElementPanel, Panel, Registration, Section


class IndicatorsConfig(AppConfig):
    name = "ascent.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    registration = Registration(
        sections=[Section("performance", "Performance", "indicators:scorecard", order=20, pages=("indicators:",))],
        overview_panels=[Panel("ascent.indicators.panels.performance_panel", order=10)],
        import_schemas={"observations": "ascent.indicators.importing.ObservationSchema"},
        element_panels=[ElementPanel("ascent.indicators.element_panel.element_indicators_panel", order=20)],
    )
