from django.apps import AppConfig

from ascent.core.registry import Registration, Section


class ProgrammesConfig(AppConfig):
    name = "ascent.programmes"
    label = "programmes"
    verbose_name = "Transformation programmes"

    registration = Registration(
        sections=[
            Section(
                "programmes",
                "Programmes",
                "programmes:index",
                order=60,
                pages=("programmes:",),
                permission="programmes.view_programmes",
            )
        ],
    )
