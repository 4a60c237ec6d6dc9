"""Keep each stored activity's computed metrics and load in step with the athlete's profile.

Metrics depend on thresholds (FTP, LTHR, HRmax, resting HR, threshold pace, sex), so each row
records the thresholds it was computed with (``metrics_basis``); when the profile changes,
the rows whose basis differs are recomputed — on the next read, not at once.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from aicoach.analytics.activity_metrics import compute_activity_metrics, load_for_day
from aicoach.domain.athlete import AthleteProfile
from aicoach.errors import AicoachError
from aicoach.storage import activities as activity_store
from aicoach.storage.athletes import read_profile
from aicoach.storage.tables import ActivityRow, AthleteRow

logger = logging.getLogger(__name__)

BASIS_VERSION = 1
"""Raised when the metric formulas change, so that every stored row is recomputed."""


def metrics_basis(profile: AthleteProfile) -> str:
    """The profile values the metrics depend on, as a short stable string."""
    return json.dumps(
        [
            BASIS_VERSION,
            profile.ftp_w,
            profile.lthr_bpm,
            profile.hr_max_bpm,
            profile.hr_rest_bpm,
            profile.threshold_pace_s_per_km,
            profile.sex.value if profile.sex else None,
        ],
        separators=(",", ":"),
    )


def refresh_activity_metrics(session: Session, athlete: AthleteRow) -> int:
    """Recompute metrics of the athlete's activities whose basis is stale; returns how many."""
    profile = read_profile(athlete)
    basis = metrics_basis(profile)
    stale = session.scalars(
        select(ActivityRow)
        .where(ActivityRow.athlete_id == athlete.id)
        .where(or_(ActivityRow.metrics_basis.is_(None), ActivityRow.metrics_basis != basis))
        .options(selectinload(ActivityRow.streams))
    )
    count = 0
    for row in stale:
        try:
            metrics = compute_activity_metrics(activity_store.read_activity(row), profile)
        except (AicoachError, ArithmeticError, ValueError):
            logger.exception("metrics of activity %s could not be computed", row.id)
            metrics = {}
        row.metrics = _json_safe(metrics)
        load = load_for_day(metrics)
        row.load, row.load_source = load if load is not None else (None, None)
        row.metrics_basis = basis
        count += 1
    session.flush()
    return count


def _json_safe(metrics: dict[str, Any]) -> dict[str, Any]:
    """Plain floats, nested dicts kept; non-finite values dropped (missing, never 0)."""
    safe: dict[str, Any] = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            safe[key] = _json_safe(value)
        elif isinstance(value, int | float) and math.isfinite(float(value)):
            safe[key] = float(value)
    return safe
