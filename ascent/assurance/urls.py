"""URLs of the assurance app (see docs/architecture.md, "URLs and the current organisation")."""

from django.urls import path  # noqa: F401

app_name = "assurance"

urlpatterns: list = []
