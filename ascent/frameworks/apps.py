from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "ascent.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"
