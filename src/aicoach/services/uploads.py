"""Uploads: a file received over HTTP, stored under the uploads folder, imported by a job.

The body is streamed straight to ``<uploads_dir>/<athlete_id>/<random>/<file name>`` while
its bytes are counted; anything refused (too large, a bad name, a broken body) leaves nothing
on disk. The import itself runs later (``aicoach.jobs``); the job's row shows its progress.
"""

from __future__ import annotations

import shutil
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from io import BufferedWriter
from pathlib import Path, PurePosixPath

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.errors import NotFoundError, UnsupportedFormatError, UserError
from aicoach.io.sources import ARCHIVE_SUFFIXES, SUFFIX_FORMATS
from aicoach.jobs import JobQueue, JobQueueUnavailableError
from aicoach.storage.database import Database
from aicoach.storage.server_tables import UploadJobRow

FILE_FIELD = "file"
MULTIPART_OVERHEAD_BYTES = 64 * 1024
"""Room for boundaries and part headers on top of the file itself."""
MAX_NAME_BYTES = 255
RECENT_JOBS = 50


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class UploadTooLargeError(UserError):
    """The body is bigger than ``api_max_upload_bytes`` (HTTP 413)."""


class UnexpectedFieldError(UserError):
    """A form field other than ``file`` (e.g. ``athlete_id``): refused, never applied (422)."""


@dataclass(frozen=True, slots=True)
class ReceivedUpload:
    """A file stored completely on disk, not yet registered as a job."""

    file_name: str
    path: Path
    size_bytes: int


def check_upload_name(raw: str | None) -> str:
    """The client's file name when it is a plain, supported file name; an error otherwise."""
    if raw is None or not raw.strip():
        raise UserError("the upload has no file name; send the file in the 'file' field")
    name = raw.strip()
    problem = _name_problem(name)
    if problem is not None:
        raise UserError(f"file name {name!r} refused: {problem}")
    path = PurePosixPath(name.lower())
    gzipped = path.suffix == ".gz"
    suffix = PurePosixPath(path.stem).suffix if gzipped else path.suffix
    if suffix in SUFFIX_FORMATS or (suffix in ARCHIVE_SUFFIXES and not gzipped):
        return name
    raise UnsupportedFormatError(
        f"unsupported file type {suffix or '(none)'!r}: upload .fit, .gpx, .tcx, .csv "
        "(each also as .gz) or a .zip archive (an Apple Health export too)",
        source=name,
    )


def _name_problem(name: str) -> str | None:
    if "/" in name or "\\" in name:
        return "it has folder parts; send the bare file name"
    if name in {".", ".."} or name.startswith("."):
        return "it must not start with a dot"
    if any(unicodedata.category(char).startswith("C") for char in name):
        return "it contains control characters (NUL or similar)"
    if len(name.encode()) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    return None


