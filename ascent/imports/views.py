"""The import pages: upload a CSV or Excel file, match its columns, preview, import, roll back.

Every page is in an organisation's space. Seeing the list of imports and their results needs
``imports.view_imports`` (every member); uploading, importing and rolling back need
``imports.import_data`` (editors and admins). Another organisation's import is a 404.

A file of more than ``ASCENT_IMPORT_BACKGROUND_ROWS`` rows is checked and imported by a
background job (:mod:`.tasks`): its page shows the job's progress until it is done.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ascent.documents.tabular import CSV_CONTENT_TYPE, csv_bytes
from ascent.jobs.services import TooManyJobs
from ascent.organisations.access import fetch, get_organisation_for_user

from . import engine
from .error_list import error_rows
from .forms import MappingForm, SheetForm, UploadForm
from .models import ImportChange, ImportRun
from .tasks import CHECK, COMMIT, ROLLBACK, start_in_background

VIEW_PERM = "imports.view_imports"
IMPORT_PERM = "imports.import_data"
RUNS_PER_PAGE = 25
#: Errors listed on an import's page; the errors page lists the rest, a page at a time.
ERRORS_ON_DETAIL = 25
ERRORS_PER_PAGE = 100
#: Warnings listed on an import's page (every one kept on the run: ASCENT_IMPORT_STORED_ERRORS).
WARNINGS_ON_DETAIL = 500
BUSY = "This file is being checked or imported: wait until that has finished"
STATUS_COLOURS = {
    ImportRun.Status.UPLOADED: "grey",
    ImportRun.Status.VALIDATED: "blue",
    ImportRun.Status.INVALID: "red",
    ImportRun.Status.COMMITTED: "green",
    ImportRun.Status.ROLLED_BACK: "yellow",
}


def _schema(kind: str) -> engine.Schema:
    try:
        return engine.get_schema(kind)
    except LookupError:
        raise Http404("No such kind of import") from None


def _run_for(request: HttpRequest, gss_code: str, run_id: int, *, change: bool) -> ImportRun:
    organisation = get_organisation_for_user(request.user, gss_code, perm=IMPORT_PERM if change else VIEW_PERM)
    return fetch(
        ImportRun,
        request.user,
        organisation=organisation,
        perm="imports.change_importrun" if change else "imports.view_importrun",
        select_related=("created_by", "rolled_back_by", "job"),
        pk=run_id,
    )


@require_GET
def index(request: HttpRequest, gss_code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    runs = ImportRun.objects.in_organisation(organisation).select_related("created_by").order_by("-created_at")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    titles = {kind: _schema(kind).title for kind in engine.schema_kinds()}
    for run in page:
        run.status_colour = STATUS_COLOURS.get(run.status, "grey")
        run.kind_title = titles.get(run.kind, run.get_kind_display())
    return render(
        request,
        "imports/index.html",
        {
            "organisation": organisation,
            "page": page,
            "kinds": titles,
            "can_import": request.user.has_perm(IMPORT_PERM, organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, gss_code: str, kind: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, gss_code, perm=IMPORT_PERM)
    schema = _schema(kind)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        run = engine.start_run(
            kind=kind,
            data=form.data_bytes,
            file_name=form.cleaned_data["file"].name,
            table=form.table,
            organisation=organisation,
            user=request.user,
        )
        problems = engine.mapping_problems(
            schema, engine.run_mapping(run), form.table.headers, organisation_scoped=True
        )
        if not problems:
            # Every column was recognised: check straight away, so the next page is the preview.
            _check_now_or_in_background(request, run)
        return redirect("imports:detail", gss_code=organisation.gss_code, run_id=run.pk)
    return render(
        request,
        "imports/upload.html",
        {"organisation": organisation, "schema": schema, "kind": kind, "form": form},
    )


@require_GET
def template(request: HttpRequest, gss_code: str, kind: str) -> HttpResponse:
    """A CSV file with the standard headings and one example row, to fill in."""
    organisation = get_organisation_for_user(request.user, gss_code, perm=VIEW_PERM)
    schema = _schema(kind)
    header = [column.name for column in schema.columns]
    example = [
        organisation.gss_code if column.name == schema.organisation_column else column.example
        for column in schema.columns
    ]
    response = HttpResponse(csv_bytes([header, example]), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


def _busy(run: ImportRun) -> bool:
    return run.job is not None and not run.job.is_finished


def _check_now_or_in_background(request: HttpRequest, run: ImportRun) -> engine.CheckResult | None:
    """Check a run while the person waits if its file is small, else start a job to; None then."""
    if engine.runs_in_background(run):
        run.save()  # the job reads the mapping from the database
        try:
            start_in_background(run, CHECK, by=request.user)
        except TooManyJobs as error:
            messages.error(request, str(error))
        return None
    run.job = None  # an earlier job's outcome no longer describes the run
    try:
        return engine.check_run(run, user=request.user)
    except engine.ImportRefused as error:
        messages.error(request, str(error))
        return None


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, gss_code: str, run_id: int) -> HttpResponse:
    """An import: while open, its column matching, preview and errors; once made, its result."""
    run = _run_for(request, gss_code, run_id, change=request.method == "POST")
    own = engine.own_page(run)
    if own is not None:
        # A kind with its own pages (an action plan's import): its page knows the run's options.
        return redirect(own)
    organisation = run.organisation
    schema = _schema(run.kind)
    can_import = request.user.has_perm(IMPORT_PERM, organisation)
    open_run = run.status in (ImportRun.Status.UPLOADED, ImportRun.Status.VALIDATED, ImportRun.Status.INVALID)
    options = engine.run_options(run)
    context = {
        "organisation": organisation,
        "run": run,
        "schema": schema,
        "can_import": can_import,
        "open_run": open_run,
        "status_colour": STATUS_COLOURS.get(run.status, "grey"),
        "errors": [engine.RowError.from_dict(error) for error in (run.errors or [])[:ERRORS_ON_DETAIL]],
        "warnings": [engine.RowError.from_dict(warning) for warning in (run.warnings or [])[:WARNINGS_ON_DETAIL]],
        # Asked to import without confirming the warnings: say so at the confirmation.
        "confirm_missing": request.GET.get("confirm") == "required" and run.warning_count > 0,
        "options": [(option.label, options.get(option.name, False)) for option in schema.options],
        "earlier": _earlier_import(run),
        "job": run.job,
        "busy": _busy(run),
    }
    if run.status == ImportRun.Status.ROLLED_BACK:
        context.update(_kept_by_rollback(run, schema))
    if context["busy"]:
        # Nothing changes while a job checks or imports the file: its progress is the page.
        if request.method == "POST":
            messages.error(request, BUSY)
            return redirect("imports:detail", gss_code=organisation.gss_code, run_id=run.pk)
        return render(request, "imports/detail.html", context)
    if not open_run:
        if request.method == "POST":
            messages.error(request, "This file has already been imported: upload it again to make changes")
            return redirect("imports:detail", gss_code=organisation.gss_code, run_id=run.pk)
        return render(request, "imports/detail.html", context)
    try:
        table = engine.read_run_file(run, limit=engine.PREVIEW_ROWS)
    except engine.ImportRefused as error:
        context["file_problem"] = str(error)
        return render(request, "imports/detail.html", context)
    action = request.POST.get("action") if request.method == "POST" else None
    mapping_form = sheet_form = None
    if can_import:
        mapping_form = MappingForm(
            request.POST if action == "check" else None,
            schema=schema,
            headers=table.headers,
            organisation=organisation,
            initial=MappingForm.initial_for(schema, engine.run_mapping(run), options),
        )
        if len(table.sheet_names) > 1:
            sheet_form = SheetForm(
                request.POST if action == "sheet" else None,
                sheet_names=table.sheet_names,
                initial={"sheet": table.sheet_name},
                prefix="sheet",
            )
    if request.method == "POST":
        response = _change(request, run, schema, action, mapping_form, sheet_form)
        if response is not None:
            return response
    context.update({"mapping_form": mapping_form, "sheet_form": sheet_form, "form": mapping_form})
    if sheet_form is not None and sheet_form.errors:
        context["form"] = sheet_form
    if run.status != ImportRun.Status.UPLOADED and not (mapping_form is not None and mapping_form.errors):
        context["preview"] = engine.preview_run(run, user=request.user)
    return render(request, "imports/detail.html", context)


def _kept_by_rollback(run: ImportRun, schema) -> dict:
    """The rows a partial rollback left as they were (marked on their change records)."""
    kept = ImportChange.objects.filter(run=run, kept=True).order_by("object_id")
    count = kept.count()
    if not count:
        return {"kept_count": 0}
    ids = list(kept.values_list("object_id", flat=True)[:KEPT_SHOWN])
    shown = schema.describe_rows(ids) if hasattr(schema, "describe_rows") else {}
    rows = [shown.get(object_id, (f"Record {object_id} (deleted since)", "")) for object_id in ids]
    return {"kept_count": count, "kept_rows": rows}


def _earlier_import(run: ImportRun) -> ImportRun | None:
    """An earlier import of the very same file (same fingerprint) into this organisation."""
    return (
        ImportRun.objects.in_organisation(run.organisation)
        .filter(
            kind=run.kind,
            file_sha256=run.file_sha256,
            status=ImportRun.Status.COMMITTED,
            created_at__lt=run.created_at,
        )
        .order_by("-created_at")
        .first()
    )


def _change(request, run: ImportRun, schema, action, mapping_form: MappingForm, sheet_form: SheetForm | None):
    """Handle the detail page's two forms. Returns a redirect, or None to show the errors."""
    if action == "sheet" and sheet_form is not None:
        if not sheet_form.is_valid():
            return None
        run.sheet_name = sheet_form.cleaned_data["sheet"]
        try:
            table = engine.read_run_file(run, limit=engine.PREVIEW_ROWS)
        except engine.ImportRefused as error:
            messages.error(request, str(error))
            return redirect("imports:detail", gss_code=run.organisation.gss_code, run_id=run.pk)
        engine.set_run_mapping(run, engine.auto_map(schema, table.headers), engine.run_options(run))
        _reset(run)
        run.save()
        messages.success(request, f"Using the worksheet “{run.sheet_name}”. Check the columns below.")
        return redirect("imports:detail", gss_code=run.organisation.gss_code, run_id=run.pk)
    if action != "check":
        return redirect("imports:detail", gss_code=run.organisation.gss_code, run_id=run.pk)
    if not mapping_form.is_valid():
        return None
    engine.set_run_mapping(run, mapping_form.mapping(), mapping_form.options())
    result = _check_now_or_in_background(request, run)
    if _busy(run):
        return redirect(run_url(run))
    if result is not None and result.ok:
        if result.warnings:
            count = len(result.warnings)
            messages.success(
                request,
                f"The file has no errors, but {count:,} warning{'s' if count != 1 else ''}. Check "
                f"{'them' if count != 1 else 'it'} and the preview, then import it.",
            )
        else:
            messages.success(request, "The file has no errors. Check the preview, then import it.")
    return redirect(f"{run_url(run)}#preview")


