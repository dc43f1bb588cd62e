"""Django's admin site, open to platform superusers only.

Council admins manage their members through the service's own pages; the admin site is
for platform staff who look after reference data and accounts across organisations.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class AscentAdminSite(AdminSite):
    site_header = "Ascent platform administration"
    site_title = "Ascent administration"

    def has_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class AscentAdminConfig(AdminConfig):
    default_site = "ascent.core.admin_site.AscentAdminSite"
