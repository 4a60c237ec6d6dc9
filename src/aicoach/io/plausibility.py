"""Physiological and physical plausibility limits for imported values.

A sample outside its limits is a device glitch or a corrupt file, never training data: stream
samples outside the limits become missing (and the import says so), while a typed-in value
outside them is refused with an error naming the field.

Limits are generous on purpose; they exclude only what no human or device produces:
- heart rate 25-250 bpm (recorded resting rates in elite endurance athletes reach the high 20s;
  maximal rates above ~220 are rare, 250 leaves margin for children and arrhythmia recordings);
- power 0-2,500 W (elite track sprinters peak near 2,000-2,500 W);
- speed 0-40 m/s (144 km/h, faster than any human-powered descent);
- cadence 0-250 rpm or spm;
- altitude -500-9,000 m; latitude ±90°, longitude ±180°; temperature -60-70 °C;
- distance must be non-negative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aicoach.domain.activity import StreamChannel, Streams
from aicoach.errors import ImplausibleValueError


@dataclass(frozen=True, slots=True)
class Limits:
    low: float
    high: float
    unit: str

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


STREAM_LIMITS: dict[StreamChannel, Limits] = {
    StreamChannel.HEART_RATE_BPM: Limits(25, 250, "bpm"),
    StreamChannel.POWER_W: Limits(0, 2500, "W"),
    StreamChannel.SPEED_M_S: Limits(0, 40, "m/s"),
    StreamChannel.CADENCE_RPM: Limits(0, 250, "rpm"),
    StreamChannel.ALTITUDE_M: Limits(-500, 9000, "m"),
    StreamChannel.LATITUDE_DEG: Limits(-90, 90, "°"),
    StreamChannel.LONGITUDE_DEG: Limits(-180, 180, "°"),
    StreamChannel.DISTANCE_M: Limits(0, 2_000_000, "m"),
    StreamChannel.TEMPERATURE_C: Limits(-60, 70, "°C"),
}

WELLNESS_LIMITS: dict[str, Limits] = {
    "resting_hr_bpm": Limits(25, 150, "bpm"),
    "hrv_ms": Limits(1, 500, "ms"),
    "sleep_duration_s": Limits(0, 24 * 3600, "s"),
    "sleep_quality_1_5": Limits(1, 5, ""),
    "systolic_mmhg": Limits(60, 300, "mmHg"),
    "diastolic_mmhg": Limits(30, 200, "mmHg"),
    "spo2_pct": Limits(50, 100, "%"),
    "mass_kg": Limits(20, 400, "kg"),
    "vo2max_ml_kg_min": Limits(10, 100, "ml/kg/min"),
    "mood_1_5": Limits(1, 5, ""),
    "soreness_1_5": Limits(1, 5, ""),
    "stress_1_5": Limits(1, 5, ""),
    "fatigue_1_5": Limits(1, 5, ""),
}

SESSION_LIMITS: dict[str, Limits] = {
    "duration_s": Limits(1, 48 * 3600, "s"),
    "rpe_0_10": Limits(0, 10, ""),
    "distance_m": Limits(0, 2_000_000, "m"),
}


def mask_implausible_samples(streams: Streams) -> list[str]:
    """Replace samples outside ``STREAM_LIMITS`` with ``NaN``; describe each repair.

    Returns one sentence per channel that was repaired, e.g. "3 heart_rate_bpm samples outside
    25-250 bpm (e.g. 300) were dropped".
    """
    notes: list[str] = []
    for channel, values in streams.items():
        limits = STREAM_LIMITS.get(channel)
        if limits is None:
            continue
        with np.errstate(invalid="ignore"):
            bad = (values < limits.low) | (values > limits.high)
        count = int(np.count_nonzero(bad))
        if count:
            worst = values[bad]
            extreme = worst.max() if worst.max() > limits.high else worst.min()
            values[bad] = np.nan
            notes.append(
                f"{count} {channel.value} sample{'s' if count > 1 else ''} outside "
                f"{limits.low:g}-{limits.high:g} {limits.unit} (e.g. {extreme:g}) "
                f"{'were' if count > 1 else 'was'} dropped"
            )
    return notes


def require_plausible(
    limits_by_name: dict[str, Limits],
    name: str,
    value: float | None,
    *,
    source: str | None = None,
    line: int | None = None,
    field_label: str | None = None,
) -> None:
    """Raise ``ImplausibleValueError`` when a single typed-in value is outside its limits."""
    if value is None:
        return
    limits = limits_by_name.get(name)
    if limits is None or limits.contains(value):
        return
    raise ImplausibleValueError(
        f"{value:g} is outside the plausible range {limits.low:g}-{limits.high:g} {limits.unit}",
        source=source,
        line=line,
        field=field_label or name,
        value=value,
    )
