"""``load_note_classifier``: the fine-tuned model when there is one, else the lexicon."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
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
    A model is loaded once per folder and kept while its files are unchanged, so callers
    may ask for the classifier once per note.
    """
    folder = notes_model_dir(settings)
    if not model_available(folder):
        return LexiconNoteClassifier()
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in _files(folder))
    return _load(folder.resolve(), stamp)


def _files(folder: Path) -> list[Path]:
    return [folder / name for name in MODEL_FILES]


@lru_cache(maxsize=2)
def _load(folder: Path, stamp: tuple[tuple[int, int], ...]) -> NoteClassifier:
    """``stamp`` (the files' mtimes and sizes) is part of the key: a retrained model reloads."""
    from aicoach.finetune.saved import load_model  # optional extra

    return RedFlagSafetyNet(load_model(folder))
