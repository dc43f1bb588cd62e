from django.apps import AppConfig


class CldConfig(AppConfig):
    name = "ascent.cld"
    label = "cld"
    verbose_name = "Client-level data"
