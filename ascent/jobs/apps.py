from django.apps import AppConfig

from ascent.core.registry import Registration


class JobsConfig(AppConfig):
    name = "ascent.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    # A job's page is where a report being produced is followed, so it sits under Reports.
    registration = Registration(section_pages={"reports": ("jobs:",)})
