"""Builders for indicators, observations, targets and indicator groups, and helpers for reading form pages."""

from __future__ import annotations

from decimal import Decimal

import factory
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.text import slugify

from ascent.core.periods import parse_period
from ascent.frameworks.crosswalk import load_shipped_crosswalk
from ascent.frameworks.loading import load_shipped_frameworks
from ascent.frameworks.models import Element, Framework
from ascent.indicators.models import (
    Frequency,
    Indicator,
    IndicatorElement,
    IndicatorGroup,
    IndicatorGroupItem,
    Observation,
    Target,
    Unit,
)
from tests.factories import OrganisationFactory


def _period_field(name: str):
    return factory.LazyAttribute(lambda o: getattr(parse_period(o.period), name))


class PeriodFactory(factory.django.DjangoModelFactory):
    """Sets the four period columns from a ``period`` text such as "2023-24" or "Q3 2023/24"."""

    class Meta:
        abstract = True

    class Params:
        period = "2023-24"

    period_kind = factory.LazyAttribute(lambda o: parse_period(o.period).kind.value)
    period_code = _period_field("code")
    period_start = _period_field("start")
    period_end = _period_field("end")


#: Shipped frameworks as the factories make them when a test has not loaded the real files:
#: slug → (version, name), as ascent/frameworks/data has them.
SHIPPED = {
    "ascof-2014": ("2014-15", "Adult Social Care Outcomes Framework 2014/15 to 2022/23"),
    "ascof-2023": ("2023-24", "Adult Social Care Outcomes Framework from 2023/24"),
}


def shipped_framework(slug: str) -> Framework:
    version, name = SHIPPED[slug]
    framework, _ = Framework.objects.get_or_create(
        organisation=None, slug=slug, version=version, defaults={"name": name, "short_name": "ASCOF"}
    )
    return framework


def shipped_frameworks() -> None:
    """The shipped frameworks and crosswalk, through the real loaders, so
    ``load_indicator_library`` can tag the measures (as ``make setup`` loads them first)."""
    load_shipped_frameworks()
    load_shipped_crosswalk()


def element(title: str, framework: str = "ascof-2023", *, organisation=None) -> Element:
    """The element titled ``title`` of a shipped ASCOF framework (or, with ``organisation``, of
    that council's framework ``framework``), made last in the framework's order if need be."""
    if organisation is None:
        owner = shipped_framework(framework)
    else:
        owner, _ = Framework.objects.get_or_create(
            organisation=organisation, slug=framework, version="1", defaults={"name": "Local indicators"}
        )
    found = Element.objects.filter(framework=owner, title=title).first()
    if found is None:
        order = Element.objects.filter(framework=owner).count() + 1
        key = slugify(title)[:70] or f"e{order}"
        found = Element.objects.create(framework=owner, key=key, title=title, kind="Domain", sort_order=order)
    return found


def tag(indicator: Indicator, title: str, framework: str = "ascof-2023", *, organisation=None) -> Element:
    """Tag ``indicator`` with :func:`element` (a council's own tag with ``organisation``)."""
    found = element(title, framework, organisation=organisation)
    IndicatorElement.objects.get_or_create(indicator=indicator, element=found, organisation=organisation)
    return found


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A shipped (national) indicator unless ``organisation`` is given.

    A shipped one is tagged with the ASCOF objective ``domain`` ("Quality of life" unless
    told otherwise; "" for none) of ``domain__framework`` (ascof-2023 unless told), as the library
    tags its measures; a local one only when ``domain`` is given (an element of the council's
    "local-indicators" framework).
    """

    class Meta:
        model = Indicator
        django_get_or_create = ("organisation", "code")
        skip_postgeneration_save = True

    organisation = None
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    title = factory.Sequence(lambda n: f"Test indicator {n}")
    definition = "How the value is worked out."
    unit = Unit.PERCENT
    polarity = "higher_is_better"
    decimals = 1
    frequency = Frequency.ANNUAL
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def domain(self, create, extracted, **kwargs):
        if not create:
            return
        domain = ("" if self.organisation_id else "Quality of life") if extracted is None else extracted
        if not domain:
            return
        if self.organisation_id:
            tag(self, domain, "local-indicators", organisation=self.organisation)
        else:
            tag(self, domain, kwargs.get("framework", "ascof-2023"))


class ObservationFactory(PeriodFactory):
    class Meta:
        model = Observation

    organisation = factory.SubFactory(OrganisationFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("50")
    status = Observation.Status.FINAL


class TargetFactory(PeriodFactory):
    """An "at least 80" threshold unless told otherwise."""

    class Meta:
        model = Target

    organisation = factory.SubFactory(OrganisationFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    kind = "threshold"
    comparison = "at_least"
    value = Decimal("80")


class IndicatorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorGroup
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    description = ""

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """``IndicatorGroupFactory(members=[indicator, ...])`` adds them in that order."""
        if create and extracted:
            for order, indicator in enumerate(extracted, start=1):
                IndicatorGroupItem.objects.create(group=self, indicator=indicator, order=order)


def series(organisation, indicator, values: dict[str, object], **extra) -> list[Observation]:
    """Observations from {period text: value}, such as {"2021-22": "70", "2022-23": "75"}."""
    return [
        ObservationFactory(
            organisation=organisation, indicator=indicator, period=period, value=Decimal(str(value)), **extra
        )
        for period, value in values.items()
    ]


# ----- reading the management pages ------------------------------------------------------


def url(name: str, organisation, **kwargs) -> str:
    return reverse(f"indicators:{name}", kwargs={"gss_code": organisation.gss_code, **kwargs})


def field_errors(response) -> dict[str, str]:
    """{field name: its error message} from a rendered form page."""
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    errors = {}
    for message in soup.select(".govuk-error-message"):
        name = message["id"].removeprefix("id_").removesuffix("-error")
        errors[name] = message.get_text(" ", strip=True).removeprefix("Error:").strip()
    return errors


def summary_errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(strip=True) for li in soup.select(".govuk-error-summary__list li")]
