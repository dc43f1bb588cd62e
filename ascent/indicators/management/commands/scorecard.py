"""Print an organisation's scorecard, for performance officers who work in scripts and spreadsheets."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ascent.core.periods import PeriodParseError, parse_period
from ascent.indicators import exports
from ascent.indicators.models import IndicatorGroup
from ascent.indicators.scorecard import (
    LAST_YEAR,
    UnknownFramework,
    build_comparison,
    build_scorecard,
    same_period_last_year,
)
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Print an organisation's performance scorecard: each indicator's baseline, target, latest value, "
        "RAG rating and direction of travel. CSV (with a header row) or JSON (a list of rows) goes to "
        "standard output. --group picks one of the organisation's own indicator groups by name; without it "
        "the rows are grouped by ASCOF domain and objective (or, with --framework, by that framework's "
        "top-level elements), then local indicators. --as-at shows each indicator's latest "
        "value up to the end of a period; --compare adds a second period beside it (last-year: the same period "
        "a year earlier). Fails on an unknown GSS code or group, or a period it cannot read."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The organisation's GSS code, such as E09000015")
        parser.add_argument("--format", choices=["csv", "json"], default="csv", help="csv (the default) or json")
        parser.add_argument("--group", help="The name of one of the organisation's indicator groups")
        parser.add_argument(
            "--framework",
            help="Group the rows by this framework's top-level elements (its slug, such as cqc-la-assessment); "
            "ASCOF by default",
        )
        parser.add_argument(
            "--as-at",
            metavar="PERIOD",
            help="Show the scorecard as at the end of this period, such as 2019-20, 'Q3 2015/16' or 'Oct 2019'",
        )
        parser.add_argument(
            "--compare",
            metavar="PERIOD",
            help="Show a second period beside it, such as 2018-19, or last-year for the same period a year earlier",
        )

    def handle(self, *args, **options):
        code = options["gss_code"].strip().upper()
        organisation = Organisation.objects.filter(gss_code=code).first()
        if organisation is None:
            raise CommandError(f"No organisation has the GSS code {options['gss_code']!r}")
        group = None
        if options["group"]:
            group = IndicatorGroup.objects.filter(organisation=organisation, name__iexact=options["group"]).first()
            if group is None:
                raise CommandError(f"{organisation.name} has no indicator group called {options['group']!r}")
        as_at = self._period(options["as_at"], "--as-at")
        compare = options["compare"]
        if compare is not None and compare.strip().lower() == LAST_YEAR:
            if as_at is None:
                raise CommandError("--compare last-year needs --as-at: the period to compare with a year before")
            compare = same_period_last_year(as_at)
            if compare is None:
                raise CommandError(f"There is no period a year before {as_at.label} to compare with")
        else:
            compare = self._period(compare, "--compare")
        if compare is not None and as_at is None:
            raise CommandError("--compare needs --as-at: the period to compare it with")
        if compare is not None and compare == as_at:
            raise CommandError(f"--compare must be a period other than --as-at ({as_at.label})")
        framework = options["framework"] or None
        try:
            if compare is not None:
                scorecard = build_comparison(organisation, as_at, compare, group=group, framework=framework)
            else:
                scorecard = build_scorecard(organisation, group=group, period=as_at, framework=framework)
        except UnknownFramework:
            raise CommandError(
                f"{organisation.name} has no framework {options['framework']!r}: python manage.py frameworks lists them"
            ) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(exports.to_json_records(scorecard), indent=2, ensure_ascii=False))
        else:
            # Without the byte order mark, which helps Excel but not scripts.
            self.stdout.write(exports.to_csv(scorecard).decode("utf-8").removeprefix("\ufeff"), ending="")

    @staticmethod
    def _period(text: str | None, option: str):
        if text is None:
            return None
        try:
            return parse_period(text)
        except PeriodParseError as error:
            raise CommandError(f"{option}: {error}") from None
