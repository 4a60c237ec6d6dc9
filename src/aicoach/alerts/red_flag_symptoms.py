"""Red-flag symptoms in the day's notes (English and Chinese): urgent stop-and-refer.

Source: the red flags of DESIGN.md (chest pain or pressure, fainting, palpitations,
breathlessness out of proportion, stroke signs, calf swelling, pregnancy warning signs);
pregnancy signs from ACOG Committee Opinion 804 (2020); the terms are in ``red_flag_terms``.

How matching works, and its limits:

- Text is NFKC-normalised (full-width characters become ASCII) and lower-cased. English terms
  match whole words; Chinese terms match as substrings.
- A term is negated, and ignored, when a negation word comes before it in the same clause
  with only filler words between them: "no chest pain", "haven't had any palpitations",
  "no chest pain or fainting", "没有胸痛", "无明显胸闷", "没有出现胸痛和心悸". Commas, full
  stops and words such as "but", "and", "但是", "不过" end a clause.
- Beyond the clinical terms, the same detector reads lay paraphrases
  (``red_flag_paraphrases``: "an elephant sitting on my chest") and descriptions by parts
  (``red_flag_concepts``: "heart going nuts on the sofa"), and, when nothing is found, reads
  the note again with one-letter typos of red-flag words corrected ("cehst pain"). The health
  alert, the note reader, the coach's screening and the mood scorer all use this one detector.
- Deliberately simple, and biased to fire: negation after the term ("chest pain: none",
  "胸痛消失了", "chest pain gone"), negated lists split by commas ("no chest pain, fainting or
  palpitations" fires on fainting) and sarcasm are not understood; a red flag told of someone
  else is set aside only when that person is named just before it ("my friend fainted",
  ``red_flag_context``). A false alarm costs one rest day and a check-up; a missed red flag
  can cost a life. The coach's conversation screening is the second line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import ClassVar

from aicoach.alerts.clause_negation import LIST_ITEM, is_negated
from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, require
from aicoach.alerts.red_flag_concepts import find_concept_red_flags
from aicoach.alerts.red_flag_context import about_someone_else, explained_away
from aicoach.alerts.red_flag_paraphrases import correct_typos, find_paraphrased_red_flags
from aicoach.alerts.red_flag_terms import (
    CHINESE_TERMS,
    ENGLISH_TERMS,
    RedFlag,
    stop_and_refer_message,
    whole_words,
)
from aicoach.alerts.timeline import AthleteTimeline
from aicoach.domain.athlete import Language


class MatchedBy(StrEnum):
    """How a red flag was found: its clinical term, a lay paraphrase, co-occurring cues, or
    any of these only after correcting a one-letter typo."""

    TERM = "term"
    PARAPHRASE = "paraphrase"
    CONCEPT = "concept"
    TYPO = "typo"


@dataclass(frozen=True)
class RedFlagMatch:
    """One red flag found in a note, not negated."""

    flag: RedFlag
    text: str
    language: Language
    start: int
    matched_by: MatchedBy = MatchedBy.TERM

    @property
    def end(self) -> int:
        """End offset in the normalised text; a typo match has no span (``start == end``)."""
        return self.start if self.matched_by is MatchedBy.TYPO else self.start + len(self.text)


@dataclass(frozen=True)
class RedFlagSymptomsParams(RuleParams):
    handle_negation: bool = True
    """Ignore negated terms ("no chest pain", "没有胸痛"); False makes every mention fire."""
    negation_window_words: int = 4
    """At most this many filler words between an English negation and its term."""
    negation_window_chars: int = 6
    """At most this many filler characters between a Chinese negation and its term."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        for key in ("negation_window_words", "negation_window_chars"):
            value = getattr(self, key)
            require(self, 0 <= value <= 8, key, "must be between 0 and 8")


