"""Importing indicator values (observations) from CSV and Excel files.

The documented standard layout has one row per organisation, indicator and period:

    organisation,indicator,period,value,numerator,denominator,status
    E09000015,ASCOF-1C1A,2023-24,27.5,,,final

Headings are matched ignoring case, spaces and punctuation, and common other names work
too ("GSS code", "Measure code", "Reporting period"...). See docs/user-guide/importing-data.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ascent.core.money import MoneyReading, exact_pounds
from ascent.core.periods import Period, PeriodKind
from ascent.imports.engine import (
    ORGANISATION_COLUMN,
    SUPPRESSION_MARKERS,
    CellError,
    Column,
    ModelSchema,
    PeriodReader,
    Record,
    RowError,
    RowReader,
    SourceRow,
    normalise_heading,
    organisations_for,
    plain_number,
    read_choice,
    read_money,
    read_number,
    show_number,
    with_note,
)

from .codes import Catalogue, CodeError, Shipped
from .models import Indicator, Observation, Unit
from .scorecard import format_value
from .validation import ValueRules, agrees, find_slips, may_be_proportion

STATUS_CHOICES = {
    "final": Observation.Status.FINAL,
    "f": Observation.Status.FINAL,
    "provisional": Observation.Status.PROVISIONAL,
    "prov": Observation.Status.PROVISIONAL,
    "p": Observation.Status.PROVISIONAL,
}
#: Units where the numerator is part of the denominator, so it can never be larger.
PROPORTION_UNITS = {Unit.PERCENT, Unit.PER_100K, Unit.RATE}


FAST_STATUS = {
    "": Observation.Status.FINAL,
    "final": Observation.Status.FINAL,
    "Final": Observation.Status.FINAL,
    "provisional": Observation.Status.PROVISIONAL,
    "Provisional": Observation.Status.PROVISIONAL,
}


NUMERATOR_ABOVE_DENOMINATOR = "the numerator is larger than the denominator"


def value_problems(
    rules: ValueRules | None, value: Decimal, numerator: Decimal | None, denominator: Decimal | None
) -> list[tuple[str, str]]:
    """What is wrong with a row's figures together, as (column, reason) pairs.

    ``rules`` are the indicator's (None when the indicator is not known): the value must be in
    its valid range (see :mod:`ascent.indicators.validation`).
    """
    problems = []
    if rules is not None:
        problem = rules.problem(value)
        if problem:
            problems.append(("value", problem))
    if numerator is not None and numerator < 0:
        problems.append(("numerator", "the numerator cannot be negative"))
    if denominator is not None:
        if denominator < 0:
            problems.append(("denominator", "the denominator cannot be negative"))
        elif denominator == 0:
            problems.append(("denominator", "the denominator cannot be zero"))
        elif numerator is not None and numerator > denominator and rules is not None and rules.unit in PROPORTION_UNITS:
            problems.append(
                (
                    "numerator",
                    f"the numerator ({show_number(numerator)}) is larger than the denominator "
                    f"({show_number(denominator)})",
                )
            )
    return problems


def _optional_number(text: str) -> Decimal | None:
    """A numerator or denominator: blank, or a suppression marker, means not given."""
    if not text or text.casefold() in SUPPRESSION_MARKERS:
        return None
    return read_number(text, required=False)


def _value(text: str) -> Decimal:
    return read_number(text, what="the value")


def _unknown_unit_value(text: str) -> Decimal:
    """The value of a row whose indicator is not known: a number or an amount of money, so
    that only the indicator is reported when "£10.55m" is beside an unknown code."""
    try:
        return _value(text)
    except CellError as error:
        try:
            return read_money(text, places=6).amount
        except CellError:
            raise error from None


def _money_value(text: str) -> MoneyReading:
    """A money indicator's value, as councils write money ("£10.55m", "(£183K)", "c. £1.6m")."""
    if not text:
        raise CellError("enter the value")
    return read_money(text, places=6)


class _NumberReader:
    """:func:`plain_number` for the fast path, remembering what each text read as.

    A national file repeats the same figures ("62.5", "120") tens of thousands of times, and
    reading a text again is a dictionary look-up. Decimals cannot change, so one can serve
    every row that has it. At most :attr:`KEPT` texts are remembered.
    """

    KEPT = 100_000

    __slots__ = ("numbers",)

    def __init__(self):
        self.numbers: dict[str, Decimal] = {}

    def __call__(self, text: str) -> Decimal | None:
        found = self.numbers.get(text)
        if found is None:
            found = plain_number(text)
            if found is not None and len(self.numbers) < self.KEPT:
                self.numbers[text] = found
        return found


