"""What a careful person takes from the two real letters in ../shared/seeds (when that folder is there).

The seed letters are not part of the project and their sentences are not copied here: each
item is pinned by facts (names, roles, numbers) and a few key words that its text must hold.
``scripts/letter_import_accuracy.py`` scores the reader against these, and
tests/reviews/test_letter_import_seeds.py checks them; both pass over the seeds when the
folder is absent. Set ``ASCENT_SEEDS`` to read them from elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def seeds_folder() -> Path:
    return Path(os.environ.get("ASCENT_SEEDS") or ROOT.parent / "shared" / "seeds")


def _recs(*items):
    return [{"number": number, "kind": "recommendation", "keywords": list(words)} for number, *words in items]


#: Herefordshire's peer challenge letter, July 2014 (plain text).
HEREFORDSHIRE = {
    "name": "seed-herefordshire-2014",
    "file": "003_7f6e574ca1094753.txt",
    "scope": [
        {"keywords": ["transformation programme", "bcf"]},
        {"keywords": ["carer", "personalisation"]},
        {"keywords": ["workforce", "organisational model"]},
    ],
    "team": [
        {"name": "David Stevens", "role": "lead-director", "organisation": "Sandwell Metropolitan Borough Council"},
        {"name": "Keymn Whervin", "role": "expert-by-experience", "organisation": "Solihull"},
        {"name": "Liam Waldron", "role": "expert-by-experience", "organisation": "Solihull"},
        {"name": "Councillor Yvonne Davies", "role": "member-peer", "organisation": "Sandwell"},
        {"name": "Sue Alexander", "role": "officer-peer", "organisation": "Worcestershire"},
        {"name": "Chris Lewington", "role": "officer-peer", "organisation": "Warwickshire"},
        {"name": "Eddie Clarke", "role": "challenge-manager", "organisation": "WMADASS"},
    ],
    # Findings by heading (the scope question they sit under) and kind: counted, not worded.
    "finding_groups": [
        {"heading_keywords": ["transformation programme"], "strength": 5, "development": 16},
        {"heading_keywords": ["sufficient focus"], "strength": 5, "development": 11},
        {"heading_keywords": ["workforce"], "strength": 5, "development": 9},
    ],
    "recommendations": _recs(
        (1, "demand", "art"),
        (2, "single point of access"),
        (3, "brokerage"),
        (4, "financial reporting"),
        (None, "progress reports", "risk rating"),
        (None, "re-launch of personalisation"),
        (7, "strategic change"),
        (8, "care pathway", "early intervention"),
        (9, "market shaping"),
        (10, "transformation board", "aligned"),
        (11, "integration options"),
        (12, "wye valley"),
        (13, "bcf", "national condition"),
        (14, "community capacity"),
        (15, "health and wellbeing board"),
        (16, "scrutiny function", "bi-annual"),
        (17, "day opportunities"),
        (18, "direct payments", "flexible"),
        (19, "claw back"),
        (20, "copy of their assessment"),
        (21, "end-to-end review"),
        (22, "coproduction"),
        (23, "engagement mechanisms"),
        (24, "ilf", "policies and procedures"),
        (25, "criteria be withdrawn"),
        (26, "safeguarding risks"),
        (27, "questionnaires"),
        (28, "awb forums"),
        (29, "interim staff"),
        (30, "frameworki"),
        (31, "mobile and flexible"),
        (32, "delegated authority"),
        (33, "provider forums"),
        (34, "training programmes"),
    ),
}

#: Harrow's TEASC assurance review, March 2016 (plain text converted from a PDF): the first,
#: second and fifth recommendations lost their numbers in the conversion, and the third is cut
#: by a page break.
HARROW = {
    "name": "seed-harrow-2016",
    "file": "000_c4ec7f59e3cd6d01.txt",
    "scope": [
        {"keywords": [domain]}
        for domain in (
            "leadership and governance",
            "performance and outcomes",
            "commissioning and quality",
            "national priorities and partnerships",
            "resource and workforce management",
            "culture and challenge",
        )
    ],
    "team": [
        {"name": "Moira Wilson", "role": "reviewer", "organisation": ""},
        {"name": "Anne Flanagan", "role": "reviewer", "organisation": ""},
    ],
    # No "Strengths" headings: the kind is the reader's guess, so only the count per domain is scored.
    "finding_groups": [
        {"heading_keywords": ["leadership and governance"], "any": 6},
        {"heading_keywords": ["performance and outcomes"], "any": 20},
        {"heading_keywords": ["commissioning and quality"], "any": 7},
        {"heading_keywords": ["national priorities"], "any": 4},
        {"heading_keywords": ["resource and workforce"], "any": 9},
        {"heading_keywords": ["culture and challenge"], "any": 5},
    ],
    "recommendations": _recs(
        (None, "portfolio holder", "facilitation"),
        (None, "remain high"),
        (3, "independent chair", "pan london"),
        (4, "joint strategic commissioning"),
        (None, "under 65", "reablement outcomes"),
        (6, "joint transformation plans"),
        (7, "reducing resources"),
        (8, "virtual ward"),
        (9, "professional training"),
        (10, "principal social worker"),
    ),
}

SEEDS = [HEREFORDSHIRE, HARROW]
