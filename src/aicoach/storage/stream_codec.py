"""Compact, lossless-at-device-resolution storage of per-sample streams.

Each channel is stored on its own as one blob: values are quantised to the channel's
resolution (e.g. 0.001 m/s for speed, the FIT semicircle for positions), delta-encoded,
narrowed to the smallest integer type that holds the deltas and compressed with zlib. Missing
samples (``NaN``) are kept as a packed bit mask, so missing never turns into zero.

Layout of a blob (before zlib): a 20-byte header ``<BBxxdI`` + ``I`` — format version, integer
type code, scale (stored units per channel unit), sample count, valid-sample count — then the
packed missing-mask when some samples are missing, then the little-endian deltas.
"""

from __future__ import annotations

import struct
import zlib
from typing import Final

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray, StreamChannel
from aicoach.errors import CorruptFileError
from aicoach.units import SEMICIRCLES_PER_DEGREE

FORMAT_VERSION: Final = 1
ENCODING_NAME: Final = "qdz1"
"""Quantised, delta-encoded, zlib-compressed, version 1."""

_HEADER = struct.Struct("<BBxxdII")
_INT_TYPE_NAMES: Final = ("<i1", "<i2", "<i4", "<i8")
"""Little-endian signed integers of 1, 2, 4 and 8 bytes, indexed by the header's type code."""

SCALE_BY_CHANNEL: Final[dict[StreamChannel, float]] = {
    StreamChannel.TIME_S: 1000.0,
    StreamChannel.HEART_RATE_BPM: 10.0,
    StreamChannel.POWER_W: 10.0,
    StreamChannel.SPEED_M_S: 1000.0,
    StreamChannel.CADENCE_RPM: 100.0,
    StreamChannel.ALTITUDE_M: 100.0,
    StreamChannel.LATITUDE_DEG: SEMICIRCLES_PER_DEGREE,
    StreamChannel.LONGITUDE_DEG: SEMICIRCLES_PER_DEGREE,
    StreamChannel.DISTANCE_M: 1000.0,
    StreamChannel.TEMPERATURE_C: 10.0,
}
RR_INTERVAL_SCALE: Final = 1.0
"""RR intervals are stored to the millisecond, the resolution of FIT ``hrv`` messages."""

_MAX_ABS_QUANTISED: Final = 2**62


def encode_samples(values: FloatArray, scale: float) -> bytes:
    """Encode a float array (``NaN`` = missing) at ``scale`` stored units per unit."""
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    valid = values[~missing]
    quantised = np.rint(valid * scale)
    if quantised.size and np.abs(quantised).max() >= _MAX_ABS_QUANTISED:
        raise ValueError("stream value too large to store")
    integers: npt.NDArray[np.int64] = quantised.astype(np.int64)
    deltas: npt.NDArray[np.int64] = np.diff(integers, prepend=np.zeros(1, dtype=np.int64))
    type_code = _narrowest_type_code(deltas)
    mask_bytes = np.packbits(missing).tobytes() if missing.any() else b""
    header = _HEADER.pack(FORMAT_VERSION, type_code, scale, values.size, valid.size)
    body = deltas.astype(_INT_TYPE_NAMES[type_code]).tobytes()
    return zlib.compress(header + mask_bytes + body, level=6)


def decode_samples(blob: bytes) -> FloatArray:
    """Decode a blob written by ``encode_samples``."""
    try:
        raw = zlib.decompress(blob)
        version, type_code, scale, count, valid_count = _HEADER.unpack_from(raw)
    except (zlib.error, struct.error) as exc:
        raise CorruptFileError(f"stored stream is unreadable: {exc}") from exc
    if version != FORMAT_VERSION:
        raise CorruptFileError(f"stored stream has unknown format version {version}")
    offset = _HEADER.size
    missing: npt.NDArray[np.bool_] | None = None
    if valid_count < count:
        mask_length = (count + 7) // 8
        packed = np.frombuffer(raw, dtype=np.uint8, count=mask_length, offset=offset)
        missing = np.unpackbits(packed, count=count).astype(bool)
        offset += mask_length
    if type_code >= len(_INT_TYPE_NAMES):
        raise CorruptFileError(f"stored stream has unknown integer type {type_code}")
    deltas = np.frombuffer(raw, dtype=_INT_TYPE_NAMES[type_code], count=valid_count, offset=offset)
    valid: FloatArray = np.cumsum(deltas.astype(np.int64)).astype(np.float64) / scale
    if missing is None:
        return valid
    values: FloatArray = np.full(count, np.nan)
    values[~missing] = valid
    return values


def encode_channel(channel: StreamChannel, values: FloatArray) -> bytes:
    return encode_samples(values, SCALE_BY_CHANNEL[channel])


def _narrowest_type_code(deltas: npt.NDArray[np.int64]) -> int:
    if deltas.size == 0:
        return 0
    low, high = int(deltas.min()), int(deltas.max())
    for code, type_name in enumerate(_INT_TYPE_NAMES):
        info = np.iinfo(np.dtype(type_name))
        if info.min <= low and high <= info.max:
            return code
    return len(_INT_TYPE_NAMES) - 1
