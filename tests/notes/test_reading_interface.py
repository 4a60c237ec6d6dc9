"""One interface for every reader: the loader's choice, the red-flag safety net, signals."""

from __future__ import annotations

from pathlib import Path

from aicoach.notes import (
    LexiconNoteClassifier,
    NoteClassifier,
    NoteLabel,
    NoteReading,
    ReadingSource,
    RedFlagSafetyNet,
    load_note_classifier,
    note_signals,
    notes_model_dir,
)
from aicoach.notes.labels import EntityKind
from aicoach.notes.reading import Entity
from aicoach.settings import Settings


class Silent:
    """A reader that never finds anything (a model that missed everything)."""

    def read(self, text: str) -> NoteReading:
        probabilities = dict.fromkeys(NoteLabel, 0.0)
        return NoteReading(text, probabilities, frozenset(), (), ReadingSource.MODEL)


def test_lexicon_when_no_model_is_trained(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert notes_model_dir(settings) == tmp_path / "models" / "notes"
    reader = load_note_classifier(settings)
    assert isinstance(reader, LexiconNoteClassifier)
    assert isinstance(reader, NoteClassifier)


def test_notes_model_setting_moves_the_folder(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, notes_model=tmp_path / "elsewhere")
    assert notes_model_dir(settings) == tmp_path / "elsewhere"
    (tmp_path / "elsewhere").mkdir()  # empty: not a model, so the lexicon reads
    assert isinstance(load_note_classifier(settings), LexiconNoteClassifier)


def test_safety_net_adds_lexicon_red_flags_and_never_removes_any() -> None:
    net = RedFlagSafetyNet(Silent())
    flagged = net.read("chest tightness on the climb")
    assert flagged.has(NoteLabel.RED_FLAG)
    assert flagged.probabilities[NoteLabel.RED_FLAG] == 1.0
    assert flagged.source is ReadingSource.MODEL
    assert not net.read("no chest pain today").has(NoteLabel.RED_FLAG)
    assert not net.read("legs heavy").labels


def test_signals_for_recommendation_and_safety() -> None:
    reading = NoteReading(
        "left knee sore, slept badly",
        {**dict.fromkeys(NoteLabel, 0.0), NoteLabel.PAIN: 0.9, NoteLabel.FATIGUE: 0.8},
        frozenset({NoteLabel.PAIN, NoteLabel.FATIGUE}),
        (Entity(EntityKind.BODY_PART, 0, 9, "left knee"),),
    )
    signals = note_signals(reading)
    assert signals.energy == -0.8
    assert signals.mood == 0.0
    assert signals.pain_sites == ("left knee",)
    assert not signals.stop_and_refer
    assert note_signals(LexiconNoteClassifier().read("felt faint")).stop_and_refer
    assert note_signals(LexiconNoteClassifier().read("felt great, PB!")).energy == 1.0
