from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ascent.core"
    label = "core"
    verbose_name = "Core"
