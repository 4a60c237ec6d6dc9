"""Small array helpers shared by the rules: finiteness masks and consecutive-day streaks."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray

BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.int64]


def all_finite(*arrays: FloatArray) -> BoolArray:
    """True on the days where every array holds a real number (no NaN, no infinity)."""
    mask = np.ones(arrays[0].shape, dtype=np.bool_)
    for array in arrays:
        mask &= np.isfinite(array)
    return mask


def streak_lengths(mask: BoolArray) -> IntArray:
    """For each day, how many consecutive days up to and including it have ``mask`` True.

    A False day (including a day with missing data, whose comparisons are False) resets the
    count, so a streak never bridges a gap.
    """
    lengths = np.zeros(mask.shape, dtype=np.int64)
    run = 0
    for i, flag in enumerate(mask):
        run = run + 1 if flag else 0
        lengths[i] = run
    return lengths


def above(values: FloatArray, threshold: float | FloatArray) -> BoolArray:
    """``values > threshold`` where both are finite; False wherever data is missing."""
    limit = np.broadcast_to(np.asarray(threshold, dtype=np.float64), values.shape)
    return np.isfinite(values) & np.isfinite(limit) & (values > limit)


def below(values: FloatArray, threshold: float | FloatArray) -> BoolArray:
    """``values < threshold`` where both are finite; False wherever data is missing."""
    limit = np.broadcast_to(np.asarray(threshold, dtype=np.float64), values.shape)
    return np.isfinite(values) & np.isfinite(limit) & (values < limit)
