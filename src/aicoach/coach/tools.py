"""Step 3 of a turn: typed tools over the engine, planner, recommender and alerts.

Every tool acts as the requesting athlete only and returns plain JSON values (the facts).
A tool that lacks what it needs returns the names of the missing details instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from aicoach.coach.intent import Metric, Slots
from aicoach.coach.knowledge import find_topic
from aicoach.domain.athlete import Language
from aicoach.domain.plan import RUNNING_RACE_GOALS, Plan
from aicoach.errors import UserError
from aicoach.planning.request import PlanRequest
from aicoach.services.metrics_view import metrics_report
from aicoach.services.plan_adaptation import adapt_current_plan
from aicoach.services.plans import check_current_plan, create_plan, current_plan
from aicoach.services.predictions import predict
from aicoach.settings import Settings
from aicoach.storage.athletes import read_profile, resolve_athlete

METRIC_KEYS: dict[Metric, tuple[str, ...]] = {
    Metric.CTL: ("ctl",),
    Metric.ATL: ("atl",),
    Metric.TSB: ("tsb",),
    Metric.ACWR: ("acwr",),
    Metric.LOAD: ("load",),
    Metric.MONOTONY: ("monotony",),
    Metric.HRV: ("hrv_ln_rmssd", "hrv_band_low", "hrv_band_high"),
    Metric.RESTING_HR: ("resting_hr_bpm", "rhr_baseline_bpm"),
    Metric.SLEEP: ("sleep_h", "sleep_debt_h"),
}
"""Keys of ``metrics_report`` rows a metric answer shows, the asked one first."""
DIGITS = {"acwr": 2, "monotony": 2, "hrv_ln_rmssd": 2, "hrv_band_low": 2, "hrv_band_high": 2}
PAIN_START_MAX, PAIN_PROGRESS_MAX = 2, 3
"""Return-to-run: start at pain <= 2/10, progress only while it stays <= 3/10 (DESIGN.md)."""
DEFAULT_DAY_MIN = 60


@dataclass(frozen=True, slots=True)
class ToolContext:
    session: Session
    athlete_name: str | None
    settings: Settings
    today: date
    language: Language


@dataclass(frozen=True, slots=True)
class ToolResult:
    tool: str
    values: dict[str, Any]
    missing: tuple[str, ...] = field(default=())
    """Details the request lacks (``goal``, ``event_date``, ``available_days``, ...)."""


def metric(ctx: ToolContext, which: Metric) -> ToolResult:
    if which is Metric.RACE_PREDICTION:
        return race_prediction(ctx)
    rows = metrics_report(ctx.session, ctx.athlete_name, last_day=ctx.today)["daily"]
    keys = METRIC_KEYS[which]
    for row in reversed(rows):
        if row.get(keys[0]) is not None:
            values = {k: _rounded(k, row.get(k)) for k in keys}
            return ToolResult("metric", {"metric": which.value, "date": row["date"], **values})
    return ToolResult("metric", {"metric": which.value, "date": None, keys[0]: None})


def race_prediction(ctx: ToolContext) -> ToolResult:
    report = predict(ctx.session, ctx.athlete_name)
    vdot = report.vdot["value"] if report.vdot else None
    times = {
        p["distance"]: _clock(p["time_s"]) for p in report.predictions if "VDOT" in p["method"]
    }
    return ToolResult("metric", {"metric": "race_prediction", "vdot": vdot, "times": times})


def today_session(ctx: ToolContext, note: str | None) -> ToolResult:
    """Today's recommendation (``services.today``), with the message as today's note."""
    from aicoach.services.today import TodayRequest, recommend_today

    result = recommend_today(ctx.session, ctx.athlete_name, TodayRequest(note=note), ctx.settings)
    document = result.as_json()
    values = {key: document[key] for key in ("intensity", "duration_min", "safety", "reasons")}
    values["title"] = result.decision.chosen.title(ctx.language is Language.CHINESE)
    values["written_in"] = result.decision.language.value
    """The language of ``safety`` and ``reasons`` (the athlete's profile language)."""
    return ToolResult("today_session", values)


def plan_overview(ctx: ToolContext) -> ToolResult:
    try:
        plan = current_plan(ctx.session, ctx.athlete_name).plan
    except UserError:
        return ToolResult("plan_overview", {"plan": None}, missing=("goal",))
    return ToolResult("plan_overview", _plan_values(plan, ctx.today))


def change_plan(ctx: ToolContext, slots: Slots) -> ToolResult:
    """Adapt the current plan, or make a new one through the planner and its checker."""
    if slots.goal is None and slots.adapt:
        try:
            report = adapt_current_plan(ctx.session, ctx.athlete_name, ctx.today)
        except UserError:
            return ToolResult("plan_adapt", {"plan": None}, missing=("goal",))
        values = report.as_json()
        return ToolResult(
            "plan_adapt",
            {
                "changes": values["changes"],
                "done_min": values["done_min"],
                "planned_min": values["planned_min"],
            },
        )
    athlete = resolve_athlete(ctx.session, ctx.athlete_name)
    profile = read_profile(athlete)
    missing = []
    if slots.goal is None:
        missing.append("goal")
    if slots.goal in RUNNING_RACE_GOALS and slots.event_date is None:
        missing.append("event_date")
    if not slots.available_days and not profile.weekly_availability_min:
        missing.append("available_days")
    if missing or slots.goal is None:
        return ToolResult("plan_create", {}, missing=tuple(missing))
    days = slots.available_days or list(profile.weekly_availability_min)
    minutes = {d: float(profile.weekly_availability_min.get(d, DEFAULT_DAY_MIN)) for d in days}
    request = PlanRequest(
        goal=slots.goal,
        start=ctx.today + timedelta(days=1),
        event_date=slots.event_date,
        available_min=minutes,
    )
    try:
        plan = create_plan(ctx.session, ctx.athlete_name, request, ctx.today)
    except UserError as exc:
        return ToolResult("plan_create", {"refused": str(exc)})
    check = check_current_plan(ctx.session, ctx.athlete_name)
    values = _plan_values(plan, plan.start) | {"checked": check.ok}
    values["violations"] = [v.message for v in check.violations][:3]
    return ToolResult("plan_create", values)


def pain_report(ctx: ToolContext, slots: Slots, message: str) -> ToolResult:
    if slots.pain_location is None:
        return ToolResult("pain_report", {}, missing=("pain_location",))
    today = today_session(ctx, message).values
    values = {
        "pain_location": slots.pain_location,
        "pain_0_10": slots.pain_0_10,
        "start_max": PAIN_START_MAX,
        "progress_max": PAIN_PROGRESS_MAX,
        "today": today,
    }
    return ToolResult("pain_report", values)


def general(ctx: ToolContext, message: str) -> ToolResult:
    topic = find_topic(message)
    athlete = resolve_athlete(ctx.session, ctx.athlete_name)
    goals = read_profile(athlete).goals
    values: dict[str, Any] = {"topic": topic.key if topic else None}
    if topic is not None:
        values["answer"] = topic.text[ctx.language]
    if goals:
        goal = goals[0]
        values["goal"] = goal.description
        if goal.event_date is not None:
            values["goal_date"] = goal.event_date
            values["days_to_goal"] = (goal.event_date - ctx.today).days
    return ToolResult("general", values)


def _plan_values(plan: Plan, day: date) -> dict[str, Any]:
    index = next(
        (i for i, w in enumerate(plan.weeks) if w.start <= day < w.start + timedelta(7)), 0
    )
    week = plan.weeks[index]
    return {
        "goal": plan.goal.value,
        "event_date": plan.event_date,
        "week": index + 1,
        "weeks": len(plan.weeks),
        "phase": week.phase.value,
        "week_minutes": round(sum(s.duration_min for s in week.sessions)),
        "sessions": [
            {
                "date": s.day,
                "title": s.title,
                "duration_min": round(s.duration_min),
                "intensity": s.intensity.value,
            }
            for s in week.sessions
        ],
    }


def _rounded(key: str, value: object) -> float | None:
    if not isinstance(value, int | float):
        return None
    return round(float(value), DIGITS.get(key, 1))


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
