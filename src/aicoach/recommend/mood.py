"""Mood and energy from today's note, in English or Chinese.

Two readers are combined. A general sentiment model gives the note's valence: VADER for
English (Hutto C, Gilbert E 2014, ICWSM, compound score in [-1, 1]) and SnowNLP for Chinese
(a naive Bayes model trained on reviews, probability positive in [0, 1], mapped to [-1, 1]).
The note classifier (``notes.load_note_classifier``) gives the training-specific labels:
fatigue, illness, low mood, motivation, pain with its body parts, and red flags.

When the classifier is the fine-tuned model, its mood and energy replace the sentiment model.
With the lexicon classifier, a label wins where the note has one (the sentiment models do not
know that "legs heavy" is about energy, and SnowNLP misreads short training notes), and the
sentiment fills in otherwise: mood = 0.75 label + 0.25 valence, or valence alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from aicoach.alerts.red_flag_symptoms import find_red_flags
from aicoach.alerts.red_flag_terms import RedFlag
from aicoach.domain.athlete import Language
from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.reading import NoteClassifier, ReadingSource
from aicoach.notes.signals import note_signals

LABEL_WEIGHT = 0.75
"""Weight of the classifier's label score when the note carries a label (lexicon reader)."""
ENERGY_FROM_VALENCE = 0.5
"""Without an energy label, valence says about half as much about energy as about mood."""
CLEARLY_NEGATIVE = -0.5
"""Mood or energy at or below this is a clearly negative note: no hard session today."""
FEVER_WORDS = frozenset({"fever", "feverish", "temperature", "发烧", "发热", "高烧", "低烧"})
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def note_language(text: str) -> Language:
    """Chinese when the note has any CJK ideograph, else English."""
    return Language.CHINESE if _CJK.search(text) else Language.ENGLISH


class SentimentModel(Protocol):
    """A general-purpose sentiment reader: valence in [-1, 1] (negative to positive)."""

    def valence(self, text: str) -> float: ...


class VaderSentiment:
    """VADER's compound score (Hutto and Gilbert 2014); its lexicon ships in the package."""

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._analyzer: Any = SentimentIntensityAnalyzer()

    def valence(self, text: str) -> float:
        return float(self._analyzer.polarity_scores(text)["compound"])


class SnowNlpSentiment:
    """SnowNLP's probability that the text is positive, mapped to [-1, 1]."""

    def valence(self, text: str) -> float:
        from snownlp import SnowNLP  # loads its bundled models on first import (seconds)

        return 2.0 * float(SnowNLP(text).sentiments) - 1.0


class BilingualSentiment:
    """VADER for English notes, SnowNLP for Chinese ones; each loaded on first use."""

    def valence(self, text: str) -> float:
        if not text.strip():
            return 0.0
        if note_language(text) is Language.CHINESE:
            return _snownlp().valence(text)
        return _vader().valence(text)


@cache
def _vader() -> VaderSentiment:
    return VaderSentiment()


@cache
def _snownlp() -> SnowNlpSentiment:
    return SnowNlpSentiment()


@dataclass(frozen=True, slots=True)
class NoteMood:
    """What today's note says: mood and energy in [-1, 1], and what safety must act on."""

    text: str
    language: Language
    mood: float
    energy: float
    valence: float | None
    """The sentiment model's valence; ``None`` when the fine-tuned classifier replaced it."""
    pain: bool
    pain_sites: tuple[str, ...]
    illness: bool
    fever: bool
    """An illness note whose symptoms include a fever."""
    red_flags: tuple[RedFlag, ...]
    stop_and_refer: bool
    labels: tuple[str, ...]
    source: str

    @property
    def clearly_negative(self) -> bool:
        return min(self.mood, self.energy) <= CLEARLY_NEGATIVE


class MoodScorer:
    """Reads a note with the note classifier and a sentiment model (see the module notes)."""

    def __init__(self, classifier: NoteClassifier, sentiment: SentimentModel | None = None):
        self.classifier = classifier
        self.sentiment = sentiment or BilingualSentiment()

    def read(self, text: str) -> NoteMood:
        reading = self.classifier.read(text)
        signals = note_signals(reading)
        if reading.source is ReadingSource.MODEL:
            valence = None
            mood, energy, source = signals.mood, signals.energy, "model"
        else:
            valence = self.sentiment.valence(text)
            mood = _blend(signals.mood, valence, 1.0)
            energy = _blend(signals.energy, valence, ENERGY_FROM_VALENCE)
            source = "lexicon+sentiment"
        flags = tuple(dict.fromkeys(match.flag for match in find_red_flags(text)))
        symptoms = {e.text.lower() for e in reading.entities_of(EntityKind.SYMPTOM)}
        return NoteMood(
            text=text,
            language=note_language(text),
            mood=round(mood, 3),
            energy=round(energy, 3),
            valence=None if valence is None else round(valence, 3),
            pain=signals.pain,
            pain_sites=signals.pain_sites,
            illness=signals.illness,
            fever=reading.has(NoteLabel.ILLNESS) and bool(symptoms & FEVER_WORDS),
            red_flags=flags,
            stop_and_refer=signals.stop_and_refer or bool(flags),
            labels=tuple(sorted(label.value for label in reading.labels)),
            source=source,
        )


def _blend(label_score: float, valence: float, valence_weight: float) -> float:
    if label_score != 0.0:
        value = LABEL_WEIGHT * label_score + (1.0 - LABEL_WEIGHT) * valence
    else:
        value = valence_weight * valence
    return max(-1.0, min(1.0, value))
