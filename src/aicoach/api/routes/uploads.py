"""Uploads: a file in (streamed to disk, size-capped), a background import job out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from aicoach.api.deps import AthleteInReach, DbSession, State
from aicoach.api.error_handlers import error_body
from aicoach.api.schemas.uploads import UploadJobPublic
from aicoach.errors import AicoachError
from aicoach.jobs import JobQueueUnavailableError
from aicoach.services.uploads import (
    ReceivedUpload,
    UnexpectedFieldError,
    UploadReceiver,
    UploadTooLargeError,
    queue_upload,
    recent_upload_jobs,
    refuse_declared_length,
    upload_job,
)
from aicoach.storage.server_tables import UploadJobRow

router = APIRouter(tags=["uploads"])
JobId = Annotated[int, Path(ge=1, le=2**31 - 1)]
REFUSALS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The file is larger than the server's upload limit."},
    422: {"description": "An unsupported file type, or a form field other than 'file'."},
    503: {"description": "The job queue cannot be reached; nothing was kept."},
}
_STATUS: dict[type[AicoachError], int] = {
    UploadTooLargeError: 413,
    UnexpectedFieldError: 422,
    JobQueueUnavailableError: 503,
}


@router.post(
    "/athletes/{athlete_id}/uploads",
    status_code=202,
    response_model=UploadJobPublic,
    responses=REFUSALS,
)
async def post_upload(
    request: Request, athlete: AthleteInReach, state: State
) -> UploadJobPublic | JSONResponse:
    """Multipart field ``file``: FIT, GPX, TCX, CSV (each also .gz) or a zip archive."""
    try:
        received = await _receive(request, athlete.id, state)
        uploads_dir = state.settings.uploads_dir
        job = await run_in_threadpool(
            queue_upload, state.database, state.jobs, uploads_dir, athlete.id, received
        )
    except (UploadTooLargeError, UnexpectedFieldError, JobQueueUnavailableError) as exc:
        return JSONResponse(error_body(exc), status_code=_STATUS[type(exc)])
    return upload_job_public(job)


@router.get("/athletes/{athlete_id}/uploads/{job_id}")
def get_upload(job_id: JobId, athlete: AthleteInReach, session: DbSession) -> UploadJobPublic:
    """Poll this for progress: ``files_done`` of ``files_total``, then per-file outcomes."""
    return upload_job_public(upload_job(session, athlete.id, job_id))


@router.get("/athletes/{athlete_id}/uploads")
def list_uploads(
    athlete: AthleteInReach,
    session: DbSession,
    limit: int = Query(default=20, ge=1, le=50),
) -> list[UploadJobPublic]:
    """The athlete's most recent upload jobs, newest first."""
    return [upload_job_public(job) for job in recent_upload_jobs(session, athlete.id, limit)]


async def _receive(request: Request, athlete_id: int, state: State) -> ReceivedUpload:
    limit = state.settings.api_max_upload_bytes
    refuse_declared_length(request.headers.get("content-length"), limit)
    receiver = UploadReceiver(
        state.settings.uploads_dir, athlete_id, request.headers.get("content-type", ""), limit
    )
    try:
        async for chunk in request.stream():
            await run_in_threadpool(receiver.feed, chunk)
        return receiver.finish()
    except BaseException:
        await run_in_threadpool(receiver.discard)
        raise


def upload_job_public(job: UploadJobRow) -> UploadJobPublic:
    return UploadJobPublic.model_validate(job, from_attributes=True)
