from django.apps import AppConfig

from ascent.core.registry import Panel, Registration, Section


class RegistryAppConfig(AppConfig):
    name = "tests.core.registry_app"
    label = "registry_app"

    registration = Registration(
        sections=[
            # Between Performance (20) and Self-assessment (30).
            Section("peer-network", "Peer network", "organisations:members", 25, pages=("organisations:members",)),
            # Only people who may manage members see this one.
            Section("admin-only", "Settings", "organisations:invite", 95, permission="organisations.manage_members"),
        ],
        overview_panels=[Panel("tests.core.registry_app.panels.first_panel", order=5)],
        import_schemas={"peer-visits": "tests.core.registry_app.panels.PeerVisitSchema"},
    )
