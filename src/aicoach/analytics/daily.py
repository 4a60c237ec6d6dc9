"""Daily series: (date, value) pairs as an array of consecutive days, and trailing windows.

Every analytics time series is a float64 array with one value per calendar day, index 0 being
the series' first day; functions work along the last axis, so a 2-D array (athletes x days)
is many athletes at once. ``NaN`` marks a missing value.

What an empty day means depends on the quantity, and is chosen explicitly:

- training load: a day without training is a real zero (``EmptyDay.ZERO``);
- wellness measurements: a day without a measurement is missing (``EmptyDay.MISSING``, NaN),
  never 0, so that it cannot pull an average down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeAlias, TypeVar, assert_never

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError, UserError

BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.int64]
_NumberArray = TypeVar("_NumberArray", FloatArray, IntArray)

_CONSTANT_CANDIDATE = 1e-8
"""Windows whose squared deviations are below this share of their row's are checked for
being exactly constant (see ``trailing_std``)."""


class DayCombine(StrEnum):
    """How several values given for the same day become one."""

    SUM = "sum"
    """Add them up: two sessions on one day make that day's load."""
    MEAN = "mean"
    """Average them: two devices measuring the same morning."""
    LAST = "last"
    """Keep the one given last: a corrected entry replaces the earlier one."""


class EmptyDay(StrEnum):
    """What a day without any value means."""

    ZERO = "zero"
    """A real zero: no training that day is zero training load."""
    MISSING = "missing"
    """Unknown: no measurement that day is NaN, not 0."""


