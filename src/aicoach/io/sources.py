"""Finding the files to import: paths, folders, zip archives and gzip-compressed files.

Archives are opened defensively: members whose names escape the archive (``../``, absolute
paths) are refused, and no member may expand beyond the size limit, whatever its header
claims (zip bombs).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Protocol

from aicoach.errors import (
    CorruptFileError,
    EmptyFileError,
    UnsafeInputError,
)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class FileFormat(StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    CSV = "csv"
    APPLE_HEALTH = "apple_health"


SUFFIX_FORMATS = {
    ".fit": FileFormat.FIT,
    ".gpx": FileFormat.GPX,
    ".tcx": FileFormat.TCX,
    ".csv": FileFormat.CSV,
}
ARCHIVE_SUFFIXES = {".zip"}
MAX_ARCHIVE_MEMBERS = 100_000
HASH_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class ImportSource:
    """One file to import: a plain file, an archive member, or a whole Apple Health export.

    ``name`` is what messages show (``export.zip!rides/ride.fit`` for archive members).
    ``problem`` is set when the source was refused before reading (unsafe or unsupported);
    such a source is reported as failed without being read.
    """

    name: str
    format: FileFormat | None
    path: Path
    member: str | None = None
    gzipped: bool = False
    max_bytes: int = 0
    problem: str | None = None

    def read_bytes(self) -> bytes:
        """The file's content, decompressed, refusing anything beyond ``max_bytes``."""
        if self.member is None:
            with self.path.open("rb") as raw:
                data = _read_capped(raw, self.max_bytes, self.name)
        else:
            data = self._read_member()
        if self.gzipped:
            data = _gunzip_capped(data, self.max_bytes, self.name)
        if not data:
            raise EmptyFileError("the file is empty", source=self.name)
        return data

    def _read_member(self) -> bytes:
        assert self.member is not None
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as member:
                return _read_capped(member, self.max_bytes, self.name)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CorruptFileError(
                f"archive member is unreadable: {exc}", source=self.name
            ) from exc


def discover_sources(
    paths: list[Path], *, recursive: bool, max_bytes: int
) -> Iterator[ImportSource]:
    """Expand files, folders and archives into import sources, in a stable order."""
    for path in paths:
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(p for p in path.glob(pattern) if p.is_file()):
                if _is_importable_name(child.name):
                    yield from _sources_for_file(child, max_bytes)
        else:
            yield from _sources_for_file(path, max_bytes)


def sha256_of_source(source: ImportSource, data: bytes | None) -> str:
    """Hash the bytes when they are in memory, else stream the file (large exports)."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with source.path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(HASH_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sources_for_file(path: Path, max_bytes: int) -> Iterator[ImportSource]:
    suffix, gzipped = _format_suffix(path.name)
    if suffix in ARCHIVE_SUFFIXES and not gzipped:
        yield from _sources_for_archive(path, max_bytes)
        return
    file_format = SUFFIX_FORMATS.get(suffix)
    problem = None if file_format else _unsupported_message(path.name)
    yield ImportSource(
        str(path), file_format, path, gzipped=gzipped, max_bytes=max_bytes, problem=problem
    )


def _sources_for_archive(path: Path, max_bytes: int) -> Iterator[ImportSource]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if _is_apple_health_export(infos):
                yield ImportSource(str(path), FileFormat.APPLE_HEALTH, path, max_bytes=max_bytes)
                return
    except (zipfile.BadZipFile, OSError) as exc:
        yield ImportSource(str(path), None, path, problem=f"not a readable zip archive: {exc}")
        return
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        yield ImportSource(
            str(path),
            None,
            path,
            problem=f"archive has {len(infos)} members, more than {MAX_ARCHIVE_MEMBERS}",
        )
        return
    for info in infos:
        if info.is_dir() or not _is_importable_name(PurePosixPath(info.filename).name):
            continue
        yield _source_for_member(path, info, max_bytes)


def _source_for_member(path: Path, info: zipfile.ZipInfo, max_bytes: int) -> ImportSource:
    name = f"{path}!{info.filename}"
    member_path = PurePosixPath(info.filename.replace("\\", "/"))
    if member_path.is_absolute() or ".." in member_path.parts:
        return ImportSource(name, None, path, problem=_unsafe_path_message(info.filename))
    suffix, gzipped = _format_suffix(member_path.name)
    if suffix in ARCHIVE_SUFFIXES:
        return ImportSource(
            name, None, path, problem="archives inside archives are not opened; extract it first"
        )
    file_format = SUFFIX_FORMATS.get(suffix)
    if file_format is None:
        return ImportSource(name, None, path, problem=_unsupported_message(member_path.name))
    if info.file_size > max_bytes:
        return ImportSource(
            name,
            None,
            path,
            problem=f"archive member would expand to {info.file_size} bytes, "
            f"over the {max_bytes}-byte limit",
        )
    return ImportSource(
        name, file_format, path, member=info.filename, gzipped=gzipped, max_bytes=max_bytes
    )


def _is_apple_health_export(infos: list[zipfile.ZipInfo]) -> bool:
    """Apple's export holds ``export.xml`` (localised names in other languages, always in the
    ``apple_health_export`` folder); its workout-route GPX files belong to it, not apart."""
    for info in infos:
        member = PurePosixPath(info.filename)
        if member.name == "export.xml":
            return True
        if member.parent.name == "apple_health_export" and member.suffix.lower() == ".xml":
            return True
    return False


def _format_suffix(name: str) -> tuple[str, bool]:
    path = PurePosixPath(name.lower())
    if path.suffix == ".gz":
        return PurePosixPath(path.stem).suffix, True
    return path.suffix, False


def _is_importable_name(name: str) -> bool:
    if name.startswith("."):
        return False
    suffix, _ = _format_suffix(name)
    return suffix in SUFFIX_FORMATS or suffix in ARCHIVE_SUFFIXES


def _unsupported_message(name: str) -> str:
    suffix = PurePosixPath(name).suffix or "(none)"
    return (
        f"unsupported file type {suffix!r}: "
        "aicoach reads .fit, .gpx, .tcx, .csv and .zip (also gzip-compressed)"
    )


def _unsafe_path_message(member: str) -> str:
    return f"archive member name {member!r} points outside the archive; refused"


def _read_capped(stream: _Readable, max_bytes: int, name: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsafeInputError(
            f"content expands beyond the {max_bytes}-byte limit (zip bomb?)", source=name
        )
    return data


def _gunzip_capped(data: bytes, max_bytes: int, name: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return _read_capped(stream, max_bytes, name)
    except (OSError, EOFError) as exc:
        raise CorruptFileError(f"not a valid gzip file: {exc}", source=name) from exc
