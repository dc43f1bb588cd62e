from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ascent.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
