"""The lexicon note reader: labels with negation, red flags from the alerts lexicon, entities."""

from __future__ import annotations

import pytest

from aicoach.notes import LexiconNoteClassifier, NoteLabel, ReadingSource
from aicoach.notes.labels import EntityKind

F, P, ILL, M, MO, R = (
    NoteLabel.FATIGUE,
    NoteLabel.PAIN,
    NoteLabel.ILLNESS,
    NoteLabel.LOW_MOOD,
    NoteLabel.MOTIVATION,
    NoteLabel.RED_FLAG,
)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("legs heavy, slept badly", {F}),
        ("膝盖外侧疼，下楼更明显", {P}),
        ("felt great, PB!", {MO}),
        ("sore throat and a streaming cold", {ILL}),
        ("stressed and anxious before the race", {M}),
        ("no motivation today", {M}),
        ("chest pain on the climb", {R}),  # a red flag, not a sore muscle
        ("no chest pain, knee not sore", set()),
        ("no left knee pain today", set()),
        ("没有胸痛，但是很累", {F}),
        ("没有膝盖疼", set()),
        ("爬坡时胸闷，腿很沉", {R, F}),
        ("easy 8k along the river", set()),
    ],
)
def test_labels(text: str, labels: set[NoteLabel]) -> None:
    reading = LexiconNoteClassifier().read(text)
    assert reading.labels == labels
    assert reading.source is ReadingSource.LEXICON
    assert all(reading.probabilities[label] == 1.0 for label in labels)
    assert set(reading.probabilities) == set(NoteLabel)


def test_entities_point_into_the_original_text() -> None:
    text = "Ｌｅｆｔ knee sore after the long run；膝盖外侧疼"
    reading = LexiconNoteClassifier().read(text)
    kinds = [(e.kind, e.text) for e in reading.entities]
    assert (EntityKind.BODY_PART, "Ｌｅｆｔ knee") in kinds
    assert (EntityKind.EXERCISE, "long run") in kinds
    assert (EntityKind.BODY_PART, "膝盖外侧") in kinds
    assert all(text[e.start : e.end] == e.text for e in reading.entities)


def test_red_flag_evidence_names_the_flag() -> None:
    reading = LexiconNoteClassifier().read("felt faint after the intervals")
    assert reading.has(R)
    assert any("fainting" in item for item in reading.evidence)
