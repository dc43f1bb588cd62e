"""Sections of the service that later releases fill in.

Each says in plain words what it will hold, so the navigation has no dead links and no
page pretends to do more than it does. ``order`` places each in the service navigation
(see ascent/organisations/apps.py); a new app that declares a section with the same key
replaces the placeholder.
"""

PLANNED_SECTIONS = {
    "reviews": {
        "order": 40,
        "title": "Reviews",
        "summary": "Peer challenges and assurance reviews, from scoping to the feedback letter.",
        "coming": [
            "scope questions, the review team and the on-site programme",
            "findings: strengths and areas for development",
            "numbered recommendations and the feedback letter",
        ],
    },
}
