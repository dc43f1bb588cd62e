"""Matrix rows for the tabular import pages (ascent/imports/urls.py)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from .base import EDITORS_OF_A, MEMBERS_OF_A, Case, a, but, goes_to


def a_run(world):
    return {**a(world), "run_id": world["import_run"].pk}


def a_kind(world):
    return {**a(world), "kind": "observations"}


CASES: dict[str, Case] = {
    "imports:index": Case(get=MEMBERS_OF_A, kwargs=a),
    "imports:upload": Case(get=EDITORS_OF_A, post=EDITORS_OF_A, kwargs=a_kind),
    "imports:template": Case(get=MEMBERS_OF_A, kwargs=a_kind),
    # Editors change an open import by posting to its page (here with no choice made: back to it).
    "imports:detail": Case(get=MEMBERS_OF_A, post=but(EDITORS_OF_A, to=goes_to("imports:detail", a_run)), kwargs=a_run),
    "imports:commit": Case(post=but(EDITORS_OF_A, to=goes_to("imports:detail", a_run)), kwargs=a_run),
    "imports:rollback": Case(post=but(EDITORS_OF_A, to=goes_to("imports:detail", a_run)), kwargs=a_run),
    "imports:errors": Case(get=MEMBERS_OF_A, kwargs=a_run),
    "imports:errors-csv": Case(get=MEMBERS_OF_A, kwargs=a_run),
    "imports:status": Case(get=MEMBERS_OF_A, kwargs=a_run),
}

# The name of a file Harrow uploaded, shown only on Harrow's import pages.
A_MARKERS = ["harrow-private-figures.csv"]


def extend_world(world: dict) -> None:
    from ascent.imports.models import ImportRun

    data = b"organisation,indicator,period,value\r\nE09000015,ASCOF-1C1A,2023-24,27.5\r\n"
    run = ImportRun(
        organisation=world["harrow"],
        kind="observations",
        status=ImportRun.Status.VALIDATED,
        file_name="harrow-private-figures.csv",
        file_sha256="0" * 64,
        mapping={"organisation": "organisation", "indicator": "indicator", "period": "period", "value": "value"},
        rows_read=1,
        rows_created=1,
    )
    run.file.save("harrow-private-figures.csv", ContentFile(data), save=False)
    run.save()
    world["import_run"] = run
