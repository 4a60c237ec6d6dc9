"""Checks on model-written text: every number must come from the facts, the language must
match, and there must be no diagnosis, referral or refusal of the model's own making."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from aicoach.coach.language import is_in_language
from aicoach.domain.athlete import Language

NUMBER = re.compile(r"(?<![A-Za-z0-9_.])-?\d+(?:[.,]\d+)?")
DIAGNOSIS = re.compile(
    r"\b(?:you (?:have|probably have|likely have|might have|may have|are suffering from)"
    r"|diagnos\w*|it(?:'s| is) (?:probably|likely|definitely) (?:a |an )?\w+itis"
    r"|tendinitis|tendinopathy|fracture|sprain|torn|tear|infection|arrhythmia)\b"
    r"|诊断|你患有|你得了|可能是.{0,6}(?:炎|骨折|撕裂|病)",
    re.IGNORECASE,
)
SELF_MADE_SAFETY = re.compile(
    r"\b(?:i can(?:'|no)t help|i am unable|i'm unable|as an ai|consult (?:a|your) (?:doctor"
    r"|physician)|emergency|call 911)\b|无法回答|作为一个?人工智能|急救",
    re.IGNORECASE,
)
"""Refusals and referrals belong to the safety screen, not to the model."""
PROMPT_ECHO = re.compile(
    r"[{}\[\]\"]|\bathlete_question\b|\bDATA\b|\bdata\b|\bdataset\b|\bfacts?\b|\bjson\b"
    r"|\bthe athlete\b|\bathlete's\b|\bthis athlete\b|数据|事实|该运动员|这位运动员",
    re.IGNORECASE,
)
"""Echoes of the prompt, and talk about the athlete instead of to them."""
ADDRESSED = re.compile(r"\byou(?:r|'re|'ll)?\b|你", re.IGNORECASE)
INSTRUCTION_ECHO = re.compile(
    r"\b(?:ignore (?:all|previous|the)|system prompt|instructions?)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str = ""


def numbers_in(text: str) -> list[float]:
    """Every number written with digits (``1,5`` and ``1.5`` alike); times split at colons."""
    return [float(match.replace(",", ".")) for match in NUMBER.findall(text)]


def allowed_numbers(fact_texts: Iterable[str]) -> frozenset[float]:
    return frozenset(value for text in fact_texts for value in numbers_in(text))


def check_sentence(
    sentence: str, allowed: frozenset[float], language: Language, *, addressed: bool = False
) -> Verdict:
    """Whether a model-written sentence may be shown; ``addressed`` also asks that it speaks
    to the athlete ("you"), which keeps a weak model's stray prose out."""
    stray = [n for n in numbers_in(sentence) if not any(abs(n - a) < 1e-9 for a in allowed)]
    if stray:
        return Verdict(False, f"numbers not in the facts: {stray}")
    if not is_in_language(sentence, language):
        return Verdict(False, f"not written in {language.value}")
    for pattern, why in (
        (DIAGNOSIS, "reads as a diagnosis"),
        (SELF_MADE_SAFETY, "refuses or refers on its own"),
        (INSTRUCTION_ECHO, "talks about instructions"),
        (PROMPT_ECHO, "echoes the prompt or talks about the athlete"),
    ):
        if pattern.search(sentence):
            return Verdict(False, why)
    if addressed and not ADDRESSED.search(sentence):
        return Verdict(False, "does not speak to the athlete")
    return Verdict(True)
