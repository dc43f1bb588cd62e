from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AssuranceConfig(AppConfig):
    name = "ascent.assurance"
    label = "assurance"
    verbose_name = "Assurance checks"

    def ready(self) -> None:
        # Each app registers its own checks in its checks.py (see ascent.assurance.registry).
        autodiscover_modules("checks")