def _reset(run: ImportRun) -> None:
    run.status = ImportRun.Status.UPLOADED
    run.rows_created = run.rows_revised = run.rows_unchanged = run.error_count = run.warning_count = 0
    run.errors = []
    run.error_summary = []
    run.warnings = []
    run.warning_summary = []
    if run.errors_file:
        run.errors_file.delete(save=False)


def run_url(run: ImportRun) -> str:
    return reverse("imports:detail", kwargs={"gss_code": run.organisation.gss_code, "run_id": run.pk})


def _confirmed_warnings(request: HttpRequest) -> int:
    """How many warnings the person confirmed checking: the number the page showed, if they ticked the box."""
    if request.POST.get("confirm_warnings") != "yes":
        return 0
    try:
        return max(0, int(request.POST.get("warning_count", "0")))
    except ValueError:
        return 0


@require_POST
def commit(request: HttpRequest, gss_code: str, run_id: int) -> HttpResponse:
    run = _run_for(request, gss_code, run_id, change=True)
    accepted = _confirmed_warnings(request)
    if _busy(run):
        messages.error(request, BUSY)
    elif run.status == ImportRun.Status.VALIDATED and run.warning_count > accepted:
        # Not confirmed: back to the page, which asks for the confirmation with an error.
        return redirect(f"{run_url(run)}?confirm=required#confirm-warnings")
    elif run.status == ImportRun.Status.VALIDATED and engine.runs_in_background(run):
        try:
            start_in_background(run, COMMIT, by=request.user, accept_warnings=accepted)
        except TooManyJobs as error:
            messages.error(request, str(error))
    else:
        _commit_now(request, run, accepted)
    return redirect("imports:detail", gss_code=run.organisation.gss_code, run_id=run.pk)


