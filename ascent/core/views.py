"""Pages that belong to the service as a whole rather than to one organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .registry import home_pages


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the space they work in, or explain what they can do."""
    organisation = request.current_organisation or None
    if organisation is not None:
        return redirect(organisation)
    lead_regions = list(request.user.regional_roles.select_related("region"))
    if not lead_regions and not request.user.is_superuser:
        # Someone with no organisation may still have somewhere to work: the apps say where
        # (a peer reviewer from outside the service: the reviews they sit on).
        for path in home_pages():
            url = import_string(path)(request)
            if url:
                return redirect(url)
    return render(request, "core/home.html", {"lead_regions": lead_regions})


@login_not_required
@require_GET
def information_page(request: HttpRequest, template: str) -> HttpResponse:
    """A page of information about the service (accessibility, privacy...), open to everyone."""
    return render(request, template)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app is up and can reach its database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Error pages in the GOV.UK style. They must never fail themselves, so they render
# plain templates with the request only.
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # Only a Refused carries a reason written for people; any other PermissionDenied (Django's,
    # a library's) may hold words for developers, so its message is never shown.
    from .exceptions import Refused

    reason = str(exception) if isinstance(exception, Refused) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without the request so that nothing that may have failed (the database,
    # the session) is touched again while reporting the failure.
    # The service's name and phase come from a bare request, which has no user or session.
    from django.http import HttpResponseServerError
    from django.template import loader

    from .context_processors import service

    return HttpResponseServerError(loader.get_template("errors/500.html").render(service(HttpRequest())))


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
