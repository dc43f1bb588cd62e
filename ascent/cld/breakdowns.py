"""Inequality breakdowns of the ASCOF measures, with small numbers suppressed.

:func:`run_breakdowns` (after :func:`ascent.cld.engine.build`) breaks each measure the engine
computes down by age band, sex, ethnicity group and primary support reason, and returns rows with
keys la_code, measure, breakdown, group, numerator, denominator, outcome and suppressed.

How the figures are made. Each measure's breakdown file (``sql/breakdown_2a.sql`` …) is appended
to the chain of CTEs of the measure's own file, so it lists exactly the people (or, for 2A, the
episodes) the measure counts in its Total, with the measure's own age; ``breakdown_counts.sql``
then joins the latest-known person details and counts each group. Every breakdown covers the whole
Total (an Unknown or "Other or not known" group takes the rest), so its groups add up to the
measure's Total: 2A, 2E and 3D's Total, 2B's '18 to 64', 2C's '65 and above' and 2E LD's
'18 to 64'. Age bands nest inside the method's 18 to 64 and 65 and above.

2B and 2C are rates per 100,000 population, and the population table has only the two age bands
the measures already are. So their breakdowns (finer age bands, sex, ethnicity group, primary
support reason) are counts of new admissions: numerator only, denominator and outcome None.
The carers' parts of 3D (1b, 2b) and 2E LD have no primary support reason breakdown (carers'
person details carry no support reason of their own; 2E LD is one reason).

Small numbers (:func:`suppress`; applied in :func:`run_breakdowns`, so in every output):

1. Primary: a group is suppressed when its numerator, its denominator, or its denominator minus
   its numerator (the people *not* in the numerator) is from 1 to ``SUPPRESS_BELOW - 1`` (1–4).
   Zero is shown.
2. Linked measures: 3D 1a and 2a share their denominator, as do 3D 1b and 2b; a group suppressed
   in one is suppressed in the other.
3. Secondary: the groups of a breakdown add up to a published total (the measure's Total, and
   for age bands also its 18 to 64 and 65 and above), so a lone suppressed group could be worked
   out as the total minus the others. In every such set of groups with exactly one suppressed
   group, the unsuppressed group with the smallest denominator (count, for 2B and 2C; then the
   smallest numerator, then the first listed) is suppressed too, repeated until no set has exactly
   one. A suppressed group's numerator, denominator and outcome are None.

The measures' own sex groups (2E's Male and Female, overall and within each age band) leave the
people of another or unknown sex as the total less the two; :func:`suppress_method_groups`
applies the same rules to each such split, and every output of the measures goes through it.
"""

from __future__ import annotations

import re
from datetime import date

from . import engine, measures_local

SUPPRESS_BELOW = 5

AGE = "age band"
SEX = "sex"
ETHNICITY = "ethnicity group"
PSR = "primary support reason"
BREAKDOWNS = (AGE, SEX, ETHNICITY, PSR)

UNDER_65 = ("18 to 24", "25 to 44", "45 to 64")
OVER_65 = ("65 to 74", "75 to 84", "85 and above")
SEXES = ("Male", "Female", "Other or not known")
ETHNICITY_GROUPS = (
    "White",
    "Mixed or multiple ethnic groups",
    "Asian or Asian British",
    "Black, Black British, Caribbean or African",
    "Other ethnic group",
    "No data",
)
PSR_GROUPS = (
    "Physical support",
    "Sensory support",
    "Support with memory and cognition",
    "Learning disability support",
    "Mental health support",
    "Social support",
    "Unknown",
)

#: Measure code → its age bands (the groups its Total can hold) and whether it has a PSR breakdown.
MEASURES: dict[str, tuple[tuple[str, ...], bool]] = {
    "2A": ((*UNDER_65, *OVER_65, "Unknown"), True),
    "2B": (UNDER_65, True),
    "2C": (OVER_65, True),
    "2E": ((*UNDER_65, *OVER_65), True),
    "2E LD": (UNDER_65, False),
    "3D 1a": ((*UNDER_65, *OVER_65, "Unknown"), True),
    "3D 2a": ((*UNDER_65, *OVER_65, "Unknown"), True),
    "3D 1b": (("Under 18", *UNDER_65, *OVER_65, "Unknown"), False),
    "3D 2b": (("Under 18", *UNDER_65, *OVER_65, "Unknown"), False),
}
#: Counts only: rates per 100,000 whose population is not known by these groups.
COUNT_ONLY = frozenset({"2B", "2C"})
#: Measures that share a denominator are suppressed alike (each maps to its family's first).
LINKED = {"3D 2a": "3D 1a", "3D 2b": "3D 1b"}

#: Engine measure file → (breakdown file, CTEs of the measure file the breakdown file reads).
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "measure_2a.sql": ("breakdown_2a.sql", ("step5_adults", "step8_classified")),
    "measure_2b2c.sql": ("breakdown_2b2c.sql", ("aged", "people")),
    "measure_2e.sql": ("breakdown_2e.sql", ("banded",)),
    "measure_3d.sql": ("breakdown_3d.sql", ("client_people", "carers")),
}
COUNTS = "breakdown_counts.sql"

