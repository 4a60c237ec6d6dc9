"""The hard safety mask: deterministic rules applied after the learner, never learned.

Most protective rule first (DESIGN.md safety rules):

1. A red flag in today's note, or an open urgent alert: rest, and the stop-and-refer advice.
2. Resting blood pressure >= 180/110 mmHg: no exercise today.
3. Illness (fever, reported illness, illness pattern): rest or very light (<= 20 min).
4. Resting blood pressure >= 160/100 mmHg without medical clearance: easy only.
5. Pain in a body region: nothing that loads it fully; pain with no known place: no hard
   session. An injury in the profile: no hard session that loads it.
6. Weather: a thunderstorm rules out every outdoor venue; feels-like >= 32 °C (ACSM 2007
   heat position stand: high risk of exertional heat illness above WBGT 28 °C) or US AQI
   > 150 rules out outdoor moderate and hard sessions; AQI > 200 or feels-like <= -27 °C
   (frostbite within 30 min, ACSM 2006 cold position stand) rules out outdoor venues.
7. A warning alert (load, HRV, resting HR, sleep) or a clearly negative note: no hard session.

Rest is never masked, so there is always something allowed. An activity keeps the venues the
rules leave (a treadmill when the storm rules out the road); with none left, it is masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum

from aicoach.alerts.blood_pressure import LIGHT_ONLY_LIMIT_MMHG, NO_EXERCISE_LIMIT_MMHG
from aicoach.alerts.red_flag_terms import stop_and_refer_message
from aicoach.domain.athlete import Language
from aicoach.domain.plan import Intensity
from aicoach.recommend.candidates import Candidate
from aicoach.recommend.context import TodayContext
from aicoach.recommend.weather import Sky, Weather

VERY_LIGHT_MAX_MIN = 20.0
HEAT_FEELS_LIKE_C = 32.0
COLD_FEELS_LIKE_C = -27.0
AQI_NO_INTENSITY = 150.0
AQI_NO_OUTDOOR = 200.0
ILLNESS_RULES = frozenset({"illness_pattern"})
HARD_OR_MODERATE = frozenset({Intensity.MODERATE, Intensity.HARD})


class SafetyLevel(IntEnum):
    """How much the mask took away today; ordered, the highest rule found wins."""

    OK = 0
    CAUTION = 1
    REST = 2
    STOP = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Masked:
    arm: str
    title: str
    why: str


@dataclass(frozen=True, slots=True)
class SafetyVerdict:
    level: SafetyLevel
    message: str
    allowed: tuple[Candidate, ...]
    masked: tuple[Masked, ...]


@dataclass(frozen=True, slots=True)
class _Rule:
    level: SafetyLevel
    message: str
    apply: Callable[[Candidate], Candidate | str | None]
    """Returns the candidate as still allowed (maybe with fewer venues or less time), a reason
    to mask it, or ``None`` when the rule does not touch it."""


def apply_safety_mask(candidates: list[Candidate], context: TodayContext) -> SafetyVerdict:
    """Split today's candidates into allowed and masked (with the reason for each)."""
    rules = _rules(context)
    allowed: list[Candidate] = []
    masked: list[Masked] = []
    zh = context.language is Language.CHINESE
    for candidate in candidates:
        if candidate.unfit is not None:
            masked.append(Masked(candidate.arm, candidate.title(zh), candidate.unfit))
            continue
        current: Candidate | None = candidate
        for rule in rules:
            if current is None or current.intensity is Intensity.REST:
                break
            outcome = rule.apply(current)
            if isinstance(outcome, str):
                masked.append(Masked(candidate.arm, candidate.title(zh), outcome))
                current = None
            elif outcome is not None:
                current = outcome
        if current is not None:
            allowed.append(current)
    level = max((rule.level for rule in rules), default=SafetyLevel.OK)
    top = [rule.message for rule in rules if rule.level is level]
    message = " ".join(dict.fromkeys(top)) if top else _all_clear(context.language)
    return SafetyVerdict(level, message, tuple(allowed), tuple(masked))


def _all_clear(language: Language) -> str:
    if language is Language.CHINESE:
        return "今天没有安全方面的限制。"
    return "Nothing in your data rules anything out today."


def _rules(context: TodayContext) -> list[_Rule]:
    """Today's active rules, most protective first."""
    rules: list[_Rule] = []
    health = context.health
    note = context.note
    urgent = [a for a in health.alerts if a.severity == "urgent"]
    if note is not None and note.stop_and_refer:
        message = stop_and_refer_message(context.language, list(note.red_flags))
        if not note.red_flags:
            message = _generic_stop(context.language)
        rules.append(_only_rest(SafetyLevel.STOP, message, "a red flag in today's note"))
    if urgent:
        message = f"{urgent[0].message} Rest today and get medical advice."
        rules.append(_only_rest(SafetyLevel.STOP, message, f"urgent alert: {urgent[0].rule}"))
    bp = health.blood_pressure
    if bp is not None and _at_or_above(bp, NO_EXERCISE_LIMIT_MMHG):
        message = (
            f"Resting blood pressure {bp[0]}/{bp[1]} mmHg is at or above 180/110: no exercise "
            "today; have it checked by a doctor."
        )
        rules.append(_only_rest(SafetyLevel.STOP, message, f"blood pressure {bp[0]}/{bp[1]}"))
    illness = list(health.illness) + [a.message for a in health.alerts if a.rule in ILLNESS_RULES]
    if note is not None and note.illness:
        illness.append(f"your note says you are unwell (“{note.text.strip()}”)")
    fever = health.fever or (note is not None and note.fever)
    if fever or illness:
        why = "fever" if fever else illness[0]
        message = (
            f"Signs of illness ({why}): rest, or at most {VERY_LIGHT_MAX_MIN:.0f} min very light."
        )
        rules.append(_Rule(SafetyLevel.REST, message, _very_light_only(why)))
    if bp is not None and _at_or_above(bp, LIGHT_ONLY_LIMIT_MMHG) and not health.medical_clearance:
        message = (
            f"Resting blood pressure {bp[0]}/{bp[1]} mmHg is at or above 160/100 without "
            "medical clearance: easy sessions only."
        )
        why = f"blood pressure {bp[0]}/{bp[1]} mmHg without clearance: easy only"
        rules.append(_Rule(SafetyLevel.CAUTION, message, _max_intensity(Intensity.EASY, why)))
    rules.extend(_pain_rules(context))
    if context.weather is not None:
        rules.extend(_weather_rules(context.weather))
    warnings = [a for a in health.alerts if a.severity == "warning" and a.rule not in ILLNESS_RULES]
    if warnings:
        why = f"warning alert ({warnings[0].rule}): no hard session today"
        rules.append(
            _Rule(SafetyLevel.CAUTION, warnings[0].message, _max_intensity(Intensity.MODERATE, why))
        )
    if note is not None and note.clearly_negative:
        score = min(note.mood, note.energy)
        why = f"your note reads as low mood/energy (score {score:+.2f}): no hard session today"
        rules.append(
            _Rule(SafetyLevel.CAUTION, why[0].upper() + why[1:] + ".",
                  _max_intensity(Intensity.MODERATE, why))
        )  # fmt: skip
    return rules


