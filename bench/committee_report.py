"""A 40-page committee report of an improvement plan in each format: under 5 seconds each.

    .venv/bin/python bench/committee_report.py [--runs N] [--json PATH] [--no-fail]

Makes a small SQLite database of its own under bench/results/ (Harrow; one plan of six
themes and 330 actions in every state, some overdue, some moved by an extension, some stale,
30 linked indicators; a report issued to its scrutiny committee a quarter ago, and the next
report as a draft after many actions moved on, so "Changes since the last report" is long),
sized so the report prints on at least 40 A4 pages. Then times what a download of the draft
does, for each format: read the plan (``ascent.plans.committee.content``), compare with the
last report's snapshot, build the document and render it: in the request for HTML, Word and
the spreadsheet, and for the PDF in the background job the report page starts
(``ascent.plans.committee_tasks.produce_report_pdf``, as the worker runs it). Beside it, the
floor: the same for a plan of one theme and one action, the fixed cost of any report. It also
times issuing the report (reading the figures and keeping the snapshot). Pages are counted
from the PDF. Prints a table and exits 1 when the slowest run of a format is over the budget
(unless --no-fail); bench/run.py calls it (``measure_committee_report``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS_DIR = ROOT / "bench" / "results"
DATABASE = RESULTS_DIR / "committee_report.sqlite3"
BUDGET_SECONDS = 5.0
MIN_PAGES = 40
FORMATS = ("html", "docx", "pdf", "xlsx")
THEMES = 6
ACTIONS_PER_THEME = 55
INDICATORS = 30
#: An action's title as plans write them: a sentence, long enough to wrap in the table.
TITLE = "Work with partners to {verb} so that people get the right support sooner ({number})"
VERBS = ["redesign the front door", "review carers' assessments", "cut waits for reviews", "grow reablement"]


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["ASCENT_ENV"] = "test"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ascent.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare() -> tuple[int, int]:
    """The big draft report's id and the floor's: each a plan of Harrow's reported to its scrutiny committee."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    # The PDF job's file goes under the bench's own folder, not the service's media.
    settings.MEDIA_ROOT = RESULTS_DIR / "committee_report_media"
    call_command("migrate", verbosity=0)
    from ascent.core.fields import PeriodColumns
    from ascent.core.periods import parse_period
    from ascent.indicators.models import Indicator, Observation, Unit
    from ascent.organisations.models import Membership, Role
    from ascent.plans import committee as committees
    from ascent.plans.models import Action, ActionIndicator, ActionStatus, Plan, Theme
    from tests.factories import OrganisationFactory, UserFactory

    harrow = OrganisationFactory(gss_code="E09000015", name="Harrow")
    editor = UserFactory(email="bench@harrow.example", full_name="Bench Editor")
    Membership.objects.create(user=editor, organisation=harrow, role=Role.EDITOR)
    scrutiny = committees.add_committee(
        harrow, by=editor, name="Health and Social Care Scrutiny Sub-Committee", kind="scrutiny"
    )
    today = timezone.localdate()
    statuses = list(ActionStatus)

    def make_plan(title: str, themes: int, per_theme: int) -> Plan:
        plan = Plan.objects.create(
            organisation=harrow,
            title=title,
            owner=editor,
            summary="The council's plan in answer to its peer challenge.",
            starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2028, 3, 31),
        )
        rows = []
        for t in range(themes):
            theme = Theme.objects.create(plan=plan, title=f"Theme {t + 1}: {VERBS[t % 4]}", position=t, lead=editor)
            for a in range(per_theme):
                number = t * per_theme + a
                status = statuses[number % len(statuses)]
                due = today + dt.timedelta(days=(number % 240) - 90)
                rows.append(
                    Action(
                        plan=plan,
                        theme=theme,
                        position=a,
                        reference=f"{t + 1}.{a + 1}",
                        title=TITLE.format(verb=VERBS[number % 4], number=number + 1),
                        owner=editor if number % 3 else None,
                        owner_name="" if number % 3 else "Head of Service",
                        status=status,
                        status_reason="Agreed with the board."
                        if status in ("will-not-be-done", "done-another-way")
                        else "",
                        percent_complete=100 if status == "complete" else (number * 7) % 100,
                        rag=["green", "amber", "red", ""][number % 4],
                        due_date=due,
                        original_due_date=due - dt.timedelta(days=30) if number % 5 == 0 else due,
                        completed_on=today - dt.timedelta(days=number % 80) if status == "complete" else None,
                        last_update_on=today - dt.timedelta(days=number % 90) if number % 6 else None,
                    )
                )
        Action.objects.bulk_create(rows, batch_size=500)
        return plan

    def issue(plan, meeting_on, texts):
        report = committees.start_report(plan, by=editor, committee=scrutiny, meeting_on=meeting_on)
        report = committees.change_report(report, by=editor, title=report.title, meeting_on=meeting_on, **texts)
        return committees.issue_report(report, by=editor, today=today - dt.timedelta(days=91))

    texts = {
        "summary": "The plan is broadly on track. " * 20,
        "recommendations_to_committee": "The committee is asked to note the progress of the plan.",
        "background": "The council had a peer challenge in 2026 and agreed this plan in answer. " * 10,
        "financial_implications": "Met from existing budgets.",
        "legal_implications": "None.",
        "equality_implications": "The plan should narrow gaps in who gets support.",
        "risks": "Recruitment of social workers remains the main risk. " * 5,
    }
    big = make_plan("Harrow adult social care improvement plan", THEMES, ACTIONS_PER_THEME)
    indicators = [
        Indicator.objects.create(
            organisation=harrow,
            code=f"H-{i:03d}",
            title=f"Local indicator {i}",
            unit=Unit.PERCENT,
            decimals=1,
            polarity="higher_is_better",
        )
        for i in range(INDICATORS)
    ]
    Observation.objects.bulk_create(
        Observation(
            organisation=harrow,
            indicator=indicator,
            value=Decimal(50 + i),
            **PeriodColumns.period_values(parse_period("2025-26")),
        )
        for i, indicator in enumerate(indicators)
    )
    actions = list(Action.objects.filter(plan=big).order_by("pk")[:INDICATORS])
    ActionIndicator.objects.bulk_create(
        ActionIndicator(action=action, indicator=indicator, target=Decimal(60), baseline_value=Decimal(48))
        for action, indicator in zip(actions, indicators, strict=True)
    )
    issue(big, today - dt.timedelta(days=91), texts)
    # A quarter on: a third of the actions moved on, some new.
    moved = list(Action.objects.filter(plan=big).order_by("pk")[::3])
    for number, action in enumerate(moved):
        action.status = statuses[(number + 1) % len(statuses)]
        if number % 4 == 0:
            action.due_date = action.due_date + dt.timedelta(days=60)
    Action.objects.bulk_update(moved, ["status", "due_date"], batch_size=500)
    draft = committees.start_report(big, by=editor, committee=scrutiny, meeting_on=today + dt.timedelta(days=7))
    committees.change_report(draft, by=editor, title=draft.title, meeting_on=draft.meeting_on, **texts)

    small = make_plan("Harrow small plan", 1, 1)
    floor = committees.start_report(small, by=editor, committee=scrutiny, meeting_on=today + dt.timedelta(days=7))
    return draft.pk, floor.pk


