"""Matrix rows for importing an action plan into a plan (ascent/plans/views/imports.py).

The world gains a checked (not yet imported) import of Harrow's plan, from a file whose name
only Harrow's pages show. Only editors reach these pages; importing goes back to the import's
page, and so does asking to roll back an import that has not been made (it is refused there).
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from .base import EDITORS_OF_A, Case, but, goes_to
from .plans import a_plan

#: The uploaded file's name, shown only on Harrow's pages.
A_MARKERS = ["harrow-private-action-plan.csv"]


def a_plan_run(world):
    return {**a_plan(world), "run_id": world["plan_import_run"].pk}


def to_preview(answers):
    return but(answers, to=goes_to("plans:import_preview", a_plan_run))


def extend_world(world: dict) -> None:
    from ascent.imports.models import ImportRun
    from ascent.plans.import_actions import KIND, PLAN_OPTION

    data = b"Reference,Action,Due date\r\n2.1,Harrow private imported action,31/03/2027\r\n"
    run = ImportRun(
        organisation=world["harrow"],
        kind=KIND,
        status=ImportRun.Status.VALIDATED,
        file_name="harrow-private-action-plan.csv",
        file_sha256="1" * 64,
        mapping={
            "reference": "Reference",
            "title": "Action",
            "due_date": "Due date",
            "_options": {PLAN_OPTION: world["plan"].pk},
        },
        rows_read=1,
        rows_created=1,
    )
    run.file.save("harrow-private-action-plan.csv", ContentFile(data), save=False)
    run.save()
    world["plan_import_run"] = run


CASES: dict[str, Case] = {
    # Posting no file shows the form again with its error.
    "plans:import": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_plan),
    # Posting no choice of columns shows the page again with the errors.
    "plans:import_preview": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_plan_run),
    "plans:import_commit": Case(post=to_preview(EDITORS_OF_A), kwargs=a_plan_run),
    "plans:import_rollback": Case(post=to_preview(EDITORS_OF_A), kwargs=a_plan_run),
}
