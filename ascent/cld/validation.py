"""Checking a CLD extract: read with DuckDB, every check a SQL query over the whole file.

:func:`check_file` reads a CSV or XLSX file with DuckDB's own readers (every cell as text),
checks its header, puts its rows in a table ``staged`` (the spec's columns under their
snake_case names, plus ``record_id``, the row's number among the data rows), and runs the row
checks as SQL into a table ``problems`` (record_id, field, value, reason, is_warning). Nothing
is read row by row in Python, so a file of a million rows is checked in DuckDB's bounded memory.

**Fatal problems** (:class:`Report.fatal`) mean nothing is saved: a file that cannot be read,
a missing or repeated heading, no rows, more than one LA code, or an LA code that is not the
council's. **Row problems** are kept as the extract's data-quality findings:

- a blank field the specification makes mandatory for that kind of row (the Release 1 rules
  DHSC's data-quality checks applied, reference §3; the Release 2 rules are assumed the same);
- a coded value not in its list. Values are checked case-sensitively, as the reference
  advises; a value that matches only once trimmed and lower-cased is a **warning** (it is read
  as the listed value) rather than an error;
- a date that is not a date (``YYYY-MM-DD`` or ``DD/MM/YYYY``), a number that is not a number;
- an event that ends before it starts, a death before the birth, an NHS number that is not ten
  digits or whose check digit is wrong.

:meth:`Report.summary` gives what the extract's pages show: problems by field and reason,
which release its values follow (Release 1 values are mapped forward to Release 2 when the
measures run), and whether it is usable for each measure.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
from django.conf import settings

from ascent.imports.reading import Limits, ReadError, check_archive

from . import codes

#: Accepted date forms, tried in order.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
#: Problems kept as examples in the database, per field and reason (the rest are in the Parquet file).
EXAMPLES_PER_KIND = 5
#: A measure is not usable when more than this share of the rows it reads have a blocking problem
#: in a field it needs.
UNUSABLE_SHARE = 0.05
#: The most rows an extract may have (a council's rolling year is well under a million rows).
MAX_ROWS = 5_000_000

_KBA = "lower(trim(client_type)) in ('carer known by association', 'unpaid carer known by association')"
_EVENT = "lower(trim(event_type))"
_SERVICE_USER = "lower(trim(client_type)) = 'service user'"
_FINANCIAL = "lower(trim(assessment_type)) like 'financial%'"
_PLANNED_REVIEW = "lower(trim(review_reason)) like 'planned%'"
_LONG_TERM = "lower(trim(service_type)) like 'long term support%'"
_CARER_SERVICE = (
    "(lower(trim(service_type)) like 'carer support%' or lower(trim(service_type)) like 'unpaid carer support%')"
)
_COSTED_COMPONENT = (
    "lower(trim(service_component)) in ('short term residential care', 'short term nursing care', 'carer respite',"
    " 'unpaid carer respite')"
)
_NOT_COMMISSIONED = "coalesce(lower(trim(delivery_mechanism)), '') <> 'cassr commissioned support'"
_COSTED = f"{_EVENT} = 'service' and {_NOT_COMMISSIONED} and ({_LONG_TERM} or {_COSTED_COMPONENT} or {_CARER_SERVICE})"
_MORE_OFTEN_THAN_WEEKLY = "lower(trim(cost_frequency_unit_type)) in ('hourly', 'daily', 'per session')"

#: column → (SQL condition for the rows where it must be given, what those rows are, in words).
MANDATORY: dict[str, tuple[str, str]] = {
    "la_code": ("true", "every row"),
    "reporting_period_start_date": ("true", "every row"),
    "reporting_period_end_date": ("true", "every row"),
    "nhs_number": ("true", "every row"),
    "la_person_unique_identifier": ("true", "every row"),
    "gender": ("true", "every row"),
    "ethnicity": ("true", "every row"),
    "date_of_birth": ("true", "every row"),
    "client_type": ("true", "every row"),
    "postcode": ("true", "every row"),
    "accommodation_status": ("true", "every row"),
    "has_unpaid_carer": ("true", "every row"),
    "primary_support_reason": (f"coalesce({_EVENT}, '') <> 'request'", "every row but requests"),
    "event_type": (f"not ({_KBA})", "every row but carers known by association"),
    "event_start_date": (f"not ({_KBA})", "every event"),
    "event_end_date": (
        f"{_EVENT} in ('request', 'assessment', 'review') or ({_EVENT} = 'service' and date_of_death is not null)",
        "requests, assessments, reviews, and services of a person who has died",
    ),
    "event_outcome": (
        f"not ({_KBA}) and event_type is not null and not ({_EVENT} = 'assessment' and {_FINANCIAL})",
        "every event but financial assessments",
    ),
    "request_route_of_access": (f"{_EVENT} = 'request'", "requests"),
    "assessment_type": (f"{_EVENT} = 'assessment'", "assessments"),
    "method_of_assessment": (f"{_EVENT} = 'assessment' and not ({_FINANCIAL})", "assessments but financial ones"),
    "service_type": (f"{_EVENT} = 'service'", "services"),
    "service_component": (f"{_EVENT} = 'service'", "services"),
    "review_reason": (f"{_EVENT} = 'review'", "reviews"),
    "method_of_review": (f"{_EVENT} = 'review'", "reviews"),
    "review_outcomes_achieved": (f"{_EVENT} = 'review' and {_PLANNED_REVIEW}", "planned reviews"),
    "client_funding_status": (
        f"{_SERVICE_USER} and ({_EVENT} in ('service', 'review') or ({_EVENT} = 'assessment' and {_FINANCIAL}))",
        "services, reviews and financial assessments of service users",
    ),
    "unit_cost": (_COSTED, "services that must carry a planned cost"),
    "cost_frequency_unit_type": (_COSTED, "services that must carry a planned cost"),
    "planned_units_per_week": (
        f"{_COSTED} and {_MORE_OFTEN_THAN_WEEKLY}",
        "costed services paid by the hour, day or session",
    ),
}

#: The fields each measure reads, and which rows it reads them on (for "usable for each measure").
MEASURE_NEEDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "2A": (
        "Short-term support (reablement) outcome",
        ("service_type", "event_start_date", "event_end_date", "event_outcome", "date_of_birth", "client_type"),
        f"{_EVENT} = 'service'",
    ),
    "2B/2C": (
        "Admissions to residential and nursing care",
        ("service_type", "service_component", "event_start_date", "date_of_birth", "client_type"),
        f"{_EVENT} = 'service' and {_LONG_TERM}",
    ),
    "2E": (
        "Living in their own home or with family",
        ("service_type", "accommodation_status", "date_of_birth", "gender", "client_type"),
        f"{_EVENT} = 'service' and {_LONG_TERM}",
    ),
    "3D": (
        "Self-directed support and direct payments",
        ("service_type", "service_component", "delivery_mechanism", "client_type", "date_of_birth"),
        f"{_EVENT} = 'service'",
    ),
}


@dataclasses.dataclass
class Report:
    """What the check found."""

    rows: int = 0
    fatal: list[str] = dataclasses.field(default_factory=list)
    #: Headings in the file that are not CLD fields (ignored).
    ignored_headings: list[str] = dataclasses.field(default_factory=list)
    la_code: str = ""
    release: str = ""
    release_counts: dict[str, int] = dataclasses.field(default_factory=dict)
    stated_start: str | None = None
    stated_end: str | None = None
    #: (heading, reason, is_warning, count), most frequent first.
    kinds: list[tuple[str, str, bool, int]] = dataclasses.field(default_factory=list)
    #: heading → problem count.
    by_field: dict[str, int] = dataclasses.field(default_factory=dict)
    problem_count: int = 0
    error_count: int = 0
    usable: dict[str, dict] = dataclasses.field(default_factory=dict)

    @property
    def is_fatal(self) -> bool:
        return bool(self.fatal)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "release": self.release,
            "release_counts": self.release_counts,
            "ignored_headings": self.ignored_headings,
            "problem_count": self.problem_count,
            "error_count": self.error_count,
            "by_field": self.by_field,
            "kinds": [
                {"field": field, "reason": reason, "is_warning": warning, "count": count}
                for field, reason, warning, count in self.kinds
            ],
            "usable": self.usable,
        }


def _heading_key(text: str) -> str:
    return " ".join(str(text).split()).lower()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _reader(kind: str) -> str:
    """DuckDB's reader for the file (bound as ``?``): every cell as text, the heading row read as data,
    so a repeated heading is seen as repeated rather than renamed."""
    if kind == "xlsx":
        return "read_xlsx(?, all_varchar = true, header = false)"
    return (
        "read_csv(?, header = false, all_varchar = true, delim = ',', quote = '\"', escape = '\"',"
        " null_padding = true, encoding = 'utf-8')"
    )


def _read_headings(con: duckdb.DuckDBPyConnection, path: Path, kind: str) -> list[tuple[str, str]]:
    """The heading row: (the reader's column name, the heading as written), or [] for an empty file."""
    cursor = con.execute(f"select * from {_reader(kind)} limit 1", [str(path)])
    names = [d[0] for d in cursor.description]
    first = cursor.fetchone()
    if first is None:
        return []
    headings = []
    for name, heading in zip(names, first, strict=True):
        text = "" if heading is None else str(heading)
        headings.append((name, text[1:] if text.startswith("\ufeff") else text))
    return headings


def _check_header(headings: list[tuple[str, str]], report: Report) -> dict[str, str]:
    """The source column holding each CLD column present; fatal problems for missing or repeated headings."""
    by_key: dict[str, list[str]] = {}
    for name, heading in headings:
        by_key.setdefault(_heading_key(heading), []).append(name)
    present: dict[str, str] = {}
    missing: list[str] = []
    known = set()
    for field in codes.FIELDS:
        key = _heading_key(field.heading)
        known.add(key)
        found = by_key.get(key, [])
        if len(found) > 1:
            report.fatal.append(f"The heading “{field.heading}” appears {len(found)} times; it must appear once.")
        if found:
            present[field.column] = found[0]
        elif field.required_in_header:
            missing.append(field.heading)
    if missing:
        listed = ", ".join(f"“{name}”" for name in missing)
        report.fatal.append(
            f"The first row must be the CLD specification's headings. Missing: {listed}. "
            "Check the file is a CLD extract with its heading row first."
        )
    report.ignored_headings = [h for _, h in headings if h.strip() and _heading_key(h) not in known]
    return present


def _stage(con: duckdb.DuckDBPyConnection, path: Path, kind: str, present: dict[str, str]) -> None:
    """View ``staged``, from one read of the file: ``record_id`` (the row's number among the data
    rows) and every CLD column under its own name (absent optional ones empty), blanks as NULL.

    The file is read into table ``staged_rows`` in its own order (DuckDB keeps insertion order), so
    a row's ``rowid`` is its place in the file counting the heading as 0: that is the record_id,
    with no numbering pass over the rows.
    """
    columns = []
    for field in codes.FIELDS:
        if field.column in present:
            source = _quote(present[field.column])
            columns.append(f"nullif(trim({source}), '') as {field.column}")
        else:
            columns.append(f"cast(null as varchar) as {field.column}")
    con.execute(f"create table staged_rows as select {', '.join(columns)} from {_reader(kind)}", [str(path)])
    con.execute("create view staged as select rowid as record_id, * from staged_rows where rowid > 0")


def _literals(values: Iterable[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in dict.fromkeys(values))


def _date(column: str) -> str:
    """The column as a date, or NULL: ``DD/MM/YYYY`` when it has a slash, else ``YYYY-MM-DD``.

    The same as trying each of :data:`DATE_FORMATS` in turn (a value with a slash cannot match the
    first form, nor one without a slash the second), but only one parse is tried per value.
    """
    return (
        f"cast(case when contains({column}, '/') then try_strptime({column}, '{DATE_FORMATS[1]}')"
        f" else try_strptime({column}, '{DATE_FORMATS[0]}') end as date)"
    )


@dataclasses.dataclass(frozen=True)
class _Check:
    column: str
    #: SQL over one row of ``staged``: true when the row has this problem.
    condition: str
    reason: str
    warning: bool = False
    #: SQL for the value shown (default: the column's own).
    value: str | None = None


def _checks() -> list[_Check]:
    """Every row check, each a condition over one row of ``staged``."""
    checks: list[_Check] = []

    def add(column: str, condition: str, reason: str, *, warning: bool = False, value: str | None = None) -> None:
        checks.append(_Check(column, condition, reason, warning, value))

    for column, (condition, rows) in MANDATORY.items():
        add(column, f"{column} is null and ({condition})", f"is blank, but must be given on {rows}", value="''")
    for field in codes.FIELDS:
        column = field.column
        if field.kind == "code" and field.code_list:
            code_list = codes.CODE_LISTS[field.code_list]
            values = [*code_list.r2, *code_list.r1]
            # Written exactly as listed (either release), or only once trimmed and lower-cased.
            exact = f"list_contains([{_literals(values)}], {column})"
            loose = f"list_contains([{_literals(v.strip().lower() for v in values)}], lower({column}))"
            list_label = field.code_list.replace("_", " ")
            add(
                column,
                f"{column} is not null and not {exact} and not {loose}",
                f"is not in the {list_label} code list",
            )
            add(
                column,
                f"{column} is not null and not {exact} and {loose}",
                "is not written exactly as the code list has it (capitals or spaces differ); "
                "it is read as the listed value",
                warning=True,
            )
        elif field.kind == "date":
            add(
                column,
                f"{column} is not null and {_date(column)} is null",
                "is not a date: write it as YYYY-MM-DD or DD/MM/YYYY",
            )
        elif field.kind == "decimal":
            add(
                column,
                f"{column} is not null and try_cast(replace({column}, ',', '') as decimal(18, 2)) is null",
                "is not a number",
            )
        elif field.kind == "integer":
            add(column, f"{column} is not null and try_cast({column} as bigint) is null", "is not a whole number")
    start, end = _date("event_start_date"), _date("event_end_date")
    add(
        "event_end_date",
        f"{start} is not null and {end} is not null and {end} < {start}",
        "is before the event's start",
    )
    birth, death = _date("date_of_birth"), _date("date_of_death")
    add("date_of_death", f"{birth} is not null and {death} is not null and {death} < {birth}", "is before the birth")
    digits = "regexp_replace(nhs_number, '\\s', '', 'g')"
    add("nhs_number", f"nhs_number is not null and not regexp_full_match({digits}, '[0-9]{{10}}')", "is not ten digits")
    # The check digit (the modulus 11 rule), with the ten digits read once as a number ``n`` (a
    # lambda over a one-item list binds it, so the digits are not worked out again for each one).
    weighted = " + ".join(f"(n // {10 ** (10 - i)}) % 10 * {11 - i}" for i in range(1, 10))
    add(
        "nhs_number",
        f"nhs_number is not null and list_transform([{digits}], d -> regexp_full_match(d, '[0-9]{{10}}')"
        f" and list_transform([try_cast(d as bigint)], n -> (11 - (({weighted}) % 11)) % 11 <> n % 10)[1])[1]",
        "has a check digit that does not match: check the number",
    )
    return checks


def _find_problems(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``problems`` (record_id, field, value, reason, is_warning), in two steps.

    First one scan of ``staged`` keeps the rows with any problem at all (table ``flagged``; in a
    usable extract a few in a hundred); then each check is a query over those rows alone. So the
    whole file is read once, however many checks there are.
    """
    heading = {field.column: field.heading for field in codes.FIELDS}
    checks = _checks()
    any_problem = " or ".join(f"({check.condition})" for check in checks)
    con.execute(f"create temp table flagged as select * from staged where {any_problem}")
    selects = []
    for check in checks:
        reason = check.reason.replace("'", "''")
        selects.append(
            f"select record_id, '{heading[check.column]}' as field, {check.value or check.column} as value,"
            f" '{reason}' as reason, {str(check.warning).lower()} as is_warning from flagged where {check.condition}"
        )
    con.execute("create table problems as " + " union all ".join(selects))  # built from codes.FIELDS
    con.execute("drop table flagged")


def _release(con: duckdb.DuckDBPyConnection, report: Report) -> None:
    """Which release the coded values follow: counts of values found only in Release 1 or only in
    Release 2 (over every coded column, in one scan)."""
    counts = {"R1": [], "R2": []}
    for field in codes.FIELDS:
        if field.kind != "code" or not field.code_list:
            continue
        code_list = codes.CODE_LISTS[field.code_list]
        r1, r2 = set(code_list.r1), set(code_list.r2)
        for release, only in (("R1", r1 - r2), ("R2", r2 - r1)):
            if only:
                listed = _literals(sorted(only))
                counts[release].append(f"count(*) filter (where {field.column} in ({listed}))")
    if not counts["R1"] and not counts["R2"]:
        report.release, report.release_counts = "R2", {}
        return
    r1, r2 = (" + ".join(counts[release]) or "0" for release in ("R1", "R2"))
    found_r1, found_r2 = con.execute(f"select {r1}, {r2} from staged").fetchone()
    report.release_counts = {"R1": int(found_r1 or 0), "R2": int(found_r2 or 0)}
    if report.release_counts["R1"] and report.release_counts["R2"]:
        report.release = "mixed"
    elif report.release_counts["R1"]:
        report.release = "R1"
    else:
        report.release = "R2"


def _usable(con: duckdb.DuckDBPyConnection, report: Report) -> None:
    """Each measure's rows, and those with a blocking problem in a field it needs (one scan)."""
    heading = {field.column: field.heading for field in codes.FIELDS}
    flags, counts = [], []
    for number, (_, columns, rows_condition) in enumerate(MEASURE_NEEDS.values()):
        fields = ", ".join(f"'{heading[c]}'" for c in columns)
        flags.append(f"bool_or(field in ({fields})) as bad_{number}")
        counts.append(f"count(*) filter (where {rows_condition})")
        counts.append(f"count(*) filter (where ({rows_condition}) and b.bad_{number})")
    found = con.execute(
        f"with bad as (select record_id, {', '.join(flags)} from problems where not is_warning group by record_id)"
        f" select {', '.join(counts)} from staged left join bad b using (record_id)"
    ).fetchone()
    for number, (code, (title, _, _)) in enumerate(MEASURE_NEEDS.items()):
        total, bad = int(found[2 * number] or 0), int(found[2 * number + 1] or 0)
        if not total:
            verdict = {"usable": False, "why": "The extract has no rows this measure reads."}
        elif bad / total > UNUSABLE_SHARE:
            share = round(100 * bad / total, 1)
            verdict = {
                "usable": False,
                "why": f"{share}% of the rows it reads have a problem in a field it needs (more than "
                f"{round(UNUSABLE_SHARE * 100)}%).",
            }
        elif bad:
            verdict = {
                "usable": True,
                "why": f"{bad:,} of the {total:,} rows it reads have a problem in a field it needs.",
            }
        else:
            verdict = {"usable": True, "why": f"All {total:,} rows it reads passed the checks."}
        report.usable[code] = {"title": title, "rows": total, "with_problems": bad, **verdict}


def _workbook_problem(path: Path) -> str | None:
    """Why ``path`` is not a workbook DuckDB's reader may be given, or None.

    Checked with Python's zipfile before DuckDB sees the file: the reader does not stop on some
    damaged files, and a zip bomb is refused from the sizes its members declare.
    """
    limit = getattr(settings, "ASCENT_CLD_MAX_XLSX_BYTES", 2 * 1024**3)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names or not any(name.startswith("xl/worksheets/") for name in names):
                return "The file could not be read as an Excel workbook (.xlsx): it has no worksheet."
            check_archive(archive, Limits(max_uncompressed_bytes=limit, max_compression_ratio=100))
    except zipfile.BadZipFile:
        return "The file could not be read as an Excel workbook (.xlsx): it may be damaged. Save it again, or as CSV."
    except ReadError as error:
        return str(error) + "."
    return None


def check_file(con: duckdb.DuckDBPyConnection, path: Path, *, kind: str, expected_la_code: str | None = None) -> Report:
    """Check one extract (``kind`` "csv" or "xlsx") into ``con``'s tables ``staged`` and ``problems``."""
    report = Report()
    problem = _workbook_problem(Path(path)) if kind == "xlsx" else None
    if problem:
        report.fatal.append(problem)
        return report
    try:
        headings = _read_headings(con, Path(path), kind)
        if not headings:
            report.fatal.append("The file is empty.")
            return report
        present = _check_header(headings, report)
        if report.fatal:
            return report
        _stage(con, Path(path), kind, present)
    except duckdb.Error as error:
        reason = str(error).splitlines()[0][:300]
        form = "an Excel workbook" if kind == "xlsx" else "a CSV file (comma-separated, UTF-8)"
        report.fatal.append(f"The file could not be read as {form}: {reason}")
        return report
    report.rows = con.execute("select count(*) from staged").fetchone()[0]
    if not report.rows:
        report.fatal.append("The file has a heading row but no rows of data.")
        return report
    if report.rows > MAX_ROWS:
        report.fatal.append(f"The file has {report.rows:,} rows; an extract may have at most {MAX_ROWS:,}.")
        return report
    codes_found = con.execute(
        "select la_code, count(*) from staged where la_code is not null group by la_code order by 2 desc"
    ).fetchall()
    if len(codes_found) > 1:
        listed = ", ".join(f"{code} ({count:,} rows)" for code, count in codes_found[:5])
        report.fatal.append(
            f"An extract is one council's, but its LA Code column has {len(codes_found)} codes: {listed}."
        )
    elif codes_found:
        report.la_code = codes_found[0][0]
        if expected_la_code and report.la_code != expected_la_code:
            report.fatal.append(
                f"The file's LA Code is {report.la_code}, but this council's extracts carry {expected_la_code}. "
                "Check you are loading your own council's extract."
            )
    else:
        report.fatal.append("The LA Code column is blank on every row.")
    if report.fatal:
        return report
    _find_problems(con)
    _summarise(con, report)
    _release(con, report)
    _usable(con, report)
    period = con.execute(
        f"select min({_date('reporting_period_start_date')}), max({_date('reporting_period_end_date')}) from staged"
    ).fetchone()
    report.stated_start = period[0].isoformat() if period[0] else None
    report.stated_end = period[1].isoformat() if period[1] else None
    return report


def _summarise(con: duckdb.DuckDBPyConnection, report: Report) -> None:
    kinds = con.execute(
        "select field, reason, is_warning, count(*) from problems group by all order by 4 desc, 1, 2"
    ).fetchall()
    report.kinds = [(f, r, bool(w), int(n)) for f, r, w, n in kinds]
    report.by_field = {}
    for field, _, _, count in report.kinds:
        report.by_field[field] = report.by_field.get(field, 0) + count
    report.problem_count = sum(n for *_, n in report.kinds)
    report.error_count = sum(n for _, _, warning, n in report.kinds if not warning)


def examples(con: duckdb.DuckDBPyConnection, per_kind: int = EXAMPLES_PER_KIND) -> Iterable[tuple]:
    """The first few problems of each kind: (row in the file, field, value, reason, is_warning).

    The row in the file counts the heading as row 1, as a spreadsheet shows it.
    """
    return con.execute(
        "select record_id + 1, field, coalesce(value, ''), reason, is_warning from ("
        " select *, row_number() over (partition by field, reason order by record_id) as n from problems"
        f") where n <= {int(per_kind)} order by field, reason, record_id"
    ).fetchall()
