"""The main reasons for today's choice in one or two plain sentences, with their numbers.

Facts first, words second: every number here comes from the context or the mask; this module
only words them, in English or Chinese.
"""

from __future__ import annotations

from aicoach.domain.athlete import Language
from aicoach.domain.plan import Intensity
from aicoach.recommend.candidates import Candidate
from aicoach.recommend.context import Readiness, TodayContext
from aicoach.recommend.safety_mask import SafetyLevel, SafetyVerdict

INTENSITY_ZH = {
    Intensity.REST: "休息",
    Intensity.EASY: "轻松",
    Intensity.MODERATE: "中等",
    Intensity.HARD: "高强度",
}


def readiness_facts(readiness: Readiness, zh: bool, limit: int = 3) -> list[str]:
    """The markers furthest from typical, as short phrases with their numbers."""
    markers = readiness.markers()
    phrases: dict[str, str] = {}
    r = readiness
    if "hrv" in markers:
        assert r.hrv_ln_7d is not None and r.hrv_band_low is not None
        assert r.hrv_band_high is not None
        band = f"{r.hrv_band_low:.2f}-{r.hrv_band_high:.2f}"
        phrases["hrv"] = (
            f"HRV 7日均值 lnRMSSD {r.hrv_ln_7d:.2f}（正常范围 {band}）"
            if zh
            else f"HRV 7-day lnRMSSD {r.hrv_ln_7d:.2f} (normal {band})"
        )
    if r.rhr_deviation_sd is not None:
        phrases["resting_hr"] = (
            f"静息心率偏离基线 {r.rhr_deviation_sd:+.1f} SD"
            if zh
            else f"resting HR {r.rhr_deviation_sd:+.1f} SD from baseline"
        )
    if r.tsb is not None:
        phrases["tsb"] = f"TSB {r.tsb:+.0f}"
    if r.acwr is not None:
        phrases["acwr"] = f"ACWR {r.acwr:.2f}"
    if r.sleep_h is not None:
        phrases["sleep"] = f"睡眠 {r.sleep_h:.1f} 小时" if zh else f"sleep {r.sleep_h:.1f} h"
    ranked = sorted(markers, key=lambda name: -abs(markers[name]))
    return [phrases[name] for name in ranked[:limit] if name in phrases]


def explain(
    context: TodayContext,
    chosen: Candidate,
    verdict: SafetyVerdict,
    feedback_count: int,
) -> list[str]:
    """One or two sentences: why this, and what ruled others out or what was learned."""
    zh = context.language is Language.CHINESE
    if verdict.level is SafetyLevel.STOP:
        return [verdict.message]
    reasons = [_main_reason(context, chosen, zh)]
    if verdict.level is not SafetyLevel.OK:
        reasons.append(verdict.message)
    elif context.note is not None and chosen.intensity is not Intensity.REST:
        reasons.append(_note_reason(context, zh))
    elif feedback_count > 0:
        reasons.append(
            f"这个选择也参考了你对类似训练的 {feedback_count} 次反馈。"
            if zh
            else f"It also reflects your feedback on {feedback_count} earlier sessions like it."
        )
    return reasons[:2]


def _main_reason(context: TodayContext, chosen: Candidate, zh: bool) -> str:
    facts = readiness_facts(context.readiness, zh)
    score = context.readiness.score()
    what = _what(chosen, zh)
    if zh:
        state = "，".join(facts) if facts else "没有可用的恢复数据"
        readiness = f"（恢复指数 {score:+.2f}）" if score is not None else ""
    else:
        state = ", ".join(facts) if facts else "no readiness data yet"
        readiness = f" (readiness {score:+.2f} on a -1 to +1 scale)" if score is not None else ""
    planned = context.planned
    minutes = context.minutes_available
    if chosen.arm == "planned" and planned is not None:
        return (
            f"按计划进行：{what}；{state}{readiness}。"
            if zh
            else f"Today's planned session fits: {what}; {state}{readiness}."
        )
    if chosen.arm == "planned_shorter" and planned is not None:
        time_note = f"你有 {minutes:.0f} 分钟" if zh and minutes else ""
        if zh:
            return f"计划 {planned.duration_min:.0f} 分钟，今天缩短为{what}{time_note}；{state}。"
        have = f" and you have {minutes:.0f} min" if minutes is not None else ""
        return (
            f"The plan asks for {planned.duration_min:.0f} min{have}, so a shorter version: "
            f"{what}; {state}{readiness}."
        )
    if chosen.arm == "planned_easier" and planned is not None:
        if zh:
            planned_zh = INTENSITY_ZH[planned.intensity]
            return f"今天把计划中的{planned_zh}训练改为{what}；{state}{readiness}。"
        return f"Today's {planned.intensity.value} session becomes {what}: {state}{readiness}."
    if chosen.intensity is Intensity.REST:
        return f"今天休息：{state}{readiness}。" if zh else f"Rest today: {state}{readiness}."
    return f"推荐{what}；{state}{readiness}。" if zh else f"Suggested: {what}; {state}{readiness}."


def _what(chosen: Candidate, zh: bool) -> str:
    place = chosen.place.value if chosen.place is not None else ""
    if zh:
        return (
            f"{chosen.title_zh} {chosen.duration_min:.0f} 分钟"
            f"（{INTENSITY_ZH[chosen.intensity]}，{place}）"
        )
    return (
        f"{chosen.title_en.lower()} for {chosen.duration_min:.0f} min "
        f"({chosen.intensity.value}, {place})"
    )


def _note_reason(context: TodayContext, zh: bool) -> str:
    note = context.note
    assert note is not None
    if zh:
        return f"你的记录读作：情绪 {note.mood:+.2f}，精力 {note.energy:+.2f}（-1 到 +1）。"
    return (
        f"Your note reads as mood {note.mood:+.2f} and energy {note.energy:+.2f} "
        "(on a -1 to +1 scale)."
    )
