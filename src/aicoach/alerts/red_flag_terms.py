"""Red-flag symptom terms in English and Chinese, their labels and the stop-and-refer message.

The categories are the red flags of DESIGN.md. Pregnancy warning signs follow ACOG Committee
Opinion 804, Physical activity and exercise during pregnancy and the postpartum period
(Obstet Gynecol 2020;135:e178-e188); stroke signs follow the FAST campaign (face, arm, speech).
English terms are regular expressions matched on whole words of lower-cased text; Chinese
terms are plain substrings. Terms are deliberately specific: bare "stroke" (a swimming and
rowing word), "out of breath" and "heart racing during intervals" are normal in training
notes, so breathlessness needs a word that makes it out of proportion ("at rest",
"can't breathe", "unusually").
"""

from __future__ import annotations

from enum import StrEnum

from aicoach.domain.athlete import Language


class RedFlag(StrEnum):
    CHEST_PAIN = "chest_pain"
    FAINTING = "fainting"
    PALPITATIONS = "palpitations"
    BREATHLESSNESS = "breathlessness"
    STROKE_SIGNS = "stroke_signs"
    CALF_SWELLING = "calf_swelling"
    PREGNANCY_WARNING_SIGNS = "pregnancy_warning_signs"


LABELS: dict[Language, dict[RedFlag, str]] = {
    Language.ENGLISH: {
        RedFlag.CHEST_PAIN: "chest pain or pressure",
        RedFlag.FAINTING: "fainting or nearly fainting",
        RedFlag.PALPITATIONS: "palpitations",
        RedFlag.BREATHLESSNESS: "breathlessness out of proportion",
        RedFlag.STROKE_SIGNS: "possible stroke signs",
        RedFlag.CALF_SWELLING: "a swollen calf or leg",
        RedFlag.PREGNANCY_WARNING_SIGNS: "a pregnancy warning sign",
    },
    Language.CHINESE: {
        RedFlag.CHEST_PAIN: "胸痛或胸闷",
        RedFlag.FAINTING: "晕厥或几乎晕倒",
        RedFlag.PALPITATIONS: "心悸",
        RedFlag.BREATHLESSNESS: "与活动不相称的呼吸困难",
        RedFlag.STROKE_SIGNS: "可能的中风征象",
        RedFlag.CALF_SWELLING: "小腿或腿部肿胀",
        RedFlag.PREGNANCY_WARNING_SIGNS: "孕期危险信号",
    },
}

_STOP_AND_REFER: dict[Language, str] = {
    Language.ENGLISH: (
        "Stop: your notes mention {labels}. That can be a sign of a serious problem. Do not "
        "train today and get medical advice today. If it is happening now, is severe or came "
        "on suddenly, call emergency services (112, 911, 999 or your local number)."
    ),
    Language.CHINESE: (
        "请立即停止：你的记录中提到{labels}。这可能是严重问题的信号。今天不要训练，并请今天就医。"
        "如果症状正在发生、很严重或突然出现，请立即拨打急救电话（120）。"
    ),
}


def stop_and_refer_message(language: Language, flags: list[RedFlag]) -> str:
    """The fixed stop-and-refer message in ``language``, naming the flags found."""
    separator = "、" if language is Language.CHINESE else ", "
    labels = separator.join(LABELS[language][flag] for flag in flags)
    return _STOP_AND_REFER[language].format(labels=labels)


def whole_words(alternatives: str) -> str:
    """``alternatives`` (a regular expression) matched only as whole words, apostrophes
    counting as letters: "stroke" not in "breaststroke", "faint" not in "faint's"."""
    return r"(?<![\w'])(?:" + alternatives + r")(?![\w'])"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SIDE = r"(?:(?:my|the|his|her|left|right|lower) )*"

