from collections import Counter

from django.core.management.base import BaseCommand

from ascent.frameworks.models import Element, Framework


class Command(BaseCommand):
    help = (
        "List the frameworks: slug, name, version, owner (shipped or the council's name) and how many "
        "elements of each kind each has. Only the newest version of each unless --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="List older versions too.")

    def handle(self, *args, **options):
        frameworks = Framework.objects.select_related("organisation", "superseded_by").order_by(
            "organisation__name", "slug", "pk"
        )
        if not options["all"]:
            frameworks = frameworks.current()
        frameworks = list(frameworks)
        if not frameworks:
            self.stdout.write("No frameworks. Run `manage.py load_frameworks` to load the shipped ones.")
            return
        counts: dict[int, Counter] = {framework.pk: Counter() for framework in frameworks}
        for framework_id, kind in Element.objects.filter(framework__in=frameworks).values_list("framework_id", "kind"):
            counts[framework_id][kind] += 1
        for framework in frameworks:
            owner = framework.organisation.name if framework.organisation else "shipped"
            kinds = counts[framework.pk]
            described = ", ".join(f"{number} {kind}" for kind, number in kinds.items()) or "no elements"
            older = " (older version)" if options["all"] and hasattr(framework, "superseded_by") else ""
            self.stdout.write(
                f"{framework.slug}  {framework.name}  version {framework.version}{older}  {owner}  {described}"
            )
