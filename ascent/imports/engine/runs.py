"""Import runs: store an upload, check it, preview it, commit it all or nothing, roll it back.

Also :func:`import_file`, the command line's whole-file import, and the upload limits.
Each step that reads a whole file runs with the cyclic garbage collector paused.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from ascent.core.locks import hold_import_lock, hold_national_import_lock
from ascent.organisations.models import Organisation

from ..error_list import write_errors_csv
from ..models import ImportRun
from ..reading import ReadError, Table, estimate_rows, read_table
from .checking import CheckResult, check_table
from .mapping import auto_map, mapping_problems
from .rollback import RollbackOutcome
from .schema import Counts, ImportRefused, Record, RowError, Schema, get_schema

#: Rows shown in the preview of a checked file.
PREVIEW_ROWS = 10
#: Kinds of error counted one by one in a run's summary; the rest are counted together.
SUMMARY_KINDS = 20
#: The longest value an error kept on the run shows (the full list has it whole).
STORED_VALUE_CHARACTERS = 200
#: The mapping key under which a run's options are kept (no column name starts with "_").
OPTIONS_KEY = "_options"


def max_file_bytes() -> int:
    """The largest upload accepted (settings.ASCENT_IMPORT_MAX_BYTES, 5 MB by default)."""
    return getattr(settings, "ASCENT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    """The most data rows one upload may hold (settings.ASCENT_IMPORT_MAX_ROWS, 500,000 by default)."""
    return getattr(settings, "ASCENT_IMPORT_MAX_ROWS", 500_000)


def stored_errors() -> int:
    """Errors kept on the import run to show on its pages (settings.ASCENT_IMPORT_STORED_ERRORS, 500).

    Every error is counted, summarised by kind and written to the run's full list (a CSV file).
    """
    return getattr(settings, "ASCENT_IMPORT_STORED_ERRORS", 500)


def background_rows() -> int:
    """Files of more rows than this are checked and imported in a background job, not while the
    person waits (settings.ASCENT_IMPORT_BACKGROUND_ROWS, 2,000 by default)."""
    return getattr(settings, "ASCENT_IMPORT_BACKGROUND_ROWS", 2000)


#: Told how far a long step has got: (per cent, what it is doing).
Progress = Callable[[int, str], None]


def _no_progress(percent: int, message: str) -> None:
    pass


def _pausing_gc(function):
    """Run ``function`` with Python's cyclic garbage collector paused.

    Reading, checking and writing a file makes several objects for each of its rows (hundreds
    of thousands for a national file) and keeps them all until the end, so the collector
    would scan an ever larger heap again and again and find nothing: none of these objects
    refer to each other in cycles, and reference counting frees them as usual. Pausing it
    made a 365,000-row import about an eighth faster. It is switched back on afterwards,
    whatever happens (and left alone if it was already off).
    """

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def run_mapping(run: ImportRun) -> dict[str, str]:
    return {name: heading for name, heading in (run.mapping or {}).items() if not name.startswith("_")}


def run_options(run: ImportRun) -> dict[str, bool]:
    return dict((run.mapping or {}).get(OPTIONS_KEY) or {})


def set_run_mapping(run: ImportRun, mapping: dict[str, str], options: dict[str, bool] | None = None) -> None:
    run.mapping = {**{name: heading for name, heading in mapping.items() if heading}, OPTIONS_KEY: options or {}}


def start_run(
    *, kind: str, data: bytes, file_name: str, table: Table, organisation: Organisation | None, user
) -> ImportRun:
    """Store an uploaded file as a new import run, with its columns matched automatically."""
    schema = get_schema(kind)
    name = PurePath(file_name).name[:255] or "upload"
    run = ImportRun(
        organisation=organisation,
        kind=kind,
        file_name=name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        sheet_name=table.sheet_name[:100],
        created_by=user if user is not None and user.is_authenticated else None,
        # The upload reads only the first rows of a big file: its rows are counted when it is checked.
        rows_read=0 if table.truncated else len(table.rows),
    )
    mapping = auto_map(schema, table.headers)
    suggest = getattr(schema, "suggest_options", None)
    set_run_mapping(run, mapping, suggest(mapping) if suggest else {})
    run.file.save(name, ContentFile(data), save=False)
    run.save()
    return run


def _run_file_data(run: ImportRun) -> bytes:
    try:
        with run.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportRefused("The uploaded file is no longer available: upload it again") from None


def read_run_file(run: ImportRun, *, limit: int | None = None) -> Table:
    data = _run_file_data(run)
    try:
        return read_table(data, run.file_name, sheet=run.sheet_name, max_rows=max_rows(), limit=limit)
    except ReadError as error:
        raise ImportRefused(str(error)) from None


def runs_in_background(run: ImportRun) -> bool:
    """Whether checking or importing the run's file takes long enough to need a background job."""
    try:
        data = _run_file_data(run)
    except ImportRefused:
        return False  # it fails at once, saying why
    return estimate_rows(data, run.file_name, sheet=run.sheet_name) > background_rows()


