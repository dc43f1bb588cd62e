from django.apps import AppConfig
from django.db.models.signals import post_migrate

from ascent.core.registry import ElementPanel, Panel, Registration, Section


class PlansConfig(AppConfig):
    name = "ascent.plans"
    label = "plans"
    verbose_name = "Improvement plans"

    registration = Registration(
        sections=[
            Section(
                "improvement-plan",
                "Improvement plans",
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
        recommendation_rows=["ascent.plans.panels.recommendation_actions_rows"],
    )

    def ready(self) -> None:
        # The reminder digest's daily run on the worker (ascent/plans/tasks.py): queued after every
        # migrate, which each installation and upgrade runs, if none is waiting.
        post_migrate.connect(_schedule_reminders, sender=self)


def _schedule_reminders(sender, using="default", **kwargs) -> None:
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return  # the tasks app is not migrated yet (a partial migrate); the next full one queues it
    from .tasks import ensure_scheduled

    ensure_scheduled()
