"""Red-flag symptoms in notes, English and Chinese, with simple negation."""

from __future__ import annotations

import pytest

from aicoach.alerts import (
    AthleteTimeline,
    RedFlag,
    Severity,
    evaluate_all,
    find_red_flags,
    stop_and_refer_message,
)
from aicoach.alerts.red_flag_symptoms import RedFlagSymptoms
from aicoach.domain.athlete import Language
from tests.alerts.support import FIRST_DAY, fired_on


@pytest.mark.parametrize(
    ("note", "flag"),
    [
        ("Chest pain on the last hill", RedFlag.CHEST_PAIN),
        ("felt a pressure in my chest during the tempo", RedFlag.CHEST_PAIN),
        ("Chest felt tight after the intervals", RedFlag.CHEST_PAIN),
        ("Fainted in the shower after the long run", RedFlag.FAINTING),
        ("nearly passed out at the finish", RedFlag.FAINTING),
        ("Palpitations at rest tonight", RedFlag.PALPITATIONS),
        ("heart was fluttering while sitting at my desk", RedFlag.PALPITATIONS),
        ("Couldn't catch my breath walking upstairs", RedFlag.BREATHLESSNESS),
        ("short of breath at rest", RedFlag.BREATHLESSNESS),
        ("My face was drooping and my speech slurred", RedFlag.STROKE_SIGNS),
        ("sudden numbness on one side", RedFlag.STROKE_SIGNS),
        ("Left calf swollen and warm after the flight", RedFlag.CALF_SWELLING),
        ("Vaginal bleeding this morning, 30 weeks", RedFlag.PREGNANCY_WARNING_SIGNS),
        ("regular contractions since lunch", RedFlag.PREGNANCY_WARNING_SIGNS),
        ("跑步时胸痛", RedFlag.CHEST_PAIN),
        ("今天有点胸闷", RedFlag.CHEST_PAIN),
        ("训练后晕倒了", RedFlag.FAINTING),
        ("差点昏厥", RedFlag.FAINTING),
        ("晚上心悸", RedFlag.PALPITATIONS),
        ("休息时也心慌", RedFlag.PALPITATIONS),
        ("爬楼梯呼吸困难", RedFlag.BREATHLESSNESS),
        ("喘不过气来", RedFlag.BREATHLESSNESS),
        ("早上口角歪斜", RedFlag.STROKE_SIGNS),
        ("说话时言语不清", RedFlag.STROKE_SIGNS),
        ("左边小腿肿了", RedFlag.CALF_SWELLING),
        ("怀孕32周，今天阴道出血", RedFlag.PREGNANCY_WARNING_SIGNS),
        ("睡不好，胸闷", RedFlag.CHEST_PAIN),
        ("没有胸痛，但是心慌", RedFlag.PALPITATIONS),
        ("No chest pain, but I fainted", RedFlag.FAINTING),
        ("not sure if it was chest pain or the strap", RedFlag.CHEST_PAIN),
        ("didn't sleep well and chest tightness", RedFlag.CHEST_PAIN),
    ],
)
def test_red_flags_are_found(note: str, flag: RedFlag) -> None:
    assert flag in {m.flag for m in find_red_flags(note)}


@pytest.mark.parametrize(
    "note",
    [
        "no chest pain",
        "No chest pain or fainting today",
        "I did not have any palpitations",
        "haven't had chest pain again",
        "denies chest pain",
        "没有胸痛",
        "没有胸痛和心悸",
        "没有出现胸闷",
        "无明显胸闷",
        "今天不心慌了",
        "Swim: 10x100, worked on stroke rate and breaststroke",
        "had a stroke of luck with the weather",
        "out of breath after the hill reps, as expected",
        "calves tight after hills",
        "Good session, legs heavy",
        "状态很好，腿有点酸",
        "",
    ],
)
def test_negated_or_harmless_notes_do_not_fire(note: str) -> None:
    assert find_red_flags(note) == []


def test_full_width_and_mixed_case_text_is_normalised() -> None:
    assert [m.flag for m in find_red_flags("CHEST PAIN！")] == [RedFlag.CHEST_PAIN]
    assert [m.language for m in find_red_flags("胸闷")] == [Language.CHINESE]


def test_negation_can_be_switched_off() -> None:
    rule = RedFlagSymptoms().with_overrides({"handle_negation": False})
    assert [m.flag for m in find_red_flags("no chest pain", rule.params)] == [RedFlag.CHEST_PAIN]


def test_rule_gives_one_urgent_stop_and_refer_alert_per_day() -> None:
    notes = {
        1: "No chest pain today, easy 5k",
        2: "Chest pain and palpitations on the hill, then felt faint",
        4: "没有胸痛",
        5: "跑完胸闷，心慌",
    }
    timeline = AthleteTimeline.build(FIRST_DAY, 7, notes=notes)
    alerts = RedFlagSymptoms().evaluate(timeline)
    assert fired_on(alerts, timeline) == [2, 5]
    assert {a.severity for a in alerts} == {Severity.URGENT}
    english, chinese = alerts
    assert english.evidence["flags"] == "chest_pain, palpitations, fainting"
    assert english.evidence["language"] == "en"
    assert english.message == stop_and_refer_message(
        Language.ENGLISH, [RedFlag.CHEST_PAIN, RedFlag.PALPITATIONS, RedFlag.FAINTING]
    )
    assert english.message.startswith(
        "Stop: your notes mention chest pain or pressure, palpitations, fainting or nearly "
        "fainting. That can be a sign of a serious problem. Do not train today"
    )
    assert chinese.evidence["flags"] == "chest_pain, palpitations"
    assert chinese.evidence["matched"] == "胸闷; 心慌"
    assert chinese.evidence["language"] == "zh"
    assert evaluate_all(timeline) == alerts


def test_stop_and_refer_message_in_chinese() -> None:
    message = stop_and_refer_message(Language.CHINESE, [RedFlag.CHEST_PAIN, RedFlag.FAINTING])
    assert message.startswith("请立即停止：你的记录中提到胸痛或胸闷、晕厥或几乎晕倒。")
    assert "120" in message
