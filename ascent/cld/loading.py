"""Loading a CLD extract: check it, then keep it as Parquet with its problems, or save nothing.

:func:`load_extract` is the one way in, for the web page and ``manage.py cld_import``. It checks
the file (:mod:`ascent.cld.validation`); on a fatal problem it saves nothing. Otherwise, unless
it is a dry run, it writes the extract's rows and every problem found as two Parquet files in
the council's private folder and records the :class:`~ascent.cld.models.Extract` with the
first examples of each kind of problem, in one transaction: if the database refuses, the files
are removed, so nothing is half-saved. The first extract a council loads records its LA code;
a later file with another code is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ascent.core.locks import hold_organisation_lock

from . import duck, storage, validation
from .models import CldSettings, Extract, ExtractProblem

_ZIP_MAGIC = b"PK\x03\x04"


@dataclasses.dataclass
class LoadResult:
    report: validation.Report
    extract: Extract | None = None
    dry_run: bool = False
    #: The LA code recorded as the council's by this load (its first extract).
    recorded_la_code: str = ""
    #: The first problems of each kind: (row in the file, field, value, reason, is_warning).
    examples: list[tuple] = dataclasses.field(default_factory=list)

    @property
    def loaded(self) -> bool:
        return self.extract is not None


def file_kind(path: Path) -> str:
    """ "xlsx" for a workbook (a zip file), else "csv": by content, not by the file's name."""
    with Path(path).open("rb") as handle:
        return "xlsx" if handle.read(4) == _ZIP_MAGIC else "csv"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_beside(path: Path) -> Future:
    """The file's SHA-256, worked out in a thread while DuckDB reads the file (hashlib lets go of
    Python's lock), so taking it costs no extra wait; ``.result()`` gives the hex digest."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cld-sha256")
    try:
        return pool.submit(_sha256, path)
    finally:
        pool.shutdown(wait=False)


class _OtherCode(Exception):
    """The council's LA code was recorded, as another, by a load that finished first."""

    def __init__(self, la_code: str):
        super().__init__(la_code)
        self.la_code = la_code


def load_extract(
    organisation,
    path: Path,
    *,
    original_name: str,
    by=None,
    dry_run: bool = False,
    on_connection: Callable | None = None,
) -> LoadResult:
    """Check ``path`` and, unless there is a fatal problem or it is a dry run, keep it for ``organisation``.

    ``on_connection(con)`` is called with the DuckDB connection once it is open, so a caller can
    bound the time the load takes (the web job calls ``con.interrupt()`` from a timer).
    """
    path = Path(path)
    kind = file_kind(path)
    settings_row = CldSettings.objects.filter(organisation=organisation).first()
    expected = settings_row.la_code if settings_row and settings_row.la_code else None
    digest = None if dry_run else sha256_beside(path)
    con = duck.connect(excel=kind == "xlsx")
    try:
        if on_connection is not None:
            on_connection(con)
        report = validation.check_file(con, path, kind=kind, expected_la_code=expected)
        result = LoadResult(report=report, dry_run=dry_run)
        if report.is_fatal:
            return result
        result.examples = list(validation.examples(con))
        if dry_run:
            return result
        stored, problems = storage.new_extract_paths(organisation.gss_code)
        stored_file, problems_file = storage.absolute(stored), storage.absolute(problems)
        stored_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            with transaction.atomic():
                # Two first extracts loaded at once must not both record their LA code: the second
                # waits here, then finds the code the first recorded.
                hold_organisation_lock("cld:load", organisation.pk)
                recorded = (
                    CldSettings.objects.filter(organisation=organisation).values_list("la_code", flat=True).first()
                )
                if recorded and recorded != report.la_code:
                    raise _OtherCode(recorded)
                extract = Extract.objects.create(
                    organisation=organisation,
                    created_by=by,
                    original_name=original_name[:255],
                    stored_path=stored,
                    problems_path=problems,
                    sha256=digest.result(),
                    size_bytes=path.stat().st_size,
                    rows=report.rows,
                    release=report.release,
                    la_code=report.la_code,
                    stated_start=report.stated_start,
                    stated_end=report.stated_end,
                    loaded_at=timezone.now(),
                    problem_count=report.problem_count,
                    summary=report.summary(),
                )
                ExtractProblem.objects.bulk_create(
                    ExtractProblem(
                        extract=extract,
                        row=row,
                        field=field,
                        value=str(value)[:200],
                        reason=reason[:300],
                        is_warning=bool(warning),
                    )
                    for row, field, value, reason, warning in result.examples
                )
                if not recorded:
                    CldSettings.objects.update_or_create(
                        organisation=organisation, defaults={"la_code": report.la_code, "created_by": by}
                    )
                    result.recorded_la_code = report.la_code
                _write_parquet(con, stored_file, problems_file, extract.pk)
        except _OtherCode as other:
            stored_file.unlink(missing_ok=True)
            problems_file.unlink(missing_ok=True)
            report.fatal.append(
                f"The file's LA Code is {report.la_code}, but this council's extracts carry {other.la_code} "
                "(recorded by an extract loaded while this one was checked). Nothing was saved."
            )
            return result
        except BaseException:
            stored_file.unlink(missing_ok=True)
            problems_file.unlink(missing_ok=True)
            raise
        result.extract = extract
        return result
    finally:
        con.close()


def _write_parquet(con, stored_file: Path, problems_file: Path, extract_id: int) -> None:
    """The rows as checked (every column text, as the file had it) and every problem, compressed."""
    con.execute(
        f"copy (select *, cast({int(extract_id)} as bigint) as extract_id from staged)"  # in the file's order
        " to ? (format parquet, compression zstd)",
        [str(stored_file)],
    )
    con.execute(
        "copy (select record_id + 1 as file_row, field, value, reason, is_warning from problems order by record_id)"
        " to ? (format parquet, compression zstd)",
        [str(problems_file)],
    )
