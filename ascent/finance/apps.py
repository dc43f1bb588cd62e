from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "ascent.finance"
    label = "finance"
    verbose_name = "Finance"
