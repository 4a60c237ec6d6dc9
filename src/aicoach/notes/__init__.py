"""Understanding athletes' notes: labels, entities, and one interface for every reader.

Importable without torch. ``load_note_classifier(settings)`` gives the fine-tuned model
(``aicoach finetune``) with the lexicon's red flags added, or the lexicon alone.
"""

from __future__ import annotations

from aicoach.notes.combined import RedFlagSafetyNet, with_lexicon_red_flags
from aicoach.notes.labels import EntityKind, NoteLabel, bio_tags
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.notes.loader import load_note_classifier, notes_model_dir
from aicoach.notes.reading import Entity, NoteClassifier, NoteReading, ReadingSource
from aicoach.notes.signals import NoteSignals, note_signals

__all__ = [
    "Entity",
    "EntityKind",
    "LexiconNoteClassifier",
    "NoteClassifier",
    "NoteLabel",
    "NoteReading",
    "NoteSignals",
    "ReadingSource",
    "RedFlagSafetyNet",
    "bio_tags",
    "load_note_classifier",
    "note_signals",
    "notes_model_dir",
    "with_lexicon_red_flags",
]
