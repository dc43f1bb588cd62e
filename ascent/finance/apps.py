from django.apps import AppConfig

from ascent.core.registry import Panel, Registration


class FinanceConfig(AppConfig):
    name = "ascent.finance"
    label = "finance"
    verbose_name = "Finance"

    registration = Registration(
        section_pages={"performance": ("finance:",)},  # spending sits under Performance
        overview_panels=[Panel("ascent.finance.panels.spending_panel", order=20)],
        import_schemas={"expenditure": "ascent.finance.importing.ExpenditureSchema"},
    )
