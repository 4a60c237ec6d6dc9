"""``load_note_classifier``: the fine-tuned model when there is one, else the lexicon."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from aicoach.notes.combined import RedFlagSafetyNet
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.notes.reading import NoteClassifier
from aicoach.settings import Settings

MODEL_FILES = ("model.safetensors", "config.json", "tokenizer.json", "label_map.json")
EXTRA_MODULES = ("torch", "transformers", "tokenizers", "safetensors")


def notes_model_dir(settings: Settings) -> Path:
    """``AICOACH_NOTES_MODEL`` when set, else ``<AICOACH_HOME>/models/notes``."""
    return settings.notes_model or settings.home / "models" / "notes"


def model_available(folder: Path) -> bool:
    """Whether the extra is installed and ``folder`` holds a trained model."""
    installed = all(importlib.util.find_spec(name) is not None for name in EXTRA_MODULES)
    return installed and all((folder / name).is_file() for name in MODEL_FILES)


def load_note_classifier(settings: Settings) -> NoteClassifier:
    """The fine-tuned model (with the lexicon's red flags added) or, failing that, the lexicon.

    The model is used when the ``finetune`` extra is installed and a trained model folder
    exists (``aicoach finetune`` writes one); otherwise the lexicon reader is returned.
    Either way the red-flag lexicon is in the loop, so red-flag recall never drops below it.
    """
    folder = notes_model_dir(settings)
    if not model_available(folder):
        return LexiconNoteClassifier()
    from aicoach.finetune.saved import load_model  # optional extra

    return RedFlagSafetyNet(load_model(folder))
