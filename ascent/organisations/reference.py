"""Loading the shipped reference data: English regions and councils.

The data lives in ``organisations/data/`` (regions.csv; councils.csv — the 153 councils
with adult social services responsibilities as at 1 April 2024, with GSS codes and ONS
regions). Loading is an upsert by natural key, so running it again changes nothing, and a
corrected file updates the rows it corrects.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import CouncilType, Organisation, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ReferenceDataError(ValueError):
    pass


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, key: str, rows: list[dict], result: LoadResult) -> dict[str, object]:
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    saved = {}
    for values in rows:
        obj = existing.get(values[key])
        if obj is None:
            obj = model.objects.create(**values)
            result.created += 1
        else:
            changed = [f for f, v in values.items() if getattr(obj, f) != v]
            if changed:
                for field in changed:
                    setattr(obj, field, values[field])
                obj.save(update_fields=changed)
                result.updated += 1
            else:
                result.unchanged += 1
        saved[values[key]] = obj
    return saved


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> dict[str, LoadResult]:
    region_rows = _read(data_dir / "regions.csv")
    council_rows = _read(data_dir / "councils.csv")
    results = {"regions": LoadResult(), "organisations": LoadResult()}
    regions = _upsert(
        Region,
        "code",
        [{"code": r["code"], "name": r["name"], "adass_name": r["adass_name"]} for r in region_rows],
        results["regions"],
    )
    valid_types = set(CouncilType.values)
    organisations = []
    for line, row in enumerate(council_rows, start=2):
        if row["council_type"] not in valid_types:
            raise ReferenceDataError(f"councils.csv row {line}: unknown council type {row['council_type']!r}")
        if row["region_gss_code"] not in regions:
            raise ReferenceDataError(f"councils.csv row {line}: unknown region {row['region_gss_code']!r}")
        organisations.append(
            {
                "gss_code": row["gss_code"],
                "name": row["name"],
                "council_type": row["council_type"],
                "region_id": regions[row["region_gss_code"]].pk,
            }
        )
    _upsert(Organisation, "gss_code", organisations, results["organisations"])
    return results
