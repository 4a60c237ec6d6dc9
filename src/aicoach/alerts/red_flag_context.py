"""What sets a red-flag match aside: its own sentence explains it, or it is someone else's.

Applied by ``red_flag_symptoms.find_red_flags`` after the terms, paraphrases and cue rules
have matched. Both checks are narrow on purpose (a missed red flag can cost a life):

- an explanation in the match's sentence sets aside a paraphrase or a description by parts,
  never a clinical term: a sensor blamed for a heart rate, numb hands from the handlebars or
  the cold, slurred words after beers, a sore chest after bench press;
- a red flag told of another person ("my friend fainted", "跑友冲线后晕倒了") is set aside
  when that person is named just before it in its clause and the writer does not come in
  between ("my mate said I fainted" is the writer's). A coach's note naming an athlete
  ("Ada fainted") is kept: names are not in the list.
"""

from __future__ import annotations

import re
from functools import cache

from aicoach.alerts.red_flag_terms import (
    CHINESE_CLAUSE_BREAK,
    ENGLISH_CLAUSE_BREAK,
    RedFlag,
    whole_words,
)

_DEVICE_BLAMED = (
    r"(?:pretty sure|must be|must have been|probably|definitely|def|just|clearly|it's|it was)"
    r" (?:the |my |a )?(?:wrist|optical|sensor|strap|watch|monitor|battery|glitch|cadence lock)"
    r"|(?:sensor|strap|watch|monitor) (?:glitch\w*|error|playing up|went mad|was wrong|is wrong)"
    r"|(?:chest )?strap said|cadence lock\w*|dry strap|strap (?:was|wasn't) (?:dry|wet)"
)
_ZH_DEVICE_BLAMED = (
    r"(?:手表|心率带|光电|传感器|表)(?:心率)?(?:又|的)?(?:抽风|不准|坏|乱|出错|没电)|换电池"
    r"|沾湿|沾水|沾点水"
)
EXPLAINED_AWAY: dict[RedFlag, tuple[str, str]] = {
    RedFlag.CHEST_PAIN: (
        r"doms|chest day|pec(?:s|toral)? (?:sore|strain\w*|doms)|(?:after|from|since) (?:the |my )?"
        r"(?:bench(?:ing| press)?|push-?ups|press-?ups|dips|fl(?:ye|y|ie)s)",
        r"胸肌|(?:卧推|俯卧撑|练胸|夹胸)(?:之后|以后|后|完)",
    ),
    RedFlag.PALPITATIONS: (_DEVICE_BLAMED, _ZH_DEVICE_BLAMED),
    RedFlag.BREATHLESSNESS: (
        r"carr(?:y|ied|ying)|as (?:you'd |you would |i )?expect(?:ed)?|chas(?:e|ed|ing)"
        r"|(?:fine|ok|okay|recovered|normal) (?:again )?(?:\d+|a few|a couple of) (?:sec|min)\w*",
        r"扛|搬|就恢复|很快恢复|马上恢复|缓过来了|就好了|就缓过来",
    ),
    RedFlag.STROKE_SIGNS: (
        r"handlebars?|bars|gloves|cold|frozen|freezing|slept on (?:it|my arm)|pints?|beers?"
        r"|drunk|wine|hungover|hangover",
        r"车把|把手|手套|冻|太冷|压麻|睡麻|压着|喝酒|喝多|喝醉",
    ),
}
"""Per flag, English and Chinese words that explain a non-clinical match in their sentence."""

_SOMEONE_ELSE = re.compile(
    whole_words(
        r"(?:friend|mate|buddy|pal|guy|bloke|lad|girl|lady|woman|man|someone|somebody"
        r"|runner|rider|cyclist|swimmer|teammate|training partner|club ?mate|dad|father|mum"
        r"|mom|mother|brother|sister|wife|husband|boyfriend|girlfriend|son|daughter|grandad"
        r"|grandma|colleague|newbie|person)s?"
    )
    + r"|朋友|跑友|队友|骑友|新人|有人|别人|旁边的人|大哥|大姐|我爸|我妈|老爸|老妈|老公|老婆"
    + r"|同事|一个人"
)
_CLAUSE_BREAK = re.compile(f"{ENGLISH_CLAUSE_BREAK}|{CHINESE_CLAUSE_BREAK}")
_SUBJECT_GAP_CHARS = 30
"""Longest distance from the other person's name to the red flag told of them."""
_FIRST_PERSON = re.compile(whole_words(r"i|i'm|i've|i'd|my|myself") + r"|我(?![爸妈])")
_SENTENCE_END = re.compile(r"[.!?;。！？；\n]")


def about_someone_else(normal: str, start: int) -> bool:
    """Whether the red flag at ``start`` is told of another person ("my friend fainted",
    "跑友冲线后晕倒了"): another person is named just before it in its clause, and the writer
    does not come in between ("my mate said I fainted" is about the writer)."""
    begin = max((m.end() for m in _CLAUSE_BREAK.finditer(normal, 0, start)), default=0)
    others = list(_SOMEONE_ELSE.finditer(normal, max(begin, start - _SUBJECT_GAP_CHARS), start))
    if not others:
        return False
    return _FIRST_PERSON.search(normal, others[-1].end(), start) is None


def explained_away(normal: str, flag: RedFlag, start: int) -> bool:
    """Whether the sentence holding ``start`` explains a description of ``flag`` away."""
    pattern = _explanations().get(flag)
    if pattern is None:
        return False
    begin = max((m.end() for m in _SENTENCE_END.finditer(normal, 0, start)), default=0)
    end = next((m.start() for m in _SENTENCE_END.finditer(normal, start)), len(normal))
    return pattern.search(normal, begin, end) is not None


@cache
def _explanations() -> dict[RedFlag, re.Pattern[str]]:
    return {
        flag: re.compile(whole_words(english) + "|" + chinese)
        for flag, (english, chinese) in EXPLAINED_AWAY.items()
    }