def summarise_errors(errors: Sequence[RowError]) -> list[list]:
    """[kind, count] pairs, the commonest kinds first, the rarest counted together at the end."""
    counts = Counter(error.summary for error in errors)
    common = counts.most_common(SUMMARY_KINDS)
    rest = len(errors) - sum(count for _, count in common)
    return [[kind, count] for kind, count in common] + ([["Other problems", rest]] if rest else [])


def _stored(error: RowError) -> dict:
    stored = error.as_dict()
    if len(error.value) > STORED_VALUE_CHARACTERS:
        stored["value"] = error.value[: STORED_VALUE_CHARACTERS - 1] + "…"
    return stored


def _save_errors_file(run: ImportRun, errors: Sequence[RowError]) -> None:
    """Write every error to the run's CSV file (replacing an earlier one), a block at a time."""
    if run.errors_file:
        run.errors_file.delete(save=False)
    if not errors or run.pk is None:
        return
    with tempfile.TemporaryFile() as handle:
        # A byte order mark, so that Excel opens it as UTF-8.
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        write_errors_csv(errors, text)
        text.flush()
        text.detach()
        handle.seek(0)
        run.errors_file.save(f"import-{run.pk}-errors.csv", File(handle), save=False)


def _store_result(run: ImportRun, result: CheckResult) -> None:
    """Record a check's outcome on the run: counts, a summary of the errors and the first of them.

    The run row stays small whatever the file: at most :func:`stored_errors` errors, each
    value cut short, and :data:`SUMMARY_KINDS` kinds; every error is in the run's errors file.
    """
    counts = result.counts
    run.rows_read = counts.read
    run.rows_created, run.rows_revised, run.rows_unchanged = counts.created, counts.revised, counts.unchanged
    run.error_count = len(result.errors)
    run.errors = [_stored(error) for error in result.errors[: stored_errors()]]
    run.error_summary = summarise_errors(result.errors)
    # Warnings are kept the same way, bounded: the first of them, and how many of each kind.
    run.warning_count = len(result.warnings)
    run.warnings = [_stored(warning) for warning in result.warnings[: stored_errors()]]
    run.warning_summary = summarise_errors(result.warnings)
    _save_errors_file(run, result.errors)


def _check(run: ImportRun, schema: Schema, table: Table, user) -> CheckResult:
    mapping = run_mapping(run)
    problems = mapping_problems(schema, mapping, table.headers, organisation_scoped=run.organisation_id is not None)
    if problems:
        raise ImportRefused("Match the file's columns before checking it: " + "; ".join(problems.values()))
    return check_table(
        schema, table, mapping, organisation=run.organisation, user=user, options=run_options(run), consume=True
    )


@_pausing_gc
def check_run(run: ImportRun, *, user, progress: Progress = _no_progress) -> CheckResult:
    """Check every row of an uploaded run with its mapping, and record the outcome on the run."""
    if run.status in (ImportRun.Status.COMMITTED, ImportRun.Status.ROLLED_BACK):
        raise ImportRefused("This file has already been imported")
    schema = get_schema(run.kind)
    progress(5, "Reading the file")
    table = read_run_file(run)
    progress(30, f"Checking {len(table.rows):,} rows")
    result = _check(run, schema, table, user)
    progress(80, "Saving the result")
    _store_result(run, result)
    run.status = ImportRun.Status.VALIDATED if result.ok else ImportRun.Status.INVALID
    run.save()
    return result


