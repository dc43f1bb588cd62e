"""Tests of transformation programmes, and what several of them make."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def resilient_programme(organisation, editor, *, board_name="Programme Board"):
    """A "Resilient programme" of ``organisation`` under a board meeting every four weeks."""
    from ascent.programmes import actions

    board = actions.create_board(
        organisation, by=editor, name=board_name, chair_name="Corporate Director, People", cycle_weeks=4
    )
    return actions.create_programme(
        organisation,
        by=editor,
        name="Resilient programme",
        starts_on=dt.date(2019, 4, 1),
        ends_on=dt.date(2020, 3, 31),
        board=board,
        risk_appetite=12,
    )


def targeted_reviews(programme, editor, *, target=Decimal("1046000"), forecast=Decimal("863000")):
    """A "Targeted Reviews" project in delivery, with its 2019-20 saving."""
    from ascent.programmes import actions
    from ascent.programmes.models import Stage

    project = actions.create_project(
        programme, by=editor, reference="RH01", name="Targeted Reviews", stage=Stage.DELIVERY, on=dt.date(2019, 4, 1)
    )
    actions.record_saving(project, by=editor, financial_year=2019, target=target, forecast=forecast)
    return project
