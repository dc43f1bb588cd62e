from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "ascent.evidence"
    label = "evidence"
    verbose_name = "Evidence files"
