"""Day-by-day inputs of the engine, gathered from storage in the athlete's local days.

Load: each activity's stored load (its TSS-family metric) on the local day it started, plus
logged sessions converted to a TSS equivalent; 0 on days without training (a real zero).
Wellness: one value per day; when several sources report a day, a value typed by the athlete
wins over imported ones. HRV: rMSSD when the athlete has it, else SDNN (Apple Watch) — the
normal band is built from the athlete's own values, so one method is used throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.analytics.conventions import AnalyticsSettings
from aicoach.analytics.series import AthleteSeries, compute_athlete_series
from aicoach.analytics.session_load import tss_equivalent_from_rpe
from aicoach.domain.activity import FloatArray
from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import ActivityRow, AthleteRow
from aicoach.storage.wellness import list_wellness
from aicoach.units import seconds_to_hours

MANUAL_SOURCE = "manual"


@dataclass(frozen=True, slots=True)
class DailyInputs:
    """Consecutive local days from ``first_day``; NaN where nothing was measured."""

    first_day: date
    load: FloatArray
    hrv_ms: FloatArray
    hrv_method: HrvMethod | None
    resting_hr_bpm: FloatArray
    sleep_h: FloatArray
    systolic_mmhg: FloatArray
    diastolic_mmhg: FloatArray
    spo2_pct: FloatArray
    activity_max_hr_bpm: FloatArray
    notes: tuple[str | None, ...]

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=offset) for offset in range(self.load.size)]


def first_data_day(session: Session, athlete: AthleteRow) -> date | None:
    """The first local day with an activity or a wellness entry."""
    zone = ZoneInfo(athlete.timezone)
    first_start = session.scalar(
        select(ActivityRow.start_time)
        .where(ActivityRow.athlete_id == athlete.id)
        .order_by(ActivityRow.start_time)
        .limit(1)
    )
    candidates = [first_start.astimezone(zone).date()] if first_start else []
    entries = list_wellness(session, athlete.id)
    if entries:
        candidates.append(entries[0].day)
    return min(candidates) if candidates else None


def gather_daily_inputs(
    session: Session, athlete: AthleteRow, first_day: date, last_day: date
) -> DailyInputs:
    zone = ZoneInfo(athlete.timezone)
    sessions: list[DayLoad] = []
    for row in _activities_between(session, athlete, first_day, last_day, zone):
        max_hr = row.metrics.get("hr_max_bpm")
        sessions.append(
            DayLoad(
                row.start_time.astimezone(zone).date(),
                row.load or 0.0,
                float(max_hr) if isinstance(max_hr, int | float) else None,
            )
        )
    for manual in list_manual_sessions(session, athlete.id, since=first_day):
        load = tss_equivalent_from_rpe(manual.duration_s, manual.rpe_0_10)
        sessions.append(DayLoad(manual.day, load))
    entries = list_wellness(session, athlete.id, since=first_day, until=last_day)
    return daily_inputs_from(first_day, last_day, sessions, entries)


@dataclass(frozen=True, slots=True)
class DayLoad:
    """One session's contribution to a local day: its load and the highest HR recorded."""

    day: date
    load: float
    max_hr_bpm: float | None = None


def daily_inputs_from(
    first_day: date, last_day: date, sessions: list[DayLoad], entries: list[WellnessEntry]
) -> DailyInputs:
    """Lay sessions and wellness entries out on consecutive days (outside days are ignored)."""
    day_count = (last_day - first_day).days + 1
    load = np.zeros(day_count)
    activity_max_hr = np.full(day_count, np.nan)
    for item in sessions:
        index = (item.day - first_day).days
        if not 0 <= index < day_count:
            continue
        load[index] += item.load
        if item.max_hr_bpm is not None:
            activity_max_hr[index] = np.fmax(activity_max_hr[index], item.max_hr_bpm)
    inside = [entry for entry in entries if first_day <= entry.day <= last_day]
    return _with_wellness(first_day, load, activity_max_hr, inside)


