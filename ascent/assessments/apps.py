from django.apps import AppConfig

from ascent.core.registry import Registration, Section


class AssessmentsConfig(AppConfig):
    name = "ascent.assessments"
    label = "assessments"
    verbose_name = "Self-assessment"

    registration = Registration(
        sections=[
            Section(
                "self-assessment",
                "Self-assessment",
                "assessments:index",
                order=30,
                pages=("assessments:",),
                permission="assessments.view_selfassessment",
            )
        ],
        # Open assurance flags of the latest versions, for the Challenges page and the Overview.
        flag_sources=["ascent.assessments.flags.open_flags"],
    )
