"""Cheap reads for dashboards: a change detector over an athlete's data and a per-process
memo of what was computed for it.

Whole-history analytics (daily series, alerts, predictions) are recomputed only when the
athlete's data changed: ``data_stamp`` is a few aggregate queries over activities, wellness,
logged sessions and the profile, plus the local day.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aicoach.services.health_alerts import refresh_alerts
from aicoach.storage.tables import (
    ActivityRow,
    AthleteRow,
    ManualSessionRow,
    WellnessRow,
)

logger = logging.getLogger(__name__)
NOT_FOUND = "not found"
MEMO_SIZE = 512


def local_today(athlete: AthleteRow) -> date:
    return datetime.now(ZoneInfo(athlete.timezone)).date()


def local_midnight(athlete: AthleteRow, day: date) -> datetime:
    """The UTC instant the athlete's local ``day`` starts."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(athlete.timezone)).astimezone(UTC)


# --- change detection and the memo -----------------------------------------------------------


def data_stamp(session: Session, athlete: AthleteRow) -> tuple[object, ...]:
    """Changes whenever anything the analytics read changes (or the local day turns)."""
    activities = session.execute(
        select(func.count(ActivityRow.id), func.max(ActivityRow.id)).where(
            ActivityRow.athlete_id == athlete.id
        )
    ).one()
    wellness = session.execute(
        select(func.count(WellnessRow.id), func.max(WellnessRow.updated_at)).where(
            WellnessRow.athlete_id == athlete.id
        )
    ).one()
    sessions = session.execute(
        select(func.count(ManualSessionRow.id), func.max(ManualSessionRow.id)).where(
            ManualSessionRow.athlete_id == athlete.id
        )
    ).one()
    return (
        athlete.id,
        athlete.updated_at,
        local_today(athlete),
        *activities,
        *wellness,
        *sessions,
    )


T = TypeVar("T")


class _Memo:
    """Results per (purpose, stamp), least recently used dropped first; thread-safe."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


memo = _Memo(MEMO_SIZE)


def remembered(
    session: Session, athlete: AthleteRow, purpose: tuple[object, ...], compute: Callable[[], T]
) -> T:
    """``compute()``, or its result from an earlier call on the same data."""
    return memo.get_or_compute((purpose, data_stamp(session, athlete)), compute)


def refresh_alerts_if_changed(session: Session, athlete: AthleteRow) -> None:
    """Re-run the alert rules only when the data (or the day) changed since the last run."""
    stamp = data_stamp(session, athlete)

    def run() -> bool:
        try:
            with session.begin_nested():
                refresh_alerts(session, athlete)
        except IntegrityError:
            logger.info("alerts of athlete %s were stored by a concurrent request", athlete.id)
        return True

    memo.get_or_compute((("alerts",), stamp), run)


# --- activities ------------------------------------------------------------------------------