def preview_run(run: ImportRun, *, user) -> list[tuple[Record, tuple[str, ...]]]:
    """The first rows of a checked run as they would be imported, with the text the preview shows.

    The file is read again (only its first rows, for a CSV file), so nothing about the
    preview needs keeping between requests.
    """
    schema = get_schema(run.kind)
    table = read_run_file(run, limit=PREVIEW_ROWS)
    try:
        result = _check(run, schema, table, user)
    except ImportRefused:
        return []
    return [(record, schema.describe(record.values)) for record in result.records[:PREVIEW_ROWS]]


class _Invalid(Exception):
    def __init__(self, result: CheckResult):
        self.result = result


class _Unconfirmed(_Invalid):
    """The file has more warnings than the person confirmed having checked."""


def warnings_unconfirmed(count: int) -> str:
    return (
        f"Nothing was imported: the file has {count:,} warning{'s' if count != 1 else ''}. Check "
        f"{'them' if count != 1 else 'it'}, then confirm you have before importing"
    )


@_pausing_gc
def commit_run(run: ImportRun, *, user, progress: Progress = _no_progress, accept_warnings: int = 0) -> Counts:
    """Check the run's file again and write all of it, or none of it. Returns what was written.

    A file with warnings (likely slips, see :class:`CheckResult`) is imported only when the
    person has confirmed checking them: ``accept_warnings`` is how many they were shown. If
    the check now finds more (the figures they are compared with have changed), nothing is
    imported and the run shows the new list.
    """
    schema = get_schema(run.kind)
    progress(5, "Reading and checking the file again")
    try:
        with transaction.atomic():
            hold_import_lock(run.organisation_id)  # one import at a time per organisation
            locked = ImportRun.objects.select_for_update().filter(pk=run.pk).first()
            if locked is None:
                raise ImportRefused("This import no longer exists")
            if locked.status in (ImportRun.Status.COMMITTED, ImportRun.Status.ROLLED_BACK):
                raise ImportRefused("This file has already been imported")
            if locked.status != ImportRun.Status.VALIDATED:
                raise ImportRefused("Check the file, and fix any errors, before importing it")
            result = _check(run, schema, read_run_file(run), user)
            if not result.ok:
                raise _Invalid(result)
            if len(result.warnings) > accept_warnings:
                raise _Unconfirmed(result)
            progress(40, f"Writing {len(result.records):,} rows")
            counts = schema.commit(run, result.records, user)
            _store_result(run, result)
            run.rows_created, run.rows_revised, run.rows_unchanged = counts.created, counts.revised, counts.unchanged
            run.status = ImportRun.Status.COMMITTED
            run.committed_at = timezone.now()
            run.save()
    except _Unconfirmed as unconfirmed:
        _store_result(run, unconfirmed.result)
        run.save()
        raise ImportRefused(warnings_unconfirmed(len(unconfirmed.result.warnings))) from None
    except _Invalid as invalid:
        _store_result(run, invalid.result)
        run.status = ImportRun.Status.INVALID
        run.save()
        raise ImportRefused(
            f"Nothing was imported: the file now has {len(invalid.result.errors):,} errors "
            "(the figures it refers to have changed since it was checked)"
        ) from None
    except IntegrityError:
        raise ImportRefused(
            "Nothing was imported: someone else changed the same figures while you were importing. Check the file again"
        ) from None
    return counts


def rollback_in_background(run: ImportRun) -> bool:
    """Whether rolling the run back writes enough rows to need a background job."""
    return (run.rows_created or 0) + (run.rows_revised or 0) > background_rows()


def check_rollback(run: ImportRun) -> None:
    """Raise as :func:`rollback_run` would refuse (RollbackBlocked lists the rows changed since), changing nothing.

    A background rollback asks this first, so the person chooses what to keep while they wait.
    """
    if run.status == ImportRun.Status.ROLLED_BACK:
        raise ImportRefused("This import has already been rolled back")
    if run.status != ImportRun.Status.COMMITTED:
        raise ImportRefused("Only an import that has been made can be rolled back")
    schema = get_schema(run.kind)
    with transaction.atomic():
        schema.rollback(run, None, check_only=True)


