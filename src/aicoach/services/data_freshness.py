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
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, ScalarSelect, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from aicoach.services.health_alerts import refresh_alerts
from aicoach.storage.tables import (
    ActivityRow,
    AlertRow,
    AthleteRow,
    ManualSessionRow,
    WellnessRow,
)

logger = logging.getLogger(__name__)
NOT_FOUND = "not found"
MEMO_ENTRIES = 8192
MEMO_BYTES = 64 * 1024 * 1024
"""Per worker process: about 100 athletes' dashboards fit several times over."""


def local_today(athlete: AthleteRow) -> date:
    return datetime.now(ZoneInfo(athlete.timezone)).date()


def local_midnight(athlete: AthleteRow, day: date) -> datetime:
    """The UTC instant the athlete's local ``day`` starts."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(athlete.timezone)).astimezone(UTC)


# --- change detection and the memo -----------------------------------------------------------


def data_stamp(
    session: Session, athlete: AthleteRow, *, with_alerts: bool = False
) -> tuple[object, ...]:
    """Changes whenever anything the analytics read changes (or the local day turns).

    One prepared statement of scalar subqueries: counts, newest ids and update times of
    activities, wellness and logged sessions; ``with_alerts`` adds the stored alerts and
    their acknowledgements, for views of the alert list itself.
    """
    statement = _STAMP_WITH_ALERTS if with_alerts else _STAMP
    aggregates = session.execute(statement, {"athlete_id": athlete.id}).one()
    return (athlete.id, athlete.updated_at, local_today(athlete), *aggregates)


def _count_and_newest(
    owner: InstrumentedAttribute[int],
    key: InstrumentedAttribute[int],
    newest: InstrumentedAttribute[Any],
) -> tuple[ScalarSelect[Any], ScalarSelect[Any]]:
    athlete_id = bindparam("athlete_id", type_=Integer)
    return (
        select(func.count(key)).where(owner == athlete_id).scalar_subquery(),
        select(func.max(newest)).where(owner == athlete_id).scalar_subquery(),
    )


_DATA_PARTS = (
    *_count_and_newest(ActivityRow.athlete_id, ActivityRow.id, ActivityRow.id),
    *_count_and_newest(WellnessRow.athlete_id, WellnessRow.id, WellnessRow.updated_at),
    *_count_and_newest(ManualSessionRow.athlete_id, ManualSessionRow.id, ManualSessionRow.id),
)
_STAMP = select(*_DATA_PARTS)
"""Built once: composing the statement costs more than running it."""
_STAMP_WITH_ALERTS = select(
    *_DATA_PARTS,
    *_count_and_newest(AlertRow.athlete_id, AlertRow.id, AlertRow.id),
    select(func.max(AlertRow.acknowledged_at))
    .where(AlertRow.athlete_id == bindparam("athlete_id", type_=Integer))
    .scalar_subquery(),
)


T = TypeVar("T")


class _Memo:
    """Results per (purpose, stamp), least recently used dropped first; thread-safe.

    Bounded by entry count and by the bytes of ``bytes`` values (serialised responses), so
    a round of every athlete's dashboard stays in memory without growing without limit.
    """

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0
        self._values: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            if key not in self._values:
                self._values[key] = value
                self._bytes += _size(value)
            while len(self._values) > self._max_entries or self._bytes > self._max_bytes:
                _, dropped = self._values.popitem(last=False)
                self._bytes -= _size(dropped)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0


def _size(value: object) -> int:
    return len(value) if isinstance(value, bytes) else 0


memo = _Memo(MEMO_ENTRIES, MEMO_BYTES)


def remembered(
    session: Session,
    athlete: AthleteRow,
    purpose: tuple[object, ...],
    compute: Callable[[], T],
    *,
    with_alerts: bool = False,
) -> T:
    """``compute()``, or its result from an earlier call on the same data."""
    stamp = data_stamp(session, athlete, with_alerts=with_alerts)
    return memo.get_or_compute((purpose, stamp), compute)


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
