"""Activity rows: storing an ``Activity`` with its streams and laps, finding duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aicoach.domain.activity import Activity, FloatArray, Lap, Sport, StreamChannel, Streams
from aicoach.errors import NotFoundError
from aicoach.storage import stream_codec
from aicoach.storage.tables import ActivityRow, LapRow, StreamRow

RR_CHANNEL = "rr_interval_ms"
"""Stream-table channel name of beat-to-beat intervals, which have their own time axis."""

SAME_WORKOUT_START_TOLERANCE_S = 120.0
"""Two recordings starting this close are one workout (a FIT file and its GPX export differ by
the seconds between pressing start and the first GPS fix)."""
SAME_WORKOUT_DURATION_TOLERANCE = 0.10
"""...and their durations must agree within 10 % (or the start tolerance, if larger)."""


def add_activity(
    session: Session,
    athlete_id: int,
    activity: Activity,
    *,
    source_name: str,
    source_sha256: str,
    recovery_notes: list[str],
) -> ActivityRow:
    row = ActivityRow(
        athlete_id=athlete_id,
        sport=activity.sport.value,
        sub_sport=activity.sub_sport,
        name=activity.name,
        start_time=activity.start_time,
        elapsed_s=activity.elapsed_s,
        timer_s=activity.timer_s,
        distance_m=activity.distance_m,
        sample_count=activity.sample_count,
        source_format=activity.source_format,
        source_name=source_name,
        source_sha256=source_sha256,
        device_name=activity.device_name,
        device_summary=activity.device_summary,
        recovery_notes=recovery_notes,
    )
    row.streams = [_stream_row(channel, values) for channel, values in activity.streams.items()]
    if activity.rr_intervals_ms is not None and activity.rr_intervals_ms.size:
        row.streams.append(
            StreamRow(
                channel=RR_CHANNEL,
                sample_count=int(activity.rr_intervals_ms.size),
                encoding=stream_codec.ENCODING_NAME,
                payload=stream_codec.encode_samples(
                    activity.rr_intervals_ms, stream_codec.RR_INTERVAL_SCALE
                ),
            )
        )
    row.laps = [_lap_row(index, lap) for index, lap in enumerate(activity.laps)]
    session.add(row)
    session.flush()
    return row


def find_same_workout(
    session: Session, athlete_id: int, start_time: datetime, elapsed_s: float | None
) -> ActivityRow | None:
    """An already stored activity that records the same workout, if any."""
    window = timedelta(seconds=SAME_WORKOUT_START_TOLERANCE_S)
    candidates = session.scalars(
        select(ActivityRow)
        .where(ActivityRow.athlete_id == athlete_id)
        .where(ActivityRow.start_time.between(start_time - window, start_time + window))
    )
    for candidate in candidates:
        if _durations_agree(candidate.elapsed_s, elapsed_s):
            return candidate
    return None


def get_activity(session: Session, athlete_id: int, activity_id: int) -> ActivityRow:
    row = session.scalars(
        select(ActivityRow)
        .where(ActivityRow.id == activity_id, ActivityRow.athlete_id == athlete_id)
        .options(selectinload(ActivityRow.streams), selectinload(ActivityRow.laps))
    ).first()
    if row is None:
        raise NotFoundError(
            f"no activity with id {activity_id}", kind="activity", identifier=str(activity_id)
        )
    return row


def list_activities(
    session: Session,
    athlete_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[ActivityRow]:
    """Newest first."""
    statement = select(ActivityRow).where(ActivityRow.athlete_id == athlete_id)
    if since is not None:
        statement = statement.where(ActivityRow.start_time >= since)
    if until is not None:
        statement = statement.where(ActivityRow.start_time < until)
    statement = statement.order_by(ActivityRow.start_time.desc(), ActivityRow.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def read_activity(row: ActivityRow) -> Activity:
    """Rebuild the domain value, streams decoded."""
    streams: Streams = {}
    rr_intervals_ms = None
    for stream in row.streams:
        values = stream_codec.decode_samples(stream.payload)
        if stream.channel == RR_CHANNEL:
            rr_intervals_ms = values
        else:
            streams[StreamChannel(stream.channel)] = values
    return Activity(
        sport=Sport(row.sport),
        start_time=row.start_time,
        source_format=row.source_format,
        name=row.name,
        sub_sport=row.sub_sport,
        elapsed_s=row.elapsed_s,
        timer_s=row.timer_s,
        distance_m=row.distance_m,
        streams=dict(sorted(streams.items(), key=lambda item: _CHANNEL_ORDER[item[0]])),
        laps=[_read_lap(lap) for lap in row.laps],
        rr_intervals_ms=rr_intervals_ms,
        device_summary=dict(row.device_summary),
        device_name=row.device_name,
    )


def stored_stream_bytes(row: ActivityRow) -> int:
    return sum(len(stream.payload) for stream in row.streams)


_CHANNEL_ORDER = {channel: index for index, channel in enumerate(StreamChannel)}


def _durations_agree(stored_s: float | None, new_s: float | None) -> bool:
    if stored_s is None or new_s is None:
        return True
    tolerance_s = max(SAME_WORKOUT_START_TOLERANCE_S, SAME_WORKOUT_DURATION_TOLERANCE * stored_s)
    return abs(stored_s - new_s) <= tolerance_s


def _stream_row(channel: StreamChannel, values: FloatArray) -> StreamRow:
    return StreamRow(
        channel=channel.value,
        sample_count=int(values.size),
        encoding=stream_codec.ENCODING_NAME,
        payload=stream_codec.encode_channel(channel, values),
    )


def _lap_row(index: int, lap: Lap) -> LapRow:
    return LapRow(
        lap_index=index,
        start_time=lap.start_time,
        elapsed_s=lap.elapsed_s,
        timer_s=lap.timer_s,
        distance_m=lap.distance_m,
        avg_hr_bpm=lap.avg_hr_bpm,
        max_hr_bpm=lap.max_hr_bpm,
        avg_power_w=lap.avg_power_w,
        device_summary=lap.device_summary,
    )


def _read_lap(row: LapRow) -> Lap:
    return Lap(
        start_time=row.start_time,
        elapsed_s=row.elapsed_s,
        timer_s=row.timer_s,
        distance_m=row.distance_m,
        avg_hr_bpm=row.avg_hr_bpm,
        max_hr_bpm=row.max_hr_bpm,
        avg_power_w=row.avg_power_w,
        device_summary=dict(row.device_summary),
    )
