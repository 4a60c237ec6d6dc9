"""Red flags described by parts (where + what + when), found by co-occurring cues."""

from __future__ import annotations

import pytest

from aicoach.alerts import RedFlag, find_red_flags
from aicoach.alerts.red_flag_concepts import find_concept_red_flags
from aicoach.alerts.red_flag_symptoms import MatchedBy


@pytest.mark.parametrize(
    ("note", "flag"),
    [
        ("odd squeezing sensation in the middle of my chest on the climb", RedFlag.CHEST_PAIN),
        ("ache in my jaw and left arm when I push on the hills, chest too", RedFlag.CHEST_PAIN),
        ("sitting watching TV and my pulse went wild for ten minutes", RedFlag.PALPITATIONS),
        ("heart hammering out of nowhere while I was lying in bed", RedFlag.PALPITATIONS),
        ("panting on an easy walk with the dog, never like this before", RedFlag.BREATHLESSNESS),
        ("woke at 3am gasping and had to sit upright to get air", RedFlag.BREATHLESSNESS),
        ("my left arm went numb and useless for a few minutes", RedFlag.STROKE_SIGNS),
        ("right foot kept catching on the kerb, leg felt strange", RedFlag.STROKE_SIGNS),
        ("lost the vision in one eye for a minute in the changing room", RedFlag.STROKE_SIGNS),
        ("one calf is fatter than the other since Tuesday", RedFlag.CALF_SWELLING),
        ("calf hot and tender, only the left, after the long drive home", RedFlag.CALF_SWELLING),
        ("28 weeks, some spotting after aqua class", RedFlag.PREGNANCY_WARNING_SIGNS),
        ("out cold for a few seconds at the finish, medics checked me", RedFlag.FAINTING),
        ("dizzy on the bike, had to grab the railing so I wouldn't fall", RedFlag.FAINTING),
        ("爬坡时心口像被一只手攥着", RedFlag.CHEST_PAIN),
        ("坐在沙发上心跳突然狂跳，好久才平复", RedFlag.PALPITATIONS),
        ("散步都喘得厉害，以前从来没这样", RedFlag.BREATHLESSNESS),
        ("左边胳膊突然没劲，拿不住杯子", RedFlag.STROKE_SIGNS),
        ("坐了十二小时飞机，右小腿比左边粗了一圈", RedFlag.CALF_SWELLING),
        ("孕28周，今天游泳后有点见红", RedFlag.PREGNANCY_WARNING_SIGNS),
        ("跑完站着突然头晕，差点栽倒", RedFlag.FAINTING),
        (
            "everything in twos on the trail, I was seeing double for ten minutes",
            RedFlag.STROKE_SIGNS,
        ),
        ("head felt like it exploded halfway up the climb", RedFlag.STROKE_SIGNS),
        ("my training partner said I fainted at the top of the hill", RedFlag.FAINTING),
        ("骑完车突然看东西重影", RedFlag.STROKE_SIGNS),
        ("练完后脑勺像被锤了一下，从来没这么疼过的头疼", RedFlag.STROKE_SIGNS),
        ("队友说我刚才倒在跑道上，叫我半天没反应", RedFlag.FAINTING),
        ("和朋友一起骑了80公里，回来一条腿比另一条粗了一圈", RedFlag.CALF_SWELLING),
        ("孕30周，跑步机上快走完感觉有水往外流", RedFlag.PREGNANCY_WARNING_SIGNS),
    ],
)
def test_descriptions_by_parts_fire_with_their_flag(note: str, flag: RedFlag) -> None:
    assert flag in {m.flag for m in find_red_flags(note)}


