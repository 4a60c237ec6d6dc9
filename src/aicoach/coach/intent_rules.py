"""Deterministic intent and slot reading in English and Chinese (keyword tables).

It decides every request it recognises; a fluent model is asked only about the rest.
"""

from __future__ import annotations

import re
from datetime import date

from aicoach.coach.intent import Intent, Metric, Slots, Understanding
from aicoach.coach.knowledge import find_topic
from aicoach.domain.athlete import Weekday
from aicoach.domain.plan import PlanGoal
from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.reading import NoteReading

METRIC_TERMS: dict[Metric, tuple[str, ...]] = {
    Metric.CTL: (r"\bctl\b", r"\bfitness\b", r"chronic training load", "体能", "慢性训练负荷"),
    Metric.ATL: (
        r"\batl\b",
        r"fatigue (?:score|level|number)",
        r"acute training load",
        "疲劳指数",
        "疲劳值",
        "急性训练负荷",
    ),
    Metric.TSB: (
        r"\btsb\b",
        r"\bform\b",
        r"freshness",
        r"training stress balance",
        "状态值",
        "训练压力平衡",
    ),
    Metric.ACWR: (r"\bacwr\b", r"acute.?chronic", r"load ratio", "急慢性负荷比", "负荷比"),
    Metric.MONOTONY: (r"monotony", "单调"),
    Metric.HRV: (r"\bhrv\b", r"heart rate variability", "心率变异"),
    Metric.RESTING_HR: (r"resting (?:heart rate|hr)", r"\brhr\b", "静息心率"),
    Metric.SLEEP: (r"\bsleep\b", r"\bslept\b", "睡眠", "睡了"),
    Metric.RACE_PREDICTION: (
        r"predict",
        r"race time",
        r"how fast could i",
        "预测",
        "能跑多快",
        "比赛成绩",
    ),
    Metric.LOAD: (r"training load", r"\bload\b", "训练负荷", "负荷"),
}
PLAN_WORDS = (r"\bplan\b", r"\bschedule\b", r"\bblock\b", "计划", "课表")
CHANGE_WORDS = (
    r"\b(?:make|create|build|new|change|adapt|adjust|move|reschedule|skip|rewrite|update|"
    r"give me)\b",
    r"train(?:ing)? for",
    r"prepare for",
    "制定",
    "做一个",
    "调整",
    "改",
    "新的",
    "帮我",
    "准备",
)
ADAPT_WORDS = (r"\b(?:adapt|adjust|sick|ill|missed|skip)\b", "调整", "生病", "错过", "病了")
TODAY_WORDS = (
    r"\btoday\b",
    r"\btonight\b",
    r"this morning",
    r"should i (?:run|train|ride|go|rest|do)",
    r"\bworkout\b",
    r"\bsession\b",
    r"what (?:do|should) i do",
    "今天",
    "今晚",
    "训练什么",
    "练什么",
)
STRONG_TODAY_WORDS = (
    r"what (?:do|should|can) i do",
    r"should i (?:run|train|ride|go|rest|do)",
    r"\bworkout\b",
    "训练什么",
    "练什么",
)
PERSONAL_WORDS = (r"\bmy\b", r"\bi\b", r"\bme\b", r"\bi'm\b", "我")
GOAL_TERMS: dict[PlanGoal, tuple[str, ...]] = {
    PlanGoal.HALF_MARATHON: (
        r"half[- ]?marathon",
        r"\bhalf\b",
        r"\b21(?:\.1)? ?k",
        "半马",
        "半程马拉松",
    ),
    PlanGoal.MARATHON: (r"marathon", r"\b42(?:\.2)? ?k", "全马", "全程马拉松", "马拉松"),
    PlanGoal.TEN_K: (r"\b10 ?k(?:m)?\b", "10公里", "十公里"),
    PlanGoal.FIVE_K: (r"\b5 ?k(?:m)?\b", "5公里", "五公里"),
    PlanGoal.STRENGTH: (r"\bstrength\b", r"\bstronger\b", "力量"),
    PlanGoal.WEIGHT_LOSS: (r"lose weight", r"weight loss", "减肥", "减重"),
    PlanGoal.GENERAL_FITNESS: (r"get fit", r"general fitness", "健身"),
    PlanGoal.RETURN_TO_RUN: (r"return to run", r"back to running", "恢复跑步"),
}
WEEKDAY_TERMS: dict[Weekday, tuple[str, ...]] = {
    Weekday.MONDAY: (r"\bmon(?:day)?s?\b", "周一", "星期一", "礼拜一"),
    Weekday.TUESDAY: (r"\btue(?:s|sday)?s?\b", "周二", "星期二", "礼拜二"),
    Weekday.WEDNESDAY: (r"\bwed(?:nesday)?s?\b", "周三", "星期三", "礼拜三"),
    Weekday.THURSDAY: (r"\bthu(?:rs|rsday)?s?\b", "周四", "星期四", "礼拜四"),
    Weekday.FRIDAY: (r"\bfri(?:day)?s?\b", "周五", "星期五", "礼拜五"),
    Weekday.SATURDAY: (r"\bsat(?:urday)?s?\b", "周六", "星期六", "礼拜六"),
    Weekday.SUNDAY: (r"\bsun(?:day)?s?\b", "周日", "周天", "星期日", "星期天", "礼拜天"),
}
ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
CHINESE_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})[日号]")
PAIN_SCORE = re.compile(r"\b(\d{1,2}) ?(?:/|out of) ?10\b|(\d{1,2}) ?分")
MOOD_LABELS = frozenset(
    {NoteLabel.FATIGUE, NoteLabel.LOW_MOOD, NoteLabel.MOTIVATION, NoteLabel.ILLNESS}
)


