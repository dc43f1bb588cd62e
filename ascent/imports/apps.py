from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ascent.imports"
    label = "imports"
    verbose_name = "Data imports"
