"""Print an organisation's scorecard, for performance officers who work in scripts and spreadsheets."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ascent.indicators import exports
from ascent.indicators.models import IndicatorGroup
from ascent.indicators.scorecard import build_scorecard
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Print an organisation's performance scorecard: each indicator's baseline, target, latest value, "
        "RAG rating and direction of travel. CSV (with a header row) or JSON (a list of rows) goes to "
        "standard output. --group picks one of the organisation's own indicator groups by name; without it "
        "the rows are grouped by framework domain, then local indicators. Fails on an unknown GSS code or group."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The organisation's GSS code, such as E09000015")
        parser.add_argument("--format", choices=["csv", "json"], default="csv", help="csv (the default) or json")
        parser.add_argument("--group", help="The name of one of the organisation's indicator groups")

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
        scorecard = build_scorecard(organisation, group=group)
        if options["format"] == "json":
            self.stdout.write(json.dumps(exports.to_json_records(scorecard), indent=2, ensure_ascii=False))
        else:
            # Without the byte order mark, which helps Excel but not scripts.
            self.stdout.write(exports.to_csv(scorecard).decode("utf-8").removeprefix("\ufeff"), ending="")
