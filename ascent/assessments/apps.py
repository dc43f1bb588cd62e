from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ascent.assessments"
    label = "assessments"
    verbose_name = "Self-assessment"
