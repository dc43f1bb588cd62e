"""The Activity page with 15 audited models, beside a floor measured in the same run.

Ten models are audited today; five more apps will add about thirty. This module adds five
stand-in audited models (``BenchRecord0`` ...), made in this process only, with their
history tables in the benchmark database, and fills them for the two councils the benchmark
compares: Harrow gets ``ROWS`` records per model, each created and then changed, with dates
interleaved so that the first page of Activity mixes every kind; the Isles of Scilly gets a
few. The Activity page is then timed beside the floor: a static page (the accessibility
statement) through the same stack (the same client, session, middleware and templates).

The query count of the Activity page must be the same for both councils, and the same as
with ten audited models: ``ascent.core.audit.ActivityFeed`` reads every history table in
one UNION (tests/core/test_activity_feed.py pins the count).

Called from bench/run.py (``measure_activity``); makes its tables and rows the first time.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

#: Audited models to measure with: the ten of today and five stand-ins.
AUDITED_MODELS = 15
ROWS = 400  # per stand-in model, for Harrow (each created and changed: 800 history rows)
SMALL_ROWS = 4


def stand_in_models(count: int) -> list:
    """``count`` audited models like a domain app's, registered in this process."""
    from django.apps import apps
    from django.db import models
    from simple_history.models import HistoricalRecords

    made = []
    for number in range(count):
        name = f"BenchRecord{number}"
        try:
            made.append(apps.get_model("core", name))
            continue
        except LookupError:
            pass

        class Meta:
            app_label = "core"
            verbose_name = f"bench record {number}"

        attributes = {
            "__module__": __name__,
            "Meta": Meta,
            "organisation": models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+"),
            "name": models.CharField(max_length=100),
            "amount": models.DecimalField(max_digits=16, decimal_places=2),
            "due": models.DateField(null=True),
            "is_open": models.BooleanField("open", default=True),
            "status": models.CharField(max_length=10, choices=[("draft", "Draft"), ("agreed", "Agreed")]),
            "owner": models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"),
            "history": HistoricalRecords(),
            "audit_organisation_path": "organisation",
        }
        made.append(type(name, (models.Model,), attributes))
    return made


def ensure_tables(models_: list) -> None:
    from django.db import connection

    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in models_:
            for table_model in (model, model.history.model):
                if table_model._meta.db_table not in existing:
                    editor.create_model(table_model)


def fill(models_: list, organisation, user, rows: int) -> int:
    """Give ``organisation`` ``rows`` records of each model, each created then changed."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    made = 0
    now = timezone.now()
    chunk = 10
    for start in range(0, rows, chunk):
        for index, model in enumerate(models_):
            if start == 0 and model.objects.filter(organisation=organisation).exists():
                return 0
            when = now - timedelta(minutes=(rows - start) * len(models_) + index)
            records = [
                model(
                    organisation=organisation,
                    name=f"Record {start + n} of kind {index}",
                    amount=Decimal(1000 * (start + n)) + Decimal("0.50"),
                    due=when.date(),
                    status="draft",
                    owner=user,
                )
                for n in range(chunk)
            ]
            created = bulk_create_with_history(records, model, default_user=user, default_date=when)
            if not created or created[0].pk is None:  # backends that do not return keys
                created = list(model.objects.filter(organisation=organisation).order_by("-pk")[:chunk])
            for record in created:
                record.amount += 1
                record.status = "agreed"
                record.is_open = False
            bulk_update_with_history(
                created,
                model,
                ["amount", "status", "is_open"],
                default_user=user,
                default_date=when + timedelta(seconds=30),
            )
            made += len(created)
    return made


def measure_activity(iterations: int, client, small_client, log) -> list:
    """The Activity page with ``AUDITED_MODELS`` audited models, and the floor beside it."""
    from django.urls import reverse

    from ascent.core.audit import audited_models
    from bench.run import COUNCIL, PAGE_BUDGET_MS, SMALL_COUNCIL, Line, admin_of, is_html, time_requests

    today = len(audited_models())
    models_ = stand_in_models(max(0, AUDITED_MODELS - today))
    ensure_tables(models_)
    for code, rows in ((COUNCIL, ROWS), (SMALL_COUNCIL, SMALL_ROWS)):
        organisation, user = admin_of(code)
        if fill(models_, organisation, user, rows):
            log(f"  Added {rows} records to each of {len(models_)} stand-in audited models for {organisation} ...")
    count = len(audited_models())

    def both(name: str) -> tuple[str, str]:
        return tuple(reverse(name, kwargs={"gss_code": code}) for code in (COUNCIL, SMALL_COUNCIL))

    lines = []
    floor = reverse("core:accessibility")
    log("  Floor: a static page ...")
    lines.append(
        time_requests(Line("Floor: static page", floor, iterations), client, small_client, floor, floor, is_html)
    )
    for name, query in ((f"Activity, {count} audited models", ""), (f"Activity, {count} models, page 5", "?page=5")):
        log(f"  {name} ...")
        path, small_path = both("organisations:activity")
        line = Line(name, path + query, iterations, budget_ms=PAGE_BUDGET_MS)
        lines.append(time_requests(line, client, small_client, path + query, small_path + query, is_html))
    return lines
