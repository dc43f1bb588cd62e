"""Take the screenshots used in the documentation (docs/images/*.png).

The script drives Debian's chromium through Playwright against a running Ascent server,
signs in as a demo admin of Harrow and saves one PNG per page the user guide shows. It
never downloads a browser: it uses the chromium that `make test` installs.

Run it against a server with demo data of its own, so nobody else's data changes:

    export DATABASE_URL=sqlite:////tmp/docs-shots.sqlite3 MEDIA_ROOT=/tmp/docs-shots-media
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py load_reference_data
    .venv/bin/python manage.py demo        # prints the demo sign-ins
    .venv/bin/python manage.py runserver 127.0.0.1:8020 --noreload &
    .venv/bin/python manage.py db_worker --no-reload --interval 1 &   # finishes the report job
    .venv/bin/python scripts/docs_screenshots.py http://127.0.0.1:8020 dass@harrow.demo.ascent.invalid PASSWORD

The script sends one real invitation (to an address on the reserved .invalid domain), so
the members page and the activity log have something to show. Without a task worker the
job page is captured while the job is still queued, and the script says so.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH = 1100
HEIGHT = 760
HARROW = "E09000015"
INVITED = "new.starter@harrow.demo.ascent.invalid"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Take the documentation screenshots from a running Ascent server.")
    parser.add_argument("base_url", help="where the server runs, for example http://127.0.0.1:8020")
    parser.add_argument("email", help="a demo admin of Harrow, for example dass@harrow.demo.ascent.invalid")
    parser.add_argument("password", help="that person's demo password, as `manage.py demo` printed it")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files (default docs/images)")
    parser.add_argument(
        "--job-timeout", type=float, default=90, help="seconds to wait for the task worker to finish the report job"
    )
    return parser.parse_args(argv)


class Shooter:
    """Saves screenshots of one browser page into a folder, and lists what it saved."""

    def __init__(self, page: Page, base_url: str, out: Path):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.saved: list[Path] = []

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str, *, full_page: bool = True, max_height: int = 2000) -> None:
        """Save the page (up to ``max_height`` pixels tall) as ``<name>.png``."""
        path = self.out / f"{name}.png"
        height = self.page.evaluate("document.documentElement.scrollHeight") if full_page else HEIGHT
        clip = {"x": 0, "y": 0, "width": WIDTH, "height": min(height, max_height)}
        self.page.screenshot(path=path, full_page=full_page, clip=clip, animations="disabled")
        self.saved.append(path)
        print(f"saved {path} ({path.stat().st_size // 1024} KB)")


def sign_in(shooter: Shooter, email: str, password: str) -> None:
    page = shooter.page
    shooter.go("/sign-in/")
    shooter.shot("sign-in", full_page=False)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    if "/sign-in/" in page.url:
        sys.exit("Could not sign in: check the email address and password (run `manage.py demo` again for new ones).")


def organisation_pages(shooter: Shooter) -> None:
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/")
    shooter.shot("overview")

    # The invite form with errors: an address that is not one, and no role chosen.
    shooter.go(f"{org}/members/invite/")
    page.get_by_label("Email address").fill("jo.bloggs at harrow")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("invite-error")

    # A real invitation, so the members page lists one waiting and the log records it.
    page.get_by_label("Email address").fill(INVITED)
    page.get_by_label("Editor", exact=False).first.check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("members")

    # The activity log with its filters open, so the picture shows how to narrow it down.
    shooter.go(f"{org}/activity/")
    page.get_by_text("Filter the activity").click()
    page.evaluate("document.activeElement.blur()")
    shooter.shot("activity", max_height=1700)


def report_pages(shooter: Shooter, job_timeout: float) -> None:
    page = shooter.page
    org = f"/orgs/{HARROW}"
    shooter.go(f"{org}/reports/")
    shooter.shot("reports", max_height=1400)

    shooter.go(f"{org}/reports/profile/")
    # Wait for the live chart to replace its static image, when the scripts manage it.
    try:
        page.wait_for_selector("[data-vega-rendered]", timeout=10_000)
    except PlaywrightTimeoutError:  # the static chart is still a fair picture
        print("the live chart did not draw; the screenshot shows the static image")
    shooter.shot("profile-report", max_height=1900)

    # Produce the report in the background (Word) and follow the job.
    shooter.go(f"{org}/reports/")
    page.get_by_label("Word").first.check()
    page.get_by_role("button", name="Produce organisation profile").click()
    page.wait_for_load_state("networkidle")
    shooter.shot("job-queued", full_page=False)
    deadline = time.monotonic() + job_timeout
    while time.monotonic() < deadline:
        if page.locator("text=Download organisation-profile").count():
            break
        time.sleep(1)
    else:
        print("the job did not finish: is a task worker running (manage.py db_worker)?")
        return
    shooter.shot("job-done", full_page=False)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
        shooter = Shooter(context.new_page(), args.base_url, args.out)
        sign_in(shooter, args.email, args.password)
        organisation_pages(shooter)
        report_pages(shooter, args.job_timeout)
        browser.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
