from django.apps import AppConfig

from ascent.core.registry import Registration, Section


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
    )
