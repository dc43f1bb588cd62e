"""Small CLD extracts for the loader's tests, written as real CSV and XLSX files."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from ascent.cld import codes

#: A valid NHS number (check digit 3) and a second one (check digit 0).
NHS = "9434765919"
NHS_2 = "4010232137"


def person(**overrides) -> dict[str, str]:
    """A valid Release 2 row of a long-term community service, by heading; override by column name."""
    row = {
        "la_code": "310",
        "reporting_period_start_date": "2024-04-01",
        "reporting_period_end_date": "2025-03-31",
        "nhs_number": NHS,
        "la_person_unique_identifier": "P1",
        "gender": "Female",
        "ethnicity": "White: English, Welsh, Scottish, Northern Irish or British",
        "date_of_birth": "1940-05-17",
        "client_type": "Service user",
        "primary_support_reason": "Physical support: Personal care support",
        "postcode": "HA1 1AA",
        "accommodation_status": "Owner occupier or shared ownership scheme",
        "employment_status": "Not in paid employment: Not actively seeking work or retired",
        "has_unpaid_carer": "Yes",
        "client_funding_status": "Fully social care funded",
        "event_type": "Service",
        "event_reference": "S1",
        "event_start_date": "2024-05-01",
        "event_end_date": "",
        "event_outcome": "Continuation of support or services",
        "service_type": "Long term support: Community",
        "service_component": "Home support or domiciliary care",
        "delivery_mechanism": "CASSR commissioned support",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict], *, headings: list[str] | None = None) -> Path:
    headings = headings or [field.heading for field in codes.FIELDS]
    by_heading = {field.heading: field.column for field in codes.FIELDS}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        for row in rows:
            writer.writerow([row.get(by_heading.get(h, h), "") for h in headings])
    return path


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    headings = [field.heading for field in codes.FIELDS]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headings)
    for row in rows:
        sheet.append([row.get(field.column) or None for field in codes.FIELDS])
    book.save(path)
    return path
