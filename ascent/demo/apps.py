from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ascent.demo"
    label = "demo"
    verbose_name = "Demo data"
