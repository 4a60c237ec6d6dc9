"""SQLAlchemy 2 table definitions. Every row belongs to an athlete, directly or via an activity."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from aicoach.storage.types import JsonColumn, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AthleteRow(Base):
    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(16))
    height_cm: Mapped[float | None] = mapped_column(Float)
    mass_kg: Mapped[float | None] = mapped_column(Float)
    hr_rest_bpm: Mapped[int | None] = mapped_column(Integer)
    hr_max_bpm: Mapped[int | None] = mapped_column(Integer)
    lthr_bpm: Mapped[int | None] = mapped_column(Integer)
    ftp_w: Mapped[int | None] = mapped_column(Integer)
    threshold_pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    swim_css_s_per_100m: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(8), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JsonColumn, default=list)
    weekly_availability_min: Mapped[dict[str, int]] = mapped_column(JsonColumn, default=dict)
    equipment: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    conditions: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class ActivityRow(Base):
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_athlete_start", "athlete_id", "start_time"),
        Index("ix_activities_athlete_newest", "athlete_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sport: Mapped[str] = mapped_column(String(32))
    sub_sport: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(300))
    start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    elapsed_s: Mapped[float | None] = mapped_column(Float)
    timer_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    sample_count: Mapped[int] = mapped_column(Integer, default=0)
    source_format: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(String(500))
    source_sha256: Mapped[str] = mapped_column(String(64))
    device_name: Mapped[str | None] = mapped_column(String(200))
    device_summary: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    recovery_notes: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    metrics: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    """Computed metrics keyed by name and unit (``np_w``, ``tss``...); absent when unknown."""
    load: Mapped[float | None] = mapped_column(Float)
    """The one training-load number of the activity, from ``metrics`` (see ``load_source``)."""
    load_source: Mapped[str | None] = mapped_column(String(32))
    metrics_basis: Mapped[str | None] = mapped_column(String(200))
    """The thresholds the metrics were computed with; a profile change makes them stale."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    streams: Mapped[list[StreamRow]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", passive_deletes=True
    )
    laps: Mapped[list[LapRow]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LapRow.lap_index",
    )


class StreamRow(Base):
    """One channel of one activity, encoded by ``stream_codec``."""

    __tablename__ = "activity_streams"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    sample_count: Mapped[int] = mapped_column(Integer)
    encoding: Mapped[str] = mapped_column(String(16))
    payload: Mapped[bytes] = mapped_column(LargeBinary)

    activity: Mapped[ActivityRow] = relationship(back_populates="streams")


class LapRow(Base):
    __tablename__ = "laps"
    __table_args__ = (UniqueConstraint("activity_id", "lap_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    lap_index: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[datetime] = mapped_column(UTCDateTime)
    elapsed_s: Mapped[float | None] = mapped_column(Float)
    timer_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    avg_hr_bpm: Mapped[float | None] = mapped_column(Float)
    max_hr_bpm: Mapped[float | None] = mapped_column(Float)
    avg_power_w: Mapped[float | None] = mapped_column(Float)
    device_summary: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)

    activity: Mapped[ActivityRow] = relationship(back_populates="laps")


class WellnessRow(Base):
    __tablename__ = "wellness_entries"
    __table_args__ = (UniqueConstraint("athlete_id", "day", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32))
    resting_hr_bpm: Mapped[float | None] = mapped_column(Float)
    hrv_ms: Mapped[float | None] = mapped_column(Float)
    hrv_method: Mapped[str | None] = mapped_column(String(8))
    sleep_duration_s: Mapped[float | None] = mapped_column(Float)
    sleep_quality_1_5: Mapped[int | None] = mapped_column(Integer)
    systolic_mmhg: Mapped[int | None] = mapped_column(Integer)
    diastolic_mmhg: Mapped[int | None] = mapped_column(Integer)
    spo2_pct: Mapped[float | None] = mapped_column(Float)
    mass_kg: Mapped[float | None] = mapped_column(Float)
    vo2max_ml_kg_min: Mapped[float | None] = mapped_column(Float)
    mood_1_5: Mapped[int | None] = mapped_column(Integer)
    soreness_1_5: Mapped[int | None] = mapped_column(Integer)
    stress_1_5: Mapped[int | None] = mapped_column(Integer)
    fatigue_1_5: Mapped[int | None] = mapped_column(Integer)
    illness: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class ManualSessionRow(Base):
    __tablename__ = "manual_sessions"
    __table_args__ = (UniqueConstraint("athlete_id", "day", "sport", "duration_s"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    sport: Mapped[str] = mapped_column(String(32))
    duration_s: Mapped[float] = mapped_column(Float)
    rpe_0_10: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ImportedFileRow(Base):
    """A file whose content was stored, by hash, so that the same bytes are never stored twice."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("athlete_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    activity_ids: Mapped[list[int]] = mapped_column(JsonColumn, default=list)
    notes: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AlertRow(Base):
    """A health early-warning alert: at most one per rule, athlete and day."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("athlete_id", "day", "rule"),
        Index("ix_alerts_athlete_newest", "athlete_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ScreeningRow(Base):
    """A pre-participation screening: the answers given, the outcome and when."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    answers: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    medical_clearance: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[str]] = mapped_column(JsonColumn, default=list)


class PlanRow(Base):
    """A training plan as its documented JSON document; one plan per athlete is active."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    goal: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    document: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class RecommendationRow(Base):
    """One ``aicoach today`` decision: its context, the arm, its probability, and feedback."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    arm: Mapped[str] = mapped_column(String(32))
    intensity: Mapped[str] = mapped_column(String(16))
    duration_min: Mapped[float] = mapped_column(Float)
    intended_rpe: Mapped[float] = mapped_column(Float)
    probability: Mapped[float] = mapped_column(Float)
    policy: Mapped[str] = mapped_column(String(32))
    features: Mapped[dict[str, float]] = mapped_column(JsonColumn, default=dict)
    decision: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    """The ``today --json`` object as shown, plus the learner's scores."""
    readiness_score: Mapped[float | None] = mapped_column(Float)
    done: Mapped[bool | None] = mapped_column(Boolean)
    rating_1_5: Mapped[int | None] = mapped_column(Integer)
    rpe_0_10: Mapped[float | None] = mapped_column(Float)
    feedback_note: Mapped[str | None] = mapped_column(Text)
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reward: Mapped[float | None] = mapped_column(Float)
    """Reward the learner was given: immediate plus the readiness correction, if any."""
    readiness_correction: Mapped[float | None] = mapped_column(Float)


class RecommenderRow(Base):
    """Per athlete: the learner's state and the stated preferences for recommendations."""

    __tablename__ = "recommenders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    likes: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    dislikes: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    places: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    home_kit: Mapped[list[str]] = mapped_column(JsonColumn, default=list)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class ConversationRow(Base):
    """One conversation with the coach (``aicoach chat`` session or a run of ``ask`` calls)."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    backend: Mapped[str] = mapped_column(String(200))


class ConversationTurnRow(Base):
    """One message and the coach's reply, with the facts it used (memory and audit log)."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    message: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str | None] = mapped_column(String(32))
    referral: Mapped[bool] = mapped_column(Boolean, default=False)
    facts: Mapped[dict[str, Any]] = mapped_column(JsonColumn, default=dict)
    pending: Mapped[dict[str, Any] | None] = mapped_column(JsonColumn)
    """Intent and slots awaiting the answer to a clarifying question."""
    timings: Mapped[dict[str, float]] = mapped_column(JsonColumn, default=dict)
