"""URLs of reviews, under /orgs/<host GSS code>/reviews/, and the team's own pages at /reviews/.

Each views module lists its own patterns (``urls``), so each part of a review (the review
and its scope, the team, fieldwork, the library, findings, recommendations, the letter and
bringing in a past letter) is kept apart.
"""

from .views import fieldwork, findings, letter, letter_import, library, recommendations, reviews, team

app_name = "reviews"

urlpatterns = [
    *reviews.urls,
    *team.urls,
    *fieldwork.urls,
    *library.urls,
    *findings.urls,
    *recommendations.urls,
    *letter.urls,
    *letter_import.urls,
]
