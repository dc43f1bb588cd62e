"""URLs of self-assessment, under /orgs/<GSS code>/self-assessment/ and /regions/<ONS code>/.

Each views module lists its own patterns (``urls``), so the pages of the summary, the
workflow, the element page and the regional view are kept apart.
"""

from .views import assessments, elements, regional, workflow

app_name = "assessments"

urlpatterns = [*assessments.urls, *workflow.urls, *elements.urls, *regional.urls]
