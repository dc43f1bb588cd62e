"""The shipped TEASC and CQC frameworks for tests of the demo, reports and commands.

Loads the shipped YAML through the real loader when it is there
(:func:`ascent.frameworks.loading.load_shipped_frameworks`); until that part is merged, makes
the two frameworks with the slugs, keys, titles and scales the shared design gives them.
"""

from __future__ import annotations

from ascent.frameworks.models import Element, Framework

TEASC_DOMAINS = [
    "Performance and outcomes",
    "Leadership and governance",
    "Commissioning and quality",
    "National priorities and partnerships",
    "Resource and workforce management",
    "Culture and challenge",
]
CQC_THEMES = {
    "Working with people": [
        "Assessing needs",
        "Supporting people to live healthier lives",
        "Equity in experience and outcomes",
    ],
    "Providing support": ["Care provision, integration and continuity", "Partnerships and communities"],
    "Ensuring safety within the system": ["Safe systems, pathways and transitions", "Safeguarding"],
    "Leadership": ["Governance, management and sustainability", "Learning, improvement and innovation"],
}


def shipped_frameworks() -> dict[str, Framework]:
    try:
        from ascent.frameworks.loading import load_shipped_frameworks
    except ImportError:
        load_shipped_frameworks = None
    if load_shipped_frameworks is not None:
        load_shipped_frameworks()
    else:
        _make_teasc()
        _make_cqc()
    return {f.slug: f for f in Framework.objects.filter(organisation__isnull=True).current()}


def _make_teasc() -> None:
    framework, created = Framework.objects.get_or_create(
        organisation=None,
        slug="teasc-risk-awareness",
        version="2015",
        defaults={
            "name": "TEASC risk awareness",
            "short_name": "TEASC",
            "top_risks": 3,
            "rating_scale": [
                {"value": "red", "label": "High risk", "score": 1, "favourable": False, "colour": "red"},
                {"value": "amber", "label": "Medium risk", "score": 2, "favourable": False, "colour": "amber"},
                {"value": "green", "label": "Low risk", "score": 3, "favourable": True, "colour": "green"},
            ],
        },
    )
    if created:
        for order, title in enumerate(TEASC_DOMAINS, start=1):
            Element.objects.create(
                framework=framework,
                key=f"domain-{order}",
                code=str(order),
                kind="Domain",
                title=title,
                is_rated=True,
                sort_order=order * 10,
            )


def _make_cqc() -> None:
    framework, created = Framework.objects.get_or_create(
        organisation=None,
        slug="cqc-la-assessment",
        version="2023",
        defaults={
            "name": "CQC local authority assessment",
            "short_name": "CQC",
            "scoring": Framework.Scoring.CQC_LA_2023,
            "rating_scale": [
                {"value": str(n), "label": label, "score": n, "favourable": n >= 3, "colour": colour}
                for n, label, colour in [
                    (1, "1 – Significant shortfalls", "red"),
                    (2, "2 – Some shortfalls", "amber"),
                    (3, "3 – Good standard", "green"),
                    (4, "4 – Exceptional standard", "green"),
                ]
            ],
        },
    )
    if not created:
        return
    order, number = 0, 0
    for theme_number, (theme, statements) in enumerate(CQC_THEMES.items(), start=1):
        order += 1
        parent = Element.objects.create(
            framework=framework,
            key=f"theme-{theme_number}",
            code=f"Theme {theme_number}",
            kind="Theme",
            title=theme,
            sort_order=order * 10,
        )
        for statement in statements:
            order += 1
            number += 1
            Element.objects.create(
                framework=framework,
                parent=parent,
                key=f"qs-{number}",
                code=f"QS{number}",
                kind="Quality statement",
                title=statement,
                is_rated=True,
                depth=1,
                sort_order=order * 10,
            )
