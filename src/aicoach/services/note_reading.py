"""Reading the athlete's notes for what the planner must act on (pain, and where)."""

from __future__ import annotations

from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.lexicon import LexiconNoteClassifier


def pain_mentions(text: str) -> list[str]:
    """One short description per note that reports pain, naming the body part when found."""
    reading = LexiconNoteClassifier().read(text)
    if not reading.has(NoteLabel.PAIN):
        return []
    parts = [entity.text for entity in reading.entities_of(EntityKind.BODY_PART)]
    return [f"{', '.join(parts)}: “{text.strip()}”" if parts else f"“{text.strip()}”"]