class _Indicators:
    """National indicators and the local ones of the organisations in the file, by code.

    An organisation's own local code wins; then the code is read as the national publications
    write it, in the ASCOF set for the value's period (:mod:`ascent.indicators.codes`).
    """

    def __init__(self, organisation_ids: set[int]):
        self.exact: dict[tuple[int | None, str], tuple[int, str, str]] = {}
        self.loose: dict[tuple[int | None, str], tuple[int, str, str]] = {}
        self.codes: dict[int, str] = {}
        self.money: set[int] = set()
        #: What each indicator's values are checked against (its valid range), by id.
        self.rules: dict[int, ValueRules] = {}
        shipped = []
        query = Indicator.objects.filter(Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids))
        fields = ("pk", "organisation_id", "code", "unit", "decimals", "valid_min", "valid_max", "successor__code")
        for pk, owner, code, unit, decimals, valid_min, valid_max, successor in query.values_list(*fields):
            found = (pk, unit, code)
            self.exact[(owner, code.upper())] = found
            self.loose.setdefault((owner, normalise_heading(code)), found)
            self.codes[pk] = code
            if unit == Unit.MONEY:
                self.money.add(pk)
            self.rules[pk] = ValueRules.build(code, unit, decimals, valid_min, valid_max)
            if owner is None:
                shipped.append(Shipped(code, successor or ""))
        self.catalogue = Catalogue(shipped)
        self._cache: dict[tuple[int, str, str], tuple[int, str, str] | CellError] = {}
        #: What a code was read as, where that is not the code as written: by (indicator, period code).
        self.notes: dict[tuple[int, str], str] = {}

    def find(self, text: str, organisation_id: int, period: Period) -> tuple[int, str, str]:
        if not text:
            raise CellError("enter the indicator's code, such as ASCOF-1C1A")
        key = (organisation_id, text, period.code)
        if key not in self._cache:
            self._cache[key] = self._look_up(text, organisation_id, period)
        found = self._cache[key]
        if isinstance(found, CellError):
            raise found
        return found

    def _look_up(self, text: str, organisation_id: int, period: Period) -> tuple[int, str, str] | CellError:
        upper, loose = text.upper(), normalise_heading(text)
        own = self.exact.get((organisation_id, upper)) or self.loose.get((organisation_id, loose))
        if own is not None:
            return own
        try:
            reading = self.catalogue.resolve(text, period.start, period.label)
        except CodeError as error:
            return CellError(str(error))
        if reading is not None:
            found = self.exact[(None, reading.code)]
            if reading.note:
                self.notes[(found[0], period.code)] = reading.note
            return found
        found = self.loose.get((None, loose))
        if found is None:
            return CellError(
                "unknown indicator: use a code from the indicator library, such as ASCOF-1C1A, "
                "or one of your organisation's local indicators"
            )
        return found


