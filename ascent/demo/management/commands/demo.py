from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ascent.assessments.demo import load_demo_assessments
from ascent.cld.demo import load_demo_client_level_data
from ascent.core.statistics import refresh_planner_statistics
from ascent.finance.demo import load_demo_finance
from ascent.indicators.demo import load_demo_performance
from ascent.organisations.demo import DemoDataError, load_demo_people
from ascent.plans.demo import load_demo_plans
from ascent.programmes.demo import load_demo_programmes
from ascent.reviews.demo import CURRENT_TITLE, REVIEWER_EMAIL, load_demo_reviews


class Command(BaseCommand):
    help = (
        "Load demo data for trying Ascent out: people in every role in Harrow and Herefordshire, "
        "a peer reviewer, London and West Midlands regional leads and a platform superuser; Harrow's and "
        "Herefordshire's performance and spending figures; illustrative benchmarking data "
        "for every council, labelled as not official statistics; and two signed-off self-assessments "
        "(Harrow's TEASC risk awareness for 2015-16, Herefordshire's CQC for 2024-25, shared with its region); "
        "three reviews (Herefordshire's 2014 peer challenge, Harrow's 2016 TEASC assurance review, and a current "
        "Harrow peer challenge in fieldwork whose team the demo peer reviewer leads); and two improvement "
        "plans answering the past reviews' recommendations (Herefordshire's 34, with its follow-up review, "
        "and Harrow's ten), with actions in every state; and Harrow's Resilient Harrow transformation programme "
        "of 2019-20 (its boards, projects, savings, budget, KPIs, risks and milestones, and the moves of its "
        "projects to new boards in January 2020); and for Harrow and Herefordshire, two years of synthetic quarterly "
        "client-level data extracts (not real people) with illustrative population, and the measures computed "
        "from them. "
        "Safe to run again: it adds "
        "nothing twice, and sets new passwords, which it prints. Refuses to run in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-passwords", action="store_true", help="Do not print the sign-ins.")

    def handle(self, *args, **options):
        if settings.ASCENT_ENV == "production":
            raise CommandError("Demo data must never be loaded into a production installation.")
        try:
            people = load_demo_people()
            performance = load_demo_performance()
            finance = load_demo_finance()
            assessments = load_demo_assessments()
            reviews = load_demo_reviews()
            plans = load_demo_plans()
            programmes = load_demo_programmes()
            cld = load_demo_client_level_data()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        refresh_planner_statistics()
        self.stdout.write(f"Demo performance data: {performance}")
        self.stdout.write(f"Demo spending data: {finance}")
        self.stdout.write(f"Demo self-assessments: {assessments}")
        self.stdout.write(f"Demo reviews: {reviews}")
        self.stdout.write(f"Demo improvement plans: {plans}")
        self.stdout.write(f"Demo transformation programme: {programmes}")
        self.stdout.write(f"Demo client-level data: {cld}")
        if options["quiet_passwords"]:
            self.stdout.write(f"Demo data loaded: {len(people)} people.")
            return
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (these passwords were set just now and exist only in this demo):")
        self.stdout.write("")
        width = max(len(person.email) for person, _ in people)
        for person, password in people:
            self.stdout.write(f"  {person.email.ljust(width)}  {password}  {person.description}")
        self.stdout.write("")
        self.stdout.write(
            f'{REVIEWER_EMAIL} leads the team of Harrow\'s review "{CURRENT_TITLE}" (in fieldwork) and sees '
            "nothing else of Harrow: sign in and open Reviews you sit on."
        )
        self.stdout.write("")
