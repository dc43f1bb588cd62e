"""The feedback letter of a 40-page review as a PDF: built from the database and rendered, under 5 seconds.

    .venv/bin/python bench/review_letter.py [--runs N] [--json PATH] [--no-fail]

Makes a small SQLite database of its own under bench/results/ (Harrow and one review: three
scope questions, a team of three, strengths and areas for consideration with paragraphs of
text under each question, some 70 recommendations, people met), sized so the letter prints on
at least 40 A4 pages. Then times what the letter's PDF download does: read the review
(``ascent.reviews.letter.build_letter``) and render it (``ascent.documents.renderers.render``).
The pages are counted from the PDF itself. Prints one line and exits 1 when the slowest run is
over the budget (unless --no-fail); bench/run.py calls it (``measure_review_letter``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DATABASE = RESULTS_DIR / "review_letter.sqlite3"
BUDGET_SECONDS = 5.0
MIN_PAGES = 40
FINDINGS_PER_KIND = 27
#: A finding as letters write them: a paragraph of some 90 words.
PARAGRAPH = (
    "The team heard from staff, partners and people who use services that the changes of the past year "
    "are understood and broadly welcomed, and saw case records that showed careful, personalised planning. "
    "Some teams still work to older processes, and the figures the board receives do not yet show how far "
    "the new ways of working reach people at home, so the team suggests the council checks this as it goes."
)


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["ASCENT_ENV"] = "test"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ascent.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare() -> int:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ascent.reviews.models import Finding
    from tests.factories import OrganisationFactory
    from tests.reviews.letter_world import make_review

    harrow = OrganisationFactory(gss_code="E09000015", name="Harrow")
    review = make_review(harrow, findings_per_kind=FINDINGS_PER_KIND, extra_recommendations=60)
    for finding in Finding.objects.filter(review=review):
        finding.text = f"{finding.text}\n\n{PARAGRAPH}\n\n{PARAGRAPH}"
        finding.save(update_fields=["text"])
    return review.pk


def measure(runs: int = 3) -> dict:
    """Prepare the database, then time building and rendering the letter's PDF ``runs`` times."""
    review_id = _prepare()
    import pdfplumber

    from ascent.documents.renderers import render
    from ascent.reviews import letter as letters
    from ascent.reviews.models import Review

    seconds, cpu = [], []
    content = b""
    for _ in range(runs + 1):  # the first run warms up fonts and templates
        started, started_cpu = time.perf_counter(), time.process_time()
        review = Review.objects.select_related("organisation", "framework").get(pk=review_id)
        content, _content_type, _extension = render(letters.build_letter(review), "pdf")
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = len(pdf.pages)
    timed = seconds[1:]
    return {
        "name": "Letter PDF of a 40-page review",
        "pages": pages,
        "bytes": len(content),
        "first_seconds": seconds[0],
        "median_seconds": sorted(timed)[len(timed) // 2],
        "max_seconds": max(timed),
        "median_cpu_seconds": sorted(cpu[1:])[len(timed) // 2],
        "load_average": os.getloadavg()[0],
        "budget_seconds": BUDGET_SECONDS,
        "runs": runs,
    }


def problems(result: dict) -> list[str]:
    found = []
    if result["pages"] < MIN_PAGES:
        found.append(f"the letter has {result['pages']} pages, fewer than the {MIN_PAGES} the benchmark needs")
    if result["max_seconds"] > BUDGET_SECONDS:
        found.append(f"slowest run {result['max_seconds']:.2f} s is over the {BUDGET_SECONDS:.0f} s budget")
    return found


def line(result: dict) -> str:
    return (
        f"{result['name']}: {result['pages']} pages, {result['bytes'] / 1024:,.0f} KB; built and rendered in "
        f"{result['median_seconds']:.2f} s (median of {result['runs']}), slowest {result['max_seconds']:.2f} s, "
        f"first {result['first_seconds']:.2f} s; CPU {result['median_cpu_seconds']:.2f} s (median); "
        f"budget {result['budget_seconds']:.0f} s; load average {result['load_average']:.1f}"
    )


def measure_review_letter(log=print) -> dict:
    """The hook bench/run.py calls: the measurement in a process of its own (its own database)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, __file__, "--json", "-"], check=False, env=env, cwd=ROOT, capture_output=True, text=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"  {line(result)}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="Also write the result as JSON to this file ('-' for standard output)")
    parser.add_argument("--no-fail", action="store_true", help="Exit 0 even when over budget")
    args = parser.parse_args(argv)
    result = measure(args.runs)
    result["problems"] = problems(result)
    if args.json == "-":
        print(json.dumps(result))
    else:
        print(line(result))
        for problem in result["problems"]:
            print(f"FAIL: {problem}")
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2))
    return 1 if result["problems"] and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
