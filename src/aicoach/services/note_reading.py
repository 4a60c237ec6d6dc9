"""Reading the athlete's notes for what the planner must act on (pain, and where).

Notes are read through the one note interface, ``load_note_classifier(settings)``: the
fine-tuned model (with the lexicon's red flags) when one is trained, else the lexicon.
"""

from __future__ import annotations

from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.loader import load_note_classifier
from aicoach.notes.reading import NoteClassifier
from aicoach.settings import Settings, load_settings


def pain_mentions(
    text: str, reader: NoteClassifier | None = None, settings: Settings | None = None
) -> list[str]:
    """One short description per note that reports pain, naming the body part when found.

    ``reader`` defaults to ``load_note_classifier(settings)`` (settings from the environment
    when not given; the loaded model is cached per model folder).
    """
    chosen = reader or load_note_classifier(settings or load_settings())
    reading = chosen.read(text)
    if not reading.has(NoteLabel.PAIN):
        return []
    parts = [entity.text for entity in reading.entities_of(EntityKind.BODY_PART)]
    return [f"{', '.join(parts)}: “{text.strip()}”" if parts else f"“{text.strip()}”"]
