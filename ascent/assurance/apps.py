from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from ascent.core.registry import Registration


class AssuranceConfig(AppConfig):
    name = "ascent.assurance"
    label = "assurance"
    verbose_name = "Assurance checks"

    # The Challenges page is part of the council's Overview section.
    registration = Registration(section_pages={"overview": ("assurance:",)})

    def ready(self) -> None:
        # Each app registers its own checks in its checks.py (see ascent.assurance.registry).
        autodiscover_modules("checks")
