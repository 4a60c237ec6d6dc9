"""Negation in a clause, with the negation words and clause breaks of the red-flag lexicon.

The rule is the one ``aicoach.alerts.red_flag_symptoms`` applies to red flags: a term is
negated when a negation word comes before it in the same clause with only filler words
between them ("no pain", "didn't feel tired", "没有疼", "不累"). The word lists are shared
from ``aicoach.alerts.red_flag_terms``, so the two stay one vocabulary.
"""

from __future__ import annotations

import re

from aicoach.alerts.red_flag_terms import (
    CHINESE_CLAUSE_BREAK,
    CHINESE_FILLERS,
    CHINESE_NEGATIONS,
    ENGLISH_CLAUSE_BREAK,
    ENGLISH_FILLERS,
    ENGLISH_NEGATIONS,
)

ENGLISH_WINDOW_WORDS = 4
CHINESE_WINDOW_CHARS = 6
_FILLERS_LONGEST_FIRST = sorted(CHINESE_FILLERS, key=len, reverse=True)


def is_negated(normal: str, start: int, *, chinese: bool) -> bool:
    """Whether the term at ``start`` of the normalised text is negated in its clause."""
    prefix = normal[:start]
    breaks = CHINESE_CLAUSE_BREAK if chinese else ENGLISH_CLAUSE_BREAK
    clause_start = max((b.end() for b in re.finditer(breaks, prefix)), default=0)
    clause = prefix[clause_start:]
    return _chinese_negated(clause) if chinese else _english_negated(clause)


def _english_negated(clause: str) -> bool:
    words = re.findall(r"[a-z']+", clause)
    for k in range(len(words) - 1, max(-1, len(words) - ENGLISH_WINDOW_WORDS - 2), -1):
        word = words[k]
        if word in ENGLISH_NEGATIONS or word.endswith("n't"):
            return all(w in ENGLISH_FILLERS for w in words[k + 1 :])
    return False


def _chinese_negated(clause: str) -> bool:
    for cue in CHINESE_NEGATIONS:
        position = clause.rfind(cue)
        if position < 0:
            continue
        gap = clause[position + len(cue) :]
        if len(gap) > CHINESE_WINDOW_CHARS:
            continue
        for filler in _FILLERS_LONGEST_FIRST:
            gap = gap.replace(filler, "")
        if not gap:
            return True
    return False
