"""List a council's self-assessments, for people who work in scripts."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ascent.assessments.flags import flags_for
from ascent.assessments.models import FlagJustification, SelfAssessment
from ascent.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "List a council's self-assessments, every version, newest period first: id, framework, period, version, "
        "status, whether it is shared with the region, and its open assurance flags (and how many of them were "
        "justified at sign-off). A plain table by default, or JSON (a list of objects) with --format json. "
        "Fails on an unknown GSS code."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's GSS code, such as E09000015")
        parser.add_argument("--format", choices=["table", "json"], default="table", help="table (the default) or json")

    def handle(self, *args, **options):
        code = options["gss_code"].strip().upper()
        organisation = Organisation.objects.filter(gss_code=code).first()
        if organisation is None:
            raise CommandError(f"No organisation has the GSS code {options['gss_code']!r}")
        assessments = list(
            SelfAssessment.objects.in_organisation(organisation)
            .select_related("framework")
            .order_by("-period_start", "framework__name", "-version")
        )
        justified = set(
            FlagJustification.objects.filter(assessment__in=assessments).values_list("assessment_id", "flag_key")
        )
        rows = []
        for assessment in assessments:
            assessment.organisation = organisation
            flags = flags_for(assessment)
            framework = assessment.framework
            rows.append(
                {
                    "id": assessment.pk,
                    "framework": framework.slug,
                    "framework_name": framework.name,
                    "framework_version": framework.version,
                    "period": assessment.period.label,
                    "version": assessment.version,
                    "status": assessment.status,
                    "shared": assessment.is_shared,
                    "open_flags": len(flags),
                    "justified_flags": sum(
                        1 for flag in flags if flag.is_justified or (assessment.pk, flag.key) in justified
                    ),
                    "after_sign_off_flags": sum(
                        1
                        for flag in flags
                        if flag.after_sign_off and not flag.is_justified and (assessment.pk, flag.key) not in justified
                    ),
                }
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(f"{organisation.name} has no self-assessments.")
            return
        headings = ["ID", "Framework", "Period", "Version", "Status", "Shared", "Open flags"]
        table = [
            [
                str(row["id"]),
                f"{row['framework_name']} ({row['framework_version']})",
                row["period"],
                str(row["version"]),
                dict(SelfAssessment._meta.get_field("status").choices)[row["status"]],
                "Yes" if row["shared"] else "No",
                f"{row['open_flags']}"
                + (f" ({row['justified_flags']} justified)" if row["justified_flags"] else "")
                + (f" ({row['after_sign_off_flags']} after sign-off)" if row["after_sign_off_flags"] else ""),
            ]
            for row in rows
        ]
        widths = [max(len(line[i]) for line in [headings, *table]) for i in range(len(headings))]
        for line in [headings, *table]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
