from django.contrib import admin
from django.urls import include, path

from ascent.core import views as core_views

urlpatterns = [
    path("", include("ascent.core.urls")),
    path("", include("ascent.accounts.urls")),
    path("", include("ascent.organisations.urls")),
    path("", include("ascent.indicators.urls")),
    path("", include("ascent.finance.urls")),
    path("", include("ascent.cld.urls")),
    path("", include("ascent.imports.urls")),
    path("", include("ascent.reports.urls")),
    path("", include("ascent.jobs.urls")),
    path("", include("ascent.frameworks.urls")),
    path("", include("ascent.evidence.urls")),
    path("", include("ascent.assessments.urls")),
    path("", include("ascent.reviews.urls")),
    path("", include("ascent.plans.urls")),
    path("", include("ascent.programmes.urls")),
    path("", include("ascent.assurance.urls")),
    path("platform-admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
