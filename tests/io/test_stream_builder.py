"""The stream builder orders samples and drops what cannot belong to the activity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from aicoach.domain import StreamChannel
from aicoach.io.stream_builder import StreamBuilder

START = datetime(2026, 5, 1, 7, 0, tzinfo=UTC)


def test_a_corrupt_timestamp_years_away_is_dropped_and_counted() -> None:
    builder = StreamBuilder()
    for second, hr in enumerate([120, 122, 125, 127]):
        builder.add(START + timedelta(seconds=second), {StreamChannel.HEART_RATE_BPM: hr})
    builder.add(START + timedelta(days=23_000), {StreamChannel.HEART_RATE_BPM: 99})
    builder.add(None, {StreamChannel.HEART_RATE_BPM: 98})
    streams = builder.build()
    assert builder.outlier_count == 1 and builder.untimed_count == 1
    np.testing.assert_array_equal(streams[StreamChannel.TIME_S], [0, 1, 2, 3])
    np.testing.assert_array_equal(streams[StreamChannel.HEART_RATE_BPM], [120, 122, 125, 127])


def test_out_of_order_samples_are_sorted_and_missing_channels_are_nan() -> None:
    builder = StreamBuilder()
    builder.add(START + timedelta(seconds=2), {StreamChannel.POWER_W: 210})
    builder.add(START, {StreamChannel.HEART_RATE_BPM: 130})
    builder.add(
        START + timedelta(seconds=1), {StreamChannel.HEART_RATE_BPM: 131, StreamChannel.POWER_W: 0}
    )
    streams = builder.build()
    np.testing.assert_array_equal(streams[StreamChannel.TIME_S], [0, 1, 2])
    np.testing.assert_array_equal(streams[StreamChannel.HEART_RATE_BPM], [130, 131, np.nan])
    np.testing.assert_array_equal(streams[StreamChannel.POWER_W], [np.nan, 0, 210])
    assert builder.outlier_count == 0
