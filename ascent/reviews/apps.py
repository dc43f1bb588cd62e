from django.apps import AppConfig

from ascent.core.registry import ElementPanel, Panel, Registration, Section


class ReviewsConfig(AppConfig):
    name = "ascent.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    registration = Registration(
        sections=[
            Section(
                "reviews",
                "Reviews",
                "reviews:index",
                order=40,
                pages=("reviews:",),
                permission="reviews.view_reviews",
            )
        ],
        overview_panels=[Panel("ascent.reviews.panels.reviews_panel", order=18)],
        element_panels=[ElementPanel("ascent.reviews.findings.element_findings_panel", order=20)],
        evidence_panels=[Panel("ascent.reviews.library.evidence_reviews_panel", order=20)],
        flag_sources=["ascent.reviews.flags.open_flags"],
        home_pages=["ascent.reviews.views.team.home_page"],
    )

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the reviews' assurance checks)
