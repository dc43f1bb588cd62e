"""Two commits of imports into one organisation at the same moment: they take turns, never a 500.

Each request runs in its own thread with its own database connection; see together.py.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from ascent.imports.models import ImportChange, ImportRun
from ascent.indicators.importing import ObservationSchema
from ascent.indicators.models import Observation
from tests.imports.helpers import observations_csv, web_run

from .together import run_together, slowed

pytestmark = pytest.mark.django_db(transaction=True)

FIGURES = observations_csv(
    ["E09000015", "ASCOF-1C1A", "2022-23", "25.0", "25", "100", "final"],
    ["E09000015", "ASCOF-1C1A", "2023-24", "27.5", "", "", "provisional"],
)
REVISED = observations_csv(
    ["E09000015", "ASCOF-1C1A", "2023-24", "28.1", "", "", "final"],
    ["E09000015", "ASCOF-1C1A", "2024-25", "30", "", "", "provisional"],
)


@pytest.fixture(autouse=True)
def slow_writes(monkeypatch):
    """Writing takes a moment, so the second commit arrives while the first is writing."""
    monkeypatch.setattr(ObservationSchema, "commit", slowed(ObservationSchema.commit))


@pytest.fixture
def ascof_1c1a(db):
    from tests.imports.conftest import make_indicator

    return make_indicator("ASCOF-1C1A")


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_commit(client: Client, run: ImportRun):
    url = reverse("imports:commit", kwargs={"gss_code": run.organisation.gss_code, "run_id": run.pk})
    return lambda: client.post(url)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_committing_one_run_twice_at_once_imports_it_once(harrow, editor, admin_user, ascof_1c1a):
    run = web_run(FIGURES, harrow, editor)
    outcomes = run_together(post_commit(signed_in(editor), run), post_commit(signed_in(admin_user), run))
    assert [o.error for o in outcomes] == [None, None]
    assert [o.value.status_code for o in outcomes] == [302, 302]
    said = sorted(messages_of(o.value)[0] for o in outcomes)
    assert said == [
        "Imported figures.csv: 2 new, 0 revised and 0 unchanged rows",
        "This file has already been imported",
    ]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED
    assert Observation.objects.count() == 2
    assert ImportChange.objects.count() == 2
    assert Observation.history.count() == 2


def test_two_files_committed_at_once_into_one_organisation_take_turns(harrow, editor, admin_user, ascof_1c1a):
    first = web_run(FIGURES, harrow, editor)
    second = web_run(REVISED, harrow, admin_user)
    outcomes = run_together(post_commit(signed_in(editor), first), post_commit(signed_in(admin_user), second))
    assert [o.error for o in outcomes] == [None, None]
    assert [o.value.status_code for o in outcomes] == [302, 302]
    said = [messages_of(o.value)[0] for o in outcomes]
    assert all(message.startswith("Imported figures.csv") for message in said), said
    assert set(ImportRun.objects.values_list("status", flat=True)) == {ImportRun.Status.COMMITTED}
    # One row per figure, whichever went first: 2022-23, 2023-24 and 2024-25.
    assert sorted(Observation.objects.values_list("period_code", flat=True)) == ["2022-23", "2023-24", "2024-25"]


def test_a_national_import_and_an_organisations_import_at_once_take_turns(harrow, editor, ascof_1c1a):
    """The command line's national import may write to any organisation, so it waits for, and
    holds up, imports into each of them. Before it did, on PostgreSQL the two wrote the same
    figures at once and the organisation's import ended in a 500."""
    from ascent.imports import engine

    web = web_run(REVISED, harrow, editor)
    national = lambda: engine.import_file("observations", FIGURES, "national.csv")  # noqa: E731
    outcomes = run_together(national, post_commit(signed_in(editor), web))
    assert [o.error for o in outcomes] == [None, None]
    result, run = outcomes[0].value
    assert result.ok and run is not None
    assert outcomes[1].value.status_code == 302
    assert set(ImportRun.objects.values_list("status", flat=True)) == {ImportRun.Status.COMMITTED}
    assert sorted(Observation.objects.values_list("period_code", flat=True)) == ["2022-23", "2023-24", "2024-25"]
