from django.apps import AppConfig


class ReferringConfig(AppConfig):
    name = "tests.imports.referring"
    label = "referring"
    default_auto_field = "django.db.models.BigAutoField"
