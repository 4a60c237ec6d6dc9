"""The stream codec keeps values at device resolution, keeps gaps as gaps, and is compact."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from aicoach.domain.activity import StreamChannel
from aicoach.errors import CorruptFileError
from aicoach.storage.stream_codec import (
    SCALE_BY_CHANNEL,
    decode_samples,
    encode_channel,
    encode_samples,
)
from aicoach.units import semicircles_to_degrees


def _ride_hour(seed: int = 3) -> dict[StreamChannel, np.ndarray]:
    """One hour at 1 Hz of varied, ride-like data (nothing constant)."""
    rng = np.random.default_rng(seed)
    n = 3600
    t = np.arange(n, dtype=float)
    speed = np.round(8 + 2 * np.sin(t / 400) + rng.normal(0, 0.4, n), 3)
    return {
        StreamChannel.TIME_S: t,
        StreamChannel.HEART_RATE_BPM: np.rint(140 + 12 * np.sin(t / 300) + rng.normal(0, 2, n)),
        StreamChannel.POWER_W: np.rint(
            np.clip(210 + 60 * np.sin(t / 90) + rng.normal(0, 35, n), 0, None)
        ),
        StreamChannel.SPEED_M_S: speed,
        StreamChannel.CADENCE_RPM: np.rint(88 + rng.normal(0, 4, n)),
        StreamChannel.ALTITUDE_M: np.round(50 + np.cumsum(rng.normal(0, 0.2, n)), 1),
        StreamChannel.LATITUDE_DEG: semicircles_to_degrees(
            np.rint(614_000_000 + np.cumsum(rng.normal(0, 300, n)))
        ),
        StreamChannel.LONGITUDE_DEG: semicircles_to_degrees(
            np.rint(-1_200_000 + np.cumsum(rng.normal(0, 300, n)))
        ),
        StreamChannel.DISTANCE_M: np.round(np.cumsum(speed), 2),
        StreamChannel.TEMPERATURE_C: np.rint(18 + 3 * np.sin(t / 1000)),
    }


def test_every_channel_round_trips_at_device_resolution() -> None:
    for channel, values in _ride_hour().items():
        decoded = decode_samples(encode_channel(channel, values))
        assert decoded.shape == values.shape
        np.testing.assert_allclose(
            decoded, values, rtol=0, atol=0.5 / SCALE_BY_CHANNEL[channel] + 1e-12
        )


def test_fit_semicircle_positions_are_exact() -> None:
    semicircles = np.array([521521093, 521520850, -946875435, 2**31 - 1], dtype=float)
    degrees = semicircles_to_degrees(semicircles)
    decoded = decode_samples(encode_channel(StreamChannel.LATITUDE_DEG, degrees))
    np.testing.assert_array_equal(np.rint(decoded * 2**31 / 180), semicircles)


def test_missing_samples_stay_missing_and_zero_stays_zero() -> None:
    values = np.array([0.0, np.nan, 150.0, np.nan, np.nan, 0.0, 151.0])
    decoded = decode_samples(encode_samples(values, 10.0))
    np.testing.assert_array_equal(np.isnan(decoded), np.isnan(values))
    assert decoded[0] == 0.0 and decoded[5] == 0.0 and decoded[6] == 151.0


def test_all_missing_and_empty_channels() -> None:
    assert decode_samples(encode_samples(np.array([]), 1.0)).size == 0
    assert np.isnan(decode_samples(encode_samples(np.full(5, np.nan), 1.0))).all()


def test_an_hour_of_full_ride_data_is_far_below_200_kb() -> None:
    total_bytes = sum(
        len(encode_channel(channel, values)) for channel, values in _ride_hour().items()
    )
    assert total_bytes < 200_000
    raw_bytes = sum(values.nbytes for values in _ride_hour().values())
    assert total_bytes < raw_bytes / 4


def test_garbage_blob_is_a_clear_error() -> None:
    with pytest.raises(CorruptFileError, match="unreadable"):
        decode_samples(b"not a stream")


@given(
    arrays(
        np.float64,
        st.integers(0, 300),
        elements=st.one_of(st.just(np.nan), st.floats(-1e6, 1e6, allow_nan=False)),
    )
)
def test_round_trip_property(values: np.ndarray) -> None:
    decoded = decode_samples(encode_samples(values, 100.0))
    np.testing.assert_array_equal(np.isnan(decoded), np.isnan(values))
    finite = ~np.isnan(values)
    np.testing.assert_allclose(decoded[finite], values[finite], rtol=0, atol=0.005 + 1e-9)
