from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "ascent.indicators"
    label = "indicators"
    verbose_name = "Indicators"
