"""Pre-participation screening (PAR-Q+ style) before a vigorous plan. Pure: no I/O.

The seven general questions follow the topics of the PAR-Q+ (Warburton et al., Health & Fitness
Journal of Canada 2011; PAR-Q+ Collaboration, 2023 edition), written in the project's own words,
plus two of the product's own: pregnancy and a current injury. Together with the profile's
conditions and the latest resting blood pressure they decide how hard a plan may be:

- resting BP >= 180/110 (systolic or diastolic) in the last 30 days -> ``NO_PLAN``, whatever the
  clearance (DESIGN.md);
- no answers, or answers older than 365 days -> ``UNSCREENED`` (advice: run ``aicoach screen``);
  its reasons still list what was found, and age >= 65 is mentioned;
- a "yes", resting BP >= 160/100, or a profile condition that names an injury, a pregnancy or
  a heart condition -> ``LIGHT``, unless medical clearance is recorded (then ``CLEAR``, with a
  reason saying the clearance decided it);
- pregnancy (answered or in the conditions) stays ``LIGHT`` even with clearance: the product does
  not build vigorous plans in pregnancy; moderate activity is the default advice (ACOG Committee
  Opinion 804, 2020) and anything harder belongs with the athlete's own obstetric care;
- otherwise ``CLEAR``.

Reasons are English sentences that show their numbers; advice is in the athlete's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from aicoach.alerts.blood_pressure import LIGHT_ONLY_LIMIT_MMHG, NO_EXERCISE_LIMIT_MMHG
from aicoach.domain.athlete import AthleteProfile, Language
from aicoach.errors import UserError

SCREENING_VALID_DAYS = 365
"""Answers older than this count as missing: screening is repeated once a year."""
BP_READING_VALID_DAYS = 30
"""Resting blood pressure readings older than this are ignored."""
OLDER_ADULT_AGE_Y = 65
"""From this age an unscreened athlete is reminded that screening matters more."""


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """One yes/no question; ``topic`` is the short English phrase used in reasons."""

    id: str
    text_en: str
    text_zh: str
    topic: str = ""

    def text(self, language: Language) -> str:
        return self.text_zh if language is Language.CHINESE else self.text_en


PREGNANT = "pregnant"
ACTIVE_INJURY = "active_injury"

QUESTIONS: tuple[ScreeningQuestion, ...] = (
    ScreeningQuestion(
        "heart_condition",
        "Have you been diagnosed with a heart condition or with high blood pressure?",
        "您是否被诊断出患有心脏疾病或高血压？",
        "a heart condition or high blood pressure",
    ),
    ScreeningQuestion(
        "chest_pain",
        "Do you get chest pain, pressure or tightness - at rest, in everyday life or when "
        "exercising?",
        "您是否出现过胸痛、胸闷或胸部压迫感（无论是在休息时、日常生活中还是运动时）？",
        "chest pain",
    ),
    ScreeningQuestion(
        "dizziness",
        "In the past year, have you fainted, blacked out, or lost your balance because you "
        "felt dizzy?",
        "过去一年内，您是否曾晕倒、失去知觉，或因头晕而站不稳？",
        "fainting or dizziness",
    ),
    ScreeningQuestion(
        "chronic_condition",
        "Do you live with any other long-term medical condition (for example diabetes, "
        "asthma, kidney disease or cancer)?",
        "您是否患有其他长期疾病（例如糖尿病、哮喘、肾病或癌症）？",
        "another long-term medical condition",
    ),
    ScreeningQuestion(
        "medication",
        "Do you take medicine that a doctor prescribed for a long-term condition?",
        "您目前是否在服用医生为长期疾病开的处方药？",
        "prescribed medication for a long-term condition",
    ),
    ScreeningQuestion(
        "bone_joint",
        "Do you have, or have you had in the last 12 months, a problem with a bone, joint, "
        "muscle, tendon or ligament that more exercise could aggravate?",
        "您现在（或过去12个月内）是否有骨骼、关节、肌肉、肌腱或韧带方面的问题，可能会因运动量增加而加重？",
        "a bone, joint or soft-tissue problem",
    ),
    ScreeningQuestion(
        "supervised_only",
        "Has a doctor advised you to exercise only under medical supervision?",
        "是否有医生建议您只能在医疗监护下运动？",
        "exercising only under medical supervision",
    ),
    ScreeningQuestion(
        PREGNANT,
        "Are you pregnant at the moment?",
        "您目前是否怀孕？",
        "pregnancy",
    ),
    ScreeningQuestion(
        ACTIVE_INJURY,
        "Do you have an injury right now that hurts or limits how you move?",
        "您现在是否有仍在疼痛或限制活动的伤病？",
        "a current injury",
    ),
)
QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)

CLEARANCE_QUESTION = ScreeningQuestion(
    "medical_clearance",
    "Has a doctor cleared you for vigorous exercise (medical clearance)?",
    "是否有医生已确认您可以进行高强度运动（医疗许可）？",
    "medical clearance",
)
"""Asked after the questions; the answer is ``ScreeningAnswers.medical_clearance``."""


@dataclass(frozen=True)
class ScreeningAnswers:
    """A yes/no answer to every question in ``QUESTIONS``, and whether a doctor cleared exercise."""

    answers: dict[str, bool]
    medical_clearance: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", dict(self.answers))  # a private copy
        unknown = sorted(set(self.answers) - set(QUESTION_IDS))
        missing = [qid for qid in QUESTION_IDS if qid not in self.answers]
        problems = []
        if unknown:
            problems.append(f"unknown question ids: {', '.join(unknown)}")
        if missing:
            problems.append(f"missing answers for: {', '.join(missing)}")
        not_bool = [qid for qid, value in self.answers.items() if not isinstance(value, bool)]
        if not_bool:
            problems.append(f"answers must be yes/no (true/false): {', '.join(sorted(not_bool))}")
        if problems:
            raise UserError(
                f"screening answers: {'; '.join(problems)} (known: {', '.join(QUESTION_IDS)})"
            )

    @classmethod
    def from_yes(cls, yes_ids: Iterable[str], medical_clearance: bool = False) -> ScreeningAnswers:
        """Answers with 'yes' for ``yes_ids`` and 'no' for every other question."""
        yes = set(yes_ids)
        unknown = sorted(yes - set(QUESTION_IDS))
        if unknown:
            raise UserError(
                f"screening answers: unknown question ids: {', '.join(unknown)} "
                f"(known: {', '.join(QUESTION_IDS)})"
            )
        return cls({qid: qid in yes for qid in QUESTION_IDS}, medical_clearance)

    def yes_ids(self) -> tuple[str, ...]:
        """The questions answered 'yes', in question order."""
        return tuple(qid for qid in QUESTION_IDS if self.answers[qid])


class ScreeningOutcome(StrEnum):
    CLEAR = "clear"
    """Vigorous training allowed."""
    LIGHT = "light"
    """Light to moderate plan only, with advice to get medical clearance."""
    NO_PLAN = "no-plan"
    """No plan at all until resting blood pressure is lower."""
    UNSCREENED = "unscreened"
    """No current screening: answer it before a vigorous plan."""


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """What screening decided, why (English, with numbers) and the advice (athlete's language).

    ``answered_on`` is the day of the answers used, even when they are too old to count;
    ``medical_clearance`` is the clearance in effect (never from answers that are too old).
    """

    outcome: ScreeningOutcome
    reasons: tuple[str, ...]
    advice: str
    answered_on: date | None
    medical_clearance: bool

    @property
    def allows_vigorous_plan(self) -> bool:
        return self.outcome is ScreeningOutcome.CLEAR


class ConditionKind(StrEnum):
    INJURY = "injury"
    PREGNANCY = "pregnancy"
    HEART = "heart"


_KIND_PHRASES: dict[ConditionKind, str] = {
    ConditionKind.INJURY: "an injury",
    ConditionKind.PREGNANCY: "a pregnancy",
    ConditionKind.HEART: "a heart condition",
}


CONDITION_KEYWORDS: tuple[tuple[str, ConditionKind], ...] = (
    ("pregnan", ConditionKind.PREGNANCY),
    ("怀孕", ConditionKind.PREGNANCY),
    ("孕期", ConditionKind.PREGNANCY),
    ("妊娠", ConditionKind.PREGNANCY),
    ("injur", ConditionKind.INJURY),
    ("strain", ConditionKind.INJURY),
    ("sprain", ConditionKind.INJURY),
    ("fracture", ConditionKind.INJURY),
    ("tendin", ConditionKind.INJURY),
    ("torn", ConditionKind.INJURY),
    ("伤", ConditionKind.INJURY),
    ("骨折", ConditionKind.INJURY),
    ("肌腱", ConditionKind.INJURY),
    ("heart", ConditionKind.HEART),
    ("cardiac", ConditionKind.HEART),
    ("arrhythm", ConditionKind.HEART),
    ("心脏", ConditionKind.HEART),
    ("心律", ConditionKind.HEART),
    ("冠心", ConditionKind.HEART),
)
"""Case-insensitive substrings of profile conditions that limit a plan; first match wins.

Kept small on purpose: "伤" covers 拉伤, 扭伤, 受伤 and 损伤; "tendin" covers tendinitis and
tendinopathy. A condition cannot say whether it has healed, so every match counts until the
athlete removes it from the profile.
"""


@dataclass(frozen=True, slots=True)
class ConditionMatch:
    condition: str
    kind: ConditionKind
    keyword: str


def match_conditions(conditions: Iterable[str]) -> tuple[ConditionMatch, ...]:
    """The profile conditions that name an injury, a pregnancy or a heart condition."""
    matches = (_match_condition(condition) for condition in conditions)
    return tuple(match for match in matches if match is not None)


def _match_condition(condition: str) -> ConditionMatch | None:
    folded = condition.casefold()
    for keyword, kind in CONDITION_KEYWORDS:
        if keyword in folded:
            return ConditionMatch(condition, kind, keyword)
    return None


class _Advice(StrEnum):
    NO_PLAN = "no-plan"
    UNSCREENED = "unscreened"
    LIGHT = "light"
    LIGHT_PREGNANCY = "light-pregnancy"
    CLEAR = "clear"
    CLEAR_WITH_CLEARANCE = "clear-with-clearance"


ADVICE: dict[_Advice, dict[Language, str]] = {
    _Advice.NO_PLAN: {
        Language.ENGLISH: "Your resting blood pressure is too high to train: no plan until it "
        "is lower. Rest, measure again after 5 quiet minutes, and see a doctor soon. With chest "
        "pain, a severe headache, breathlessness or confusion, call emergency services.",
        Language.CHINESE: (
            "您的静息血压过高，暂不适合训练：在血压降低之前不制定训练计划。"
            "请休息，安静坐5分钟后再测一次，并尽快就医。"
            "如伴有胸痛、剧烈头痛、呼吸困难或意识混乱，请立即拨打急救电话。"
        ),
    },
    _Advice.UNSCREENED: {
        Language.ENGLISH: "Before a vigorous plan, answer the short health screening: run "
        "'aicoach screen'. It takes a minute and is repeated once a year.",
        Language.CHINESE: (
            "在开始高强度训练计划之前，请先完成简短的健康筛查："
            "运行 'aicoach screen'。只需一分钟，每年重复一次。"
        ),
    },
    _Advice.LIGHT: {
        Language.ENGLISH: "Your plan stays light to moderate for now. Ask a doctor whether "
        "vigorous exercise is safe for you; once you have medical clearance, record it with "
        "'aicoach screen --clearance'.",
        Language.CHINESE: (
            "目前您的训练计划将保持在低到中等强度。请咨询医生高强度运动是否适合您；"
            "获得医疗许可后，请运行 'aicoach screen --clearance' 进行记录。"
        ),
    },
    _Advice.LIGHT_PREGNANCY: {
        Language.ENGLISH: "During pregnancy your plan stays at light to moderate effort, even "
        "with clearance. Follow the advice of your doctor or midwife, and stop and seek care if "
        "you notice bleeding, dizziness, chest pain, calf pain or swelling, or leaking fluid.",
        Language.CHINESE: (
            "怀孕期间，即使获得医疗许可，您的训练计划也将保持在低到中等强度。"
            "请遵循医生或助产士的建议；"
            "如出现出血、头晕、胸痛、小腿疼痛或肿胀、或有液体流出，请立即停止运动并就医。"
        ),
    },
    _Advice.CLEAR: {
        Language.ENGLISH: "Nothing in your screening holds you back: your plan may include "
        "vigorous training. Screen again if your health changes.",
        Language.CHINESE: (
            "您的筛查结果没有限制：训练计划可以包含高强度训练。如健康状况发生变化，请重新筛查。"
        ),
    },
    _Advice.CLEAR_WITH_CLEARANCE: {
        Language.ENGLISH: "With your medical clearance your plan may include vigorous training. "
        "Keep your doctor informed and screen again if your health changes.",
        Language.CHINESE: (
            "您已获得医疗许可，训练计划可以包含高强度训练。请让医生了解您的训练情况；"
            "如健康状况发生变化，请重新筛查。"
        ),
    },
}


@dataclass(frozen=True, slots=True)
class _Finding:
    """One thing screening found; ``limits`` when it keeps the plan light."""

    reason: str
    limits: bool
    cleared: bool = False
    pregnancy: bool = False


def evaluate_screening(
    answers: ScreeningAnswers | None,
    answered_on: date | None,
    profile: AthleteProfile,
    latest_bp: tuple[date, int, int] | None,
    today: date,
) -> ScreeningResult:
    """Decide how hard a plan may be (see the module docstring for the rules).

    Answers without a date count as given ``today``; ``latest_bp`` is (day, systolic mmHg,
    diastolic mmHg) and is ignored when older than ``BP_READING_VALID_DAYS``.
    """
    if answers is not None and answered_on is None:
        answered_on = today
    stale_reason = _stale_reason(answers, answered_on, today)
    current = answers if stale_reason is None else None
    clearance = current.medical_clearance if current is not None else False
    bp = _recent_bp(latest_bp, today)
    findings = [
        *_bp_findings(bp, clearance),
        *_answer_findings(current),
        *_condition_findings(profile.conditions, clearance),
    ]
    if bp is not None and _at_or_above(bp, NO_EXERCISE_LIMIT_MMHG):
        outcome, reasons = ScreeningOutcome.NO_PLAN, [_no_plan_reason(bp)]
    elif stale_reason is not None:
        outcome = ScreeningOutcome.UNSCREENED
        reasons = [stale_reason, *_age_reasons(profile, today), *(f.reason for f in findings)]
    else:
        outcome, reasons = _screened_outcome(findings, answered_on)
    advice = ADVICE[_advice_kind(outcome, findings)][profile.language]
    return ScreeningResult(outcome, tuple(reasons), advice, answered_on, clearance)


def _screened_outcome(
    findings: list[_Finding], answered_on: date | None
) -> tuple[ScreeningOutcome, list[str]]:
    if not findings:
        return ScreeningOutcome.CLEAR, [
            f"Screening of {answered_on}: no 'yes' answers, and nothing else limits training."
        ]
    limited = any(finding.limits for finding in findings)
    outcome = ScreeningOutcome.LIGHT if limited else ScreeningOutcome.CLEAR
    return outcome, [finding.reason for finding in findings]


def _stale_reason(
    answers: ScreeningAnswers | None, answered_on: date | None, today: date
) -> str | None:
    if answers is None or answered_on is None:
        return "No pre-participation screening on file."
    age_d = (today - answered_on).days
    if age_d > SCREENING_VALID_DAYS:
        return (
            f"The last screening, on {answered_on}, is {age_d} days old (more than "
            f"{SCREENING_VALID_DAYS}): it has to be answered again."
        )
    return None


def _age_reasons(profile: AthleteProfile, today: date) -> list[str]:
    if profile.birth_year is None:
        return []
    age_y = today.year - profile.birth_year
    if age_y < OLDER_ADULT_AGE_Y:
        return []
    return [
        f"Age about {age_y} (born {profile.birth_year}): from {OLDER_ADULT_AGE_Y}, screening "
        "before vigorous training matters even more."
    ]


def _recent_bp(
    latest_bp: tuple[date, int, int] | None, today: date
) -> tuple[date, int, int] | None:
    if latest_bp is None or (today - latest_bp[0]).days > BP_READING_VALID_DAYS:
        return None
    return latest_bp


def _at_or_above(bp: tuple[date, int, int], limit_mmhg: tuple[float, float]) -> bool:
    return bp[1] >= limit_mmhg[0] or bp[2] >= limit_mmhg[1]


def _bp_text(bp: tuple[date, int, int], limit_mmhg: tuple[float, float]) -> str:
    day, systolic, diastolic = bp
    return (
        f"Resting blood pressure {systolic}/{diastolic} mmHg on {day} is at or above "
        f"{limit_mmhg[0]:g}/{limit_mmhg[1]:g}"
    )


def _no_plan_reason(bp: tuple[date, int, int]) -> str:
    return f"{_bp_text(bp, NO_EXERCISE_LIMIT_MMHG)}: no plan until it is lower; see a doctor."


def _bp_findings(bp: tuple[date, int, int] | None, clearance: bool) -> list[_Finding]:
    if bp is None or not _at_or_above(bp, LIGHT_ONLY_LIMIT_MMHG):
        return []
    text = _bp_text(bp, LIGHT_ONLY_LIMIT_MMHG)
    if clearance:
        reason = f"{text}; medical clearance is recorded, so vigorous training is allowed."
        return [_Finding(reason, limits=False, cleared=True)]
    reason = f"{text} without medical clearance: light plan only."
    return [_Finding(reason, limits=True)]


def _answer_findings(answers: ScreeningAnswers | None) -> list[_Finding]:
    if answers is None:
        return []
    by_id = {q.id: q for q in QUESTIONS}
    return [
        _yes_finding(by_id[qid].topic, qid == PREGNANT, answers.medical_clearance)
        for qid in answers.yes_ids()
    ]


def _yes_finding(topic: str, pregnancy: bool, clearance: bool) -> _Finding:
    said = f"Answered 'yes' to the question about {topic}"
    if pregnancy:
        return _Finding(f"{said}: light to moderate plan during pregnancy.", True, pregnancy=True)
    if clearance:
        reason = f"{said}; medical clearance is recorded, so vigorous training is allowed."
        return _Finding(reason, limits=False, cleared=True)
    return _Finding(f"{said}: light plan until a doctor clears vigorous exercise.", True)


def _condition_findings(conditions: Iterable[str], clearance: bool) -> list[_Finding]:
    return [_condition_finding(match, clearance) for match in match_conditions(conditions)]


def _condition_finding(match: ConditionMatch, clearance: bool) -> _Finding:
    said = f"Profile condition '{match.condition}' suggests {_KIND_PHRASES[match.kind]}"
    if match.kind is ConditionKind.PREGNANCY:
        return _Finding(f"{said}: light to moderate plan during pregnancy.", True, pregnancy=True)
    if clearance:
        reason = f"{said}; medical clearance is recorded, so vigorous training is allowed."
        return _Finding(reason, limits=False, cleared=True)
    reason = (
        f"{said}: light plan until a doctor clears vigorous exercise "
        "(remove the condition from the profile once it has healed)."
    )
    return _Finding(reason, limits=True)


def _advice_kind(outcome: ScreeningOutcome, findings: list[_Finding]) -> _Advice:
    match outcome:
        case ScreeningOutcome.NO_PLAN:
            return _Advice.NO_PLAN
        case ScreeningOutcome.UNSCREENED:
            return _Advice.UNSCREENED
        case ScreeningOutcome.LIGHT:
            pregnant = any(finding.pregnancy for finding in findings)
            return _Advice.LIGHT_PREGNANCY if pregnant else _Advice.LIGHT
        case ScreeningOutcome.CLEAR:
            cleared = any(finding.cleared for finding in findings)
            return _Advice.CLEAR_WITH_CLEARANCE if cleared else _Advice.CLEAR
