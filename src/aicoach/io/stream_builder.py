"""Collect samples one by one and turn them into equal-length stream arrays."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import StreamChannel, Streams

MAX_TIME_JUMP_S = 24 * 3600.0
"""No recording pauses for a day: a larger jump between samples is a corrupt timestamp."""


class StreamBuilder:
    """Accumulates timestamped samples; ``build`` returns sorted, relative-time streams.

    Channels never given a value are left out; a sample that lacks a channel gets ``NaN``.
    Samples without a timestamp cannot be placed and are counted in ``untimed_count``.
    Samples cut off from the rest by more than ``MAX_TIME_JUMP_S`` (a corrupt timestamp years
    away) are dropped by ``build`` and counted in ``outlier_count``: the longest run of
    samples without such a jump is the activity.
    """

    def __init__(self) -> None:
        self._timestamps: list[float] = []
        self._columns: dict[StreamChannel, list[float]] = {}
        self.untimed_count = 0
        self.outlier_count = 0

    def __len__(self) -> int:
        return len(self._timestamps)

    def add(self, timestamp: datetime | None, values: dict[StreamChannel, float | None]) -> None:
        """Append one sample; ``timestamp`` must be timezone-aware."""
        if timestamp is None:
            self.untimed_count += 1
            return
        index = len(self._timestamps)
        self._timestamps.append(timestamp.timestamp())
        for channel, value in values.items():
            if value is None:
                continue
            column = self._columns.get(channel)
            if column is None:
                column = self._columns[channel] = [float("nan")] * index
            column.append(float(value))
        for column in self._columns.values():
            if len(column) == index:
                column.append(float("nan"))

    @property
    def first_epoch_s(self) -> float | None:
        return min(self._timestamps) if self._timestamps else None

    def build(self, start_epoch_s: float | None = None) -> Streams:
        """Streams with ``TIME_S`` counted from ``start_epoch_s`` (default: the first sample)."""
        if not self._timestamps:
            return {}
        epochs = np.asarray(self._timestamps, dtype=np.float64)
        order = _main_run(epochs, np.argsort(epochs, kind="stable"))
        self.outlier_count = epochs.size - order.size
        origin = float(epochs[order].min()) if start_epoch_s is None else start_epoch_s
        streams: Streams = {StreamChannel.TIME_S: epochs[order] - origin}
        for channel, column in self._columns.items():
            values = np.asarray(column, dtype=np.float64)[order]
            if not np.all(np.isnan(values)):
                streams[channel] = values
        return streams


def _main_run(epochs: npt.NDArray[np.float64], order: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The sorted sample indices of the longest run without a jump above ``MAX_TIME_JUMP_S``."""
    jumps = np.flatnonzero(np.diff(epochs[order]) > MAX_TIME_JUMP_S)
    if jumps.size == 0:
        return order
    bounds = np.concatenate(([0], jumps + 1, [order.size]))
    longest = int(np.argmax(np.diff(bounds)))
    return order[bounds[longest] : bounds[longest + 1]]
