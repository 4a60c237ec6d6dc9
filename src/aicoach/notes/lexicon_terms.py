"""Keyword tables of the lexicon note reader, English and Chinese.

English entries are regular expressions matched on whole words of normalised (lower-cased,
NFKC) text; Chinese entries are plain substrings. Red flags are not here: they come from
``aicoach.alerts.red_flag_terms``, the single red-flag vocabulary of the project.
"""

from __future__ import annotations

from aicoach.notes.labels import EntityKind, NoteLabel


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ENGLISH_LABEL_TERMS: dict[NoteLabel, tuple[str, ...]] = {
    NoteLabel.FATIGUE: (
        r"tired",
        r"tiredness",
        r"exhausted",
        r"fatigued?",
        r"heavy legs",
        r"legs (?:felt |were |are |feel )?(?:heavy|dead|like lead)",
        r"dead legs",
        r"drained",
        r"knackered",
        r"wiped out",
        r"sluggish",
        r"lethargic",
        r"slept (?:badly|poorly|terribly)",
        r"(?:poor|bad|no) sleep",
        r"(?:no|low) energy",
        r"sleepy",
    ),
    NoteLabel.PAIN: (
        r"pain(?:s|ful)?",
        r"sore(?! throat)",
        r"soreness",
        r"hurts?",
        r"hurting",
        r"aches?",
        r"aching",
        r"niggle",
        r"twinge",
        r"tender",
        r"sprained?",
        r"strained?",
        r"injur(?:y|ed)",
        r"throbbing",
    ),
    NoteLabel.ILLNESS: (
        r"(?:a |head |chest )?cold",
        r"flu",
        r"fever",
        r"(?:high )?temperature",
        r"sore throat",
        r"cough(?:ing)?",
        r"runny nose",
        r"blocked nose",
        r"congested",
        r"sick",
        r"ill",
        r"stomach bug",
        r"diarrh(?:o)?ea",
        r"vomit(?:ing|ed)?",
        r"nause(?:a|ous)",
        r"virus",
        r"covid",
        r"chills",
    ),
    NoteLabel.LOW_MOOD: (
        r"(?:feeling |felt |feel )?down",
        r"low mood",
        r"depressed",
        r"anxious",
        r"anxiety",
        r"stressed",
        r"stress",
        r"unmotivated",
        r"demotivated",
        r"no motivation",
        r"can't be bothered",
        r"sad",
        r"miserable",
        r"fed up",
        r"frustrated",
        r"overwhelmed",
    ),
    NoteLabel.MOTIVATION: (
        r"great",
        r"amazing",
        r"awesome",
        r"pb",
        r"personal best",
        r"excited",
        r"buzzing",
        r"motivated",
        r"keen",
        r"fantastic",
        r"happy",
        r"pumped",
        r"confident",
        r"felt strong",
    ),
}

CHINESE_LABEL_TERMS: dict[NoteLabel, tuple[str, ...]] = {
    NoteLabel.FATIGUE: _words(
        "累 疲劳 疲惫 乏力 腿沉 腿很沉 没睡好 睡不好 失眠 没精神 没劲 犯困 无力 腿软 精疲力尽"
    ),
    NoteLabel.PAIN: _words("疼 痛 扭伤 拉伤 受伤 刺痛"),
    NoteLabel.ILLNESS: _words(
        "感冒 发烧 发热 咳嗽 流鼻涕 鼻塞 喉咙痛 嗓子疼 拉肚子 腹泻 呕吐 恶心 生病 病了 流感"
    ),
    NoteLabel.LOW_MOOD: _words(
        "心情不好 心情低落 低落 沮丧 焦虑 压力大 郁闷 烦 不想练 不想跑 没动力 难过"
    ),
    NoteLabel.MOTIVATION: _words(
        "状态很好 状态不错 感觉很棒 很棒 很爽 开心 兴奋 pb 破纪录 个人最好 有动力 期待 精力充沛"
    ),
}

_SIDE = r"(?:(?:left|right|lower|upper|inner|outer|both) )?"

ENGLISH_ENTITY_TERMS: dict[EntityKind, tuple[str, ...]] = {
    EntityKind.BODY_PART: (
        _SIDE + r"(?:knees?|ankles?|calf|calves|hamstrings?|quads?|shins?|hips?|back"
        r"|shoulders?|achilles|foot|feet|heels?|arch|groin|glutes?|it band|neck|wrists?"
        r"|elbows?|chest|throat|legs?|toes?|thighs?|hip flexors?)",
    ),
    EntityKind.SYMPTOM: (
        r"chest (?:pain|tightness|pressure)",
        r"sore throat",
        r"runny nose",
        r"pain",
        r"sore(?:ness)?",
        r"aches?",
        r"aching",
        r"tight(?:ness)?",
        r"swollen",
        r"swelling",
        r"stiff(?:ness)?",
        r"numb(?:ness)?",
        r"tingling",
        r"cough(?:ing)?",
        r"fever",
        r"headache",
        r"nausea",
        r"dizz(?:y|iness)",
        r"cramps?",
        r"palpitations",
    ),
    EntityKind.EXERCISE: (
        r"(?:easy |long |tempo |recovery )?runs?",
        r"running",
        r"squats?",
        r"deadlifts?",
        r"bench press",
        r"intervals",
        r"hill repeats",
        r"lunges",
        r"pull-?ups",
        r"push-?ups",
        r"planks?",
        r"cycling",
        r"ride",
        r"swim(?:ming)?",
        r"yoga",
        r"strides",
        r"fartlek",
        r"parkrun",
        r"rowing",
    ),
}

CHINESE_ENTITY_TERMS: dict[EntityKind, tuple[str, ...]] = {
    EntityKind.BODY_PART: _words(
        "膝盖外侧 膝盖内侧 膝盖 左膝 右膝 小腿 大腿 脚踝 跟腱 腘绳肌 腰 下背 肩膀 髋 臀部 "
        "足底 脚后跟 胫骨 髂胫束 脖子 手腕 胸口 喉咙"
    ),
    EntityKind.SYMPTOM: _words(
        "胸痛 胸闷 心悸 疼痛 酸痛 刺痛 疼 痛 肿 发紧 僵硬 麻木 咳嗽 发烧 头晕 恶心 抽筋 喉咙痛"
    ),
    EntityKind.EXERCISE: _words(
        "跑步 深蹲 硬拉 卧推 间歇跑 间歇 长距离 节奏跑 爬坡 弓步 引体向上 俯卧撑 平板支撑 "
        "骑车 游泳 瑜伽"
    ),
}