def read_request(text: str, reading: NoteReading) -> Understanding:
    """Intent and slots of ``text``; ``reading`` is the note classifier's view of it."""
    lower = text.lower()
    slots = read_slots(text, reading)
    if reading.has(NoteLabel.PAIN):
        return Understanding(intent=Intent.PAIN, slots=slots)
    if _any(PLAN_WORDS, lower) or slots.goal is not None:
        changing = _any(CHANGE_WORDS, lower) or slots.goal is not None
        intent = Intent.PLAN_CHANGE if changing else Intent.PLAN_QUESTION
        return Understanding(intent=intent, slots=slots)
    if _any(STRONG_TODAY_WORDS, lower):
        return Understanding(intent=Intent.TODAY, slots=slots)
    if slots.metric is not None and _any(PERSONAL_WORDS, lower):
        return Understanding(intent=Intent.METRIC, slots=slots)
    if find_topic(text) is not None and _is_question(lower):
        return Understanding(intent=Intent.GENERAL, slots=slots)
    if reading.labels & MOOD_LABELS or _any(TODAY_WORDS, lower):
        return Understanding(intent=Intent.TODAY, slots=slots)
    return Understanding(intent=Intent.GENERAL, slots=slots)


def _is_question(lower: str) -> bool:
    starts = ("how", "what", "is ", "are ", "can ", "should ", "do ", "does ", "why", "when")
    return "?" in lower or "？" in lower or lower.startswith(starts) or "吗" in lower


def read_slots(text: str, reading: NoteReading) -> Slots:
    lower = text.lower()
    metric = next((m for m, terms in METRIC_TERMS.items() if _any(terms, lower)), None)
    goal = next((g for g, terms in GOAL_TERMS.items() if _any(terms, lower)), None)
    days = [day for day, terms in WEEKDAY_TERMS.items() if _any(terms, lower)]
    parts = reading.entities_of(EntityKind.BODY_PART)
    score = PAIN_SCORE.search(lower)
    return Slots(
        metric=metric,
        goal=goal,
        event_date=_date(lower),
        available_days=days or None,
        pain_location=parts[0].text[:60] if parts else None,
        pain_0_10=_score(score),
        adapt=_any(ADAPT_WORDS, lower),
    )


def _score(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    value = int(match.group(1) or match.group(2))
    return value if 0 <= value <= 10 else None


def _date(text: str) -> date | None:
    for pattern in (ISO_DATE, CHINESE_DATE):
        match = pattern.search(text)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def _any(terms: tuple[str, ...], text: str) -> bool:
    return any((re.search(t, text) if t.isascii() else t in text) for t in terms)
