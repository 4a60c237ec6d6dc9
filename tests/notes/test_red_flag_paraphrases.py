"""Lay paraphrases of red flags: they fire, negated or ordinary-effort notes do not."""

from __future__ import annotations

import pytest

from aicoach.alerts.red_flag_paraphrases import (
    correct_typos,
    find_paraphrased_red_flags,
)
from aicoach.alerts.red_flag_terms import RedFlag
from aicoach.notes import LexiconNoteClassifier, NoteLabel
from aicoach.notes.lexicon import lexicon_red_flag
from aicoach.notes.text import normalise


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("felt like an elephant sitting on my chest", RedFlag.CHEST_PAIN),
        ("pain behind my breastbone going up the hill", RedFlag.CHEST_PAIN),
        ("the room went grey after the last rep", RedFlag.FAINTING),
        ("came round on the floor, no idea how I got there", RedFlag.FAINTING),
        ("heart doing somersaults on the sofa", RedFlag.PALPITATIONS),
        ("pulse jumping from 60 to 160 while I was sat down", RedFlag.PALPITATIONS),
        ("so breathless climbing one flight of stairs", RedFlag.BREATHLESSNESS),
        ("my smile was lopsided and my hand felt clumsy", RedFlag.STROKE_SIGNS),
        ("calf hot, tight and swollen since the flight", RedFlag.CALF_SWELLING),
        ("spotting after the run, I'm 16 weeks pregnant", RedFlag.PREGNANCY_WARNING_SIGNS),
        ("胸口像被箍住，停下来才缓解", RedFlag.CHEST_PAIN),
        ("间歇第三组突然眼前一黑", RedFlag.FAINTING),
        ("坐着不动心跳也乱蹦", RedFlag.PALPITATIONS),
        ("半夜躺平就憋醒", RedFlag.BREATHLESSNESS),
        ("一边胳膊突然没劲发麻", RedFlag.STROKE_SIGNS),
        ("左腿从膝盖到脚踝都肿了", RedFlag.CALF_SWELLING),
        ("怀孕了，一上午都没感觉到宝宝动", RedFlag.PREGNANCY_WARNING_SIGNS),
    ],
)
def test_paraphrases_fire_with_their_flag(text: str, flag: RedFlag) -> None:
    assert flag in {m.flag for m in find_paraphrased_red_flags(normalise(text))}
    reading = LexiconNoteClassifier().read(text)
    assert reading.has(NoteLabel.RED_FLAG)
    assert any(flag.value in item for item in reading.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "calf not swollen after the flight",
        "小腿没有肿",
        "胸口没事，这次没有发紧",
        "卧推后胸肌酸痛",
        "out of breath on the hill reps, normal",
        "heart rate high during the intervals, as expected",
        "legs heavy, arms dead after the pull-ups",
        "心情很乱，不想跑",
        "怀孕了，没有出血，散步很舒服",
    ],
)
def test_negated_and_ordinary_notes_do_not_fire(text: str) -> None:
    assert not lexicon_red_flag(text)


def test_one_letter_typos_in_red_flag_words_are_caught() -> None:
    assert correct_typos("ache in my cehst, herat skipipng") == "ache in my chest, heart skipping"
    assert correct_typos("legs heavy") == "legs heavy"
    reading = LexiconNoteClassifier().read("ache in my cehst going up into my jaw")
    assert reading.has(NoteLabel.RED_FLAG)
    assert any("(typo)" in item for item in reading.evidence)
    assert not lexicon_red_flag("no cehst pain today")
