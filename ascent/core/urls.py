from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.information_page, {"template": "core/accessibility.html"}, name="accessibility"),
    path("privacy/", views.information_page, {"template": "core/privacy.html"}, name="privacy"),
    path("cookies/", views.information_page, {"template": "core/cookies.html"}, name="cookies"),
    path("help/", views.information_page, {"template": "core/help.html"}, name="help"),
    path("healthz", views.healthz, name="healthz"),
]
