"""Take the transformation programme screenshots of the user guide (docs/images/programme-*.png).

It uses the demo's Resilient Harrow programme and the browser helpers of
``scripts/docs_screenshots.py`` (Debian's chromium through Playwright; it never downloads a
browser). Set up a server with demo data of its own as that script's docstring says, then:

    .venv/bin/python scripts/docs_screenshots_programmes.py http://127.0.0.1:8020 \\
        dass@harrow.demo.ascent.invalid PASSWORD

It only reads pages: nothing in the demo data changes. A page that does not answer 200 is
skipped with a message, so it can run while the pages are still being built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs_screenshots import CHROMIUM, CHROMIUM_ARGS, DEFAULT_OUT, HARROW, HEIGHT, WIDTH, Shooter, sign_in  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PROGRAMME = "Resilient Harrow"
PROJECT = "Targeted Reviews"
BOARD = "Resilient Harrow Programme Board"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Take the programme screenshots from a running Ascent server.")
    parser.add_argument("base_url", help="where the server runs, for example http://127.0.0.1:8020")
    parser.add_argument("email", help="a demo admin of Harrow, for example dass@harrow.demo.ascent.invalid")
    parser.add_argument("password", help="that person's demo password, as `manage.py demo` printed it")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files (default docs/images)")
    return parser.parse_args(argv)


def visit(shooter: Shooter, path: str) -> bool:
    response = shooter.page.goto(shooter.base_url + path)
    shooter.page.wait_for_load_state("networkidle")
    if response is None or response.status != 200:
        print(f"skipped {path}: {response.status if response else 'no answer'}")
        return False
    return True


def follow(shooter: Shooter, name: str) -> bool:
    """Open the first link called ``name`` on the page; False if there is none."""
    link = shooter.page.get_by_role("link", name=name, exact=True)
    if link.count() == 0:
        print(f"no link “{name}” on {shooter.page.url}")
        return False
    link.first.click()
    shooter.page.wait_for_load_state("networkidle")
    return True


def programme_pages(shooter: Shooter) -> None:
    org = f"/orgs/{HARROW}"
    if visit(shooter, f"{org}/"):
        heading = shooter.page.get_by_role("heading", name="Transformation programmes", exact=True)
        if heading.count():
            shooter.shot("programme-overview-panel", top=shooter.top_of(heading), max_height=700)
    if not visit(shooter, f"{org}/programmes/"):
        return
    shooter.shot("programme-index", max_height=1200)
    if not follow(shooter, PROGRAMME):
        return
    programme_url = shooter.page.url
    shooter.shot("programme-page", max_height=2400)
    if follow(shooter, PROJECT):
        shooter.shot("programme-project", max_height=3600)
    for name, picture in (
        ("Risks and issues register", "programme-risks"),
        ("Budget monitoring", "programme-budget"),
        ("Board highlight report", "programme-highlight-report"),
        ("Committee report", "programme-committee-report"),
    ):
        shooter.page.goto(programme_url)
        shooter.page.wait_for_load_state("networkidle")
        if follow(shooter, name):
            shooter.shot(picture, max_height=2400)
    if visit(shooter, f"{org}/programmes/boards/"):
        shooter.shot("programme-boards", max_height=1000)
        if follow(shooter, BOARD):
            shooter.shot("programme-board", max_height=2400)
    if visit(shooter, f"{org}/challenges/"):
        shooter.shot("programme-challenges", max_height=2000)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB")
        shooter = Shooter(context.new_page(), args.base_url, args.out)
        sign_in(shooter, args.email, args.password, picture=False)
        programme_pages(shooter)
        browser.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
