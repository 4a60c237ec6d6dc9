"""Read the header and metadata of a GGUF model file, to refuse anything else early.

Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (little-endian: magic
``GGUF``, version, tensor count, key/value count, then typed key/value pairs).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from aicoach.errors import DataError

MAGIC = b"GGUF"
SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q"}
SCALARS |= {11: "<q", 12: "<d"}
STRING, ARRAY = 8, 9
WANTED = ("general.architecture", "general.name", "general.license", "general.file_type")


def read_gguf_metadata(path: Path) -> dict[str, object]:
    """The scalar and string metadata of ``path`` (arrays are skipped).

    Raises ``DataError`` naming the file when it is missing, not GGUF, or truncated.
    """
    if not path.is_file():
        raise DataError("no such model file", source=str(path))
    try:
        with path.open("rb") as handle:
            if handle.read(4) != MAGIC:
                raise DataError(
                    "not a GGUF model file (the first bytes are not 'GGUF')", source=str(path)
                )
            version, _tensors, count = struct.unpack("<IQQ", _exact(handle, 20))
            if version not in (2, 3):
                raise DataError(f"unsupported GGUF version {version}", source=str(path))
            metadata: dict[str, object] = {"gguf.version": version}
            for _ in range(count):
                key = _string(handle)
                value = _value(handle, struct.unpack("<I", _exact(handle, 4))[0])
                if value is not None:
                    metadata[key] = value
            return metadata
    except (struct.error, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"truncated or corrupt GGUF header ({exc})", source=str(path)) from exc


def _exact(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise EOFError("file ends inside the header")
    return data


def _string(handle: BinaryIO) -> str:
    (length,) = struct.unpack("<Q", _exact(handle, 8))
    if length > 1 << 24:
        raise EOFError(f"implausible string length {length}")
    return _exact(handle, length).decode("utf-8")


def _value(handle: BinaryIO, kind: int) -> object:
    if kind in SCALARS:
        fmt = SCALARS[kind]
        return struct.unpack(fmt, _exact(handle, struct.calcsize(fmt)))[0]
    if kind == STRING:
        return _string(handle)
    if kind == ARRAY:
        item_kind, length = struct.unpack("<IQ", _exact(handle, 12))
        if item_kind in SCALARS:
            handle.seek(length * struct.calcsize(SCALARS[item_kind]), 1)
            return None
        for _ in range(length):
            _value(handle, item_kind)
        return None
    raise EOFError(f"unknown metadata value type {kind}")
