"""Exports of everything the athlete has: JSON, a zip of CSV files, or a FHIR R4 bundle.

Only the athlete themself may export (or delete) their data: a coach with an accepted link
reads everything through the other routes, so for a coach these answer 403, not 404.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from aicoach.api.deps import AthleteInReach, CurrentPrincipal, DbSession, Principal, State
from aicoach.api.schemas.exports import ExportFormatName
from aicoach.errors import PermissionDeniedError
from aicoach.services.data_export import export_csv_zip, export_fhir, export_json_stream
from aicoach.storage.tables import AthleteRow

router = APIRouter(tags=["exports"])


def require_own_data(principal: Principal, athlete: AthleteRow) -> None:
    """403 unless the user is this athlete (coaches may read, not delete or export)."""
    if principal.user.athlete_id != athlete.id:
        raise PermissionDeniedError("only the athlete themself may do this")


@router.get(
    "/athletes/{athlete_id}/export",
    response_class=Response,
    responses={200: {"content": {"application/json": {}, "application/zip": {}}}},
)
def export(
    athlete: AthleteInReach,
    principal: CurrentPrincipal,
    session: DbSession,
    state: State,
    format: Annotated[ExportFormatName, Query()] = "json",
) -> Response:
    """Download everything: ``json`` (all data with streams), ``csv`` (zip), ``fhir``."""
    require_own_data(principal, athlete)
    name = f"aicoach-{athlete.id}"
    if format == "csv":
        return _attachment([export_csv_zip(session, athlete)], "application/zip", f"{name}.zip")
    if format == "fhir":
        body = json.dumps(export_fhir(session, athlete), ensure_ascii=False).encode()
        return _attachment([body], "application/fhir+json", f"{name}-fhir.json")
    chunks = export_json_stream(state.database, athlete.id)
    return _attachment(chunks, "application/json", f"{name}.json")


def _attachment(chunks: object, media_type: str, file_name: str) -> StreamingResponse:
    return StreamingResponse(
        chunks,  # type: ignore[arg-type]
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