ENGLISH_TERMS: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.CHEST_PAIN: (
        r"chest (?:pains?|pressure|tightness|discomfort|aches?|aching|hurts?|hurting"
        r"|heaviness|squeezing|(?:is |was |felt |feels |feeling )?tight)",
        r"(?:pain|pressure|tightness|heaviness|discomfort|squeezing) (?:in|on|across) "
        r"(?:my |the )?chest",
        r"tight chest",
        r"angina",
        r"heart attack",
        r"crushing (?:pain|feeling)",
    ),
    RedFlag.FAINTING: (
        r"faint(?:ed|ing|ness)?(?!-hearted)",
        r"pass(?:ed|ing)? out",
        r"black(?:ed|ing)? out",
        r"blackout",
        r"collapsed?",
        r"collapsing",
        r"lost consciousness",
        r"loss of consciousness",
        r"syncope",
    ),
    RedFlag.PALPITATIONS: (
        r"palpitations?",
        r"heart (?:was |is |kept |keeps |started )?(?:fluttering|flutters?|skipping"
        r"|skipped|jumping|irregular|pounding at rest|racing at rest)",
        r"irregular (?:heart ?beats?|heart ?rate|pulse|rhythm)",
        r"skipped (?:heart ?)?beats?",
        r"extra (?:heart ?)?beats",
        r"flutter(?:ing)? in (?:my |the )?chest",
        r"atrial fibrillation",
        r"a-?fib",
    ),
    RedFlag.BREATHLESSNESS: (
        r"(?:can't|cannot|couldn't|could not|unable to|struggling to|struggled to)"
        r" (?:catch (?:my|a) )?breathe?",
        r"(?:difficulty|trouble|problems?) breathing",
        r"breathing (?:difficulty|difficulties|problems?)",
        r"gasping for (?:air|breath)",
        r"air hunger",
        r"(?:short(?:ness)? of breath|breathless(?:ness)?|out of breath|winded)"
        r" (?:at rest|while resting|lying down|at night|walking|on the stairs|climbing stairs"
        r"|doing nothing|after very little|with little effort|out of proportion)",
        r"(?:unusually|abnormally|unexplained|sudden|severe|extreme|extremely|strangely)"
        r" (?:short(?:ness)? of breath|breathless(?:ness)?|out of breath)",
        r"breathless(?:ness)? out of proportion",
    ),
    RedFlag.STROKE_SIGNS: (
        r"(?:face|mouth|lip|smile) (?:is |was |went |started )?(?:drooping|droopy|drooped"
        r"|lopsided|crooked)",
        r"(?:facial|face) droop(?:ing)?",
        r"(?:drooping|droopy|lopsided) (?:face|mouth|smile)",
        r"slurred (?:speech|words)",
        r"slurring(?: my)?(?: words| speech)?",
        r"speech (?:is |was )?slurred",
        r"(?:trouble|difficulty|problems?) (?:speaking|talking|finding words)",
        r"(?:can't|cannot|couldn't|could not|unable to) (?:speak|talk|lift (?:my |an |one )?arm)",
        r"(?:numb|numbness|weak|weakness|tingling) (?:on|in|down) one side",
        r"one[- ]sided (?:weakness|numbness)",
        r"sudden (?:numbness|weakness|confusion|loss of vision|vision loss|blindness"
        r"|severe headache)",
        r"(?:having|had|have|has) a (?:mini[- ]?)?stroke(?! of\b)",
        r"mini[- ]?stroke",
        r"signs? of (?:a )?stroke",
        r"stroke (?:symptoms|signs)",
    ),
    RedFlag.CALF_SWELLING: (
        r"(?:calf|calves) (?:is |are |was |were |looks |look |got )?(?:swollen|swelling|puffy"
        r"|red and swollen|hot and swollen|warm and swollen)",
        r"(?:swollen|puffy) " + _SIDE + r"(?:calf|calves|leg|legs|ankle and calf)",
        r"swelling (?:in|of) " + _SIDE + r"(?:calf|calves|leg)",
        r"dvt",
        r"deep vein thrombosis",
        r"blood clot",
    ),
    RedFlag.PREGNANCY_WARNING_SIGNS: (
        r"vaginal (?:bleeding|blood)",
        r"bleeding from (?:the |my )?vagina",
        r"(?:bleeding|spotting) (?:while|during|in) (?:my )?pregnan\w*",
        r"pregnan\w* (?:and|with) (?:bleeding|spotting)",
        r"waters? (?:has |have )?(?:broke|broken|breaking)",
        r"(?:leaking|leak of|leakage of|gush of) (?:amniotic )?fluid",
        r"amniotic fluid",
        r"(?:regular|painful|strong|frequent) contractions",
        r"contractions (?:every|getting stronger|that are regular|are regular)",
        r"(?:reduced|decreased|less|fewer|no) (?:fetal|foetal|baby'?s?) movements?",
        r"baby (?:is |has been )?(?:moving|kicking) less",
    ),
}

