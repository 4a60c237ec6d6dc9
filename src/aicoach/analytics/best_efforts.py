"""Fastest time to cover a distance inside a recorded run (a "best effort")."""

from __future__ import annotations

import numpy as np

from aicoach.domain.activity import FloatArray


def fastest_time_for_distance_s(
    time_s: FloatArray, distance_m: FloatArray, target_m: float
) -> float | None:
    """Shortest elapsed time between two samples that are at least ``target_m`` apart.

    For every sample, binary search finds the first later sample whose cumulative distance
    reaches ``target_m`` more, using linear interpolation for the crossing; ``O(n log n)``.
    Missing samples are left out. ``None`` when the activity is shorter than ``target_m``.
    """
    valid = ~(np.isnan(time_s) | np.isnan(distance_m))
    t = time_s[valid]
    # A GPS reset can make cumulative distance fall back; keep it non-decreasing.
    d = np.maximum.accumulate(distance_m[valid]) if valid.any() else distance_m[valid]
    if d.size < 2 or d[-1] - d[0] < target_m:
        return None
    ends = np.searchsorted(d, d + target_m, side="left")
    usable = ends < d.size
    starts = np.flatnonzero(usable)
    ends = ends[usable]
    over_m = d[ends] - (d[starts] + target_m)
    step_m = d[ends] - d[ends - 1]
    step_s = t[ends] - t[ends - 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        back_s = np.where(step_m > 0, over_m / step_m * step_s, 0.0)
    durations = t[ends] - back_s - t[starts]
    return float(durations.min())
