from django.apps import AppConfig

from ascent.core.registry import ElementPanel, Panel, RegionLink, Registration, Section


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
        overview_panels=[Panel("ascent.assessments.panels.self_assessment_panel", order=15)],
        element_panels=[ElementPanel("ascent.assessments.panels.element_ratings_panel", order=10)],
        evidence_panels=[Panel("ascent.assessments.panels.evidence_ratings_panel", order=10)],
        region_links=[RegionLink("Shared self-assessments", "assessments:regional", order=10)],
        # Open assurance flags of the latest versions, for the Challenges page and the Overview.
        flag_sources=["ascent.assessments.flags.open_flags"],
    )
