from django.apps import AppConfig

from ascent.core.registry import ElementPanel, Panel, RegionLink, Registration


class AssessmentsConfig(AppConfig):
    name = "ascent.assessments"
    label = "assessments"
    verbose_name = "Self-assessment"

    registration = Registration(
        overview_panels=[Panel("ascent.assessments.panels.self_assessment_panel", order=15)],
        element_panels=[ElementPanel("ascent.assessments.panels.element_ratings_panel", order=10)],
        region_links=[RegionLink("Shared self-assessments", "assessments:regional", order=10)],
    )
