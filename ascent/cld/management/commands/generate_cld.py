"""``manage.py generate_cld GSS_CODE --people N --years Y --seed S --out FILE``: a synthetic CLD extract.

Writes one extract of people who do not exist (see :mod:`ascent.cld.synthetic`), row by row, as
CSV or XLSX. The GSS code only labels the file: nothing is read from or written to the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ascent.cld import synthetic


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD") from error


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a number") from error
    if not 0 <= value <= 1:
        raise CommandError(f"A rate is a share between 0 and 1, not {text}")
    return value


class Command(BaseCommand):
    help = (
        "Write a synthetic client-level data extract (not real people) for a council: believable journeys "
        "from request to assessment, reablement, long-term services, reviews and death, with carers, "
        "deterministic for a seed. The GSS code only labels the file; the LA Code written is derived from "
        "it (E09000015 gives 9015). The reporting period is the YEARS years ending at --end."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="the council's GSS code, e.g. E09000015")
        parser.add_argument("--people", type=int, required=True, help="how many people's journeys to lay out")
        parser.add_argument("--years", type=int, default=1, help="length of the reporting period in years (1)")
        parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same file (0)")
        parser.add_argument("--release", choices=["R1", "R2"], default="R2", help="specification release (R2)")
        parser.add_argument("--error-rate", type=_rate, default=0.0, help="share of rows given one error (0)")
        parser.add_argument("--duplicate-rate", type=_rate, default=0.0, help="share of rows written twice (0)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None, help="default: from --out's suffix")
        parser.add_argument(
            "--end",
            type=_date,
            default=None,
            help="last day of the period (default: the last quarter end before today)",
        )
        parser.add_argument(
            "--journeys-from",
            type=_date,
            default=None,
            help="lay journeys out from this date (default: a year before the period); give the same "
            "--journeys-from and --journeys-to to several extracts to see the same people at different --end",
        )
        parser.add_argument("--journeys-to", type=_date, default=None, help="... to this date (default: --end)")
        parser.add_argument("--out", type=Path, required=True, help="the file to write")

    def handle(self, *args, **options):
        try:
            gss_code = synthetic.check_gss_code(options["gss_code"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        out: Path = options["out"]
        fmt = options["format"] or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent} to write into.")
        settings = synthetic.Options(
            gss_code=gss_code,
            people=options["people"],
            years=options["years"],
            seed=options["seed"],
            release=options["release"],
            error_rate=options["error_rate"],
            duplicate_rate=options["duplicate_rate"],
            end=options["end"],
            world_start=options["journeys_from"],
            world_end=options["journeys_to"],
        )
        try:
            summary = synthetic.write(settings, out, fmt)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Synthetic data — not real people")
        self.stdout.write(
            f"{summary.rows:,} rows about {summary.people:,} people, LA Code {summary.la_code}, "
            f"{options['release']}, period {summary.period_start:%d/%m/%Y} to {summary.period_end:%d/%m/%Y}"
        )
        self.stdout.write(str(out))