@pytest.mark.parametrize(
    "note",
    [
        "heart pounding at the top of every hill, back to normal on the way down",
        "out of breath after the 400s, as you'd expect",
        "calves tight and sore after the hill session",
        "chest sore from bench press and push-ups yesterday",
        "HR said 212 on the first climb, pretty sure it's the wrist sensor again",
        "hands numb from the handlebars on the long ride",
        "left arm numb from the cold, gloves were useless",
        "words came out all wrong at the party, too many beers",
        "20 weeks pregnant, easy swim, no bleeding or cramps, midwife happy",
        "bit faint-hearted about the race, nerves",
        "没有胸闷，也没有心慌，跑得很舒服",
        "心率带又抽风了，走路显示190",
        "练胸卧推之后胸口酸",
        "5组3分钟350瓦，最后一组喘得不行",
        "骑车久了手有点麻，换了手套就好",
        "my friend fainted at the finish so I stayed with her",
        "跑友冲线后晕倒了，我陪她等医生",
        "心率带没沾湿，前几分钟显示220，后来正常了",
        "开心，跳绳一分钟跳到210个",
        "chest sore after bench press and dips yesterday",
    ],
)
def test_training_words_and_explained_symptoms_do_not_fire(note: str) -> None:
    assert find_red_flags(note) == []


EVERYDAY_NOTES = [
    "Easy week before the race, heart rate fine",
    "Race day tomorrow, easy shakeout, HR 140",
    "easy 10k, heart rate stayed in zone 2, felt fast",
    "HR was fast on the easy run, hot day",
    "Sat on the sofa after the race, heart still pumping with excitement",
    "Recovery jog, heart rate 130, skipped the strides",
    "easy spin, skipped the intervals, heart not in it",
    "calf tight after the long drive to the race",
    "12 weeks into the plan, legs tired, some cramp in the calf",
    "at 8 weeks out from the marathon, calf cramp on the long run",
    "my left leg felt heavy on the climb",
    "left leg weak since the knee surgery, rehab going well",
    "dead legs today, right leg especially",
    "Intervals 6x800, heart rate hit 185 on the last one, walked the recovery",
    "breathing hard on the tempo, easy jog home",
    "heart rate jumped to 175 on the hill, back down on the flat",
    "raced the parkrun, PB, heart was racing at the finish",
    "sprint finish, HR 201, felt great",
    "long drive to the trailhead, calves tight from yesterday",
    "walked with my pregnant sister, easy 5k",
    "轻松跑，呼吸顺畅",
    "间歇最后一组喘得不行，慢跑恢复两分钟就好了",
    "这个赛季心率一直偏高，轻松跑也150",
    "冲刺心率205，然后慢跑放松",
    "跑完心跳很快，坐下休息五分钟就降下来了",
    "左腿有点沉，爬坡没劲",
    "小腿有点紧，坐了一天车",
    "备孕中，今天轻松跑，有点痛经",
    "比赛心率一直在170以上，冲线后慢慢走下来",
    "爬坡喘得厉害，下坡就恢复了",
    "恢复跑8公里，配速6分半，心率135，很舒服",
]
"""Ordinary training notes with the words the cue rules look for (heart rate, easy, race,
calf, weeks, one leg): none is a red flag. Written on 2026-12-07 after the first cue rules
fired on several of them."""


@pytest.mark.parametrize("note", EVERYDAY_NOTES)
def test_everyday_training_notes_do_not_fire(note: str) -> None:
    assert find_red_flags(note) == []


def test_cues_must_be_near_each_other() -> None:
    near = "my heart raced out of nowhere"
    far = "my heart " + "and the rest of the long run went fine, " * 3 + "out of nowhere"
    assert [m.flag for m in find_concept_red_flags(near)] == [RedFlag.PALPITATIONS]
    assert find_concept_red_flags(far) == []


def test_a_negated_cue_leaves_its_rule_incomplete() -> None:
    assert find_concept_red_flags("calf not swollen after the flight") == []
    assert find_concept_red_flags("calf swollen after the flight") != []


def test_one_match_per_flag_with_how_it_was_found() -> None:
    matches = find_red_flags("pressure in my chest on the climb")
    assert [m.flag for m in matches] == [RedFlag.CHEST_PAIN]
    assert matches[0].matched_by is MatchedBy.TERM
    concept = find_red_flags("heart going nuts while sitting on the sofa")
    assert [(m.flag, m.matched_by) for m in concept] == [(RedFlag.PALPITATIONS, MatchedBy.CONCEPT)]
    typo = find_red_flags("sudden cehst pain on the hill")
    assert [(m.flag, m.matched_by, m.start, m.end) for m in typo] == [
        (RedFlag.CHEST_PAIN, MatchedBy.TYPO, 0, 0)
    ]
