"""Pain mentions for the planner go through the one note interface."""

from __future__ import annotations

from pathlib import Path

from aicoach.notes import NoteLabel, NoteReading, ReadingSource
from aicoach.notes.labels import EntityKind
from aicoach.notes.reading import Entity
from aicoach.services.note_reading import pain_mentions
from aicoach.settings import Settings


def test_without_a_model_the_lexicon_reads_the_note(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert pain_mentions("left knee sore going downstairs", settings=settings) == [
        "left knee: “left knee sore going downstairs”"
    ]
    assert pain_mentions("no knee pain today", settings=settings) == []
    assert pain_mentions("  膝盖外侧疼  ", settings=settings) == ["膝盖外侧: “膝盖外侧疼”"]


class FixedReader:
    """A reader that reports pain in the heel, whatever the note says."""

    def read(self, text: str) -> NoteReading:
        probabilities = dict.fromkeys(NoteLabel, 0.0) | {NoteLabel.PAIN: 0.9}
        heel = (Entity(EntityKind.BODY_PART, 0, 4, text[:4]),)
        return NoteReading(text, probabilities, frozenset({NoteLabel.PAIN}), heel,
                           ReadingSource.MODEL)  # fmt: skip


def test_a_given_reader_is_used_instead_of_the_lexicon() -> None:
    assert pain_mentions("heel stabbing on first steps", reader=FixedReader()) == [
        "heel: “heel stabbing on first steps”"
    ]
