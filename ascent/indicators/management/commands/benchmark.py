"""Rank a comparator group's councils on a national indicator for one period."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.core.management.base import BaseCommand, CommandError

from ascent.core.numbers import decimal_text
from ascent.core.periods import PeriodParseError, parse_period
from ascent.documents.tabular import write_csv
from ascent.indicators.comparators import load_benchmark
from ascent.indicators.models import ComparatorGroup, Indicator
from ascent.indicators.scorecard import format_value
from ascent.indicators.series import format_difference
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Print the ranked list of a comparator group's councils for a national indicator and period: rank "
        "(1 is the best), GSS code, council and value. With --organisation, also print that council's rank, "
        "quartile, the group median and mean, its gap to the median and the England figure. GROUP is a "
        "comparator group's slug, such as england, london-boroughs or region-e12000007. Fails if the "
        "indicator, period, group or organisation is not found."
    )

    def add_arguments(self, parser):
        parser.add_argument("indicator", metavar="INDICATOR_CODE", help="A national indicator's code, such as ASCOF-1A")
        parser.add_argument("period", metavar="PERIOD", help='The period, such as 2022-23, "Q3 2015/16" or 2019-M10')
        parser.add_argument("--group", default="england", help="The comparator group's slug (default: england)")
        parser.add_argument("--organisation", metavar="GSS_CODE", help="The council to report on, by GSS code")
        parser.add_argument("--format", choices=["text", "csv"], default="text", help="text (default) or csv")

    def handle(self, *args, **options):
        code = options["indicator"].strip()
        indicator = Indicator.objects.filter(organisation__isnull=True, code__iexact=code).first()
        if indicator is None:
            raise CommandError(f"There is no national indicator with the code {code!r}")
        try:
            period = parse_period(options["period"])
        except (PeriodParseError, ValueError) as error:
            raise CommandError(f"Could not read the period {options['period']!r}: {error}") from None
        slug = options["group"].strip().lower()
        group = ComparatorGroup.objects.filter(slug=slug).first()
        if group is None:
            raise CommandError(f"There is no comparator group with the slug {options['group']!r}")
        subject = None
        if options["organisation"]:
            gss_code = options["organisation"].strip().upper()
            subject = Organisation.objects.select_related("region").filter(gss_code=gss_code).first()
            if subject is None:
                raise CommandError(f"There is no organisation with the GSS code {options['organisation']!r}")

        figures = load_benchmark(indicator, period.code, group, subject=subject)
        fmt = partial(format_value, indicator)
        if options["format"] == "csv":
            self._csv(figures)
        else:
            self._text(figures, fmt, period.label)

    def _csv(self, figures) -> None:
        rows = [["rank", "gss_code", "council", "value", "illustrative"]]
        for row in figures.rows():
            # Normalised as the text report writes it (80.0 -> 80), but still a number.
            value = None if row.value is None else Decimal(decimal_text(row.value))
            rows.append(
                [
                    row.rank or "",
                    row.council.gss_code,
                    row.council.name,
                    value,
                    "" if value is None else ("yes" if row.is_illustrative else "no"),
                ]
            )
        write_csv(self.stdout, rows)

    def _text(self, figures, fmt, period_label: str) -> None:
        indicator, result = figures.indicator, figures.result
        order = "ranked by value, highest first" if result.ranked_by_value else "rank 1 is the best"
        self.stdout.write(f"{indicator.code} {indicator.title}")
        self.stdout.write(f"{period_label}, {figures.group.name} ({order})")
        # The England figure (made from every council's value) is only printed for an organisation.
        if figures.illustrative or (figures.subject is not None and figures.any_illustrative):
            self.stdout.write("Illustrative: not official statistics")
        self.stdout.write("")
        for row in figures.rows():
            rank = str(row.rank) if row.rank is not None else "-"
            value = fmt(row.value) if row.value is not None else "No value"
            marker = " (illustrative)" if row.is_illustrative else ""
            self.stdout.write(f"{rank:>4}  {row.council.gss_code}  {row.council.name:<40} {value}{marker}")
        if figures.subject is None:
            return
        self.stdout.write("")
        sentence = figures.sentence(fmt)
        if sentence:
            self.stdout.write(sentence)
        placing = result.subject_placing
        lines = []
        if placing is not None:
            lines.append(("Rank", result.rank_text))
            lines.append(("Quartile", result.quartile_text))
        lines.append(("Group median", fmt(result.median) if result.median is not None else "No values"))
        lines.append(("Group mean", fmt(result.mean) if result.mean is not None else "No values"))
        if result.gap is not None:
            lines.append(("Gap to median", result.gap.describe(partial(format_difference, indicator))))
        if figures.england is not None:
            lines.append(("England", f"{fmt(figures.england.value)} ({figures.england.basis_text})"))
        if result.missing:
            lines.append(("Missing", result.missing_text))
        for label, value in lines:
            self.stdout.write(f"{label}: {value}")
