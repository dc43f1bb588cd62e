from django.apps import AppConfig

from ascent.core.registry import Registration


class AssessmentsConfig(AppConfig):
    name = "ascent.assessments"
    label = "assessments"
    verbose_name = "Self-assessment"

    registration = Registration(
        # Open assurance flags of the latest versions, for the Challenges page and the Overview.
        flag_sources=["ascent.assessments.flags.open_flags"],
    )
