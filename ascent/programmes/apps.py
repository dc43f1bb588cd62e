from django.apps import AppConfig

from ascent.core.registry import Panel, Registration, Section


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
        # Assurance checks (checks.py, flags.py) and the Overview panel.
        overview_panels=[Panel("ascent.programmes.panels.programmes_panel", order=21)],
        flag_sources=["ascent.programmes.flags.open_flags"],
    )
