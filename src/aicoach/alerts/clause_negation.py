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
LIST_ITEM = "\x00"
"""Stands in for another term of a list when negation is judged: "no chest pain or
fainting" with "chest pain" replaced by it still negates "fainting"; it is not a word and
takes no room in a Chinese window."""
_FILLERS_LONGEST_FIRST = sorted(CHINESE_FILLERS, key=len, reverse=True)


def is_negated(
    normal: str,
    start: int,
    *,
    chinese: bool,
    window_words: int = ENGLISH_WINDOW_WORDS,
    window_chars: int = CHINESE_WINDOW_CHARS,
) -> bool:
    """Whether the term at ``start`` of the normalised text is negated in its clause.

    At most ``window_words`` filler words (English) or ``window_chars`` characters (Chinese)
    may stand between the negation and the term.
    """
    prefix = normal[:start]
    breaks = CHINESE_CLAUSE_BREAK if chinese else ENGLISH_CLAUSE_BREAK
    clause_start = max((b.end() for b in re.finditer(breaks, prefix)), default=0)
    clause = prefix[clause_start:]
    if chinese:
        return _chinese_negated(clause, window_chars)
    return _english_negated(clause, window_words)


def _english_negated(clause: str, window: int) -> bool:
    words = re.findall(r"[a-z']+", clause)
    for k in range(len(words) - 1, max(-1, len(words) - window - 2), -1):
        word = words[k]
        if word in ENGLISH_NEGATIONS or word.endswith("n't"):
            return all(w in ENGLISH_FILLERS for w in words[k + 1 :])
    return False


def _chinese_negated(clause: str, window: int) -> bool:
    for cue in CHINESE_NEGATIONS:
        position = clause.rfind(cue)
        if position < 0:
            continue
        gap = clause[position + len(cue) :].replace(LIST_ITEM, "")
        if len(gap) > window:
            continue
        for filler in _FILLERS_LONGEST_FIRST:
            gap = gap.replace(filler, "")
        if not gap:
            return True
    return False
