"""Move each indicator's grouping from its ``framework`` choice and free-text ``domain`` onto
framework elements (IndicatorElement rows), so the scorecard can group by any framework.

* A shipped ASCOF indicator is tagged with the element of ``ascof-2014`` (version "2014-15",
  keys ``domain-1`` .. ``domain-4``) or ``ascof-2023`` (version "2023-24", keys
  ``objective-1`` .. ``objective-6``) whose number its domain starts with ("2 Independence" →
  ``objective-2``). The framework and its elements are created here when absent, with the
  slugs, versions, keys and titles the shipped framework files use, so ``load_frameworks``
  later adopts them (it updates by element key). A domain that does not start with a number
  is matched by title, else gets an element of its own, so no grouping is lost.
* A local indicator with a domain is tagged (as its council's own tag) with an element of the
  council's framework ``local-indicators``, one element per distinct domain.

The reverse puts ``framework`` and ``domain`` back from the tags (migration 0010 removes and
restores the columns themselves).

This file keeps its own copy of the constants: a migration must not change when the app does.
"""

import re

from django.db import migrations
from django.utils.text import slugify

ASCOF = {
    "ascof-2014": {
        "version": "2014-15",
        "name": "Adult Social Care Outcomes Framework 2014/15 to 2022/23",
        "kind": "Domain",
        "key": "domain",
        "titles": {
            1: "Enhancing quality of life for people with care and support needs",
            2: "Delaying and reducing the need for care and support",
            3: "Ensuring that people have a positive experience of care and support",
            4: "Safeguarding adults whose circumstances make them vulnerable and protecting them from avoidable harm",
        },
    },
    "ascof-2023": {
        "version": "2023-24",
        "name": "Adult Social Care Outcomes Framework from 2023/24",
        "kind": "Objective",
        "key": "objective",
        "titles": {
            1: "Quality of life",
            2: "Independence",
            3: "Empowerment – information and advice",
            4: "Safety",
            5: "Social connections",
            6: "Continuity and quality of care",
        },
    },
}
#: A plain scale for rating an ASCOF domain or objective; the shipped framework file may change it.
ASCOF_SCALE = [
    {"value": "red", "label": "Concerns", "score": 1, "favourable": False, "colour": "red", "description": ""},
    {"value": "amber", "label": "Mixed", "score": 2, "favourable": False, "colour": "amber", "description": ""},
    {
        "value": "green",
        "label": "Performing well",
        "score": 3,
        "favourable": True,
        "colour": "green",
        "description": "",
    },
]
LOCAL_SLUG = "local-indicators"
LOCAL_VERSION = "1"
NUMBERED = re.compile(r"^\s*(\d+)[\s.:)–-]+(.*)$")


def _ascof_framework(Framework, Element, slug):
    spec = ASCOF[slug]
    framework = (
        Framework.objects.filter(organisation__isnull=True, slug=slug, superseded_by__isnull=True)
        .order_by("-id")
        .first()
    )
    if framework is None:
        framework = Framework.objects.create(
            organisation=None,
            slug=slug,
            name=spec["name"],
            short_name="ASCOF",
            version=spec["version"],
            source="Department of Health and Social Care: Adult Social Care Outcomes Framework",
            rating_scale=ASCOF_SCALE,
        )
    for number, title in spec["titles"].items():
        Element.objects.get_or_create(
            framework=framework,
            key=f"{spec['key']}-{number}",
            defaults={
                "code": str(number),
                "kind": spec["kind"],
                "title": title,
                "is_rated": True,
                "depth": 0,
                "sort_order": number,
            },
        )
    return framework


def _element_for(Element, framework, kind, key_stem, domain):
    """The element of ``framework`` a domain text names: by its leading number, else by title,
    else a new element of its own."""
    match = NUMBERED.match(domain)
    if match and key_stem:
        element = Element.objects.filter(framework=framework, key=f"{key_stem}-{int(match.group(1))}").first()
        if element is not None:
            return element
    title = (match.group(2) if match else domain).strip() or domain.strip()
    element = Element.objects.filter(framework=framework, title__iexact=title).first()
    if element is not None:
        return element
    base = slugify(title)[:70] or "area"
    key, n = base, 1
    while Element.objects.filter(framework=framework, key=key).exists():
        n += 1
        key = f"{base}-{n}"
    last = Element.objects.filter(framework=framework).order_by("-sort_order").first()
    return Element.objects.create(
        framework=framework,
        key=key,
        kind=kind,
        title=title[:300],
        is_rated=False,
        depth=0,
        sort_order=(last.sort_order + 1) if last else 1,
    )


def forwards(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorElement = apps.get_model("indicators", "IndicatorElement")
    Framework = apps.get_model("frameworks", "Framework")
    Element = apps.get_model("frameworks", "Element")

    frameworks = {}
    for indicator in Indicator.objects.exclude(domain="").order_by("pk"):
        domain = indicator.domain
        if indicator.organisation_id is None:
            if indicator.framework not in ASCOF:
                continue  # a shipped indicator outside ASCOF never had a framework grouping
            if indicator.framework not in frameworks:
                frameworks[indicator.framework] = _ascof_framework(Framework, Element, indicator.framework)
            spec = ASCOF[indicator.framework]
            element = _element_for(Element, frameworks[indicator.framework], spec["kind"], spec["key"], domain)
            IndicatorElement.objects.get_or_create(indicator=indicator, element=element, organisation=None)
        else:
            framework, _ = Framework.objects.get_or_create(
                organisation_id=indicator.organisation_id,
                slug=LOCAL_SLUG,
                version=LOCAL_VERSION,
                defaults={
                    "name": "Local indicators",
                    "short_name": "Local",
                    "description": "The council's own grouping of its local indicators.",
                },
            )
            element = _element_for(Element, framework, "Area", "", domain)
            IndicatorElement.objects.get_or_create(
                indicator=indicator, element=element, organisation_id=indicator.organisation_id
            )


def backwards(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorElement = apps.get_model("indicators", "IndicatorElement")
    tags = IndicatorElement.objects.select_related("element__framework").order_by(
        "indicator_id", "element__framework__slug", "element__sort_order"
    )
    done = set()
    for tag in tags:
        if tag.indicator_id in done:
            continue
        framework = tag.element.framework
        indicator = Indicator.objects.get(pk=tag.indicator_id)
        if indicator.organisation_id is None and framework.organisation_id is None and framework.slug in ASCOF:
            indicator.framework = framework.slug
            code = tag.element.code
            indicator.domain = f"{code} {tag.element.title}" if code else tag.element.title
        elif indicator.organisation_id is not None and framework.slug == LOCAL_SLUG:
            indicator.framework = "local"
            indicator.domain = tag.element.title
        else:
            continue
        indicator.domain = indicator.domain[:200]
        indicator.save(update_fields=["framework", "domain"])
        done.add(tag.indicator_id)
    # Shipped indicators with no tag: their framework from the code's prefix, as the library has it.
    untagged = Indicator.objects.filter(organisation__isnull=True).exclude(pk__in=done)
    untagged.filter(code__startswith="ASCOF23-").update(framework="ascof-2023")
    untagged.filter(code__startswith="ASCOF-").update(framework="ascof-2014")


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0001_initial"),
        ("indicators", "0008_indicator_elements"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
