from django.apps import AppConfig

from ascent.core.registry import Registration


class FrameworksConfig(AppConfig):
    name = "ascent.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"

    # The frameworks pages sit in the Self-assessment section: councils assess against them.
    registration = Registration(section_pages={"self-assessment": ("frameworks:",)})
