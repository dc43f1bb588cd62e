"""What each person in the load test does (run by bench/load.py; not on its own).

Everyone signs in with their own account, then browses the bench council's main pages,
reading each for a while (ASCENT_LOAD_THINK, "MIN,MAX" seconds); one person in five also
imports a small CSV of indicator values now and then: upload (which
checks it), look at the preview, import it. A page that answers with an error, or without
what it should say, counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["ASCENT_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
COUNCIL = PLAN["council"]
ACCOUNTS = itertools.cycle(PLAN["emails"])
THINK = [float(part) for part in os.environ.get("ASCENT_LOAD_THINK", "5,15").split(",")]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def token_from(html: str) -> str:
    match = TOKEN.search(html)
    if match is None:
        raise RuntimeError("The page has no CSRF token")
    return match.group(1)


class Member(HttpUser):
    """Browses: Overview, scorecard, an indicator, spending, the imports list and Activity."""

    weight = 4
    wait_time = between(*THINK)

    def on_start(self) -> None:
        email = next(ACCOUNTS)
        page = self.client.get("/sign-in/", name="sign in (form)")
        with self.client.post(
            "/sign-in/",
            {"csrfmiddlewaretoken": token_from(page.text), "username": email, "password": PLAN["password"]},
            name="sign in",
            catch_response=True,
        ) as response:
            if "Sign out" not in response.text:
                response.failure(f"{email} was not signed in")

    def page(self, path: str, name: str, expect: str) -> None:
        with self.client.get(f"/orgs/{COUNCIL}/{path}", name=name, catch_response=True) as response:
            if response.status_code == 200 and expect not in response.text:
                response.failure(f"{name} did not say {expect!r}")

    @task(3)
    def overview(self) -> None:
        self.page("", "overview", "Overview")

    @task(3)
    def scorecard(self) -> None:
        self.page("performance/", "scorecard", "Scorecard")

    @task(2)
    def indicator(self) -> None:
        self.page(f"performance/indicators/{PLAN['indicator_id']}/", "indicator page", "ASCOF")

    @task(2)
    def spending(self) -> None:
        self.page("performance/spending/", "spending", "Spending")

    @task(1)
    def imports(self) -> None:
        self.page("imports/", "imports list", "Imports")

    @task(1)
    def activity(self) -> None:
        self.page("activity/", "activity", "Activity")


class Importer(Member):
    """Browses like everyone else, and imports a small file of indicator values."""

    weight = 1

    @task(2)
    def import_values(self) -> None:
        lines = ["organisation,indicator,period,value"]
        for code, period, value in PLAN["rows"]:
            changed = round(float(value) * random.uniform(0.9, 1.1), 1)
            lines.append(f"{COUNCIL},{code},{period},{changed}")
        data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
        form = self.client.get(f"/orgs/{COUNCIL}/imports/observations/new/", name="import: upload form")
        with self.client.post(
            f"/orgs/{COUNCIL}/imports/observations/new/",
            data={"csrfmiddlewaretoken": token_from(form.text)},
            files={"file": ("load.csv", data, "text/csv")},
            name="import: upload and check",
            catch_response=True,
        ) as checked:
            match = re.search(r"/imports/(\d+)/", checked.url or "")
            run_id = match.group(1) if match else None
            if run_id is None or f"/imports/{run_id}/commit/" not in checked.text:
                checked.failure("The upload did not lead to a checked import, ready to make")
                return
            checked_page = checked.text
        with self.client.post(
            f"/orgs/{COUNCIL}/imports/{run_id}/commit/",
            {"csrfmiddlewaretoken": token_from(checked_page)},
            name="import: commit",
            catch_response=True,
        ) as committed:
            if "Imported load.csv" not in committed.text:
                committed.failure("The import was not made")
