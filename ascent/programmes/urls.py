"""URLs of transformation programmes, under /orgs/<GSS code>/programmes/.

Each views module lists its own patterns (``urls``)."""

from .views import programmes

app_name = "programmes"

urlpatterns = [
    *programmes.urls,
]