def athlete_series(
    session: Session,
    athlete: AthleteRow,
    *,
    last_day: date,
    settings: AnalyticsSettings | None = None,
    sleep_target_h: float = 7.0,
) -> tuple[DailyInputs, AthleteSeries] | None:
    """All daily series from the athlete's first data day to ``last_day``; ``None`` without data."""
    refresh_activity_metrics(session, athlete)
    first_day = first_data_day(session, athlete)
    if first_day is None or first_day > last_day:
        return None
    inputs = gather_daily_inputs(session, athlete, first_day, last_day)
    return inputs, series_from_inputs(inputs, settings or AnalyticsSettings(), sleep_target_h)


def series_from_inputs(
    inputs: DailyInputs, settings: AnalyticsSettings, sleep_target_h: float = 7.0
) -> AthleteSeries:
    """The engine's daily series over the gathered inputs."""
    return compute_athlete_series(
        inputs.first_day,
        inputs.load,
        settings,
        hrv_rmssd_ms=inputs.hrv_ms,
        resting_hr_bpm=inputs.resting_hr_bpm,
        sleep_h=inputs.sleep_h,
        sleep_target_h=sleep_target_h,
    )


def _activities_between(
    session: Session, athlete: AthleteRow, first_day: date, last_day: date, zone: ZoneInfo
) -> list[ActivityRow]:
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    return list(
        session.scalars(
            select(ActivityRow)
            .where(ActivityRow.athlete_id == athlete.id)
            .where(ActivityRow.start_time >= start, ActivityRow.start_time < end)
        )
    )


def _with_wellness(
    first_day: date, load: FloatArray, activity_max_hr: FloatArray, entries: list[WellnessEntry]
) -> DailyInputs:
    day_count = load.size
    columns = {name: np.full(day_count, np.nan) for name in _WELLNESS_COLUMNS}
    notes: list[str | None] = [None] * day_count
    method = _dominant_hrv_method(entries)
    for entry in sorted(entries, key=lambda e: e.source == MANUAL_SOURCE):  # manual last: wins
        index = (entry.day - first_day).days
        for name, value in _entry_values(entry, method).items():
            if value is not None:
                columns[name][index] = value
        if entry.notes:
            notes[index] = entry.notes if notes[index] is None else f"{notes[index]}; {entry.notes}"
    return DailyInputs(
        first_day=first_day,
        load=load,
        hrv_method=method,
        activity_max_hr_bpm=activity_max_hr,
        notes=tuple(notes),
        **columns,
    )


_WELLNESS_COLUMNS = (
    "hrv_ms",
    "resting_hr_bpm",
    "sleep_h",
    "systolic_mmhg",
    "diastolic_mmhg",
    "spo2_pct",
)


def _entry_values(entry: WellnessEntry, method: HrvMethod | None) -> dict[str, float | None]:
    return {
        "hrv_ms": entry.hrv_ms if entry.hrv_method is method else None,
        "resting_hr_bpm": entry.resting_hr_bpm,
        "sleep_h": seconds_to_hours(entry.sleep_duration_s)
        if entry.sleep_duration_s is not None
        else None,
        "systolic_mmhg": float(entry.systolic_mmhg) if entry.systolic_mmhg is not None else None,
        "diastolic_mmhg": float(entry.diastolic_mmhg) if entry.diastolic_mmhg is not None else None,
        "spo2_pct": entry.spo2_pct,
    }


def _dominant_hrv_method(entries: list[WellnessEntry]) -> HrvMethod | None:
    counts = {method: 0 for method in HrvMethod}
    for entry in entries:
        if entry.hrv_method is not None and entry.hrv_ms is not None:
            counts[entry.hrv_method] += 1
    if not any(counts.values()):
        return None
    return HrvMethod.RMSSD if counts[HrvMethod.RMSSD] >= counts[HrvMethod.SDNN] else HrvMethod.SDNN
