"""Screening rules with known inputs: each path to each outcome, in both languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aicoach.domain.athlete import AthleteProfile, Language
from aicoach.errors import UserError
from aicoach.planning.screening import (
    ADVICE,
    QUESTION_IDS,
    QUESTIONS,
    ScreeningAnswers,
    ScreeningOutcome,
    evaluate_screening,
    match_conditions,
)

TODAY = date(2026, 11, 20)


def _profile(
    conditions: list[str] | None = None,
    *,
    birth_year: int | None = None,
    language: Language = Language.ENGLISH,
) -> AthleteProfile:
    return AthleteProfile(
        name="Ada", conditions=conditions or [], birth_year=birth_year, language=language
    )


def _answers(*yes: str, clearance: bool = False) -> ScreeningAnswers:
    return ScreeningAnswers.from_yes(yes, medical_clearance=clearance)


def test_questions_cover_the_par_q_topics_in_both_languages() -> None:
    assert QUESTION_IDS == (
        "heart_condition", "chest_pain", "dizziness", "chronic_condition", "medication",
        "bone_joint", "supervised_only", "pregnant", "active_injury",
    )  # fmt: skip
    for question in QUESTIONS:
        assert question.text_en.endswith("?") and question.text_zh.endswith("？")
        assert question.text(Language.CHINESE) == question.text_zh
    assert all(ADVICE[kind][lang] for kind in ADVICE for lang in Language)


def test_all_no_and_normal_bp_is_clear() -> None:
    result = evaluate_screening(
        _answers(), TODAY - timedelta(days=10), _profile(), (TODAY, 128, 82), TODAY
    )
    assert result.outcome is ScreeningOutcome.CLEAR and result.allows_vigorous_plan
    assert result.answered_on == TODAY - timedelta(days=10)
    assert result.reasons == (
        "Screening of 2026-11-10: no 'yes' answers, and nothing else limits training.",
    )


def test_bp_184_112_is_no_plan_even_with_clearance() -> None:
    result = evaluate_screening(
        _answers(clearance=True), TODAY, _profile(), (TODAY, 184, 112), TODAY
    )
    assert result.outcome is ScreeningOutcome.NO_PLAN
    assert result.reasons == (
        "Resting blood pressure 184/112 mmHg on 2026-11-20 is at or above 180/110: "
        "no plan until it is lower; see a doctor.",
    )
    assert "too high" in result.advice


def test_diastolic_alone_at_110_is_no_plan_even_unscreened() -> None:
    result = evaluate_screening(None, None, _profile(), (TODAY, 150, 110), TODAY)
    assert result.outcome is ScreeningOutcome.NO_PLAN


def test_bp_165_95_without_clearance_is_light_with_clearance_clear() -> None:
    bp = (TODAY - timedelta(days=3), 165, 95)
    light = evaluate_screening(_answers(), TODAY, _profile(), bp, TODAY)
    assert light.outcome is ScreeningOutcome.LIGHT
    assert light.reasons == (
        "Resting blood pressure 165/95 mmHg on 2026-11-17 is at or above 160/100 "
        "without medical clearance: light plan only.",
    )
    assert "aicoach screen --clearance" in light.advice
    cleared = evaluate_screening(_answers(clearance=True), TODAY, _profile(), bp, TODAY)
    assert cleared.outcome is ScreeningOutcome.CLEAR and cleared.medical_clearance
    assert "medical clearance is recorded" in cleared.reasons[0]
    assert "With your medical clearance" in cleared.advice


def test_bp_159_99_is_below_the_light_limit() -> None:
    result = evaluate_screening(_answers(), TODAY, _profile(), (TODAY, 159, 99), TODAY)
    assert result.outcome is ScreeningOutcome.CLEAR


def test_bp_older_than_30_days_is_ignored() -> None:
    old = (TODAY - timedelta(days=31), 190, 120)
    assert evaluate_screening(_answers(), TODAY, _profile(), old, TODAY).outcome == "clear"
    recent = (TODAY - timedelta(days=30), 190, 120)
    assert evaluate_screening(_answers(), TODAY, _profile(), recent, TODAY).outcome == "no-plan"


def test_yes_to_chest_pain_is_light_and_clearance_makes_it_clear() -> None:
    light = evaluate_screening(_answers("chest_pain"), TODAY, _profile(), None, TODAY)
    assert light.outcome is ScreeningOutcome.LIGHT and not light.allows_vigorous_plan
    assert light.reasons == (
        "Answered 'yes' to the question about chest pain: light plan until a doctor clears "
        "vigorous exercise.",
    )
    cleared = evaluate_screening(
        _answers("chest_pain", clearance=True), TODAY, _profile(), None, TODAY
    )
    assert cleared.outcome is ScreeningOutcome.CLEAR


def test_pregnancy_stays_light_even_with_clearance() -> None:
    result = evaluate_screening(
        _answers("pregnant", clearance=True), TODAY, _profile(), None, TODAY
    )
    assert result.outcome is ScreeningOutcome.LIGHT
    assert "pregnancy" in result.reasons[0]
    assert result.advice.startswith("During pregnancy")
    zh = evaluate_screening(
        _answers("pregnant"), TODAY, _profile(language=Language.CHINESE), None, TODAY
    )
    assert zh.advice.startswith("怀孕期间")


def test_active_injury_answer_is_light() -> None:
    result = evaluate_screening(_answers("active_injury"), TODAY, _profile(), None, TODAY)
    assert result.outcome is ScreeningOutcome.LIGHT
    assert "a current injury" in result.reasons[0]


def test_injury_in_conditions_is_light_and_names_the_condition() -> None:
    profile = _profile(["asthma, well controlled", "left calf strain"])
    result = evaluate_screening(_answers(), TODAY, profile, None, TODAY)
    assert result.outcome is ScreeningOutcome.LIGHT
    assert result.reasons == (
        "Profile condition 'left calf strain' suggests an injury: light plan until a doctor "
        "clears vigorous exercise (remove the condition from the profile once it has healed).",
    )


def test_chinese_injury_condition_is_light_with_chinese_advice() -> None:
    profile = _profile(["膝盖拉伤"], language=Language.CHINESE)
    result = evaluate_screening(_answers(), TODAY, profile, None, TODAY)
    assert result.outcome is ScreeningOutcome.LIGHT
    assert "'膝盖拉伤'" in result.reasons[0]
    assert result.advice.startswith("目前您的训练计划将保持在低到中等强度")


def test_condition_keywords_match_kinds_case_insensitively() -> None:
    matches = match_conditions(
        ["Pregnant, 20 weeks", "HEART murmur", "怀孕", "心脏病", "mild acne"]
    )
    assert [(m.condition, m.kind.value) for m in matches] == [
        ("Pregnant, 20 weeks", "pregnancy"),
        ("HEART murmur", "heart"),
        ("怀孕", "pregnancy"),
        ("心脏病", "heart"),
    ]


def test_pregnancy_in_conditions_is_light_even_with_clearance() -> None:
    profile = _profile(["pregnant (second trimester)"])
    result = evaluate_screening(_answers(clearance=True), TODAY, profile, None, TODAY)
    assert result.outcome is ScreeningOutcome.LIGHT
    assert result.advice.startswith("During pregnancy")


def test_no_answers_is_unscreened_and_lists_age_and_findings() -> None:
    profile = _profile(["Achilles tendinopathy"], birth_year=1958)
    result = evaluate_screening(None, None, profile, (TODAY, 162, 90), TODAY)
    assert result.outcome is ScreeningOutcome.UNSCREENED
    assert result.answered_on is None and not result.medical_clearance
    assert result.reasons[0] == "No pre-participation screening on file."
    assert result.reasons[1].startswith("Age about 68 (born 1958)")
    assert any("162/90" in reason for reason in result.reasons)
    assert any("Achilles tendinopathy" in reason for reason in result.reasons)
    assert "aicoach screen" in result.advice


def test_screening_older_than_365_days_is_unscreened_and_clearance_lapses() -> None:
    answered = TODAY - timedelta(days=366)
    result = evaluate_screening(_answers(clearance=True), answered, _profile(), None, TODAY)
    assert result.outcome is ScreeningOutcome.UNSCREENED
    assert result.answered_on == answered and result.medical_clearance is False
    assert result.reasons == (
        "The last screening, on 2025-11-19, is 366 days old (more than 365): it has to be "
        "answered again.",
    )
    year_old = evaluate_screening(_answers(), TODAY - timedelta(days=365), _profile(), None, TODAY)
    assert year_old.outcome is ScreeningOutcome.CLEAR


def test_younger_unscreened_athlete_gets_no_age_reason() -> None:
    result = evaluate_screening(None, None, _profile(birth_year=1990), None, TODAY)
    assert result.reasons == ("No pre-participation screening on file.",)


def test_missing_and_unknown_ids_are_named() -> None:
    partial = {qid: False for qid in QUESTION_IDS if qid != "dizziness"}
    with pytest.raises(UserError, match="missing answers for: dizziness"):
        ScreeningAnswers(partial)
    with pytest.raises(UserError, match="unknown question ids: smoker"):
        ScreeningAnswers({**partial, "dizziness": False, "smoker": True})
    with pytest.raises(UserError, match="unknown question ids: chestpain"):
        ScreeningAnswers.from_yes(["chestpain"])
    with pytest.raises(UserError, match="yes/no"):
        ScreeningAnswers({**partial, "dizziness": "yes"})  # type: ignore[dict-item]
