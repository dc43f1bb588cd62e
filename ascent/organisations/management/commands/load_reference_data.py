from django.core.management.base import BaseCommand

from ascent.organisations.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the shipped reference data: the nine English regions and the 153 councils with "
        "adult social services responsibilities. Safe to run again: it adds what is missing, "
        "corrects what changed and leaves the rest alone."
    )

    def handle(self, *args, **options):
        for name, result in load_reference_data().items():
            self.stdout.write(f"{name}: {result.created} added, {result.updated} updated, {result.unchanged} unchanged")
