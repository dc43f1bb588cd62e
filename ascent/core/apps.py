from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ascent.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Registers the <gss:...> and <token:...> URL converters before any URLconf loads.
        from . import (
            checks,  # noqa: F401  (registers the checks of what apps declare)
            converters,  # noqa: F401
        )
