"""Importing an existing action plan into one plan (ascent/plans/import_actions.py).

Editors (``plans.import_plan``) upload a CSV file or Excel workbook on the plan's import
page, match its columns if the headings were not recognised, see every error (row, column,
reason) or a preview of the first actions, and import it: all of it or none. An import can
be rolled back; actions worked on since stay, after the person has seen them and chosen to
keep them. Big files are checked, imported and rolled back by the tabular import's
background jobs, as other imports are. Another council's plan or import is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from ascent.imports import engine
from ascent.imports.models import ImportChange, ImportRun
from ascent.imports.tasks import CHECK, COMMIT, ROLLBACK, start_in_background
from ascent.jobs.services import TooManyJobs
from ascent.organisations.access import fetch, get_organisation_for_user

from .. import import_actions
from ..forms_import import ActionPlanUploadForm, ColumnsForm
from ..models import Plan

PERM = "plans.import_plan"
#: Errors listed on the page; the import's errors page and its CSV list every one.
ERRORS_SHOWN = 50
#: Rows a rollback keeps, listed (the rest are counted).
KEPT_SHOWN = 100
BUSY = "This file is being checked or imported: wait until that has finished"
STATUS_COLOURS = {
    ImportRun.Status.UPLOADED: "grey",
    ImportRun.Status.VALIDATED: "blue",
    ImportRun.Status.INVALID: "red",
    ImportRun.Status.COMMITTED: "green",
    ImportRun.Status.ROLLED_BACK: "yellow",
}


def _plan(request: HttpRequest, gss_code: str, plan_id: int) -> Plan:
    organisation = get_organisation_for_user(request.user, gss_code, perm="plans.view_plans")
    return fetch(Plan, request.user, perm=PERM, organisation=organisation, select_related=("review",), pk=plan_id)


def _run(request: HttpRequest, gss_code: str, plan_id: int, run_id: int) -> tuple[Plan, ImportRun]:
    plan = _plan(request, gss_code, plan_id)
    run = fetch(
        ImportRun,
        request.user,
        perm="imports.change_importrun",
        organisation=plan.organisation,
        select_related=("created_by", "rolled_back_by", "job"),
        pk=run_id,
    )
    if run.kind != import_actions.KIND or engine.run_options(run).get(import_actions.PLAN_OPTION) != plan.pk:
        raise Http404("No such import of this plan")
    return plan, run


def _preview_url(plan: Plan, run: ImportRun) -> str:
    return reverse(
        "plans:import_preview",
        kwargs={"gss_code": plan.organisation.gss_code, "plan_id": plan.pk, "run_id": run.pk},
    )


def _busy(run: ImportRun) -> bool:
    return run.job is not None and not run.job.is_finished


def _check(request: HttpRequest, run: ImportRun) -> engine.CheckResult | None:
    """Check the file now if it is small, else start a background job to; None then, or on a refusal."""
    if engine.runs_in_background(run):
        run.save()  # the job reads the columns from the database
        try:
            start_in_background(run, CHECK, by=request.user)
        except TooManyJobs as error:
            messages.error(request, str(error))
        return None
    run.job = None
    try:
        return engine.check_run(run, user=request.user)
    except engine.ImportRefused as error:
        messages.error(request, str(error))
        return None


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, gss_code: str, plan_id: int) -> HttpResponse:
    plan = _plan(request, gss_code, plan_id)
    form = ActionPlanUploadForm(request.POST, request.FILES) if request.method == "POST" else ActionPlanUploadForm()
    if request.method == "POST" and form.is_valid():
        run = import_actions.start_import(
            plan, data=form.data_bytes, file_name=form.cleaned_data["file"].name, table=form.table, user=request.user
        )
        schema = engine.get_schema(import_actions.KIND)
        problems = engine.mapping_problems(
            schema, engine.run_mapping(run), form.table.headers, organisation_scoped=True
        )
        if not problems:
            # Every needed column was recognised: check at once, so the next page shows the errors or the preview.
            _check(request, run)
        return redirect(_preview_url(plan, run))
    return render(
        request,
        "plans/import/upload.html",
        {
            "organisation": plan.organisation,
            "plan": plan,
            "form": form,
            "columns": import_actions.COLUMNS,
            "runs": import_actions.runs_for_plan(plan),
            "status_colours": STATUS_COLOURS,
        },
    )


@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, gss_code: str, plan_id: int, run_id: int) -> HttpResponse:
    """One import of the plan: while open, its columns, errors and preview; once made, what it did."""
    plan, run = _run(request, gss_code, plan_id, run_id)
    schema = engine.get_schema(run.kind)
    open_run = run.status in (ImportRun.Status.UPLOADED, ImportRun.Status.VALIDATED, ImportRun.Status.INVALID)
    context = {
        "organisation": plan.organisation,
        "plan": plan,
        "run": run,
        "schema": schema,
        "open_run": open_run,
        "busy": _busy(run),
        "status_colour": STATUS_COLOURS.get(run.status, "grey"),
        "errors": [engine.RowError.from_dict(error) for error in (run.errors or [])[:ERRORS_SHOWN]],
    }
    if run.status == ImportRun.Status.ROLLED_BACK:
        context["kept"] = _kept(run)
    if context["busy"] or not open_run:
        if request.method == "POST":
            messages.error(request, BUSY if context["busy"] else "This file has already been imported")
            return redirect(_preview_url(plan, run))
        return render(request, "plans/import/preview.html", context)
    try:
        table = engine.read_run_file(run, limit=engine.PREVIEW_ROWS)
    except engine.ImportRefused as error:
        context["file_problem"] = str(error)
        return render(request, "plans/import/preview.html", context)
    form = ColumnsForm(
        request.POST if request.method == "POST" else None,
        schema=schema,
        headers=table.headers,
        initial=ColumnsForm.initial_for(schema, engine.run_mapping(run), {}),
    )
    if request.method == "POST" and form.is_valid():
        import_actions.set_mapping(run, form.mapping())
        result = _check(request, run)
        if result is not None and result.ok:
            messages.success(request, "The file has no errors. Check the preview, then import it.")
        return redirect(f"{_preview_url(plan, run)}#preview")
    context["form"] = form
    if run.status == ImportRun.Status.VALIDATED and not form.errors:
        context["preview"] = engine.preview_run(run, user=request.user)
    return render(request, "plans/import/preview.html", context)


def _kept(run: ImportRun) -> list[tuple[str, str]]:
    """The actions (and themes) a rollback left as they were, with their status now."""
    ids = list(
        ImportChange.objects.filter(run=run, kept=True, model=import_actions.ACTION_LABEL)
        .order_by("object_id")
        .values_list("object_id", flat=True)[:KEPT_SHOWN]
    )
    shown = engine.get_schema(run.kind).describe_rows(ids)
    return [shown.get(object_id, (f"An action deleted since (record {object_id})", "")) for object_id in ids]


@require_POST
def commit(request: HttpRequest, gss_code: str, plan_id: int, run_id: int) -> HttpResponse:
    plan, run = _run(request, gss_code, plan_id, run_id)
    if _busy(run):
        messages.error(request, BUSY)
    elif run.status == ImportRun.Status.VALIDATED and engine.runs_in_background(run):
        try:
            start_in_background(run, COMMIT, by=request.user)
        except TooManyJobs as error:
            messages.error(request, str(error))
    else:
        try:
            counts = engine.commit_run(run, user=request.user)
        except engine.ImportRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Imported {counts.created:,} action{'' if counts.created == 1 else 's'} into “{plan.title}” "
                f"from {run.file_name}",
            )
    return redirect(_preview_url(plan, run))


@require_POST
def rollback(request: HttpRequest, gss_code: str, plan_id: int, run_id: int) -> HttpResponse:
    """Roll the import back; if actions were worked on since, list them and let the person keep them.

    The first POST tries the whole rollback and changes nothing if any action was worked on
    since; the page then lists them and offers to remove only the others (a second POST with
    ``keep_changed``), or to cancel.
    """
    plan, run = _run(request, gss_code, plan_id, run_id)
    keep_changed = request.POST.get("keep_changed") == "yes"
    try:
        if _busy(run):
            raise engine.ImportRefused(BUSY)
        if engine.rollback_in_background(run):
            if not keep_changed:
                engine.check_rollback(run)
            try:
                start_in_background(run, ROLLBACK, by=request.user, keep_changed=keep_changed)
            except TooManyJobs as error:
                messages.error(request, str(error))
            return redirect(_preview_url(plan, run))
        outcome = engine.rollback_run(run, user=request.user, keep_changed=keep_changed)
    except engine.RollbackBlocked as blocked:
        return render(
            request,
            "plans/import/rollback_confirm.html",
            {
                "organisation": plan.organisation,
                "plan": plan,
                "run": run,
                "kept": blocked.kept[:KEPT_SHOWN],
                "kept_count": len(blocked.kept),
                "untouched": blocked.untouched,
                "reason": str(blocked),
            },
        )
    except engine.ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, rollback_summary(run, outcome))
    return redirect(_preview_url(plan, run))


def rollback_summary(run: ImportRun, outcome) -> str:
    """What a rollback did, naming what it left as it was."""
    themes = getattr(outcome, "themes_deleted", 0)
    done = (
        f"Rolled back the import of {run.file_name}: removed {outcome.deleted:,} "
        f"action{'' if outcome.deleted == 1 else 's'}"
        + (f" and {themes:,} theme{'' if themes == 1 else 's'}" if themes else "")
        + " it added."
    )
    if not outcome.kept:
        return done
    names = "; ".join(row.record for row in outcome.kept[:5])
    more = f"; and {len(outcome.kept) - 5:,} more" if len(outcome.kept) > 5 else ""
    return f"{done} Kept as worked on since: {names}{more}."


urls = [
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/import/", upload, name="import"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/import/<int:run_id>/", preview, name="import_preview"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/import/<int:run_id>/commit/", commit, name="import_commit"),
    path("orgs/<gss:gss_code>/plans/<int:plan_id>/import/<int:run_id>/rollback/", rollback, name="import_rollback"),
]
