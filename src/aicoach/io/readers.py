"""Dispatch from a source's format to the reader that understands it."""

from __future__ import annotations

import io

from aicoach.domain.parsed import ParsedFile
from aicoach.io.apple_health import read_apple_health_zip
from aicoach.io.csv_readers import read_csv
from aicoach.io.fit_reader import read_fit
from aicoach.io.gpx_reader import read_gpx
from aicoach.io.sources import FileFormat, ImportSource
from aicoach.io.tcx_reader import read_tcx


def read_source(source: ImportSource, data: bytes | None) -> ParsedFile:
    """Parse a source whose bytes were already read (all formats but Apple Health exports)."""
    match source.format:
        case FileFormat.APPLE_HEALTH:
            return read_apple_health_zip(source.path, source.name, max_xml_bytes=source.max_bytes)
        case FileFormat.FIT:
            return read_fit(io.BytesIO(_require(data)), source.name)
        case FileFormat.GPX:
            return read_gpx(io.BytesIO(_require(data)), source.name)
        case FileFormat.TCX:
            return read_tcx(io.BytesIO(_require(data)), source.name)
        case FileFormat.CSV:
            return read_csv(io.BytesIO(_require(data)), source.name)
        case None:
            raise ValueError(f"{source.name} has no format")


def _require(data: bytes | None) -> bytes:
    if data is None:
        raise ValueError("reader needs the file's bytes")
    return data
