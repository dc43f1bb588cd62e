from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ascent.documents"
    label = "documents"
    verbose_name = "Documents"