class ObservationSchema(ModelSchema):
    kind = "observations"
    title = "Indicator values"
    description = (
        "One row for each organisation, indicator and period: the value, and optionally the numerator and "
        "denominator it was worked out from and whether it is provisional or final."
    )
    columns = (
        ORGANISATION_COLUMN,
        Column(
            "indicator",
            "Indicator",
            required=True,
            aliases=(
                "indicator code",
                "measure code",
                "ASCOF measure code",
                "measure",
                "code",
                "measure id",
                "indicator id",
                "KPI",
            ),
            help=(
                "The indicator's code, such as ASCOF-1C1A or ASCOF23-2A, or as the national publications write "
                "it (1C(1A), 2A(2), ASCOF 2A), or the code of one of your local indicators. A code of the "
                "2014/15 to 2022/23 set for a period from 2023-24 is read as its successor."
            ),
            example="ASCOF-1C1A",
        ),
        Column(
            "period",
            "Period",
            required=True,
            aliases=("reporting period", "time period", "year", "financial year", "month", "quarter", "date"),
            help=(
                "A financial year (2023-24), quarter (Q3 2023/24), month (Oct 2023), week (w/c 9 Oct 2023), "
                "date (7 Oct 2023), year to date (Apr-Dec 2023) or span of financial years (2021-22 to 2023-24)."
            ),
            example="2023-24",
        ),
        Column(
            "value",
            "Value",
            required=True,
            aliases=("indicator value", "measure value", "outcome", "figure", "result", "score", "percentage"),
            help=(
                "A number. Give percentages as 27.5 (or 27.5%), not 0.275, and money as your papers write it "
                "(£10.55m, £863K, (£183K) or 50p). Leave out rows whose figure is suppressed ([c], x or :)."
            ),
            example="27.5",
        ),
        Column("numerator", "Numerator", aliases=("num",), help="The number the value was worked out from."),
        Column("denominator", "Denominator", aliases=("denom", "base"), help="What the numerator is out of."),
        Column(
            "status",
            "Status",
            aliases=("provisional or final", "provisional/final", "data status"),
            help="Provisional or final. A blank status means final.",
            example="final",
        ),
    )
    preview_headings = ("Organisation", "Indicator", "Period", "Value", "Numerator", "Denominator", "Status")

    model = Observation
    key_fields = ("organisation_id", "indicator_id", "period_code")
    key_columns = ("organisation", "indicator", "period")
    key_description = "organisation, indicator and period"
    compare_fields = ("value", "numerator", "denominator", "status", "is_illustrative", "is_approximate")

    #: Try each row first on a fast path that skips per-cell error bookkeeping. A row it does
    #: not accept outright goes through :meth:`_check_row`, which is the only judge of errors.
    fast_path = True

    def parse(self, rows: Sequence[SourceRow], errors: list[RowError], *, organisation, user, options):
        organisations = self._organisations = organisations_for(organisation, user)
        known = set()
        for text in {row["organisation"] for row in rows}:
            try:
                known.add(organisations(text))
            except CellError:
                continue
        self._indicators = _Indicators(known)
        #: Money written as an approximation ("c. £1.6m"), by record key, for the preview to say so.
        self._approximate: dict[tuple, str] = {}
        self._periods = PeriodReader()
        self._period_labels: dict[str, str] = {}
        period_columns: dict[Period, dict[str, Any]] = {}
        # Texts already read successfully: the fast path's look-ups.
        organisation_ok: dict[str, int] = {}
        indicator_ok: dict[tuple[int, str], tuple[int, str, str]] = {}
        period_ok: dict[str, dict[str, Any]] = {}
        number = _NumberReader()
        fast = self.fast_path
        rules = self._indicators.rules
        for row in rows:
            values = row.values
            if fast:
                get = values.get
                indicator = indicator_ok.get(
                    (organisation_ok.get(get("organisation", "")), get("indicator", ""), get("period", ""))
                )
                columns = period_ok.get(get("period", ""))
                status = FAST_STATUS.get(get("status", ""))
                if indicator is not None and columns is not None and status is not None:
                    value = number(get("value", ""))
                    numerator_text, denominator_text = get("numerator", ""), get("denominator", "")
                    numerator = number(numerator_text) if numerator_text else None
                    denominator = number(denominator_text) if denominator_text else None
                    if (
                        value is not None
                        and (numerator is not None or not numerator_text)
                        and (denominator is not None or not denominator_text)
                        and not value_problems(rules[indicator[0]], value, numerator, denominator)
                    ):
                        yield row.number, self._values(indicator, columns, value, numerator, denominator, status)
                        continue
            checked = self._check_row(row, errors)
            if checked is None:
                continue
            organisation_id, indicator, period, value, numerator, denominator, status, note = checked
            if note:
                self._approximate[(organisation_id, indicator[0], period.code)] = note
            columns = period_columns.get(period)
            if columns is None:
                columns = period_columns[period] = Observation.period_values(period)
                self._period_labels[period.code] = period.label
            indicator = (*indicator, organisation_id)
            organisation_ok[row["organisation"]] = organisation_id
            indicator_ok[(organisation_id, row["indicator"], row["period"])] = indicator
            period_ok[row["period"]] = columns
            values = self._values(indicator, columns, value, numerator, denominator, status)
            # Written as an approximation ("c. £1.6m"): kept, so the pages say "about £1.6m".
            values["is_approximate"] = bool(note)
            yield row.number, values

    @staticmethod
    def _values(indicator, columns, value, numerator, denominator, status) -> dict[str, Any]:
        return {
            "organisation_id": indicator[3],
            "indicator_id": indicator[0],
            **columns,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "status": status,
            "is_illustrative": False,
            "is_approximate": False,
        }

    def _check_row(self, row: SourceRow, errors: list[RowError]):
        """Read one row cell by cell, recording every error; None if it has any."""
        reader = RowReader(row, errors)
        organisation_id = reader.get("organisation", self._organisations)
        period = reader.get("period", self._periods)
        indicator = None
        if organisation_id is not None and period is not None:
            indicator = reader.get("indicator", self._indicators.find, organisation_id, period)
        elif not row["indicator"]:
            reader.fail("indicator", "enter the indicator's code, such as ASCOF-1C1A")
        note = ""
        if indicator is not None and indicator[1] == Unit.MONEY:
            reading = reader.get("value", _money_value)
            value, note = (None, "") if reading is None else (reading.amount, reading.note)
        else:
            value = reader.get("value", _value if indicator is not None else _unknown_unit_value)
        numerator = reader.get("numerator", _optional_number)
        denominator = reader.get("denominator", _optional_number)
        status = reader.get("status", read_choice, STATUS_CHOICES, Observation.Status.FINAL, "the status")
        if value is not None:
            rules = self._indicators.rules[indicator[0]] if indicator else None
            for column, reason in value_problems(rules, value, numerator, denominator):
                # The reason names the figures; counted together as one kind of problem.
                if reason.startswith("the numerator ("):
                    kind = NUMERATOR_ABOVE_DENOMINATOR
                elif column == "value" and rules is not None:
                    kind = rules.describe()
                else:
                    kind = ""
                reader.fail(column, reason, kind=kind)
        if not reader.ok:
            return None
        return organisation_id, indicator, period, value, numerator, denominator, status, note

    def warn(self, records: Sequence[Record]) -> list[RowError]:
        """The likely slips in the checked rows (:func:`~.validation.find_slips`), one warning each.

        Only rows that may have one are looked at closely: a percentage from 0 to 1, a value
        with a numerator and a denominator, a period that has not started. The council's other
        values, which the proportion check compares with, are read only for the few rows that
        need them.
        """
        today = timezone.localdate()
        rules_of = self._indicators.rules
        # One quick pass over every row; the few it flags are looked at closely after.
        flagged: list[tuple[Record, ValueRules, bool]] = []
        candidates: list[Record] = []
        for record in records:
            values = record.values
            rules = rules_of[values["indicator_id"]]
            value = values["value"]
            proportion = may_be_proportion(rules, value)
            if proportion:
                candidates.append(record)
            future = values["period_start"] > today
            if proportion or future or not agrees(rules, value, values["numerator"], values["denominator"]):
                flagged.append((record, rules, future))
        others = self._other_values(candidates, records) if candidates else {}
        warnings: list[RowError] = []
        for record, rules, future in flagged:
            values = record.values
            period = None
            if future:
                period = Period(PeriodKind(values["period_kind"]), values["period_start"], values["period_end"])
            pair = (values["organisation_id"], values["indicator_id"])
            slips = find_slips(
                rules,
                values["value"],
                period=period,
                numerator=values["numerator"],
                denominator=values["denominator"],
                others=[other for code, other in others.get(pair, ()) if code != values["period_code"]],
                today=today,
            )
            for slip in slips:
                shown = period.label if slip.field == "period" and period else show_number(values["value"])
                warnings.append(RowError(record.row, slip.field, shown, slip.message, slip.kind))
        return warnings

    @staticmethod
    def _other_values(candidates: Sequence[Record], records: Sequence[Record]) -> dict[tuple, list]:
        """(period code, value) of every value held or in the file for the candidates' organisation
        and indicator pairs; the file's value replaces a held one for the same period."""
        pairs = {(r.values["organisation_id"], r.values["indicator_id"]) for r in candidates}
        found: dict[tuple, dict[str, Decimal]] = {pair: {} for pair in pairs}
        held = Observation.objects.filter(
            organisation_id__in={pair[0] for pair in pairs}, indicator_id__in={pair[1] for pair in pairs}
        ).values_list("organisation_id", "indicator_id", "period_code", "value")
        for organisation_id, indicator_id, code, value in held:
            kept = found.get((organisation_id, indicator_id))
            if kept is not None:
                kept[code] = value
        for record in records:
            values = record.values
            kept = found.get((values["organisation_id"], values["indicator_id"]))
            if kept is not None:
                kept[values["period_code"]] = values["value"]
        return {pair: list(kept.items()) for pair, kept in found.items()}

    def existing_filter(self, values):
        return {
            "organisation_id__in": {v["organisation_id"] for v in values},
            "indicator_id__in": {v["indicator_id"] for v in values},
            "period_code__in": {v["period_code"] for v in values},
        }

    def stamps(self, user) -> dict[str, Any]:
        return {"entered_by_id": user.pk if user is not None and user.is_authenticated else None}

    def describe_rows(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        rows = Observation.objects.filter(pk__in=ids).select_related("organisation", "indicator")
        return {
            row.pk: (
                f"{row.organisation.name}, {row.indicator.code}, {row.period.label}",
                format_value(row.indicator, row.value),
            )
            for row in rows
        }

    def _show_value(self, values: dict[str, Any]) -> str:
        """The value as it will be stored: money in pounds with every digit ("£10,550,000"), and
        pence as two places ("50p" is "£0.50"), as the expenditure import shows it."""
        value = values["value"]
        if values["indicator_id"] in self._indicators.money:
            return exact_pounds(value)
        return show_number(value)

    def describe(self, values: dict[str, Any]) -> tuple[str, ...]:
        code = self._indicators.codes.get(values["indicator_id"], "")
        note = self._indicators.notes.get((values["indicator_id"], values["period_code"]))
        return (
            self._organisations.name_of(values["organisation_id"]),
            f"{code} ({note})" if note else code,
            self._period_labels.get(values["period_code"], values["period_code"]),
            with_note(self._show_value(values), getattr(self, "_approximate", {}).get(self.key_of(values))),
            show_number(values["numerator"]),
            show_number(values["denominator"]),
            Observation.Status(values["status"]).label,
        )
