"""Matrix rows for bringing in a past letter (ascent/reviews/views/letter_import.py).

Host editors only: a viewer or contributor of Harrow gets 403, and everyone who may not see
Harrow (the outsider, grantee, regional lead and the reviewer, who sits on one Harrow review)
gets 404. The world holds one letter waiting for checking and one accepted letter.
"""

from __future__ import annotations

from .base import EDITORS_OF_A, Case, a, but, goes_to


def a_proposed(world):
    return {**a(world), "import_id": world["letter_import"].pk}


def an_accepted(world):
    return {**a(world), "import_id": world["accepted_letter_import"].pk}


CASES: dict[str, Case] = {
    # Posting nothing: the form's errors, on the page.
    "reviews:import": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a),
    # Posting nothing to a proposal: its errors (the title is required), on the page.
    "reviews:import-detail": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_proposed),
    # Undoing the accepted letter (nobody has changed its review): back to its page.
    "reviews:import-undo": Case(
        get=EDITORS_OF_A, post=but(EDITORS_OF_A, to=goes_to("reviews:import-detail", an_accepted)), kwargs=an_accepted
    ),
}

#: The name of a letter Harrow brought in, shown only on Harrow's import pages.
A_MARKERS = ["harrow-private-letter.docx"]


def extend_world(world: dict) -> None:
    from ascent.reviews import import_actions

    text = "# Harrow review\n## Strengths\nStaff know the people they support well.\n1. The team recommends a plan."
    world["letter_import"] = import_actions.start(
        world["harrow"], by=world["editor"], source=text, source_name="harrow-private-letter.docx"
    )
    accepted = import_actions.start(world["harrow"], by=world["editor"], source=text, source_name="accepted.docx")
    proposal = {**accepted.proposal, "review": {**accepted.proposal["review"], "stage": "published"}}
    import_actions.save_corrections(accepted, proposal, by=world["editor"])
    import_actions.accept(accepted, by=world["editor"])
    accepted.refresh_from_db()
    world["accepted_letter_import"] = accepted