_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_CTE_CLOSE = re.compile(r"^\)[ \t]*$", re.MULTILINE)


def _chain(measure_file: str) -> str:
    """The measure file's ``WITH`` chain of CTEs, without its final query."""
    text = engine.sql_text(measure_file)
    if measure_file == "measure_2a.sql":
        chain, marker, _ = text.partition(measures_local.STEP9_MARKER)
        if not marker:
            raise engine.EngineError("measure_2a.sql has lost its '-- step 9: outputs' line")
        return chain
    closes = list(_CTE_CLOSE.finditer(text))
    rest = _COMMENT.sub("", text[closes[-1].end() :]).strip() if closes else ""
    if not rest.lower().startswith("select"):
        raise engine.EngineError(f"{measure_file} does not end in a chain of CTEs and one SELECT")
    return text[: closes[-1].end()]


def breakdown_sql(measure_file: str) -> str:
    """The query listing the units (people or episodes) a measure file counts: its CTE chain
    followed by its breakdown file. Returns la_code, person_id, measure, age, in_numerator."""
    tail_file, ctes = SOURCES[measure_file]
    chain = _chain(measure_file)
    for name in ctes:
        if not re.search(rf"\b{name}\s+as\s*\(", chain, re.IGNORECASE):
            raise engine.EngineError(f"{measure_file} no longer defines the CTE {name}, which {tail_file} reads")
    return chain + "\n" + engine.sql_text(tail_file)


def _cells() -> list[tuple[str, str, str, int]]:
    cells = []
    for measure, (ages, has_psr) in MEASURES.items():
        groups = {AGE: ages, SEX: SEXES, ETHNICITY: ETHNICITY_GROUPS, PSR: PSR_GROUPS if has_psr else ()}
        for breakdown in BREAKDOWNS:
            cells.extend((measure, breakdown, grp, len(cells) + 1) for grp in groups[breakdown])
    return cells


def _bound(sql: str, values: dict) -> dict:
    return {name: values[name] for name in _PARAMETER.findall(_COMMENT.sub("", sql)) if name in values}


def _person_details_for(con, period_start: date, period_end: date) -> None:
    try:
        built = con.execute("SELECT period_start, period_end FROM person_details_period").fetchone()
    except Exception:  # noqa: BLE001 (not built yet)
        built = None
    if built != (period_start, period_end):
        engine.build_person_details(con, period_start, period_end)


def breakdown_counts(con, period_start: date, period_end: date) -> list[dict]:
    """Every breakdown group's counts, not suppressed (for :func:`run_breakdowns` and tests).

    Needs ``events`` (:func:`engine.build` or :func:`engine.events_from_rows`); rebuilds
    ``person_details`` if it was built for another period, as :func:`engine.run_measures` does.
    """
    _person_details_for(con, period_start, period_end)
    # The period, for measure files that read it from the ``params`` table (as the pipeline does)
    # and, below, bound for those that name it as $period_start and $period_end.
    con.execute("CREATE OR REPLACE TABLE params (period_start DATE, period_end DATE)")
    con.execute("INSERT INTO params VALUES (?, ?)", [period_start, period_end])
    values = {"period_start": period_start, "period_end": period_end}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE breakdown_units "
        "(la_code VARCHAR, person_id VARCHAR, measure VARCHAR, age INTEGER, in_numerator BOOLEAN)"
    )
    for measure_file in dict.fromkeys(engine.MEASURES.values()):
        if measure_file not in SOURCES:
            continue
        sql = breakdown_sql(measure_file)
        con.execute(f"INSERT INTO breakdown_units SELECT * FROM (\n{sql}\n) AS units", _bound(sql, values))  # noqa: S608
    con.execute(
        "CREATE OR REPLACE TEMP TABLE breakdown_cells "
        "(measure VARCHAR, breakdown VARCHAR, grp VARCHAR, position INTEGER)"
    )
    engine._insert(con, "breakdown_cells", 4, _cells())  # noqa: SLF001 (the engine's one bound insert)
    cursor = con.execute(engine.sql_text(COUNTS))
    columns = [d[0] for d in cursor.description]
    rows = []
    for found in cursor.fetchall():
        record = dict(zip(columns, found, strict=True))
        count_only = record["measure"] in COUNT_ONLY
        rows.append(
            {
                "la_code": record["la_code"],
                "measure": record["measure"],
                "breakdown": record["breakdown"],
                "group": record["grp"],
                "numerator": record["numerator"],
                "denominator": None if count_only else record["denominator"],
                "outcome": None if count_only else record["outcome"],
                "period_start": period_start,
                "period_end": period_end,
            }
        )
    return rows


def _small(value: int | None) -> bool:
    return value is not None and 0 < value < SUPPRESS_BELOW