class DayAxis:
    """Day arithmetic for anything indexed by consecutive days from ``start``."""

    __slots__ = ()
    start: date

    @property
    def day_count(self) -> int:
        raise NotImplementedError

    @property
    def end(self) -> date:
        """The last day of the series (inclusive)."""
        return self.date_at(self.day_count - 1)

    def date_at(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def index_of(self, day: date) -> int:
        """The array index of ``day``; an error if the series does not cover it."""
        index = (day - self.start).days
        if not 0 <= index < self.day_count:
            raise UserError(f"{day} is outside the series {self.start}..{self.end}")
        return index

    def dates(self) -> list[date]:
        return [self.date_at(index) for index in range(self.day_count)]


@dataclass(frozen=True, slots=True)
class DailySeries(DayAxis):
    """One value per consecutive calendar day from ``start``; ``NaN`` is a missing day.

    ``values`` is read-only: the series is a value, not a buffer.
    """

    start: date
    values: FloatArray

    def __post_init__(self) -> None:
        values = np.array(self.values, dtype=np.float64)
        if values.ndim != 1:
            raise DataError("a daily series must be one-dimensional", field="values")
        values.flags.writeable = False
        object.__setattr__(self, "values", values)

    @classmethod
    def from_pairs(
        cls,
        pairs: Iterable[tuple[date, float | None]],
        *,
        combine: DayCombine,
        empty_day: EmptyDay,
        start: date | None = None,
        end: date | None = None,
    ) -> DailySeries:
        """Build the series from ``start`` to ``end`` inclusive (default: the pairs' range).

        Pairs whose value is ``None`` or NaN are missing and skipped; pairs outside
        ``[start, end]`` are left out.
        """
        known = [(day, float(value)) for day, value in pairs if value is not None]
        known = [(day, value) for day, value in known if not np.isnan(value)]
        first = start if start is not None else min((day for day, _ in known), default=None)
        last = end if end is not None else max((day for day, _ in known), default=None)
        if first is None or last is None:
            raise UserError("a daily series needs a start and an end date, or some values")
        if last < first:
            raise UserError(f"the series ends ({last}) before it starts ({first})")
        day_count = (last - first).days + 1
        inside = [((day - first).days, value) for day, value in known if first <= day <= last]
        values = _combine_days(inside, day_count, combine)
        return cls(first, _fill_empty_days(values, empty_day))

    @classmethod
    def of_loads(
        cls,
        pairs: Iterable[tuple[date, float | None]],
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> DailySeries:
        """Daily training load: loads of one day add up; a day without training is 0."""
        return cls.from_pairs(
            pairs, combine=DayCombine.SUM, empty_day=EmptyDay.ZERO, start=start, end=end
        )

    @classmethod
    def of_measurements(
        cls,
        pairs: Iterable[tuple[date, float | None]],
        *,
        start: date | None = None,
        end: date | None = None,
        combine: DayCombine = DayCombine.MEAN,
    ) -> DailySeries:
        """A daily wellness measurement: a day without a measurement stays NaN."""
        return cls.from_pairs(
            pairs, combine=combine, empty_day=EmptyDay.MISSING, start=start, end=end
        )

    @property
    def day_count(self) -> int:
        return int(self.values.size)

    def to_pairs(self) -> list[tuple[date, float | None]]:
        """Back to (date, value) pairs, a missing day as ``None`` (never 0, never NaN)."""
        return [
            (self.date_at(index), None if np.isnan(value) else float(value))
            for index, value in enumerate(self.values.tolist())
        ]


def _combine_days(
    inside: list[tuple[int, float]], day_count: int, combine: DayCombine
) -> FloatArray:
    """Per-day combined values; days without any value come out as NaN."""
    values = np.full(day_count, np.nan)
    if not inside:
        return values
    indices = np.array([index for index, _ in inside], dtype=np.intp)
    given = np.array([value for _, value in inside], dtype=np.float64)
    counts = np.bincount(indices, minlength=day_count)
    has_value = counts > 0
    match combine:
        case DayCombine.SUM:
            sums = np.bincount(indices, weights=given, minlength=day_count)
            values[has_value] = sums[has_value]
        case DayCombine.MEAN:
            sums = np.bincount(indices, weights=given, minlength=day_count)
            values[has_value] = sums[has_value] / counts[has_value]
        case DayCombine.LAST:
            for index, value in inside:
                values[index] = value
        case _:
            assert_never(combine)
    return values


def _fill_empty_days(values: FloatArray, empty_day: EmptyDay) -> FloatArray:
    match empty_day:
        case EmptyDay.ZERO:
            return np.where(np.isnan(values), 0.0, values)
        case EmptyDay.MISSING:
            return values
        case _:
            assert_never(empty_day)


def require_window_days(window_days: int, name: str) -> None:
    """Reject a window that cannot hold a day (a bad setting, not bad data)."""
    if window_days < 1:
        raise UserError(f"{name} must be at least 1 day, not {window_days}")


def trailing_windows(values: FloatArray, window_days: int) -> FloatArray:
    """A read-only view ``(..., days, window_days)``: row ``t`` holds days ``t-w+1 .. t``.

    Days before the series' first day are NaN (unknown), so early windows are incomplete.
    """
    require_window_days(window_days, "window_days")
    padding = [(0, 0)] * (values.ndim - 1) + [(window_days - 1, 0)]
    padded = np.pad(np.asarray(values, dtype=np.float64), padding, constant_values=np.nan)
    return sliding_window_view(padded, window_days, axis=-1)


def trailing_count(values: FloatArray, window_days: int) -> IntArray:
    """How many non-missing values each window of days ``t-w+1 .. t`` holds."""
    require_window_days(window_days, "window_days")
    present = ~np.isnan(np.asarray(values, dtype=np.float64))
    if present.all():
        days = np.minimum(np.arange(1, present.shape[-1] + 1, dtype=np.int64), window_days)
        return np.broadcast_to(days, present.shape).copy()
    return _window_totals(present.astype(np.int64), window_days)


def trailing_sum(values: FloatArray, window_days: int, min_values: int) -> FloatArray:
    """Sum of the non-missing values over days ``t-w+1 .. t``; NaN with fewer than
    ``max(min_values, 1)`` values in the window. A window whose values are all 0 sums to
    exactly 0 (prefix-sum rounding cannot leave a tiny remainder there)."""
    series = np.asarray(values, dtype=np.float64)
    count = trailing_count(series, window_days)
    zeroed = np.where(np.isnan(series), 0.0, series)
    total = _window_totals(zeroed, window_days)
    nonzero = _window_totals((zeroed != 0.0).astype(np.int64), window_days)
    total[nonzero == 0] = 0.0
    return np.where(count >= max(min_values, 1), total, np.nan)


def trailing_mean(values: FloatArray, window_days: int, min_values: int) -> FloatArray:
    """Mean of the non-missing values over days ``t-w+1 .. t``; NaN with fewer than
    ``max(min_values, 1)`` values in the window."""
    series = np.asarray(values, dtype=np.float64)
    count = trailing_count(series, window_days)
    total = trailing_sum(series, window_days, min_values)
    return np.asarray(total / np.maximum(count, 1), dtype=np.float64)


def trailing_std(values: FloatArray, window_days: int, min_values: int, ddof: int) -> FloatArray:
    """Standard deviation of the non-missing values over days ``t-w+1 .. t`` (divisor
    ``n - ddof``); NaN with fewer than ``max(min_values, ddof + 1)`` values.

    Computed from prefix sums of the values centred on their row mean (so the sums of
    squares do not cancel), in O(days) whatever the window; exactly 0 where all the
    window's values are equal, so that dividing by it is reliably undefined.
    """
    series = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(series)
    count = trailing_count(series, window_days)
    row_count = np.maximum(np.sum(present, axis=-1, keepdims=True), 1)
    row_mean = np.sum(np.where(present, series, 0.0), axis=-1, keepdims=True) / row_count
    centred = np.where(present, series - row_mean, 0.0)
    first = _window_totals(centred, window_days)
    second = _window_totals(centred * centred, window_days)
    squares = np.maximum(second - first * first / np.maximum(count, 1), 0.0)
    _zero_constant_windows(squares, series, window_days, np.sum(centred * centred, axis=-1))
    enough = count >= max(min_values, ddof + 1)
    variance = np.divide(squares, count - ddof, out=np.full(squares.shape, np.nan), where=enough)
    return np.asarray(np.sqrt(variance), dtype=np.float64)


def _zero_constant_windows(
    squares: FloatArray, series: FloatArray, window_days: int, row_squares: FloatArray
) -> None:
    """Set the sum of squared deviations to exactly 0 where a window's values are all equal.

    Rounding in the prefix sums leaves at most ~1e-12 of the row's total squares in such a
    window, so only windows below 1e-8 of it are candidates, checked exactly by max == min.
    """
    candidates = np.nonzero(squares <= _CONSTANT_CANDIDATE * row_squares[..., np.newaxis])
    if candidates[0].size == 0:
        return
    present = ~np.isnan(series)
    highest = trailing_windows(np.where(present, series, -np.inf), window_days)[candidates]
    lowest = trailing_windows(np.where(present, series, np.inf), window_days)[candidates]
    constant = np.max(highest, axis=-1) == np.min(lowest, axis=-1)
    squares[tuple(axis[constant] for axis in candidates)] = 0.0


def _window_totals(values: _NumberArray, window_days: int) -> _NumberArray:
    """Sum over days ``t-w+1 .. t`` as a difference of prefix sums (days before the series
    count as 0). Exact for integers; for floats the error is about 1e-16 of the prefix."""
    prefix = np.cumsum(values, axis=-1)
    totals = prefix.copy()
    totals[..., window_days:] -= prefix[..., :-window_days]
    return totals


def shift_later(values: FloatArray, days: int) -> FloatArray:
    """The value of ``days`` days earlier on each day (``out[t] = values[t - days]``); the
    first ``days`` days, which have no earlier value, are NaN."""
    if days < 0:
        raise UserError(f"a shift must not be negative, not {days}")
    shifted = np.full(values.shape, np.nan)
    if days < values.shape[-1]:
        shifted[..., days:] = values[..., : values.shape[-1] - days]
    return shifted