def _commit_now(request: HttpRequest, run: ImportRun, accepted: int = 0) -> None:
    try:
        counts = engine.commit_run(run, user=request.user, accept_warnings=accepted)
    except engine.ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Imported {run.file_name}: {counts.created:,} new, {counts.revised:,} revised and "
            f"{counts.unchanged:,} unchanged rows",
        )


@require_GET
def errors(request: HttpRequest, gss_code: str, run_id: int) -> HttpResponse:
    """Every error kept on the run, a page at a time, with how many of each kind there are."""
    run = _run_for(request, gss_code, run_id, change=False)
    page = Paginator(run.errors or [], ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    start = page.start_index()
    return render(
        request,
        "imports/errors.html",
        {
            "organisation": run.organisation,
            "run": run,
            "schema": _schema(run.kind),
            "page": page,
            "errors": [(start + i, engine.RowError.from_dict(error)) for i, error in enumerate(page.object_list)],
        },
    )


@require_GET
def errors_csv(request: HttpRequest, gss_code: str, run_id: int) -> HttpResponse:
    """The full list of the file's errors, as CSV, streamed from the file written when it was checked."""
    run = _run_for(request, gss_code, run_id, change=False)
    filename = f"import-{run.pk}-errors.csv"
    if run.errors_file:
        try:
            handle = run.errors_file.open("rb")
        except FileNotFoundError:
            pass
        else:
            return FileResponse(handle, as_attachment=True, filename=filename, content_type=CSV_CONTENT_TYPE)
    # No errors, or a run checked before full lists were kept: the errors it kept.
    rows = error_rows(engine.RowError.from_dict(error) for error in run.errors or [])
    response = HttpResponse(csv_bytes(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def status(request: HttpRequest, gss_code: str, run_id: int) -> JsonResponse:
    """How the run's background job is going, for its page to follow (as the jobs pages do)."""
    run = _run_for(request, gss_code, run_id, change=False)
    job = run.job
    if job is None:
        return JsonResponse({"status": "", "status_label": "", "progress": 0, "message": "", "finished": True})
    return JsonResponse(job.progress_report())


#: Rows a rolled-back import kept, listed on its page (the rest are counted).
KEPT_SHOWN = 50
#: Changed rows listed when a rollback asks what to do (the rest are counted).
CHANGED_SHOWN = 100


@require_POST
def rollback(request: HttpRequest, gss_code: str, run_id: int) -> HttpResponse:
    """Roll an import back; if rows changed since, show them and let the person keep them.

    The first POST tries the whole rollback. Rows changed since (or referred to by other
    records) stop it: the page then lists them and offers to roll back only the others
    (a second POST with ``keep_changed``) or to cancel. Nothing changes until one is chosen.
    A run of more than ``ASCENT_IMPORT_BACKGROUND_ROWS`` rows is rolled back by a job.
    """
    run = _run_for(request, gss_code, run_id, change=True)
    keep_changed = request.POST.get("keep_changed") == "yes"
    try:
        if _busy(run):
            raise engine.ImportRefused(BUSY)
        if engine.rollback_in_background(run):
            # A big run: find what changed since while the person waits (a read), and leave the
            # writing to a job, so that no request holds a worker while thousands of rows go.
            if not keep_changed:
                engine.check_rollback(run)
            try:
                start_in_background(run, ROLLBACK, by=request.user, keep_changed=keep_changed)
            except TooManyJobs as error:
                messages.error(request, str(error))
            return redirect("imports:detail", gss_code=run.organisation.gss_code, run_id=run.pk)
        outcome = engine.rollback_run(run, user=request.user, keep_changed=keep_changed)
    except engine.RollbackBlocked as blocked:
        return render(
            request,
            "imports/rollback_confirm.html",
            {
                "organisation": run.organisation,
                "run": run,
                "schema": _schema(run.kind),
                "kept": blocked.kept[:CHANGED_SHOWN],
                "kept_count": len(blocked.kept),
                "kept_more": max(len(blocked.kept) - CHANGED_SHOWN, 0),
                "untouched": blocked.untouched,
                "reason": str(blocked),
            },
        )
    except engine.ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, rollback_summary(run, outcome))
    return redirect("imports:detail", gss_code=run.organisation.gss_code, run_id=run.pk)


def rollback_summary(run: ImportRun, outcome: engine.RollbackOutcome) -> str:
    """What a rollback did, in a sentence or two, naming what it left as it was."""
    done = (
        f"Rolled back the import of {run.file_name}: deleted {outcome.deleted:,} "
        f"row{'' if outcome.deleted == 1 else 's'} it added and put back the earlier values of "
        f"{outcome.restored:,} row{'' if outcome.restored == 1 else 's'} it revised."
    )
    if not outcome.kept:
        return done
    names = "; ".join(row.record for row in outcome.kept[:5])
    more = f"; and {len(outcome.kept) - 5:,} more (listed below)" if len(outcome.kept) > 5 else ""
    kept = "1 row stays" if len(outcome.kept) == 1 else f"{len(outcome.kept):,} rows stay"
    return f"{done} {kept} as changed since: {names}{more}."
