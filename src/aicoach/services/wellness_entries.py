"""Daily wellness entries through the API: listed, added with the CLI's plausibility checks,
deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.errors import ImplausibleValueError, NotFoundError, UserError
from aicoach.io.plausibility import WELLNESS_LIMITS, require_plausible
from aicoach.services.data_freshness import NOT_FOUND, local_today
from aicoach.storage.tables import (
    AthleteRow,
    WellnessRow,
)
from aicoach.storage.wellness import upsert_wellness
from aicoach.units import hours_to_seconds, seconds_to_hours


@dataclass(frozen=True, slots=True)
class WellnessInput:
    """A manual entry as typed (the ``aicoach wellness add`` options)."""

    day: date | None = None
    resting_hr_bpm: float | None = None
    hrv_rmssd_ms: float | None = None
    hrv_sdnn_ms: float | None = None
    sleep_h: float | None = None
    sleep_quality_1_5: int | None = None
    systolic_mmhg: int | None = None
    diastolic_mmhg: int | None = None
    spo2_pct: float | None = None
    mass_kg: float | None = None
    mood_1_5: int | None = None
    soreness_1_5: int | None = None
    stress_1_5: int | None = None
    fatigue_1_5: int | None = None
    illness: bool | None = None
    note: str | None = None


def list_wellness_rows(session: Session, athlete: AthleteRow, days: int) -> list[WellnessRow]:
    """The last ``days`` local days, oldest first."""
    since = local_today(athlete) - timedelta(days=days - 1)
    return list(
        session.scalars(
            select(WellnessRow)
            .where(WellnessRow.athlete_id == athlete.id, WellnessRow.day >= since)
            .order_by(WellnessRow.day, WellnessRow.source)
        )
    )


def add_wellness(
    session: Session, athlete: AthleteRow, given: WellnessInput
) -> tuple[WellnessRow, str]:
    """Store a manual entry, checked as the CLI checks it; the row and what happened."""
    entry = _wellness_entry(athlete, given)
    outcome = upsert_wellness(session, athlete.id, entry)
    row = session.scalars(
        select(WellnessRow).where(
            WellnessRow.athlete_id == athlete.id,
            WellnessRow.day == entry.day,
            WellnessRow.source == entry.source,
        )
    ).one()
    return row, outcome


def delete_wellness(session: Session, athlete: AthleteRow, entry_id: int) -> None:
    row = session.scalars(
        select(WellnessRow).where(WellnessRow.id == entry_id, WellnessRow.athlete_id == athlete.id)
    ).first()
    if row is None:
        raise NotFoundError(NOT_FOUND, kind="wellness entry", identifier=str(entry_id))
    session.delete(row)
    session.flush()


def _wellness_entry(athlete: AthleteRow, given: WellnessInput) -> WellnessEntry:
    if given.hrv_rmssd_ms is not None and given.hrv_sdnn_ms is not None:
        raise UserError("give HRV either as hrv_rmssd_ms or as hrv_sdnn_ms, not both")
    if (given.systolic_mmhg is None) != (given.diastolic_mmhg is None):
        raise UserError("blood pressure needs both systolic_mmhg and diastolic_mmhg")
    if (
        given.systolic_mmhg is not None
        and given.diastolic_mmhg is not None
        and given.systolic_mmhg <= given.diastolic_mmhg
    ):
        raise UserError(
            f"blood pressure: systolic {given.systolic_mmhg} must be above diastolic "
            f"{given.diastolic_mmhg}"
        )
    method = (
        HrvMethod.RMSSD
        if given.hrv_rmssd_ms is not None
        else HrvMethod.SDNN
        if given.hrv_sdnn_ms is not None
        else None
    )
    entry = WellnessEntry(
        day=given.day or local_today(athlete),
        source="manual",
        resting_hr_bpm=given.resting_hr_bpm,
        hrv_ms=given.hrv_rmssd_ms if given.hrv_rmssd_ms is not None else given.hrv_sdnn_ms,
        hrv_method=method,
        sleep_duration_s=hours_to_seconds(given.sleep_h) if given.sleep_h is not None else None,
        sleep_quality_1_5=given.sleep_quality_1_5,
        systolic_mmhg=given.systolic_mmhg,
        diastolic_mmhg=given.diastolic_mmhg,
        spo2_pct=given.spo2_pct,
        mass_kg=given.mass_kg,
        mood_1_5=given.mood_1_5,
        soreness_1_5=given.soreness_1_5,
        stress_1_5=given.stress_1_5,
        fatigue_1_5=given.fatigue_1_5,
        illness=given.illness,
        notes=given.note or None,
    )
    if not entry.measurement_names():
        raise UserError("nothing to record: give at least one value")
    for name in entry.measurement_names():
        value = getattr(entry, name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                require_plausible(WELLNESS_LIMITS, name, float(value), field_label=name)
            except ImplausibleValueError as exc:
                raise UserError(f"{exc.field}: {exc.message}") from exc
    return entry


def wellness_json(row: WellnessRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": row.day,
        "source": row.source,
        "resting_hr_bpm": row.resting_hr_bpm,
        "hrv_ms": row.hrv_ms,
        "hrv_method": row.hrv_method,
        "sleep_h": None if row.sleep_duration_s is None else seconds_to_hours(row.sleep_duration_s),
        "sleep_quality_1_5": row.sleep_quality_1_5,
        "systolic_mmhg": row.systolic_mmhg,
        "diastolic_mmhg": row.diastolic_mmhg,
        "spo2_pct": row.spo2_pct,
        "mass_kg": row.mass_kg,
        "vo2max_ml_kg_min": row.vo2max_ml_kg_min,
        "mood_1_5": row.mood_1_5,
        "soreness_1_5": row.soreness_1_5,
        "stress_1_5": row.stress_1_5,
        "fatigue_1_5": row.fatigue_1_5,
        "illness": row.illness,
        "note": row.notes,
    }


# --- weekly totals ---------------------------------------------------------------------------
