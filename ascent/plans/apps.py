from django.apps import AppConfig

from ascent.core.registry import ElementPanel, Panel, Registration, Section


class PlansConfig(AppConfig):
    name = "ascent.plans"
    label = "plans"
    verbose_name = "Improvement plans"

    registration = Registration(
        sections=[
            Section(
                "improvement-plan",
                "Improvement plan",
                "plans:index",
                order=50,
                pages=("plans:",),
                permission="plans.view_plans",
            )
        ],
        import_schemas={"plan_actions": "ascent.plans.import_actions.ActionPlanSchema"},
        # Assurance checks, the Overview panel and the element page's block.
        overview_panels=[Panel("ascent.plans.panels.plans_panel", order=19)],
        element_panels=[ElementPanel("ascent.plans.panels.element_actions_panel", order=30)],
        flag_sources=["ascent.plans.flags.open_flags"],
        recommendation_action_counts=["ascent.plans.flags.recommendation_action_counts"],
    )
