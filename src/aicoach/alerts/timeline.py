"""The input of every alert rule: one athlete's consecutive days, as aligned arrays.

A service fills an :class:`AthleteTimeline` from the database and the analytics engine; the
rules only read it. Index ``i`` of every array is the local day ``first_day + i``. ``NaN``
marks a missing value (no measurement, or not enough history for a rolling value), and a rule
never fires on a missing value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray
from aicoach.errors import UserError

SeriesInput: TypeAlias = float | Sequence[float | None] | npt.NDArray[np.floating[Any]]
"""What :meth:`AthleteTimeline.build` accepts for one series: a full-length sequence (``None``
becomes ``NaN``) or one number repeated on every day."""

SERIES_FIELDS: tuple[str, ...] = (
    "resting_hr_bpm",
    "rhr_baseline_bpm",
    "rhr_baseline_sd_bpm",
    "hrv_ln_rmssd",
    "hrv_ln_7d",
    "hrv_band_low",
    "hrv_band_high",
    "sleep_h",
    "systolic_mmhg",
    "diastolic_mmhg",
    "spo2_pct",
    "load",
    "acwr",
    "monotony",
    "strain",
    "ctl",
    "ctl_ramp_per_week",
    "activity_max_hr_bpm",
)
"""Names of the per-day numeric series, in declaration order."""


@dataclass(frozen=True, slots=True, eq=False)
class AthleteTimeline:
    """Consecutive local days of one athlete's measurements and analytics results.

    Series (all the same length, float64, read-only, ``NaN`` = missing):

    - ``resting_hr_bpm``: the morning (or overnight lowest) resting heart rate.
    - ``rhr_baseline_bpm`` / ``rhr_baseline_sd_bpm``: rolling mean and standard deviation of
      resting HR over the previous days (today excluded), e.g. 60 days.
    - ``hrv_ln_rmssd``: the day's natural log of rMSSD (ms); ``hrv_ln_7d`` its 7-day rolling
      mean; ``hrv_band_low`` / ``hrv_band_high`` the athlete's normal band around the
      long-term baseline (e.g. mean +/- 0.5 SD of the 7-day values over 60 days; Plews 2013).
    - ``sleep_h``: hours slept in the night that ended on this day.
    - ``systolic_mmhg`` / ``diastolic_mmhg``: the day's resting blood pressure.
    - ``spo2_pct``: resting oxygen saturation.
    - ``load``: the day's training load (TSS-like units; 0 on a rest day with data).
    - ``acwr``, ``monotony``, ``strain``, ``ctl``, ``ctl_ramp_per_week``: analytics results
      computed from ``load`` (``ctl_ramp_per_week`` = CTL today minus CTL 7 days earlier).
    - ``activity_max_hr_bpm``: the highest heart rate recorded in any activity that day.

    ``notes`` holds each day's wellness or illness notes in the athlete's own words.
    Profile values: ``hr_max_bpm`` (``None`` when unknown), ``sleep_target_h`` and
    ``bp_clearance`` (a doctor cleared exercise with the athlete's blood pressure).
    """

    first_day: date
    resting_hr_bpm: FloatArray
    rhr_baseline_bpm: FloatArray
    rhr_baseline_sd_bpm: FloatArray
    hrv_ln_rmssd: FloatArray
    hrv_ln_7d: FloatArray
    hrv_band_low: FloatArray
    hrv_band_high: FloatArray
    sleep_h: FloatArray
    systolic_mmhg: FloatArray
    diastolic_mmhg: FloatArray
    spo2_pct: FloatArray
    load: FloatArray
    acwr: FloatArray
    monotony: FloatArray
    strain: FloatArray
    ctl: FloatArray
    ctl_ramp_per_week: FloatArray
    activity_max_hr_bpm: FloatArray
    notes: tuple[str | None, ...]
    hr_max_bpm: int | None = None
    sleep_target_h: float = 7.0
    bp_clearance: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", tuple(self.notes))
        length = len(self.notes)
        for name in SERIES_FIELDS:
            values = np.array(getattr(self, name), dtype=np.float64)
            if values.ndim != 1 or values.size != length:
                raise UserError(
                    f"timeline series '{name}' has shape {values.shape}; "
                    f"expected {length} days like 'notes'"
                )
            values.setflags(write=False)
            object.__setattr__(self, name, values)
        if self.hr_max_bpm is not None and self.hr_max_bpm <= 0:
            raise UserError(f"hr_max_bpm must be positive, got {self.hr_max_bpm}")
        if not self.sleep_target_h > 0:
            raise UserError(f"sleep_target_h must be positive, got {self.sleep_target_h}")

    def __len__(self) -> int:
        return len(self.notes)

    @property
    def days(self) -> tuple[date, ...]:
        """The local date of every index, from ``first_day``."""
        return tuple(self.day_at(i) for i in range(len(self.notes)))

    @property
    def last_day(self) -> date:
        return self.day_at(len(self.notes) - 1)

    def day_at(self, index: int) -> date:
        """The local date of array index ``index``."""
        return self.first_day + timedelta(days=index)

    def index_of(self, day: date) -> int:
        """The array index of ``day``; a day outside the timeline is an error."""
        index = (day - self.first_day).days
        if not 0 <= index < len(self.notes):
            raise UserError(f"{day.isoformat()} is outside the timeline")
        return index

    @classmethod
    def build(
        cls,
        first_day: date,
        n_days: int,
        *,
        notes: Sequence[str | None] | Mapping[int, str] | None = None,
        hr_max_bpm: int | None = None,
        sleep_target_h: float = 7.0,
        bp_clearance: bool = False,
        **series: SeriesInput,
    ) -> AthleteTimeline:
        """A timeline of ``n_days`` with every series ``NaN`` except those given.

        ``series`` maps field names to full-length sequences (``None`` -> ``NaN``) or to one
        number for every day; ``notes`` is a full-length sequence or ``{index: text}``.
        """
        if n_days < 1:
            raise UserError(f"a timeline needs at least one day, got {n_days}")
        unknown = sorted(set(series) - set(SERIES_FIELDS))
        if unknown:
            raise UserError(
                f"unknown timeline series {', '.join(unknown)}; known: {', '.join(SERIES_FIELDS)}"
            )
        arrays = {name: _series_array(name, series.get(name), n_days) for name in SERIES_FIELDS}
        return cls(
            first_day=first_day,
            notes=_notes_tuple(notes, n_days),
            hr_max_bpm=hr_max_bpm,
            sleep_target_h=sleep_target_h,
            bp_clearance=bp_clearance,
            **arrays,
        )


def _series_array(name: str, values: SeriesInput | None, n_days: int) -> FloatArray:
    if values is None:
        return np.full(n_days, np.nan)
    if isinstance(values, int | float):
        return np.full(n_days, float(values))
    array = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if array.shape != (n_days,):
        raise UserError(f"timeline series '{name}' has {array.size} values; expected {n_days}")
    return array


def _notes_tuple(
    notes: Sequence[str | None] | Mapping[int, str] | None, n_days: int
) -> tuple[str | None, ...]:
    if notes is None:
        return (None,) * n_days
    if isinstance(notes, Mapping):
        outside = [i for i in notes if not 0 <= i < n_days]
        if outside:
            raise UserError(f"notes for day indexes {outside} fall outside {n_days} days")
        return tuple(notes.get(i) for i in range(n_days))
    if len(notes) != n_days:
        raise UserError(f"notes has {len(notes)} entries; expected {n_days}")
    return tuple(notes)
