from django.apps import AppConfig

from ascent.core.registry import Registration, Section

from .sections import PLANNED_SECTIONS


class OrganisationsConfig(AppConfig):
    name = "ascent.organisations"
    label = "organisations"
    verbose_name = "Organisations"

    registration = Registration(
        sections=[
            Section(
                "overview",
                "Overview",
                "organisations:overview",
                order=10,
                pages=(
                    "organisations:overview",
                    "organisations:members",
                    "organisations:invite",
                    "organisations:member-role",
                    "organisations:member-remove",
                    "organisations:activity",
                ),
            ),
            # Placeholders until their apps arrive: an app declaring a section with the same
            # key replaces one (and its "not available yet" page goes).
            *(
                Section(
                    slug,
                    info["title"],
                    f"organisations:{slug}",
                    order=info["order"],
                    pages=(f"organisations:{slug}",),
                    planned=True,
                )
                for slug, info in PLANNED_SECTIONS.items()
            ),
        ]
    )
