"""Builders for indicators, observations, targets and indicator groups, and helpers for reading form pages."""

from __future__ import annotations

from decimal import Decimal

import factory
from bs4 import BeautifulSoup
from django.urls import reverse

from ascent.core.periods import parse_period
from ascent.indicators.models import (
    Framework,
    Frequency,
    Indicator,
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


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A shipped (national) indicator unless ``organisation`` is given."""

    class Meta:
        model = Indicator
        django_get_or_create = ("organisation", "code")

    organisation = None
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    title = factory.Sequence(lambda n: f"Test indicator {n}")
    definition = "How the value is worked out."
    unit = Unit.PERCENT
    polarity = "higher_is_better"
    decimals = 1
    frequency = Frequency.ANNUAL
    framework = factory.LazyAttribute(lambda o: Framework.LOCAL if o.organisation else Framework.ASCOF_2023)
    domain = factory.LazyAttribute(lambda o: "" if o.organisation else "Quality of life")
    sort_order = factory.Sequence(lambda n: n)


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
