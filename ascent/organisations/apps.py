from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "ascent.organisations"
    label = "organisations"
    verbose_name = "Organisations"
