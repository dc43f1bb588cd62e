"""URLs of transformation programmes, under /orgs/<GSS code>/programmes/.

Each views module lists its own patterns (``urls``): programmes, projects, boards, the
risk and budget registers, and reports and papers.
"""

from .views import boards, programmes, projects, registers, reports

app_name = "programmes"

urlpatterns = [
    *programmes.urls,
    *projects.urls,
    *boards.urls,
    *registers.urls,
    *reports.urls,
]
