"""Lay paraphrases of the DESIGN.md red flags, on top of the alerts' red-flag terms.

``aicoach.alerts.red_flag_terms`` knows the clinical words ("chest pain", "palpitations",
"胸闷"). People write notes in their own words: "an elephant sitting on my chest", "the room
went grey", "heart doing somersaults on the sofa", "一边胳膊突然没劲发麻". These patterns
cover such phrasings for every red-flag category, in English and Chinese, so the lexicon
reader and the safety net under the fine-tuned model (``notes.combined``) catch them.

Written by the aicoach authors from the red-flag list and common lay descriptions of the
symptoms, with the whole labelled dataset in view (every split, see docs/notes-dataset.md):
red-flag recall of the safety net on the dataset is therefore not an independent estimate.
Like the alerts' terms they are biased to fire: a false alarm costs a rest day and a
check-up. Gaps inside a pattern never span a negation ("calf not swollen", "小腿没有肿"),
and a negation just before a match in its clause cancels it (``alerts.clause_negation``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from aicoach.alerts.clause_negation import is_negated
from aicoach.alerts.red_flag_terms import RedFlag, whole_words

_GAP_EN = r"(?:(?!\b(?:not|no|never|without)\b|n't)[^.;!?]){0,%d}"
_GAP_ZH = r"[^，,。.；;！!？?没不无未]{0,%d}"
_GAP_ZH_ACROSS_COMMAS = r"[^。.；;！!？?没不无未]{0,%d}"
_CHEST_EN = r"(?:my |the )?(?:chest|breastbone|sternum)"


def _en_gap(n: int) -> str:
    return _GAP_EN % n


def _zh_gap(n: int) -> str:
    return _GAP_ZH % n


ENGLISH_PARAPHRASES: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.CHEST_PAIN: (
        r"(?:tight|heavy|crushing|squeezing) (?:band|weight|feeling|pressure)s? "
        r"(?:round|around|across|on|in) " + _CHEST_EN,
        r"(?:elephant|weight|someone|something) (?:sitting|sat|pressing|pushing|standing) on "
        + _CHEST_EN,
        r"chest (?:felt |feels |was |is |went |got )?(?:tight|heavy|crushed|squeezed)",
        r"(?:pain|ache|aching|pressure|tightness|discomfort|heaviness) (?:in|across|behind|on"
        r"|around|under) " + _CHEST_EN,
        r"(?:breastbone|sternum) (?:pain|ache|aching|pressure|hurts?|hurting)",
        r"(?:pain|ache|aching|tightness)" + _en_gap(12) + r"(?:into|to|up to|down) "
        r"(?:my |the )?(?:jaw|left arm)",
    ),
    RedFlag.FAINTING: (
        r"(?:everything|vision|world|room|it all|eyes) (?:went|goes|turned|turning|going) "
        r"(?:black|grey|gray|dark|white|dim|spotty)",
        r"(?:came|come|coming) (?:round|around|to) on the (?:floor|ground)",
        r"(?:woke up|found myself|came to) (?:lying )?on the (?:floor|ground)",
        r"(?:nearly|almost) (?:dropped|fell over|went down|keeled over|hit the deck|fainted)",
        r"keel(?:ed)? over",
        r"before i (?:dropped|fell|keeled|went down)",
        r"vision (?:tunnell?ed|tunnell?ing|narrowed|narrowing|fading|faded)",
        r"seeing (?:stars|spots)",
        r"light[- ]?headed" + _en_gap(30) + r"(?:vision|lie down|lay down|sit down|sat down|floor)",
        r"had to (?:lie|lay) (?:down )?on the (?:floor|ground)",
    ),
    RedFlag.PALPITATIONS: (
        r"heart (?:was |is |kept |keeps |started |doing |going |went )?(?:somersaults?"
        r"|flip-?flops?|flipping|all over the place|going crazy|misbehaving|thumping wildly"
        r"|thumping|hammering|pounding|racing|banging|jumping)"
        + _en_gap(30)
        + r"(?:sitting|sat|at rest|resting|on the sofa|at my desk|in bed|lying|still)",
        r"heart (?:was |is |kept |keeps |started |doing |going )?(?:somersaults?|flip-?flops?"
        r"|all over the place|going crazy|misbehaving|thumping wildly)",
        r"(?:pulse|heart rate|hr) (?:was )?(?:jumping|jumped|jumps|shot|shooting|spiking"
        r"|spiked|all over the place|racing|hammering)"
        + _en_gap(30)
        + r"(?:sitting|sat|at rest|resting|on the sofa|at my desk|in bed|lying|still)",
        r"(?:hr|heart rate|pulse|watch said|watch showed|monitor said) (?:of |at |hit |was "
        r"|said |showed |reading )?2[1-9]\d",
        r"fluttery",
        r"(?:sitting|sat|resting|lying) (?:still |down )?(?:and|but) (?:my )?heart",
    ),
    RedFlag.BREATHLESSNESS: (
        r"(?:couldn't|could not|can't|cannot|unable to) get (?:any |enough )?(?:air|breath)",
        r"(?:fighting|struggling|gasping) for (?:air|breath)",
        r"(?:breathless|out of breath|puffed|winded|gasping|panting|couldn't breathe)"
        + _en_gap(30)
        + r"(?:(?:one|a) flight|few steps|walking slowly|lying (?:flat|down)|at rest|sitting)",
        r"(?:so )?breathless (?:climbing|walking|going up) (?:one|a|the) (?:flight|stairs)",
        r"(?:short(?:ness)? of breath|breathless|out of breath|puffed|winded)"
        + _en_gap(20)
        + r"(?:stairs|walking up|just walking|walking slowly|getting dressed)",
        r"unable to breathe",
    ),
    RedFlag.STROKE_SIGNS: (
        r"(?:face|smile|mouth|lip)s? (?:was |looked |looks |went |felt |is )?(?:lopsided"
        r"|crooked|droopy|drooping|numb|odd|weird|wonky|uneven|twisted)",
        r"one side of (?:my |the |his |her )?(?:face|body|mouth)",
        r"(?:arm|hand) (?:went |was |felt |suddenly )?(?:weak|numb|clumsy|useless|floppy)",
        r"(?:words|speech) (?:came out |coming out |were |was |went |came )?(?:wrong|jumbled"
        r"|garbled|muddled|slurred|all wrong)",
        r"(?:couldn't|could not|can't|cannot|unable to) (?:get|find) (?:my |the )?words",
        r"lost (?:my |the )?words",
        r"worst headache (?:of my life|ever)",
        r"thunderclap headache",
        r"sudden (?:\w+ )?headache",
    ),
    RedFlag.CALF_SWELLING: (
        r"(?:calf|calves)" + _en_gap(25) + r"(?:swollen|puffy|swelling)",
        r"one leg (?:much |a lot |way )?(?:fatter|bigger|thicker|more swollen)",
        r"(?:leg|legs) (?:is |was |are |were |looks |got )?(?:swollen|puffy)",
    ),
    RedFlag.PREGNANCY_WARNING_SIGNS: (
        r"pregnan\w*" + _en_gap(40) + r"(?:bleeding|blood|spotting|cramps?|cramping|fluid"
        r"|waters|no kicks|not moving|less movement|headache|swollen|puffed|puffy|dizzy"
        r"|faint|contractions|tightenings)",
        r"(?:bleeding|spotting|blood|fluid|waters|kicks|tightenings|contractions)"
        + _en_gap(40)
        + r"pregnan\w*",
        r"(?:no|fewer|less|reduced) (?:kicks|kicking)",
        r"baby (?:hasn't|has not|hadn't|didn't|not) (?:been )?(?:moving|moved|kicking|kicked)",
        r"waters? (?:may have |might have |have |has )?(?:gone|went|broke|broken|leaking)",
    ),
}

CHINESE_PARAPHRASES: dict[RedFlag, tuple[str, ...]] = {
    RedFlag.CHEST_PAIN: (
        r"胸(?!肌)口?" + _zh_gap(8) + r"(?:箍|压迫|压着|压住|闷|紧|沉|堵|疼|痛)",
        r"chest\s*" + _zh_gap(4) + r"(?:闷|紧|疼|痛|压)",
        r"(?:坐|压)在胸口",
        r"胸骨" + _zh_gap(4) + r"(?:疼|痛)",
        r"胸" + _zh_gap(8) + r"(?:下巴|左臂|左胳膊)",
    ),
    RedFlag.FAINTING: (
        r"眼前(?:突然)?(?:一黑|发黑|发白|冒金星|一片黑)",
        r"(?:差点|险些|快要|几乎)(?:晕|昏|倒)",
        r"(?:躺|倒)在地上",
        r"醒过来",
        r"不省人事",
        r"头重脚轻",
        r"视野变窄",
    ),
    RedFlag.PALPITATIONS: (
        r"(?:心(?!情|态|理)|heart\s*)(?:脏|跳)?"
        + _zh_gap(4)
        + r"(?:乱跳|乱蹦|翻跟头|怦怦|扑通|狂跳|漏拍|停跳|一阵快一阵慢|忽快忽慢)",
        r"脉搏" + _zh_gap(10) + r"(?:跳到|飙到|一下)",
        r"心率2[1-9]\d",
    ),
    RedFlag.BREATHLESSNESS: (
        r"喘不(?:上|过|动)",
        r"憋醒",
        r"没法呼吸",
        r"喘得" + _zh_gap(10) + r"(?:说不出话|坐下|停下)",
        r"(?:一层楼|几步|二楼|两层|楼梯)" + _zh_gap(4) + r"喘",
    ),
    RedFlag.STROKE_SIGNS: (
        r"(?:嘴|脸|口角|嘴角)" + _zh_gap(5) + r"(?:歪|耷拉)",
        r"(?:半边|一边|一侧|单侧)(?:脸|身|身体|胳膊|手|腿)?" + _zh_gap(4) + r"(?:麻|没劲|无力)",
        r"(?:胳膊|手)" + _zh_gap(4) + r"(?:不太?听使唤|发麻)",
        r"(?:话|说话)" + _zh_gap(4) + r"(?:说不利索|不利索|含糊|不清)",
        r"想不起词",
        r"(?:剧烈|炸裂)" + _zh_gap(2) + r"头(?:痛|疼)",
    ),
    RedFlag.CALF_SWELLING: (
        r"腿" + _zh_gap(8) + r"肿",
        r"腿\s*(?:swollen|puffy)",
        r"一条腿" + _zh_gap(6) + r"粗",
    ),
    RedFlag.PREGNANCY_WARNING_SIGNS: (
        r"(?:怀孕|孕)"
        + _GAP_ZH_ACROSS_COMMAS % 20
        + r"(?:出血|流血|见红|流出|羊水|胎动|宝宝动|发紧|肚子疼|一阵阵疼|头痛|肿|没感觉到)",
    ),
}


_TYPO_WORDS = (
    "chest heart breath breathe breathless faint fainted fainting palpitations skipping "
    "skipped fluttering swollen swelling pregnant bleeding slurred speech drooping numbness "
    "weakness collapsed blacked dizzy pressure tightness crushing irregular heartbeat"
)
TYPO_KEYWORDS = frozenset(_TYPO_WORDS.split())
"""Red-flag words matched with one typo too ("cehst", "herat", "skipipng")."""


@dataclass(frozen=True, slots=True)
class ParaphraseMatch:
    flag: RedFlag
    start: int
    end: int
    text: str
    chinese: bool


def find_paraphrased_red_flags(normal: str, *, negation: bool = True) -> list[ParaphraseMatch]:
    """Red-flag paraphrases in lower-cased, NFKC-normalised text, not negated.

    ``negation=False`` keeps negated ones too.
    """
    found: list[ParaphraseMatch] = []
    for chinese, patterns in ((False, _english()), (True, _chinese())):
        for flag, pattern in patterns.items():
            for m in pattern.finditer(normal):
                if not (negation and is_negated(normal, m.start(), chinese=chinese)):
                    found.append(ParaphraseMatch(flag, m.start(), m.end(), m.group(0), chinese))
    return sorted(found, key=lambda m: (m.start, m.flag.value))


def correct_typos(normal: str) -> str:
    """``normal`` with each word one edit away from a ``TYPO_KEYWORDS`` word replaced by it.

    Only words of five letters or more that are not keywords themselves; a replacement
    keeps the text's length only when the edit did, so use it for detection, not offsets.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in TYPO_KEYWORDS:
            return word
        return next((k for k in sorted(TYPO_KEYWORDS) if _one_edit(word, k)), word)

    return re.sub(r"[a-z]{5,}", fix, normal)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@cache
def _english() -> dict[RedFlag, re.Pattern[str]]:
    return {
        flag: re.compile(whole_words("|".join(terms)))
        for flag, terms in ENGLISH_PARAPHRASES.items()
    }


@cache
def _chinese() -> dict[RedFlag, re.Pattern[str]]:
    return {flag: re.compile("|".join(terms)) for flag, terms in CHINESE_PARAPHRASES.items()}
