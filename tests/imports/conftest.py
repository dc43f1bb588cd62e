"""Indicators and helpers for the import tests (the shipped library is not loaded here)."""

from __future__ import annotations

import pytest

from ascent.indicators.models import Indicator, Unit


def make_indicator(code, *, unit=Unit.PERCENT, organisation=None, **kwargs):
    return Indicator.objects.create(
        code=code,
        title=kwargs.pop("title", f"Indicator {code}"),
        unit=unit,
        polarity=kwargs.pop("polarity", "higher_is_better"),
        organisation=organisation,
        **kwargs,
    )


@pytest.fixture
def ascof_1c1a(db):
    return make_indicator("ASCOF-1C1A", title="Proportion of people who use services who receive self-directed support")


@pytest.fixture
def ascof_2a1(db):
    return make_indicator("ASCOF-2A1", unit=Unit.PER_100K, polarity="lower_is_better")


@pytest.fixture
def count_indicator(db):
    return make_indicator("ASCOF-CNT", unit=Unit.COUNT, polarity="neither")


@pytest.fixture
def harrow_local(harrow):
    return make_indicator("HAR-01", unit=Unit.DAYS, organisation=harrow, polarity="lower_is_better")


@pytest.fixture
def indicators(ascof_1c1a, ascof_2a1, count_indicator):
    return {"1C1A": ascof_1c1a, "2A1": ascof_2a1, "count": count_indicator}
