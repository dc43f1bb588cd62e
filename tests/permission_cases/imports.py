"""Matrix rows for the tabular import pages (ascent/imports/urls.py)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from .base import FORBIDDEN, MEMBERS_OF_A, Case, a

# Uploading, importing and rolling back: editors and admins of A (and superusers).
EDITORS_OF_A = {**MEMBERS_OF_A, "viewer": FORBIDDEN, "contributor": FORBIDDEN}


def a_run(world):
    return {**a(world), "run_id": world["import_run"].pk}


def a_kind(world):
    return {**a(world), "kind": "observations"}


CASES: dict[str, Case] = {
    "imports:index": Case(MEMBERS_OF_A, kwargs=a),
    "imports:upload": Case(EDITORS_OF_A, kwargs=a_kind),
    "imports:template": Case(MEMBERS_OF_A, kwargs=a_kind),
    "imports:detail": Case(MEMBERS_OF_A, kwargs=a_run),
    "imports:commit": Case(EDITORS_OF_A, kwargs=a_run, method="post"),
    "imports:errors": Case(MEMBERS_OF_A, kwargs=a_run),
    "imports:errors_csv": Case(MEMBERS_OF_A, kwargs=a_run),
    "imports:status": Case(MEMBERS_OF_A, kwargs=a_run),
    "imports:rollback": Case(EDITORS_OF_A, kwargs=a_run, method="post"),
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