class UploadReceiver:
    """Feeds a ``multipart/form-data`` body chunk by chunk; stores the ``file`` field only.

    ``feed`` raises ``UploadTooLargeError`` as soon as the limit is passed and ``UserError``
    for a broken body or name; call ``discard`` after any error to remove what was written.
    """

    def __init__(self, uploads_dir: Path, athlete_id: int, content_type: str, limit: int) -> None:
        media_type, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if media_type != b"multipart/form-data" or not boundary:
            raise UserError("send the file as multipart/form-data in the field 'file'")
        self._folder = uploads_dir / str(athlete_id) / uuid.uuid4().hex
        self._limit = limit
        self._body_bytes = 0
        self._file_bytes = 0
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""
        self._output: BufferedWriter | None = None
        self._file_name: str | None = None
        self._finished = False
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._part_begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )

    def feed(self, chunk: bytes) -> None:
        self._body_bytes += len(chunk)
        if self._body_bytes > self._limit + MULTIPART_OVERHEAD_BYTES:
            raise too_large(self._limit)
        try:
            self._parser.write(chunk)
        except MultipartParseError as exc:
            raise UserError(f"the request body is not valid multipart/form-data: {exc}") from exc

    def finish(self) -> ReceivedUpload:
        """The stored file once the whole body was read."""
        if self._file_name is None:
            raise UserError("no file in the upload: send it in the multipart field 'file'")
        if not self._finished:
            raise UserError("the upload ended before the file did (connection cut?)")
        if self._file_bytes == 0:
            raise UserError(f"{self._file_name}: the file is empty")
        return ReceivedUpload(self._file_name, self._folder / self._file_name, self._file_bytes)

    def discard(self) -> None:
        """Remove anything written for this upload."""
        if self._output is not None:
            self._output.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _part_begin(self) -> None:
        self._headers = {}
        self._field = self._value = b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.strip().lower()] = self._value.strip()
        self._field = self._value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition"))
        field_name = options.get(b"name", b"").decode(errors="replace")
        if field_name != FILE_FIELD:
            raise UnexpectedFieldError(
                f"unexpected form field {field_name!r}: an upload takes only the field 'file'"
            )
        if self._file_name is not None:
            raise UserError("send one file per upload (several 'file' fields found)")
        raw = options.get(b"filename")
        try:
            name = None if raw is None else raw.decode()
        except UnicodeDecodeError as exc:
            raise UserError("the file name is not valid UTF-8") from exc
        self._file_name = check_upload_name(name)
        self._folder.mkdir(parents=True)
        self._output = (self._folder / self._file_name).open("xb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._output is None:
            return
        self._file_bytes += end - start
        if self._file_bytes > self._limit:
            raise too_large(self._limit)
        self._output.write(data[start:end])

    def _part_end(self) -> None:
        if self._output is not None:
            self._output.close()
            self._output = None
            self._finished = True


def too_large(limit: int) -> UploadTooLargeError:
    mib = f" ({limit / 1024**2:.0f} MiB)" if limit >= 1024**2 else ""
    return UploadTooLargeError(
        f"the upload is larger than the {limit}-byte limit of this server{mib}; "
        "split it or compress it"
    )


def queue_upload(
    database: Database, jobs: JobQueue, uploads_dir: Path, athlete_id: int, upload: ReceivedUpload
) -> UploadJobRow:
    """Register the stored upload as a job and hand it to the queue; on failure keep no file."""
    try:
        job = add_upload_job(database, athlete_id, upload)
    except BaseException:
        remove_stored_upload(uploads_dir, str(upload.path))
        raise
    try:
        jobs.submit_upload(job.id)
    except JobQueueUnavailableError as exc:
        fail_upload_job(database, uploads_dir, job.id, str(exc))
        raise
    return job


def add_upload_job(database: Database, athlete_id: int, upload: ReceivedUpload) -> UploadJobRow:
    """Register a stored upload as a queued job, committed so that a worker can see it."""
    with database.sessions.begin() as session:
        job = UploadJobRow(
            athlete_id=athlete_id,
            file_name=upload.file_name,
            stored_path=str(upload.path),
            size_bytes=upload.size_bytes,
            status=JobStatus.QUEUED.value,
            files_done=0,
            outcomes=[],
        )
        session.add(job)
        session.flush()
    return job


def fail_upload_job(database: Database, uploads_dir: Path, job_id: int, error: str) -> None:
    """Give up on a job before it ran (its queue refused it) and remove its stored file."""
    with database.sessions.begin() as session:
        job = session.get_one(UploadJobRow, job_id)
        job.status = JobStatus.FAILED.value
        job.error = error
        job.finished_at = datetime.now(UTC)
        stored_path = job.stored_path
    remove_stored_upload(uploads_dir, stored_path)


def upload_job(session: Session, athlete_id: int, job_id: int) -> UploadJobRow:
    """One of this athlete's jobs; another athlete's job is 'not found' like a missing one."""
    job = session.get(UploadJobRow, job_id)
    if job is None or job.athlete_id != athlete_id:
        raise NotFoundError("not found", kind="upload", identifier=str(job_id))
    return job


def recent_upload_jobs(
    session: Session, athlete_id: int, limit: int = RECENT_JOBS
) -> list[UploadJobRow]:
    statement = (
        select(UploadJobRow)
        .where(UploadJobRow.athlete_id == athlete_id)
        .order_by(UploadJobRow.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def remove_stored_upload(uploads_dir: Path, stored_path: str) -> None:
    """Delete an upload's file and its folder, only ever inside ``uploads_dir``."""
    folder = Path(stored_path).resolve().parent
    if folder.parent.parent == uploads_dir.resolve():
        shutil.rmtree(folder, ignore_errors=True)


def refuse_declared_length(content_length: str | None, limit: int) -> None:
    """Refuse at once a body whose declared length is already over the limit."""
    declared = int(content_length) if content_length and content_length.isdigit() else 0
    if declared > limit + MULTIPART_OVERHEAD_BYTES:
        raise too_large(limit)
