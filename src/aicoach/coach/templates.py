"""The fact template: a reply in English or Chinese written from tool results alone.

It is always correct and always shown first; a model may add words after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aicoach.coach.phrases import phrase
from aicoach.coach.tools import PAIN_PROGRESS_MAX, ToolResult
from aicoach.domain.athlete import Language

Lines = list[str]
EN, ZH = Language.ENGLISH, Language.CHINESE
METRIC_NAMES: dict[str, dict[Language, str]] = {
    "ctl": {EN: "fitness (CTL)", ZH: "体能（CTL）"},
    "atl": {EN: "fatigue (ATL)", ZH: "疲劳（ATL）"},
    "tsb": {EN: "form (TSB = CTL - ATL)", ZH: "状态（TSB = CTL - ATL）"},
    "acwr": {EN: "acute:chronic workload ratio (ACWR)", ZH: "急慢性负荷比（ACWR）"},
    "load": {EN: "training load", ZH: "训练负荷"},
    "monotony": {EN: "training monotony", ZH: "训练单调性"},
    "hrv": {EN: "HRV (ln rMSSD)", ZH: "心率变异性（ln rMSSD）"},
    "resting_hr": {EN: "resting heart rate (bpm)", ZH: "静息心率（次/分）"},
    "sleep": {EN: "sleep (hours)", ZH: "睡眠（小时）"},
}
INTENSITY_NAMES: dict[str, dict[Language, str]] = {
    "rest": {EN: "rest", ZH: "休息"},
    "easy": {EN: "easy", ZH: "轻松"},
    "moderate": {EN: "moderate", ZH: "中等"},
    "hard": {EN: "hard", ZH: "高强度"},
}

GOAL_NAMES: dict[str, dict[Language, str]] = {
    "5k": {EN: "5 km", ZH: "5公里"},
    "10k": {EN: "10 km", ZH: "10公里"},
    "half": {EN: "half marathon", ZH: "半程马拉松"},
    "marathon": {EN: "marathon", ZH: "马拉松"},
}
PHASE_NAMES: dict[str, dict[Language, str]] = {
    "base": {EN: "base", ZH: "基础期"},
    "build": {EN: "build", ZH: "强化期"},
    "peak": {EN: "peak", ZH: "巅峰期"},
    "taper": {EN: "taper", ZH: "减量期"},
    "return": {EN: "return", ZH: "恢复期"},
}


def clarifying_questions(missing: tuple[str, ...], language: Language) -> Lines:
    return [phrase(f"ask_{name}", language) for name in missing]


def render(result: ToolResult, language: Language) -> Lines:
    """The fact lines of ``result``, or the questions that would let the tool answer."""
    if result.missing:
        return [phrase("need_more", language), *clarifying_questions(result.missing, language)]
    return RENDERERS[result.tool](result.values, language)


def _metric(v: dict[str, Any], lang: Language) -> Lines:
    name = v["metric"]
    if name == "race_prediction":
        return _prediction(v, lang)
    key = next(k for k in v if k not in {"metric", "date"})
    label = METRIC_NAMES[name][lang]
    if v[key] is None:
        return [phrase("metric_none", lang, label=label)]
    lines = [phrase("metric", lang, label=label, day=v["date"].isoformat(), value=v[key])]
    if name == "hrv" and v["hrv_band_low"] is not None and v["hrv_band_high"] is not None:
        lines.append(phrase("hrv_band", lang, low=v["hrv_band_low"], high=v["hrv_band_high"]))
    if name == "resting_hr" and v.get("rhr_baseline_bpm") is not None:
        lines.append(phrase("rhr_base", lang, base=v["rhr_baseline_bpm"]))
    if name == "sleep" and v.get("sleep_debt_h") is not None:
        lines.append(phrase("sleep_debt", lang, debt=v["sleep_debt_h"]))
    if name == "tsb":
        lines.append(phrase("tsb_meaning", lang))
    return lines


def _prediction(v: dict[str, Any], lang: Language) -> Lines:
    if v["vdot"] is None:
        return [phrase("no_prediction", lang)]
    times = ", ".join(f"{distance} {clock}" for distance, clock in v["times"].items())
    return [phrase("prediction", lang, vdot=v["vdot"], times=times)]


def _today(v: dict[str, Any], lang: Language) -> Lines:
    intensity = INTENSITY_NAMES.get(v["intensity"], {}).get(lang, v["intensity"])
    if v["duration_min"]:
        head = phrase(
            "today", lang, title=v["title"], minutes=v["duration_min"], intensity=intensity
        )
    else:
        head = phrase("today_rest", lang, title=v["title"])
    safety = v["safety"]
    lines = [head]
    if v["written_in"] != lang.value:
        if safety["level"] != "ok":
            lines.append(phrase(f"safety_{safety['level']}", lang))
        return lines
    if safety["level"] != "ok" and safety["message"]:
        lines.append(safety["message"])
    return lines + [r for r in v["reasons"][:2] if r != safety["message"]]


def _plan(v: dict[str, Any], lang: Language) -> Lines:
    if v.get("refused"):
        return [phrase("plan_refused", lang, why=v["refused"])]
    lines = []
    if "checked" in v:
        problems = "; ".join(v["violations"])
        key = "plan_checked" if v["checked"] else "plan_problems"
        lines.append(phrase(key, lang, problems=problems))
    goal = GOAL_NAMES.get(v["goal"], {}).get(lang, v["goal"])
    phase_name = PHASE_NAMES.get(v["phase"], {}).get(lang, v["phase"])
    lines.append(
        phrase(
            "plan_week",
            lang,
            week=v["week"],
            weeks=v["weeks"],
            phase=phase_name,
            goal=goal,
            minutes=v["week_minutes"],
        )
    )
    for s in v["sessions"]:
        lines.append(
            phrase(
                "plan_session",
                lang,
                day=s["date"].isoformat(),
                title=s["title"],
                minutes=s["duration_min"],
                intensity=INTENSITY_NAMES.get(s["intensity"], {}).get(lang, s["intensity"]),
            )
        )
    return lines


def _adapt(v: dict[str, Any], lang: Language) -> Lines:
    if not v["changes"]:
        return [phrase("adapt_none", lang)]
    return [phrase("adapt", lang), *(f"{c['date']}: {c['sentence']}" for c in v["changes"])]


def _pain(v: dict[str, Any], lang: Language) -> Lines:
    score = v["pain_0_10"]
    scored = f" ({score}/10)" if score is not None else ""
    lines = [
        phrase(
            "pain_rule",
            lang,
            where=v["pain_location"],
            scored=scored,
            progress=v["progress_max"],
            start=v["start_max"],
        )
    ]
    if score is not None and score > PAIN_PROGRESS_MAX:
        lines.append(phrase("pain_stop", lang, score=score))
    return lines + _today(v["today"], lang)


def _general(v: dict[str, Any], lang: Language) -> Lines:
    lines = [v["answer"] if v.get("answer") else phrase("can_help", lang)]
    if v.get("goal"):
        when = ""
        if "goal_date" in v:
            when = phrase("goal_when", lang, day=v["goal_date"].isoformat(), days=v["days_to_goal"])
        lines.append(phrase("goal", lang, goal=v["goal"], when=when))
    return lines


RENDERERS: dict[str, Callable[[dict[str, Any], Language], Lines]] = {
    "metric": _metric,
    "today_session": _today,
    "plan_overview": _plan,
    "plan_create": _plan,
    "plan_adapt": _adapt,
    "pain_report": _pain,
    "general": _general,
}
