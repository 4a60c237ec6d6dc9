"""A model reader with the lexicon's red flags added: red_flag = model OR lexicon.

Safety rule: whatever the fine-tuned model says, a note on which the red-flag detector
(``aicoach.alerts.find_red_flags``: terms, paraphrases, cue rules) fires carries ``red_flag``
(probability 1.0) and the matched text as evidence. The combined
reader's red-flag recall is therefore never below the lexicon's; the model can only add red
flags the lexicon misses (paraphrases), never remove one.
"""

from __future__ import annotations

from dataclasses import replace

from aicoach.notes.labels import NoteLabel
from aicoach.notes.lexicon import red_flag_reasons
from aicoach.notes.reading import NoteClassifier, NoteReading


class RedFlagSafetyNet:
    """Wraps any ``NoteClassifier``; its red flags are the union with the lexicon's."""

    def __init__(self, inner: NoteClassifier) -> None:
        self.inner = inner

    def read(self, text: str) -> NoteReading:
        return with_lexicon_red_flags(self.inner.read(text))


def with_lexicon_red_flags(reading: NoteReading) -> NoteReading:
    """``reading`` with ``red_flag`` added when the red-flag lexicon fires on its text."""
    flags = red_flag_reasons(reading.text)
    if not flags:
        return reading
    probabilities = {**reading.probabilities, NoteLabel.RED_FLAG: 1.0}
    evidence = (*reading.evidence, *(f"red_flag: {reason}" for reason in flags))
    return replace(
        reading,
        probabilities=probabilities,
        labels=reading.labels | {NoteLabel.RED_FLAG},
        evidence=evidence,
    )