def _time(report_id: int, fmt: str, runs: int) -> dict:
    """Produce the report ``runs`` times (after a warm-up) as a download does: in the request for
    HTML, Word and the spreadsheet (read the report and the plan, render), and for the PDF the
    background job the report page starts (the time from the worker taking it to its file saved)."""
    from ascent.accounts.models import User
    from ascent.documents.renderers import render
    from ascent.jobs.models import Job
    from ascent.plans import committee as committees
    from ascent.plans.committee_tasks import produce_report_pdf, start_report_pdf
    from ascent.plans.models import CommitteeReport

    requester = User.objects.get(email="bench@harrow.example")
    seconds, cpu, content = [], [], b""
    for _ in range(runs + 1):
        if fmt == "pdf":
            report = CommitteeReport.objects.select_related("plan__organisation").get(pk=report_id)
            job = start_report_pdf(report, by=requester)
            started, started_cpu = time.perf_counter(), time.process_time()
            produce_report_pdf.call(job.pk)  # what the worker runs
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            job = Job.objects.get(pk=job.pk)
            if job.status != Job.Status.DONE:
                raise SystemExit(f"The report's PDF job did not finish: {job.status} {job.error}")
            with job.result_file.open("rb") as handle:
                content = handle.read()
            job.result_file.delete(save=False)
            job.delete()
            continue
        started, started_cpu = time.perf_counter(), time.process_time()
        report = CommitteeReport.objects.select_related(
            "plan__organisation", "plan__owner", "committee", "author", "previous"
        ).get(pk=report_id)
        content, _type, _extension = render(committees.build_document(report, fmt), fmt)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    timed = sorted(seconds[1:])
    return {
        "median_seconds": timed[len(timed) // 2],
        "max_seconds": timed[-1],
        "first_seconds": seconds[0],
        "median_cpu_seconds": sorted(cpu[1:])[len(timed) // 2],
        "bytes": len(content),
        "content": content,
    }


def _issue_seconds(report_id: int) -> float:
    """Issuing the big draft once (in a transaction rolled back): read the figures, keep the snapshot."""
    from django.db import transaction

    from ascent.accounts.models import User
    from ascent.plans import committee as committees
    from ascent.plans.models import CommitteeReport

    editor = User.objects.get(email="bench@harrow.example")
    with transaction.atomic():
        report = CommitteeReport.objects.get(pk=report_id)
        started = time.perf_counter()
        committees.issue_report(report, by=editor)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure(runs: int = 3) -> dict:
    """Prepare the database, then time each format of the big report and of the floor ``runs`` times."""
    report_id, floor_id = _prepare()
    import pdfplumber

    from ascent.plans.models import Action, CommitteeReport

    report = CommitteeReport.objects.get(pk=report_id)
    formats = {}
    for fmt in FORMATS:
        big = _time(report_id, fmt, runs)
        floor = _time(floor_id, fmt, runs)
        content = big.pop("content")
        floor.pop("content")
        if fmt == "pdf":
            with pdfplumber.open(io.BytesIO(content)) as pdf:
                big["pages"] = len(pdf.pages)
        formats[fmt] = {**big, "floor_median_seconds": floor["median_seconds"]}
    return {
        "name": "Committee report of a 40-page plan (the PDF by its background job)",
        "actions": Action.objects.filter(plan=report.plan).count(),
        "themes": THEMES,
        "pages": formats["pdf"]["pages"],
        "formats": formats,
        "issue_seconds": _issue_seconds(report_id),
        "load_average": os.getloadavg()[0],
        "budget_seconds": BUDGET_SECONDS,
        "runs": runs,
    }


def problems(result: dict) -> list[str]:
    found = []
    if result["pages"] < MIN_PAGES:
        found.append(f"the report has {result['pages']} pages, fewer than the {MIN_PAGES} the benchmark needs")
    for fmt, figures in result["formats"].items():
        if figures["max_seconds"] > BUDGET_SECONDS:
            found.append(
                f"{fmt.upper()}: slowest run {figures['max_seconds']:.2f} s is over the {BUDGET_SECONDS:.0f} s budget"
            )
    return found


def table(result: dict) -> str:
    head = f"{'Format':<8} {'Median s':>9} {'Slowest s':>10} {'CPU s':>7} {'Floor s':>8} {'× floor':>8} {'KB':>8}"
    rows = [
        f"{result['name']}: {result['actions']:,} actions in {result['themes']} themes, {result['pages']} PDF pages; "
        f"budget {result['budget_seconds']:.0f} s a format; median of {result['runs']} runs; "
        f"load average {result['load_average']:.1f}",
        head,
        "-" * len(head),
    ]
    for fmt, figures in result["formats"].items():
        ratio = figures["median_seconds"] / figures["floor_median_seconds"] if figures["floor_median_seconds"] else 0
        rows.append(
            f"{fmt.upper():<8} {figures['median_seconds']:>9.2f} {figures['max_seconds']:>10.2f} "
            f"{figures['median_cpu_seconds']:>7.2f} {figures['floor_median_seconds']:>8.2f} {ratio:>8.1f} "
            f"{figures['bytes'] / 1024:>8,.0f}"
        )
    rows.append(f"Issuing it (reading the figures and keeping the snapshot): {result['issue_seconds']:.2f} s")
    return "\n".join(rows)


def line(result: dict) -> str:
    """One line for bench/run.py's summary."""
    figures = ", ".join(
        f"{fmt.upper()} {f['median_seconds']:.2f} s "
        f"(slowest {f['max_seconds']:.2f}, floor {f['floor_median_seconds']:.2f})"
        for fmt, f in result["formats"].items()
    )
    return (
        f"{result['name']}: {result['pages']} pages, {result['actions']:,} actions; {figures}; "
        f"budget {result['budget_seconds']:.0f} s; issuing {result['issue_seconds']:.2f} s; "
        f"load average {result['load_average']:.1f}"
    )


def measure_committee_report(log=print) -> dict:
    """The hook bench/run.py calls: the measurement in a process of its own (its own database)."""
    from bench.pages import in_own_process

    return in_own_process(__file__, line, log)


def main(argv: list[str] | None = None) -> int:
    from bench.pages import document_main

    return document_main(argv, __doc__.splitlines()[0], measure, problems, table)


if __name__ == "__main__":
    sys.exit(main())
