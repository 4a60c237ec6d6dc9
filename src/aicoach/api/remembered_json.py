"""Dashboard reads answered from memory: a route's JSON body kept per change of the data.

Whole-history views (metrics, weekly totals, alerts, activity and wellness lists) are read
far more often than the data behind them changes. ``remembered_json`` serialises the
route's pydantic answer once per data stamp (``services.data_freshness``) and serves the
same bytes until anything they depend on changes; the route declares its model with
``response_model`` so the OpenAPI document is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pydantic_core
from fastapi import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aicoach.services.data_freshness import remembered
from aicoach.storage.tables import AthleteRow

JSON_MEDIA_TYPE = "application/json"


def remembered_json(
    session: Session,
    athlete: AthleteRow,
    purpose: tuple[object, ...],
    build: Callable[[], BaseModel | Sequence[BaseModel]],
    *,
    with_alerts: bool = False,
) -> Response:
    """The JSON of ``build()``, computed only when the athlete's data changed."""
    body = remembered(
        session,
        athlete,
        ("json", *purpose),
        lambda: pydantic_core.to_json(build(), by_alias=True),
        with_alerts=with_alerts,
    )
    return Response(body, media_type=JSON_MEDIA_TYPE)
