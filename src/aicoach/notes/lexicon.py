"""The lexicon note reader: keyword tables with negation, no model needed.

Labels come from ``lexicon_terms`` (English regular expressions on whole words, Chinese
substrings), each ignored when negated in its clause (``negation``). ``red_flag`` comes from
``aicoach.alerts.red_flag_symptoms.find_red_flags``, the same detector the health alerts use
(clinical terms, lay paraphrases such as "an elephant sitting on my chest", co-occurring
cues such as "heart going nuts on the sofa", typo-tolerant).
Entities are the longest non-overlapping gazetteer matches, negated or not.

Limits: its labels other than ``red_flag`` know only the words in their tables (no
paraphrase, no typos); it cannot tell training ache from injury pain, and reads "great" in
"great, another injury" as motivation.
It is the fallback when the fine-tuned model is not installed, and the safety net under it.
"""

from __future__ import annotations

import re
from functools import cache

from aicoach.alerts.clause_negation import is_negated
from aicoach.alerts.red_flag_symptoms import MatchedBy, RedFlagMatch, find_red_flags
from aicoach.alerts.red_flag_terms import whole_words
from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.lexicon_terms import (
    CHINESE_ENTITY_TERMS,
    CHINESE_LABEL_TERMS,
    ENGLISH_ENTITY_TERMS,
    ENGLISH_LABEL_TERMS,
)
from aicoach.notes.reading import Entity, NoteReading, ReadingSource
from aicoach.notes.text import normalise


class LexiconNoteClassifier:
    """Reads notes with the keyword tables; probabilities are 1.0 or 0.0."""

    def read(self, text: str) -> NoteReading:
        normal = normalise(text)
        entities = find_entities(text)
        flags = find_red_flags(normal)
        phrase_spans = [(m.start, m.end) for m in flags if m.matched_by in _PHRASES]
        found: dict[NoteLabel, list[str]] = {}
        for label, start, term in _label_matches(normal):
            if any(a <= start < b for a, b in phrase_spans):
                continue  # "chest pain" is a red flag, not a sore muscle
            anchor = _phrase_start(start, entities)
            if not is_negated(normal, anchor, chinese=not term.isascii()):
                found.setdefault(label, []).append(term)
        if flags:
            found[NoteLabel.RED_FLAG] = [red_flag_reason(m) for m in flags]
        evidence = tuple(
            f"{label.value}: {term}" for label, terms in found.items() for term in terms
        )
        return NoteReading(
            text=text,
            probabilities={label: 1.0 if label in found else 0.0 for label in NoteLabel},
            labels=frozenset(found),
            entities=entities,
            source=ReadingSource.LEXICON,
            evidence=evidence,
        )


_PHRASES = (MatchedBy.TERM, MatchedBy.PARAPHRASE)
"""Red flags found as a phrase: label words inside them are part of the red flag ("chest pain"
is not a sore muscle). A description by parts spans a stretch of the note whose other words
("calf painful after the flight", "tired") still carry their labels."""


def lexicon_red_flag(text: str) -> bool:
    """Whether the red-flag lexicon fires on ``text`` (the safety net of every reader)."""
    return bool(find_red_flags(normalise(text)))


def red_flag_reasons(text: str) -> list[str]:
    """Why the red-flag detector (``find_red_flags``) fires on ``text``, one reason a match."""
    return [red_flag_reason(m) for m in find_red_flags(normalise(text))]


def red_flag_reason(match: RedFlagMatch) -> str:
    """ "flag: matched text", with "(typo)" when found only after correcting a typo."""
    typo = " (typo)" if match.matched_by is MatchedBy.TYPO else ""
    return f"{match.flag.value}: {match.text}{typo}"


def find_entities(text: str) -> tuple[Entity, ...]:
    """Longest, leftmost, non-overlapping gazetteer matches, with offsets into ``text``."""
    normal = normalise(text)
    candidates: list[tuple[int, int, EntityKind]] = []
    for kind, pattern in _english_entity_patterns().items():
        candidates += [(m.start(), m.end(), kind) for m in pattern.finditer(normal)]
    for kind, terms in CHINESE_ENTITY_TERMS.items():
        for term in terms:
            candidates += [(m.start(), m.end(), kind) for m in re.finditer(re.escape(term), normal)]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[Entity] = []
    last_end = -1
    for start, end, kind in candidates:
        if start >= last_end:
            chosen.append(Entity(kind, start, end, text[start:end]))
            last_end = end
    return tuple(chosen)


def _phrase_start(start: int, entities: tuple[Entity, ...]) -> int:
    """Where the run of adjacent entities holding ``start`` begins ("no [left knee][pain]")."""
    anchor = start
    for entity in sorted(entities, key=lambda e: e.start, reverse=True):
        inside = entity.start <= anchor < entity.end
        adjacent = entity.end <= anchor <= entity.end + 1
        if entity.start < anchor and (inside or adjacent):
            anchor = entity.start
    return anchor


def _label_matches(normal: str) -> list[tuple[NoteLabel, int, str]]:
    matches: list[tuple[NoteLabel, int, str]] = []
    for label, pattern in _english_label_patterns().items():
        matches += [(label, m.start(), m.group(0)) for m in pattern.finditer(normal)]
    for label, terms in CHINESE_LABEL_TERMS.items():
        for term in terms:
            matches += [(label, m.start(), term) for m in re.finditer(re.escape(term), normal)]
    return matches


def _whole_words(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(whole_words("|".join(terms)))


@cache
def _english_label_patterns() -> dict[NoteLabel, re.Pattern[str]]:
    return {label: _whole_words(terms) for label, terms in ENGLISH_LABEL_TERMS.items()}


@cache
def _english_entity_patterns() -> dict[EntityKind, re.Pattern[str]]:
    return {kind: _whole_words(terms) for kind, terms in ENGLISH_ENTITY_TERMS.items()}
