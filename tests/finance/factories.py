"""Builders for expenditure lines."""

from __future__ import annotations

from decimal import Decimal

import factory

from ascent.finance.models import ExpenditureLine
from tests.factories import OrganisationFactory

from .harrow import harrow_lines


class ExpenditureLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenditureLine

    organisation = factory.SubFactory(OrganisationFactory)
    service_line = factory.Sequence(lambda n: f"Service line {n}")
    financial_year = 2019
    amount = Decimal("1000000")
    basis = ExpenditureLine.Basis.ACTUAL
    measure = ExpenditureLine.Measure.NET


def load_harrow(organisation, **extra) -> list[ExpenditureLine]:
    """Resilient Harrow's figures for ``organisation``, created in the report's row order."""
    return [
        ExpenditureLineFactory(
            organisation=organisation,
            service_line=line.service_line,
            financial_year=line.financial_year,
            amount=line.amount,
            **extra,
        )
        for line in harrow_lines()
    ]
