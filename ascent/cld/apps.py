from django.apps import AppConfig

from ascent.core.registry import Registration, Section


class CldConfig(AppConfig):
    name = "ascent.cld"
    label = "cld"
    verbose_name = "Client-level data"

    # The council's CLD extracts, their data quality, measures, activity and spend: members only.
    registration = Registration(
        sections=[
            Section(
                "client-level-data",
                "Client-level data",
                "cld:index",
                order=25,
                pages=("cld:",),
                permission="cld.view_cld",
            )
        ]
    )
