from django.apps import AppConfig

from ascent.core.registry import Registration


class EvidenceConfig(AppConfig):
    name = "ascent.evidence"
    label = "evidence"
    verbose_name = "Evidence files"

    # Evidence backs the ratings of a self-assessment, so its pages sit in that section.
    registration = Registration(section_pages={"self-assessment": ("evidence:",)})