@dataclass(frozen=True)
class RedFlagSymptoms(Rule):
    """Urgent, with the fixed stop-and-refer message, when a note mentions a red flag."""

    name: ClassVar[str] = "red_flag_symptoms"
    source: ClassVar[str] = "DESIGN.md red flags; ACOG Committee Opinion 804 (2020)"
    params: RedFlagSymptomsParams = field(default_factory=RedFlagSymptomsParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        alerts: list[Alert] = []
        for i, note in enumerate(timeline.notes):
            matches = find_red_flags(note, self.params) if note else []
            if matches:
                alerts.append(self._alert(timeline, i, matches))
        return alerts

    def _alert(self, t: AthleteTimeline, i: int, matches: list[RedFlagMatch]) -> Alert:
        flags = list(dict.fromkeys(m.flag for m in matches))
        languages = sorted({m.language.value for m in matches})
        evidence: dict[str, float | str] = {
            "flags": ", ".join(flag.value for flag in flags),
            "matched": "; ".join(dict.fromkeys(m.text for m in matches)),
            "language": "+".join(languages),
        }
        message = stop_and_refer_message(Language.ENGLISH, flags)
        return self.alert(t, i, Severity.URGENT, message, evidence)


def find_red_flags(text: str, params: RedFlagSymptomsParams | None = None) -> list[RedFlagMatch]:
    """Every red flag in ``text`` that is not negated, in order of appearance.

    Terms, paraphrases and cue co-occurrences; a match inside an earlier one of the same flag
    is dropped. When none is found, the text with red-flag words' typos corrected is read
    (``MatchedBy.TYPO``, no span: the correction may move offsets).
    """
    p = params or RedFlagSymptomsParams()
    normal = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    found = _all_matches(normal, p)
    if found:
        return found
    corrected = correct_typos(normal)
    if corrected != normal:
        found = [
            RedFlagMatch(m.flag, m.text, m.language, 0, MatchedBy.TYPO)
            for m in _all_matches(corrected, p)
        ]
    return found


def _all_matches(normal: str, p: RedFlagSymptomsParams) -> list[RedFlagMatch]:
    terms = _raw_matches(normal)
    spans = [(m.start, m.start + len(m.text)) for m in terms]
    found = [m for m in terms if not (p.handle_negation and _is_negated(normal, m, spans, p))]
    found += [
        RedFlagMatch(m.flag, m.text, _language(m.chinese), m.start, MatchedBy.PARAPHRASE)
        for m in find_paraphrased_red_flags(normal, negation=p.handle_negation)
    ]
    found += [
        RedFlagMatch(m.flag, m.text, _language(m.chinese), m.start, MatchedBy.CONCEPT)
        for m in find_concept_red_flags(normal, negation=p.handle_negation)
    ]
    kept: list[RedFlagMatch] = []
    for match in sorted(found, key=lambda m: (m.start, -len(m.text), m.flag.value)):
        clinical = match.matched_by is MatchedBy.TERM
        if not clinical and explained_away(normal, match.flag, match.start):
            continue
        if about_someone_else(normal, match.start):
            continue
        if not any(k.flag is match.flag and match.start < k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.flag.value))


def _language(chinese: bool) -> Language:
    return Language.CHINESE if chinese else Language.ENGLISH


def _raw_matches(text: str) -> list[RedFlagMatch]:
    matches: list[RedFlagMatch] = []
    for flag, pattern in _english_patterns().items():
        for m in pattern.finditer(text):
            matches.append(RedFlagMatch(flag, m.group(0), Language.ENGLISH, m.start()))
    for flag, terms in CHINESE_TERMS.items():
        for term in terms:
            for m in re.finditer(re.escape(term), text):
                matches.append(RedFlagMatch(flag, term, Language.CHINESE, m.start()))
    return matches


@cache
def _english_patterns() -> dict[RedFlag, re.Pattern[str]]:
    return {flag: re.compile(whole_words("|".join(terms))) for flag, terms in ENGLISH_TERMS.items()}


def _is_negated(
    text: str, match: RedFlagMatch, spans: list[tuple[int, int]], p: RedFlagSymptomsParams
) -> bool:
    """Whether a negation governs ``match`` within its clause (other terms masked out)."""
    return is_negated(
        _masked(text, spans, match.start),
        match.start,
        chinese=match.language is Language.CHINESE,
        window_words=p.negation_window_words,
        window_chars=p.negation_window_chars,
    )


def _masked(text: str, spans: list[tuple[int, int]], end: int) -> str:
    """``text[:end]`` with the other found terms blanked, so they count as list items."""
    chars = list(text[:end])
    for start, stop in spans:
        for k in range(start, min(stop, end)):
            chars[k] = LIST_ITEM
    return "".join(chars)
