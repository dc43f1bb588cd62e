"""Values every page needs: the service's name and phase, and the navigation."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .registry import navigation


def is_current(view_name: str, names: tuple[str, ...]) -> bool:
    return any(view_name == name or (name.endswith(":") and view_name.startswith(name)) for name in names)


def service(request):
    context = {
        "service_name": settings.ASCENT_SERVICE_NAME,
        "service_phase": settings.ASCENT_PHASE,
        "feedback_email": settings.ASCENT_FEEDBACK_EMAIL,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        "lockout_failures": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    organisation = getattr(request, "current_organisation", None) or None
    context["current_organisation"] = organisation
    context["switchable_organisations_count"] = getattr(request, "switchable_organisations_count", 0)
    if organisation is not None:
        match = getattr(request, "resolver_match", None)
        current = match.view_name if match else ""
        # The sections apps declare on their AppConfig (ascent/core/registry.py), in order.
        context["service_navigation"] = [
            {
                "text": section.label,
                "href": reverse(section.url_name, kwargs={"gss_code": organisation.gss_code}),
                "current": is_current(current, section.pages),
            }
            for section in navigation()
            if section.permission is None or user.has_perm(section.permission, organisation)
        ]
    return context