def _primary(row: dict) -> bool:
    numerator, denominator = row["numerator"], row["denominator"]
    if _small(numerator) or _small(denominator):
        return True
    return denominator is not None and numerator is not None and _small(denominator - numerator)


def _totals(breakdown: str, groups: list[str]) -> list[list[str]]:
    """The sets of groups whose sum is published: all of them, and for age bands each method band."""
    sets = [groups]
    if breakdown == AGE:
        sets += [[g for g in groups if g in UNDER_65], [g for g in groups if g in OVER_65]]
    return [s for s in sets if len(s) > 1]


def suppress(rows: list[dict]) -> list[dict]:
    """Copies of ``rows`` with small numbers suppressed (the rule is in the module docstring).

    ``rows`` are breakdown rows (keys measure, breakdown, group, numerator, denominator; la_code
    if several councils): each council's breakdown of a measure is one set of groups adding up to
    the measure's total. Ties go to the group given first.
    """
    out = [{**row, "suppressed": False} for row in rows]
    families: dict[tuple, list[dict]] = {}
    for row in out:
        measure = row["measure"]
        key = (row.get("la_code"), LINKED.get(measure, measure), row["breakdown"])
        families.setdefault(key, []).append(row)
    for (_, _, breakdown), members in families.items():
        by_group: dict[str, list[dict]] = {}
        for row in members:
            by_group.setdefault(row["group"], []).append(row)
        groups = list(by_group)
        hidden = {g for g, cells in by_group.items() if any(_primary(cell) for cell in cells)}

        def size(group: str, cells=by_group, order=groups) -> tuple:
            """Smallest first: denominator (or count), then numerator, then the order given."""
            figures = cells[group]
            return (
                max(c["numerator"] if c["denominator"] is None else c["denominator"] for c in figures),
                max(c["numerator"] for c in figures),
                order.index(group),
            )

        changed = True
        while changed:
            changed = False
            for members_of_total in _totals(breakdown, groups):
                shown = [g for g in members_of_total if g not in hidden]
                if len(members_of_total) - len(shown) == 1 and shown:
                    hidden.add(min(shown, key=size))
                    changed = True
        for group in hidden:
            for cell in by_group[group]:
                cell.update(numerator=None, denominator=None, outcome=None, suppressed=True)
    return out


def run_breakdowns(con, period_start: date, period_end: date) -> list[dict]:
    """Every measure's breakdowns for the period, small numbers suppressed.

    Rows: la_code, measure, breakdown ("age band" | "sex" | "ethnicity group" | "primary support
    reason"), group, numerator, denominator, outcome, suppressed, period_start, period_end; in
    measure, breakdown and group order. Run after :func:`engine.build` on the same connection.
    """
    return suppress(breakdown_counts(con, period_start, period_end))


METHOD_BANDS = ("18 to 64", "65 and above")
#: The method's own groups that split a total by sex: (the total, its Male and Female groups).
_SEX_SPLITS = (("Total", "Male", "Female"), *((band, f"{band} Male", f"{band} Female") for band in METHOD_BANDS))


def suppress_method_groups(rows: list[dict]) -> list[dict]:
    """Copies of a measure's own rows (engine rows: la_code, measure, group, numerator,
    denominator, outcome) with its sex groups suppressed by the rule of :func:`suppress`.

    Where the method splits a total into Male and Female (2E and 2E LD, overall and within each
    age band), the people of another or unknown sex are the total less the two, so they could be
    worked out though no row shows them. Each split is treated as a breakdown of three groups,
    Male, Female and that remainder: a small group, or a small remainder, hides Male or Female
    (the smaller) as the breakdowns would. The method's totals and age bands are shown as ASCOF
    publishes them. Rows gain ``suppressed``.
    """
    out = [{**row, "suppressed": False} for row in rows]
    index = {(row.get("la_code"), row["measure"], row["group"]): row for row in out}
    for (la_code, measure, group), total in list(index.items()):
        for total_group, male_group, female_group in _SEX_SPLITS:
            if group != total_group:
                continue
            male = index.get((la_code, measure, male_group))
            female = index.get((la_code, measure, female_group))
            if male is None or female is None or total["numerator"] is None:
                continue
            cells = [
                {"la_code": la_code, "measure": measure, "breakdown": SEX, "group": name, **figures}
                for name, figures in (
                    ("Male", {"numerator": male["numerator"], "denominator": male["denominator"]}),
                    ("Female", {"numerator": female["numerator"], "denominator": female["denominator"]}),
                    (
                        "Other or not known",
                        {
                            "numerator": total["numerator"] - male["numerator"] - female["numerator"],
                            "denominator": None
                            if total["denominator"] is None
                            else total["denominator"] - male["denominator"] - female["denominator"],
                        },
                    ),
                )
            ]
            hidden = {cell["group"] for cell in suppress(cells) if cell["suppressed"]}
            for name, row in (("Male", male), ("Female", female)):
                if name in hidden:
                    row.update(numerator=None, denominator=None, outcome=None, suppressed=True)
    return out
