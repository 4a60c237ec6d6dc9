"""Writers for the CSV formats that ``csv_readers`` reads (documented in docs/csv-formats.md)."""

from __future__ import annotations

import csv
import io

from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.io.csv_readers import WELLNESS_COLUMNS
from aicoach.units import seconds_to_hours


def write_wellness_csv(entries: list[WellnessEntry]) -> bytes:
    """One row per entry in the wellness format; missing values are empty cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(WELLNESS_COLUMNS)
    for entry in entries:
        cells = _wellness_cells(entry)
        writer.writerow(
            ["" if cells.get(column) is None else cells[column] for column in WELLNESS_COLUMNS]
        )
    return buffer.getvalue().encode("utf-8")


def _wellness_cells(entry: WellnessEntry) -> dict[str, object]:
    cells: dict[str, object] = {name: getattr(entry, name) for name in entry.measurement_names()}
    cells["date"] = entry.day.isoformat()
    if entry.hrv_ms is not None:
        column = "hrv_sdnn_ms" if entry.hrv_method is HrvMethod.SDNN else "hrv_rmssd_ms"
        cells[column] = round(entry.hrv_ms, 1)
    if entry.sleep_duration_s is not None:
        cells["sleep_h"] = round(seconds_to_hours(entry.sleep_duration_s), 3)
    if entry.illness is not None:
        cells["illness"] = "yes" if entry.illness else "no"
    return cells
