"""Put a stream on a 1 Hz grid, and count seconds on it.

Per-activity metrics are defined per second: Coggan's Normalized Power is a 30-second rolling
average of power sampled once a second (Allen & Coggan, *Training and Racing with a Power
Meter*, 2nd ed. 2010, ch. 7), TRIMP sums heart rate minute by minute, time in zone counts
seconds. Devices record at irregular times instead: "smart recording" writes a record only
when a value changes (every 1 to ~8 s), and a paused timer leaves a gap with no record.

How a stream becomes a 1 Hz series (``resample_1hz``):

- the grid is every whole second from the first to the last sample time (``grid_time_s``);
- each channel is resampled from its own valid (finite) samples; a sample with a missing value
  is treated like no sample at all;
- a grid second that falls between two valid samples at most ``max_gap_s`` apart gets the
  linear interpolation of the two (smart recording: the value moved smoothly between records);
- a grid second inside a longer gap stays missing (``NaN``): that is a pause (timer stopped,
  auto-pause, sensor drop-out), and nothing is invented for it — in particular not zero power.

What a metric does with the missing seconds is the metric's convention, stated in its
docstring: Normalized Power leaves them out and joins what is left, as head units whose timer
stops during a pause do; mean-maximal curves accept no window that spans a missing second;
W' balance lets time pass during a pause as rest.

The one place where missing power becomes zero is ``coasting_power_w``: a crank or pedal power
meter sends no power while the cranks stand still, so a record that has cadence 0 and no power
is a real 0 W (coasting). Coggan's NP counts coasting zeros; this is also what the head units
in ``../shared`` do (a Wahoo ELEMNT BOLT file whose NP matches only with these zeros).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError

DEFAULT_MAX_GAP_S = 10.0
"""Longest gap between two samples that is bridged by interpolation. Smart recording leaves
gaps of 1 to ~8 s; anything longer is taken as a pause (a stopped timer usually leaves 10 s or
more). Gaps of exactly this length are still bridged."""

BoolArray = npt.NDArray[np.bool_]


def as_float_array(values: npt.ArrayLike) -> FloatArray:
    """``values`` as a one-dimensional float64 array (a copy only when needed)."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"expected a one-dimensional array, got shape {array.shape}")
    return array


MAX_GRID_SPAN_S = 7 * 86400.0
"""Longest activity put on a 1 Hz grid (a week-long ultra fits; a corrupt clock does not)."""


def grid_time_s(time_s: npt.ArrayLike) -> FloatArray:
    """Every whole second from the first to the last finite sample time (empty when none)."""
    times = as_float_array(time_s)
    finite = times[np.isfinite(times)]
    if finite.size == 0:
        return np.empty(0, dtype=np.float64)
    start, end = math.ceil(float(finite.min())), math.floor(float(finite.max()))
    if end - start > MAX_GRID_SPAN_S:
        raise DataError(
            f"samples span {(end - start) / 86400:.0f} days; an activity longer than "
            f"{MAX_GRID_SPAN_S / 86400:.0f} days is a timestamp error"
        )
    return np.arange(start, end + 1, dtype=np.float64)


def resample_1hz(
    time_s: npt.ArrayLike, values: npt.ArrayLike, *, max_gap_s: float = DEFAULT_MAX_GAP_S
) -> FloatArray:
    """``values`` on ``grid_time_s(time_s)``: gaps up to ``max_gap_s`` interpolated, longer
    gaps ``NaN`` (see the module docstring). Duplicate sample times keep their first sample."""
    times, samples = as_float_array(time_s), as_float_array(values)
    if times.shape != samples.shape:
        raise ValueError(f"time_s has {times.size} samples but values has {samples.size}")
    grid = grid_time_s(times)
    valid = np.isfinite(times) & np.isfinite(samples)
    if not valid.any():
        return np.full(grid.size, np.nan)
    known_t, known_v = _sorted_unique(times[valid], samples[valid])
    resampled = np.interp(grid, known_t, known_v)
    resampled[_outside_or_in_long_gap(grid, known_t, max_gap_s)] = np.nan
    return resampled


def _sorted_unique(times: FloatArray, values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Samples in time order, keeping the first of several with the same time."""
    steps = np.diff(times)
    if np.all(steps > 0):
        return times, values
    order = np.argsort(times, kind="stable")
    times, values = times[order], values[order]
    first = np.concatenate(([True], np.diff(times) > 0))
    return times[first], values[first]


def _outside_or_in_long_gap(grid: FloatArray, known_t: FloatArray, max_gap_s: float) -> BoolArray:
    """Grid seconds before the first sample, after the last, or strictly inside a gap longer
    than ``max_gap_s`` (a grid second on a sample is never inside a gap)."""
    origin = float(grid[0]) if grid.size else 0.0
    # Each long gap (a, b) covers grid indices floor(a) + 1 ... ceil(b) - 1: mark its start
    # with +1 and the index after its end with -1; a running sum > 0 is inside a gap.
    marks = np.zeros(grid.size + 1, dtype=np.int64)
    long_gap = np.flatnonzero(np.diff(known_t) > max_gap_s)
    first = (np.floor(known_t[long_gap]) + 1 - origin).astype(np.int64)
    last = (np.ceil(known_t[long_gap + 1]) - 1 - origin).astype(np.int64)
    first, last = np.clip(first, 0, grid.size), np.clip(last, -1, grid.size - 1)
    keep = first <= last
    np.add.at(marks, first[keep], 1)
    np.add.at(marks, last[keep] + 1, -1)
    masked: BoolArray = np.cumsum(marks[:-1]) > 0
    masked |= (grid < known_t[0]) | (grid > known_t[-1])
    return masked


def recording_mask(time_s: npt.ArrayLike, *, max_gap_s: float = DEFAULT_MAX_GAP_S) -> BoolArray:
    """Grid seconds that lie within the recording, i.e. not inside a pause of any channel."""
    times = as_float_array(time_s)
    return np.isfinite(resample_1hz(times, np.ones_like(times), max_gap_s=max_gap_s))


def coasting_power_w(power_w: npt.ArrayLike, cadence_rpm: npt.ArrayLike) -> FloatArray:
    """Power with missing samples set to 0 W where cadence says the cranks stood still.

    A missing power sample with cadence exactly 0 is coasting (the meter sends nothing when
    the cranks stop); a missing sample with cadence > 0 or unknown stays missing. Apply it to
    the recorded samples, before ``resample_1hz``.
    """
    power, cadence = as_float_array(power_w), as_float_array(cadence_rpm)
    if power.shape != cadence.shape:
        raise ValueError(f"power_w has {power.size} samples but cadence_rpm has {cadence.size}")
    result = power.copy()
    result[np.isnan(power) & (cadence == 0.0)] = 0.0
    return result


def present(values: npt.ArrayLike) -> FloatArray:
    """The finite samples of a series, in order: missing seconds and pauses left out."""
    array = as_float_array(values)
    kept: FloatArray = array[np.isfinite(array)]
    return kept


@dataclass(frozen=True, slots=True)
class Zone:
    """A training zone: ``low`` <= value < ``high`` in the unit of the zoned quantity."""

    name: str
    low: float
    high: float


def time_in_zones_s(values_1hz: npt.ArrayLike, zones: Sequence[Zone]) -> dict[str, float]:
    """Seconds of a 1 Hz series in each zone (each sample is one second); missing samples are
    in no zone. Every zone appears in the result, with 0.0 when the series never entered it."""
    values = present(values_1hz)
    return {
        zone.name: float(np.count_nonzero((values >= zone.low) & (values < zone.high)))
        for zone in zones
    }
