"""General training knowledge the coach may state, in English and Chinese.

Short, conservative statements in the project's own words, consistent with the safety rules of
DESIGN.md; their numbers count as facts. Not medical advice and never a diagnosis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aicoach.domain.athlete import Language


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    terms: tuple[str, ...]
    text: dict[Language, str]


EN, ZH = Language.ENGLISH, Language.CHINESE
TOPICS = (
    Topic(
        "cold",
        (r"\bcold\b", r"\bflu\b", r"sore throat", r"runny nose", "感冒", "流鼻涕", "嗓子疼"),
        {
            EN: "With a mild cold above the neck (runny nose, no fever) easy training is usually "
            "fine; with fever, aching muscles or chest symptoms, rest until they have gone.",
            ZH: "轻微感冒且症状只在脖子以上（流鼻涕、不发烧）时，通常可以轻松训练；"
            "如果发烧、肌肉酸痛或有胸部症状，"
            "请休息到症状消失。",
        },
    ),
    Topic(
        "sleep",
        (r"\bsleep\b", "睡眠", "睡多久"),
        {
            EN: "Most adults need 7 to 9 hours of sleep; in hard training aim for the upper end.",
            ZH: "大多数成年人需要7到9小时睡眠；训练量大时尽量睡够上限。",
        },
    ),
    Topic(
        "hydration",
        (r"\bdrink\b", r"hydrat", r"\bwater\b", "喝水", "补水"),
        {
            EN: "Drink to thirst in sessions under an hour; in longer or hot sessions drink "
            "regularly and replace salt as well as water.",
            ZH: "一小时以内的训练按口渴喝水即可；更长或炎热时要定时补水，并补充盐分。",
        },
    ),
    Topic(
        "soreness",
        (r"\bdoms\b", r"muscle soreness", r"stiff", "肌肉酸痛", "酸痛"),
        {
            EN: "Muscle soreness 1 to 3 days after a new or hard session is normal; easy movement "
            "helps, and sharp or one-sided pain is a reason to stop.",
            ZH: "新的或高强度训练后1到3天肌肉酸痛是正常的；"
            "轻松活动有帮助，尖锐或单侧的疼痛则应停止训练。",
        },
    ),
    Topic(
        "warm_up",
        (r"warm[- ]?up", "热身"),
        {
            EN: "Warm up for 10 minutes: easy jogging or cycling, then a few short, relaxed "
            "accelerations before hard efforts.",
            ZH: "热身10分钟：先轻松慢跑或骑车，高强度训练前再做几次短而放松的加速。",
        },
    ),
    Topic(
        "easy",
        (r"easy (?:run|pace)", r"how slow", r"zone 2", "轻松跑", "慢跑"),
        {
            EN: "Easy runs should feel conversational; most of the week, about 75% of the time, "
            "should be easy.",
            ZH: "轻松跑应能边跑边说话；一周中大部分时间（约75%）应是轻松强度。",
        },
    ),
    Topic(
        "rest",
        (r"rest day", r"recovery", r"day off", "休息日", "恢复"),
        {
            EN: "Take at least 1 rest day a week and an easier week every 3rd or 4th week; "
            "fitness grows during recovery.",
            ZH: "每周至少休息1天，每3到4周安排一个减量周；体能是在恢复中提高的。",
        },
    ),
    Topic(
        "protein",
        (r"protein", r"\beat\b", r"nutrition", "蛋白质", "饮食", "吃什么"),
        {
            EN: "Spread protein over the day, about 1.2 to 2 g per kg of body weight, and eat "
            "carbohydrate around long or hard sessions.",
            ZH: "蛋白质分散在一天中摄入，约每公斤体重1.2到2克；"
            "长距离或高强度训练前后要补充碳水化合物。",
        },
    ),
)


def find_topic(text: str) -> Topic | None:
    lower = text.lower()
    for topic in TOPICS:
        if any((re.search(t, lower) if t.isascii() else t in lower) for t in topic.terms):
            return topic
    return None
