"""Send today's action reminder digests now (the worker sends them daily by itself)."""

from django.core.management.base import BaseCommand

from ascent.plans import reminders, tasks


class Command(BaseCommand):
    help = (
        "E-mail each owner of improvement plan actions that are overdue, or due within their council's "
        "days ahead, one digest listing them. Nobody is sent two in a day; councils that turned reminders "
        "off and people who turned the digest off get none. The background worker does this every day "
        "by itself; use this to send now, or from cron where no worker runs. "
        "--dry-run lists who would get what and sends nothing; --schedule only makes sure the worker's "
        "daily run is queued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say who would get a digest; send nothing.")
        parser.add_argument(
            "--schedule", action="store_true", help="Queue the worker's daily run if none is waiting; send nothing."
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            at = tasks.ensure_scheduled()
            if at is None:
                self.stdout.write("This installation's tasks backend keeps no queue: run this command daily instead.")
            else:
                self.stdout.write(f"The worker's next daily run is at {at.isoformat()}.")
            return
        dry_run = options["dry_run"]
        outcome = reminders.send_digests(dry_run=dry_run)
        for digest in outcome.sent:
            self.stdout.write(f"  {digest.user.email}: {len(digest.overdue)} overdue, {len(digest.due_soon)} due soon")
        self.stdout.write(outcome.summary(dry_run=dry_run) + ".")
