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
    "programmes": {
        "order": 60,
        "title": "Programmes",
        "summary": "Transformation programmes: boards, projects, savings, risks and benefits.",
        "coming": [
            "projects with business cases, overseen by boards",
            "savings targets against the medium-term financial strategy",
            "risks, milestones and the indicators each project should move",
        ],
    },
}
