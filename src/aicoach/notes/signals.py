"""What the rest of aicoach takes from a note: energy, mood, pain sites and the safety stop.

The recommendation's mood/energy scoring and the coach's safety screening both read notes
through ``NoteClassifier`` (``load_note_classifier``) and this summary, so swapping the
lexicon for the fine-tuned model changes no caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.reading import NoteReading


@dataclass(frozen=True, slots=True)
class NoteSignals:
    energy: float
    """-1 (fatigued or ill) to +1 (fresh and keen); 0 when the note says nothing either way."""
    mood: float
    """-1 (low mood) to +1 (motivated); 0 when the note says nothing either way."""
    pain: bool
    pain_sites: tuple[str, ...]
    """Body parts mentioned in a note that reports pain, in the note's words."""
    illness: bool
    stop_and_refer: bool
    """A red flag: the fixed stop-and-refer message applies (DESIGN.md safety rules)."""


def note_signals(reading: NoteReading) -> NoteSignals:
    p = reading.probabilities
    low_energy = max(p.get(NoteLabel.FATIGUE, 0.0), p.get(NoteLabel.ILLNESS, 0.0))
    high = p.get(NoteLabel.MOTIVATION, 0.0)
    pain = reading.has(NoteLabel.PAIN)
    sites = tuple(e.text for e in reading.entities_of(EntityKind.BODY_PART)) if pain else ()
    return NoteSignals(
        energy=round(high - low_energy, 3),
        mood=round(high - p.get(NoteLabel.LOW_MOOD, 0.0), 3),
        pain=pain,
        pain_sites=sites,
        illness=reading.has(NoteLabel.ILLNESS),
        stop_and_refer=reading.has(NoteLabel.RED_FLAG),
    )
