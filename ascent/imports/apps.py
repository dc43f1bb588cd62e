from django.apps import AppConfig

from ascent.core.registry import Registration


class ImportsConfig(AppConfig):
    name = "ascent.imports"
    label = "imports"
    verbose_name = "Data imports"

    # Imports load performance figures and spending, so their pages sit under Performance.
    registration = Registration(section_pages={"performance": ("imports:",)})