def _generic_stop(language: Language) -> str:
    if language is Language.CHINESE:
        return "请立即停止：你的记录中提到需要警惕的症状。今天不要训练，并请今天就医。"
    return (
        "Stop: your note mentions a warning symptom. Do not train today and get medical advice "
        "today; if it is severe or sudden, call emergency services."
    )


def _only_rest(level: SafetyLevel, message: str, why: str) -> _Rule:
    return _Rule(level, message, lambda _candidate: f"{why}: rest only")


def _very_light_only(why: str) -> Callable[[Candidate], Candidate | str | None]:
    def apply(candidate: Candidate) -> Candidate | str | None:
        if not candidate.very_light:
            return f"{why}: rest or very light only"
        return replace(candidate, duration_min=min(candidate.duration_min, VERY_LIGHT_MAX_MIN))

    return apply


def _max_intensity(limit: Intensity, why: str) -> Callable[[Candidate], Candidate | str | None]:
    order = list(Intensity)

    def apply(candidate: Candidate) -> Candidate | str | None:
        return why if order.index(candidate.intensity) > order.index(limit) else None

    return apply


def _pain_rules(context: TodayContext) -> list[_Rule]:
    rules: list[_Rule] = []
    health = context.health
    for region, words in sorted(health.pain.items()):
        why = f"pain in the {region.value} ({words}): nothing that loads it"
        message = (
            f"You reported pain in the {region.value} ({words}), so nothing that loads it today."
        )

        def loads(candidate: Candidate, region: object = region, why: str = why) -> str | None:
            return why if region in candidate.full_load else None

        rules.append(_Rule(SafetyLevel.CAUTION, message, loads))
    if health.pain_unlocated:
        why = f"pain reported ({health.pain_unlocated[0]}): no hard session until it settles"
        rules.append(
            _Rule(SafetyLevel.CAUTION, why[0].upper() + why[1:] + ".",
                  _max_intensity(Intensity.MODERATE, why))
        )  # fmt: skip
    for region, condition in sorted(health.injuries.items()):
        why = f"injury in your profile ({condition}): no hard session that loads the {region.value}"

        def hard_on(candidate: Candidate, region: object = region, why: str = why) -> str | None:
            hard = candidate.intensity is Intensity.HARD
            return why if hard and region in candidate.full_load else None

        rules.append(_Rule(SafetyLevel.CAUTION, why[0].upper() + why[1:] + ".", hard_on))
    return rules


def _weather_rules(weather: Weather) -> list[_Rule]:
    rules: list[_Rule] = []
    feels = weather.feels_like_c
    aqi = weather.us_aqi
    if weather.sky is Sky.STORM:
        rules.append(_outdoor_rule("thunderstorm: no outdoor exercise", everything=True))
    if aqi is not None and aqi > AQI_NO_OUTDOOR:
        rules.append(_outdoor_rule(f"air quality AQI {aqi:.0f} > 200: no outdoor exercise", True))
    elif aqi is not None and aqi > AQI_NO_INTENSITY:
        rules.append(_outdoor_rule(f"air quality AQI {aqi:.0f} > 150: no outdoor effort", False))
    if feels is not None and feels >= HEAT_FEELS_LIKE_C:
        rules.append(_outdoor_rule(f"heat, feels like {feels:.0f} °C: no outdoor effort", False))
    if feels is not None and feels <= COLD_FEELS_LIKE_C:
        rules.append(_outdoor_rule(f"cold, feels like {feels:.0f} °C: no outdoor exercise", True))
    return rules


def _outdoor_rule(why: str, everything: bool) -> _Rule:
    def apply(candidate: Candidate) -> Candidate | str | None:
        if not everything and candidate.intensity not in HARD_OR_MODERATE:
            return None
        indoor = tuple(v for v in candidate.venues if not v.outdoor)
        if len(indoor) == len(candidate.venues):
            return None
        return replace(candidate, venues=indoor) if indoor else why

    return _Rule(SafetyLevel.CAUTION, why[0].upper() + why[1:] + ".", apply)


def _at_or_above(bp: tuple[int, int], limit_mmhg: tuple[float, float]) -> bool:
    return bp[0] >= limit_mmhg[0] or bp[1] >= limit_mmhg[1]