CHINESE_TERMS: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.CHEST_PAIN: _words(
        "胸痛 胸疼 胸口痛 胸口疼 胸部疼痛 胸闷 胸口闷 胸部压迫 胸口压迫 "
        "胸口发紧 胸部发紧 胸部不适 胸口不适 心绞痛 心口痛 心口疼"
    ),
    RedFlag.FAINTING: _words("晕倒 昏倒 晕厥 昏厥 晕过去 昏过去 失去意识 意识丧失 眼前发黑"),
    RedFlag.PALPITATIONS: _words(
        "心悸 心慌 心跳不规律 心跳不齐 心律不齐 心律失常 早搏 漏跳 心跳很乱 心跳乱 心脏乱跳 房颤"
    ),
    RedFlag.BREATHLESSNESS: _words(
        "呼吸困难 喘不过气 喘不上气 透不过气 上不来气 无法呼吸 吸不上气 "
        "休息时气短 静息时气短 休息时也喘"
    ),
    RedFlag.STROKE_SIGNS: _words(
        "口角歪斜 嘴角歪斜 嘴歪 口眼歪斜 脸歪 面瘫 言语不清 说话不清 口齿不清 "
        "吐字不清 说话含糊 说不出话 一侧肢体无力 一侧无力 单侧无力 半身无力 "
        "一侧麻木 单侧麻木 半身麻木 偏瘫 中风 卒中"
    ),
    RedFlag.CALF_SWELLING: _words("小腿肿 小腿红肿 小腿浮肿 腿肿 下肢肿胀 深静脉血栓 血栓"),
    RedFlag.PREGNANCY_WARNING_SIGNS: _words(
        "阴道出血 阴道流血 见红 破水 羊水破 漏羊水 羊水流出 宫缩 胎动减少 "
        "胎动变少 胎动少了 孕期出血 怀孕出血"
    ),
}

ENGLISH_NEGATIONS = frozenset(
    _words("no not never without none nor neither denies denied deny free negative")
)
"""Words that negate a following term; any word ending in "n't" does too."""

ENGLISH_FILLERS = frozenset(
    _words(
        "any more other real much further signs sign of symptoms feel feeling felt feels "
        "have had has having experience experienced experiencing notice noticed get got "
        "getting the a an my or nor episode episodes again at all obvious significant new "
        "for longer been was were is are today recent recurrence some single"
    )
)
"""Words allowed between a negation and the term it negates ("no more chest pain",
"haven't had any palpitations"); any other word breaks the negation."""

ENGLISH_CLAUSE_BREAK = (
    r"[.;:!?\n()\[\],]|\b(?:but|and|however|although|though|yet|then|except|because|since"
    r"|after|when|while|until|apart)\b"
)

CHINESE_NEGATIONS = ("没有", "并无", "否认", "没", "无", "未", "不")
"""Negation words, longest first."""

CHINESE_FILLERS = (
    *_words("什么 任何 出现 感到 觉得 感觉 明显 发生 或者 再 有 过 和 或 及 也 都 了 、 的"),
    " ",
)
"""Text allowed between a negation and the term it negates ("没有出现胸痛", "无明显胸闷")."""

CHINESE_CLAUSE_BREAK = r"[，,。.；;！!？?\n：:（）()]|但是|但|可是|不过|然而|只是|除了"
