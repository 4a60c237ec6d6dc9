"""Red flags recognised by what a note says, not by a fixed phrase: co-occurring cues.

A fixed phrase list misses the ways people describe a symptom ("my heart was going nuts on
the sofa", "right arm and leg felt weak, dragged my foot walking home", "孕20周，今天快走
的时候头特别晕"). A clinician reads such notes by parts: *where* (chest, heart, one side of
the body, one calf, a pregnancy), *what* (pressure, racing, weakness, swelling, bleeding)
and *when* (at rest, on an easy jog, after a flight). A rule here fires when one cue of each
of its groups occurs, not negated, within a window of characters of the first group's cue.

The cue groups follow common clinical descriptions of each red flag of DESIGN.md: exertional
chest pressure radiating to arm or jaw (ESC 2019 chronic coronary syndromes); transient loss
of consciousness and presyncope (ESC 2018 syncope guidelines); palpitations at rest or out of
proportion to effort (EHRA 2023 palpitations position paper); dyspnoea at a level of effort
that did not cause it before (NYHA class wording); FAST and BE-FAST stroke signs (one-sided
weakness or numbness, face droop, speech, sudden loss of vision in one eye); one-sided calf
swelling, warmth or redness after travel or immobilisation (Wells criteria for DVT); the
ACOG Committee Opinion 804 (2020) warning signs for stopping exercise in pregnancy.

They are written to fire: a false alarm costs a rest day and a check-up, a missed red flag can
cost a life. Training words alone never complete a rule ("out of breath after the hill reps",
"calves tight after hills", "heart pounding at the top of the climb" carry no cue of the
*when* group). What explains a match away (a sensor blamed, someone else's symptom) is in
``red_flag_context``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from aicoach.alerts.clause_negation import LIST_ITEM, is_negated
from aicoach.alerts.red_flag_terms import RedFlag, whole_words


@dataclass(frozen=True, slots=True)
class ConceptRule:
    """One way of describing a red flag: every cue group must be present near the first."""

    flag: RedFlag
    groups: tuple[str, ...]
    """Regular expressions; English ones match whole words, Chinese ones substrings."""
    windows_chars: tuple[int, ...] = ()
    """For each group after the first, the largest distance in characters from the first
    group's cue: a *what* must sit close to its *where* ("heart ... racing"), a *when* may
    be further off."""
    chinese: bool = False


@dataclass(frozen=True, slots=True)
class ConceptMatch:
    flag: RedFlag
    start: int
    end: int
    text: str
    chinese: bool


# English cue groups, shared by the rules below.
_CHEST = r"chest|breastbone|sternum|ribcage|middle of my chest"
_CHEST_FEEL = (
    r"pain\w*|pressure|pressing|pressed|squeez\w*|tight\w*|heavy|heaviness|crush\w*|ache|aching"
    r"|burn\w*|weight|band|vice|vise|clamp\w*|grip\w*|stab\w*|weird|odd|strange|funny"
    r"|discomfort|hurt\w*|sitting on it|sat on it|constrict\w*"
)
_ARM_JAW = r"jaw|left arm|left shoulder|neck and arm|down my arm"
_HEART = r"heart|hart|heartbeat|heart ?rate|hr|pulse|ticker|bpm"
_HEART_ODD = (
    r"racing|raced|pounding|pounded|thump\w*|hammer\w*|flutter\w*|skipp(?:ing|ed) (?:a )?beats?"
    r"|(?:heart|pulse) (?:was |is |kept |keeps )?skipping|skips? (?:a )?beats?"
    r"|miss(?:ed|ing|es)? (?:a )?beats?|dropp\w* beats?|jump(?:ed|ing)"
    r"|shot up|spik(?:ed|ing)|going nuts|went nuts|crazy|wild|all over the place|irregular"
    r"|out of sync|flip\w*|stuck (?:at|above|on|over)|wouldn't (?:come|go) down|won't (?:come|go)"
    r" down|wouldn't settle|took ages to settle|banging|drum\w*|galloping|thudding|2[0-9]{2}\+?"
    r"|(?:really|very|so|super|crazy|stupidly) fast"
)
_HEART_WHEN = (
    r"out of nowhere|for no reason|no reason|at rest|resting|sitting|sat|on the sofa|couch"
    r"|in bed|lying|lay|easy|walk\w*|after (?:the run|stopping)|feel it|felt it"
    r"|\d+ ?min(?:ute)?s? (?:later|after)|out of sync|could feel it|took ages|wouldn't|won't"
    r"|still \d+|for (?:like )?(?:a|one|two|\d+) minutes?|fluttered|skipp\w* (?:a )?beats?"
    r"|miss\w* (?:a )?beat"
)
_BREATH = (
    r"short of breath|shortness of breath|breathless\w*|out of breath|panting|puffing|puffed"
    r"|gasping|wheez\w*|breath wouldn't come back|couldn't (?:get|catch) (?:my |a |enough )?"
    r"(?:breath|air)|can't (?:get|catch) (?:my |a |enough )?(?:breath|air)|air hunger"
    r"|couldn't breathe|can't breathe|winded|breathing (?:was |felt )?labou?red"
)
_BREATH_WHEN = (
    r"easy|recovery|walk\w*|stairs|one flight|a flight|flight of|at rest|resting|sitting"
    r"|standing|lying|in bed|talking|never been|never like this|first time|for no reason"
    r"|wouldn't come back|even after|after i stopped|when i stopped|vo2|sprint|z1|z2|zone [12]"
    r"|\d+ ?w\b|getting dressed|shower|few steps|slow|jog\w*|in the night|at night|woke up"
    r"|(?:sit|sat|sitting) (?:bolt )?upright|propped up|pillows"
)
_ONE_SIDE = (
    r"(?:left|right|one) (?:arm|leg|hand|side|eye|half)|(?:left|right|one) side of"
    r"|half (?:of )?my (?:body|face)|one whole side|down one side|arm and leg|leg and arm"
    r"|side of my (?:face|body|mouth)"
)
_SUDDEN = r"sudden\w*|all of a sudden|out of nowhere|for no reason|came on|went"
_DEFICIT = (
    r"numb\w*|tingl\w*|useless|clumsy|floppy|drag\w*|droop\w*|wouldn't work"
    r"|won't work|didn't work|can't lift|couldn't lift|couldn't grip|dropp\w*|lost|blind\w*"
    r"|went black|went dark|curtain|couldn't see|can't see|double"
)
_FOOT_DROP = (
    r"(?:dragg\w*|drag) (?:my |the |his |her )?(?:left |right )?(?:foot|leg)"
    r"|(?:foot|leg|toe)s? (?:kept |keeps |was |were )?(?:catching|dragging|slapping)"
)
_EYE_LOSS = r"(?:lost|losing|loss of) (?:the )?(?:sight|vision)|went blind|curtain over"
_SUDDEN_NEURO = (
    r"(?:saw|seeing|see) double|double vision|two of every\w*|(?:sudden(?:ly)?|out of nowhere)"
    r" (?:got |felt |was )?confused|confused about where i was|didn't know where i was"
)
_THUNDERCLAP = (
    r"head (?:felt like it )?(?:exploded|exploding|was going to explode)|like (?:being )?hit"
    r" (?:on|in|over) the (?:back of the )?head|worst (?:pain|headache)|headache came on"
    r" (?:like|in) (?:a|one) (?:second|flash|instant)"
)
_SPEECH = (
    r"words (?:came out |were |was |coming out )?(?:wrong|jumbled|garbled|muddled|mixed up)"
    r"|couldn't (?:get|find) (?:the |my )?words(?: out)?|talking gibberish|speech went"
    r"|couldn't speak|couldn't talk properly"
)
_CALF = r"calf|calves|lower leg|shin|ankle and calf|one leg"
_CALF_BIG = r"bigger|fatter|thicker|swollen|swelling|swell|puff\w*|bloated|balloon\w*"
_CALF_SIGN = r"hot|warm|red|redness|tender|throbb\w*"
_CALF_CONTEXT = (
    r"flight|flew|plane|long[- ]haul|drive|driving|travel\w*|train journey|bus|cast|boot"
    r"|surgery|bed rest|one side|than the (?:other|left|right)|only the (?:left|right)"
)
_WEEKS = r"\d+ ?(?:weeks?|wks?)"
_PREGNANT = (
    rf"pregnan\w*|{_WEEKS} (?:pregnant|along|gestation)|(?:i'm|i am|im) {_WEEKS}"
    rf"|^{_WEEKS}(?= and\b|,|\.|$)|{_WEEKS}\.?$|\d+\+\d|trimester|prenatal|antenatal"
    r"|bump|midwife|my waters|the baby|baby's"
)
_PREGNANCY_SIGN = (
    r"bleed\w*|blood|spotting|fluid|leak\w*|waters?|contraction\w*|tighten\w*|cramp\w*"
    r"|dizz\w*|faint\w*|light-?headed|headache|blurr\w*|vision|swollen|swelling|puffy"
    r"|(?:no|fewer|less|reduced|not (?:felt|feeling|many)) (?:kicks|kicking|movements?)"
    r"|hardly (?:felt )?(?:any )?kicks|not moving|moving less|quiet(?:er)? than usual"
    r"|chest pain|calf pain|breathless\w*"
)

# Chinese cue groups (substrings; the text is lower-cased, NFKC-normalised).
_ZH_CHEST = r"胸口|心口|胸部|前胸|胸骨|胸(?!肌|围)"
_ZH_CHEST_FEEL = r"压|榨|闷|紧|沉|堵|疼|痛|箍|揪|绞|攥|抓|刺|石头|不舒服"
_ZH_FAINT = (
    r"(?:差点|险些|几乎|快要|要|一下)(?:晕|昏|倒|栽|摔倒)|昏了|晕了过去|昏迷|断片|不记得怎么"
    r"|天旋地转|人事不省|栽倒|瘫倒|眼前发黑|眼前一黑|两眼一黑|晕到|没(?:有)?反应|才醒|醒过来"
    r"|(?:啥|什么)都不知道|失去知觉|没了意识"
)
_ZH_HEART = (
    r"心跳|心眺|心率|心脏|脉搏|(?<![开小用担放耐信中点关恶专伤精爱安核重身])心(?!情|态|理|里|想|得)"
)
_ZH_HEART_ODD = (
    r"飙|狂跳|乱跳|乱|咚咚|怦怦|砰砰|扑通|突突|漏|停跳|不齐|不规律|一阵快一阵慢|忽快忽慢"
    r"|降不下来|下不来|慌|悸|(?<=心)季|2[0-9]{2}|不规则|一下快一下慢|扑腾|跳到|飙到|蹿到"
)
_ZH_HEART_WHEN = (
    r"突然|无缘无故|莫名|坐|躺|床上|沙发|休息|静息|安静|慢跑[^，,。]{0,4}(?:都|也|还|时)|恢复跑"
    r"|散步|走路|轻松跑[^，,。]{0,4}(?:都|也|还|时)|半小时|好久"
    r"|很久|平复不了|才平复|分钟|还有|还是|又"
)
_ZH_BREATH = (
    r"喘(?!息)|上气不接下气|气短|气促|吸不进|吸不上|吸不到底|憋(?!尿)|透不过气"
    r"|呼吸(?:急促|困难|不畅|费劲|吃力|很重)"
)
_ZH_BREATH_WHEN = (
    r"恢复跑|恢复骑|轻松|慢跑|走路|散步|一层楼"
    r"|楼梯|站着|坐着|躺|休息时|从来没|缓不过来|停下来也|半夜|夜里|睡觉"
    r"|说话|穿衣|洗澡|几步|配速[5-9]|[5-9]分半|(?<![0-9])(?:1[0-5]0|[4-9]0)瓦|z[12]|一区|二区|冲刺一样"
    r"|[一二两三3]层楼?|[二三四]楼|上楼|慢慢走|平路|平地|平时(?:完全|都)?不|对不上|飞回来|长途飞行"
    r"|下飞机|坐飞机"
)
_ZH_ONE_SIDE = (
    r"右边|左边|一边|一侧|半边|单侧|右侧|左侧|右(?=胳膊|臂|手|腿|脸|眼)|左(?=胳膊|臂|手|腿|脸|眼)"
)
_ZH_LIMB = r"胳膊|手臂|手|腿|脸|身体|身子|嘴角|嘴|眼睛|眼"
_ZH_DEFICIT = (
    r"突然没力气|突然没劲|无力|发麻|麻木|麻|动不了|不听使唤|看不见|看不清|黑了|模糊|拖|耷拉|歪"
)
_ZH_STROKE_SIGN = (
    r"拖着(?:脚|腿)|(?:一只|一边|单)眼(?:睛)?(?:突然)?(?:黑|看不见|看不清|模糊)|拉了(?:个|一道)?帘子"
    r"|往外漏|口齿不清|话说不清|说不出话|舌头不听使唤|嘴角(?:一边)?动不了|颠三倒四|舌头打结"
    r"|想的和嘴说的不一样|重影|复视|看(?:东西)?(?:变)?成两个|不知道自己在哪"
)
_ZH_CALF = r"小腿|腿"
_ZH_CALF_BIG = r"粗|肿|胀"
_ZH_CALF_CONTEXT = (
    r"飞机|飞行|航班|长途|坐车|开车|火车|打石膏|卧床|一圈|比左|比右|另一|一侧|一边|发烫|发热|红"
)
_ZH_PREGNANT = r"怀孕|孕|宝宝|胎|产检"
_ZH_PREGNANCY_SIGN = (
    r"出血|流血|见红|流水|漏水|流液|往外流|水流|羊水|宫缩|发紧|一阵一阵|一阵阵|规律|晕|头痛|头疼"
    r"|眼花|看不清"
    r"|肿|胎动|不动|胸痛|胸闷|小腿疼|喘"
)

ENGLISH_RULES: tuple[ConceptRule, ...] = (
    ConceptRule(RedFlag.CHEST_PAIN, (_CHEST, _CHEST_FEEL), (40,)),
    ConceptRule(
        RedFlag.CHEST_PAIN, (_ARM_JAW, r"pain|ache|aching|tight\w*|pressure", _CHEST), (80, 80)
    ),
    ConceptRule(RedFlag.PALPITATIONS, (_HEART, _HEART_ODD, _HEART_WHEN), (30, 90)),
    ConceptRule(RedFlag.PALPITATIONS, (r"thump\w*", r"pause", r"thump\w*"), (40, 40)),
    ConceptRule(RedFlag.BREATHLESSNESS, (_BREATH, _BREATH_WHEN), (80,)),
    ConceptRule(RedFlag.STROKE_SIGNS, (_ONE_SIDE, _DEFICIT), (50,)),
    ConceptRule(
        RedFlag.STROKE_SIGNS,
        (_ONE_SIDE, r"weak\w*|lost (?:its )?(?:power|strength)", _SUDDEN),
        (50, 80),
    ),
    ConceptRule(RedFlag.STROKE_SIGNS, (_FOOT_DROP,)),
    ConceptRule(RedFlag.STROKE_SIGNS, (_EYE_LOSS, r"eye|suddenly|sudden|briefly"), (40,)),
    ConceptRule(RedFlag.STROKE_SIGNS, (_SUDDEN_NEURO,)),
    ConceptRule(RedFlag.STROKE_SIGNS, (_THUNDERCLAP, r"head\w*|sudden\w*"), (40,)),
    ConceptRule(RedFlag.STROKE_SIGNS, (_SPEECH,)),
    ConceptRule(RedFlag.CALF_SWELLING, (_CALF, _CALF_BIG), (50,)),
    ConceptRule(RedFlag.CALF_SWELLING, (_CALF, _CALF_SIGN, _CALF_CONTEXT), (80, 80)),
    ConceptRule(RedFlag.PREGNANCY_WARNING_SIGNS, (_PREGNANT, _PREGNANCY_SIGN), (160,)),
    ConceptRule(
        RedFlag.FAINTING,
        (
            r"out (?:cold|for (?:a few|a couple of|some|about|like )?(?:\d+ )?(?:seconds?|secs?"
            r"|a (?:second|minute|moment|bit)))|came to|woke up on|don't remember (?:falling"
            r"|going down|hitting)|legs (?:went|gave) (?:from under|out|way)|went down like"
            r"|hit the (?:deck|ground|floor)|grey(?:ed)? out|gray(?:ed)? out|everything went"
            r"|(?:nearly|almost) (?:went down|fell|collapsed|dropped|passed)",
        ),
    ),
    ConceptRule(
        RedFlag.FAINTING,
        (
            r"dizz\w*|light-?headed|woozy|faint\w*|head (?:was )?spinning|room (?:was )?spinning",
            r"sit down|sat down|lie down|lay down|grab\w*|hold on|held on|nearly|almost|fell"
            r"|fall|vision|grey|gray|black|wall|railing|floor|ground",
        ),
        (60,),
    ),
)

CHINESE_RULES: tuple[ConceptRule, ...] = (
    ConceptRule(RedFlag.CHEST_PAIN, (_ZH_CHEST, _ZH_CHEST_FEEL), (8,), True),
    ConceptRule(RedFlag.FAINTING, (_ZH_FAINT,), (), True),
    ConceptRule(
        RedFlag.FAINTING, (r"头晕|发晕|眼花|晕乎", r"倒|栽|扶住|坐下|蹲下|躺下|站不稳"), (12,), True
    ),
    ConceptRule(RedFlag.PALPITATIONS, (_ZH_HEART, _ZH_HEART_ODD, _ZH_HEART_WHEN), (12, 30), True),
    ConceptRule(RedFlag.BREATHLESSNESS, (_ZH_BREATH, _ZH_BREATH_WHEN), (24,), True),
    ConceptRule(RedFlag.STROKE_SIGNS, (_ZH_ONE_SIDE, _ZH_LIMB, _ZH_DEFICIT), (12, 12), True),
    ConceptRule(RedFlag.STROKE_SIGNS, (_ZH_STROKE_SIGN,), (), True),
    ConceptRule(
        RedFlag.STROKE_SIGNS,
        (r"头|后脑|脑袋", r"炸开|炸裂|爆炸|这辈子最|从来没这么|最疼的一次|疼到顶|像被(?:锤|打|砸)"),
        (20,),
        True,
    ),
    ConceptRule(RedFlag.CALF_SWELLING, (_ZH_CALF, _ZH_CALF_BIG, _ZH_CALF_CONTEXT), (20, 20), True),
    ConceptRule(RedFlag.PREGNANCY_WARNING_SIGNS, (_ZH_PREGNANT, _ZH_PREGNANCY_SIGN), (60,), True),
)


def find_concept_red_flags(normal: str, *, negation: bool = True) -> list[ConceptMatch]:
    """Red flags whose cue groups all occur, not negated, in lower-cased NFKC text.

    ``negation=False`` keeps negated cues too.
    """
    found: list[ConceptMatch] = []
    for rule, patterns in _compiled():
        match = _first_complete(normal, rule, patterns, negation)
        if match is not None:
            found.append(match)
    return sorted(found, key=lambda m: (m.start, m.flag.value))


def _first_complete(
    normal: str, rule: ConceptRule, patterns: tuple[re.Pattern[str], ...], negation: bool
) -> ConceptMatch | None:
    anchors = list(_kept(normal, patterns[0], rule.chinese, negation))
    if not anchors:
        return None  # most notes, most rules: the other groups need not be read
    others = [list(_kept(normal, p, rule.chinese, negation)) for p in patterns[1:]]
    for anchor in anchors:
        near = [
            [m for m in group if abs(m.start() - anchor.start()) <= window]
            for group, window in zip(others, rule.windows_chars, strict=True)
        ]
        if all(near):
            start = min([anchor.start()] + [group[0].start() for group in near])
            end = max([anchor.end()] + [group[0].end() for group in near])
            return ConceptMatch(rule.flag, start, end, normal[start:end], rule.chinese)
    return None


def _kept(
    normal: str, pattern: re.Pattern[str], chinese: bool, negation: bool
) -> Iterator[re.Match[str]]:
    """Matches of one cue group that are not negated; earlier matches of the same group
    count as list items, so "no bleeding or cramps" negates both."""
    matches = list(pattern.finditer(normal))
    masked = list(normal)
    for m in matches:
        if not (negation and is_negated("".join(masked), m.start(), chinese=chinese)):
            yield m
        masked[m.start() : m.end()] = LIST_ITEM * (m.end() - m.start())


@cache
def _compiled() -> tuple[tuple[ConceptRule, tuple[re.Pattern[str], ...]], ...]:
    compiled = []
    for rule in ENGLISH_RULES + CHINESE_RULES:
        wrap = (lambda g: f"(?:{g})") if rule.chinese else whole_words
        compiled.append((rule, tuple(re.compile(wrap(group)) for group in rule.groups)))
    return tuple(compiled)
