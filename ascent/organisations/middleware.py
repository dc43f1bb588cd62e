"""Which organisation's space the user is working in.

Pages under /orgs/<GSS code>/ set it; the choice is remembered in the session so the home
page, the header and the navigation follow the user's last organisation.
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .access import find_visible_organisation
from .models import Organisation

SESSION_KEY = "current_organisation"


def resolve_current_organisation(request, gss_code: str | None):
    user = request.user
    if not user.is_authenticated:
        return None
    for code in (gss_code, request.session.get(SESSION_KEY)):
        if code:
            organisation = find_visible_organisation(user, code)
            if organisation is not None:
                return organisation
    if user.is_superuser:
        return None
    return Organisation.objects.visible_to(user).select_related("region").order_by("name").first()


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        gss_code = view_kwargs.get("gss_code")
        request.current_organisation = SimpleLazyObject(lambda: resolve_current_organisation(request, gss_code))
        request.switchable_organisations_count = SimpleLazyObject(
            lambda: request.user.memberships.count() if request.user.is_authenticated else 0
        )
        if gss_code and request.user.is_authenticated:
            organisation = request.current_organisation
            if organisation and organisation.gss_code == str(gss_code).upper():
                request.session[SESSION_KEY] = organisation.gss_code
        return None