def rollback_run(
    run: ImportRun, *, user, keep_changed: bool = False, progress: Progress = _no_progress
) -> RollbackOutcome:
    """Undo a committed run: delete the rows it created and put back the values it replaced.

    Rows changed since the run (by hand or by a later import), and rows other records protect,
    make it refuse with :class:`RollbackBlocked`, which lists them, and nothing changes; with
    ``keep_changed`` it rolls back the other rows and keeps those, as the outcome says.
    """
    schema = get_schema(run.kind)
    progress(10, "Finding the rows this import wrote")
    try:
        with transaction.atomic():
            hold_import_lock(run.organisation_id)  # one import at a time per organisation
            locked = ImportRun.objects.select_for_update().filter(pk=run.pk).first()
            if locked is None or locked.status == ImportRun.Status.ROLLED_BACK:
                raise ImportRefused("This import has already been rolled back")
            if locked.status != ImportRun.Status.COMMITTED:
                raise ImportRefused("Only an import that has been made can be rolled back")
            run.committed_at = locked.committed_at
            outcome = schema.rollback(run, user, keep_changed=keep_changed)
            run.status = ImportRun.Status.ROLLED_BACK
            run.rolled_back_at = timezone.now()
            run.rolled_back_by = user if user is not None and user.is_authenticated else None
            run._history_user = run.rolled_back_by
            run.save()
    except (ProtectedError, RestrictedError) as error:
        # A record that refers to one the rollback would delete through another record.
        names = sorted({obj._meta.verbose_name for obj in error.protected_objects if hasattr(obj, "_meta")})
        raise ImportRefused(
            "Nothing was rolled back: other records refer to rows this import added"
            + (f" ({', '.join(names)})" if names else "")
        ) from None
    return outcome


@_pausing_gc
def import_file(
    kind: str,
    data: bytes,
    file_name: str,
    *,
    options: dict | None = None,
    dry_run: bool = False,
    user=None,
    accept_warnings: bool = False,
) -> tuple[CheckResult, ImportRun | None]:
    """Import a whole file with no organisation restriction (the command line's national imports).

    Columns are matched by heading (:func:`auto_map`); a missing column raises
    :class:`ImportRefused`. Returns the check result and the committed run, or None when the
    file has errors, has warnings and ``accept_warnings`` is not set, or ``dry_run`` is set
    (then nothing is saved).
    """
    schema = get_schema(kind)
    try:
        table = read_table(data, file_name)
    except ReadError as error:
        raise ImportRefused(str(error)) from None
    mapping = auto_map(schema, table.headers)
    problems = mapping_problems(schema, mapping, table.headers, organisation_scoped=False)
    if problems:
        missing = [column for column in schema.columns if column.name in problems]
        expected = "; ".join(
            f"{column.label} (a heading such as “{column.name}”"
            + (f" or “{column.aliases[0]}”)" if column.aliases else ")")
            for column in missing
        )
        raise ImportRefused(
            f"The file has no column for: {expected}. Its headings are: {', '.join(table.headers) or 'none'}"
        )
    if dry_run:
        result = check_table(schema, table, mapping, user=user, options=options)
        return result, None
    with transaction.atomic():
        # Before checking: what the check reads must not change before the rows are written.
        hold_national_import_lock()
        result = check_table(schema, table, mapping, user=user, options=options)
        if not result.ok or (result.warnings and not accept_warnings):
            return result, None
        run = ImportRun(
            organisation=None,
            kind=kind,
            file_name=PurePath(file_name).name[:255],
            file_sha256=hashlib.sha256(data).hexdigest(),
            sheet_name=table.sheet_name[:100],
            created_by=user,
        )
        set_run_mapping(run, mapping, options)
        _store_result(run, result)
        run.save()
        counts = schema.commit(run, result.records, user)
        run.rows_created, run.rows_revised, run.rows_unchanged = counts.created, counts.revised, counts.unchanged
        run.status = ImportRun.Status.COMMITTED
        run.committed_at = timezone.now()
        run.save()
    return result, run
