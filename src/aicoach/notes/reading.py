"""What a note classifier says about one note, and the interface every classifier offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from aicoach.notes.labels import EntityKind, NoteLabel


class ReadingSource(StrEnum):
    MODEL = "model"
    """A fine-tuned transformer (with the lexicon's red flags added: see ``combined``)."""
    LEXICON = "lexicon"
    """The keyword tables with negation, used when no trained model is available."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention in the note: ``text == note[start:end]`` (character offsets)."""

    kind: EntityKind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NoteReading:
    """Labels with probabilities (every label has one) and the entities found."""

    text: str
    probabilities: dict[NoteLabel, float]
    labels: frozenset[NoteLabel]
    entities: tuple[Entity, ...] = ()
    source: ReadingSource = ReadingSource.LEXICON
    evidence: tuple[str, ...] = field(default=())
    """Human-readable reasons (matched terms) when the source can give them."""

    def has(self, label: NoteLabel) -> bool:
        return label in self.labels

    def entities_of(self, kind: EntityKind) -> list[Entity]:
        return [entity for entity in self.entities if entity.kind is kind]

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "source": self.source.value,
            "labels": sorted(label.value for label in self.labels),
            "probabilities": {label.value: round(p, 4) for label, p in self.probabilities.items()},
            "entities": [
                {"kind": e.kind.value, "start": e.start, "end": e.end, "text": e.text}
                for e in self.entities
            ],
            "evidence": list(self.evidence),
        }


@runtime_checkable
class NoteClassifier(Protocol):
    """Anything that reads a note: the lexicon, a fine-tuned model, or both combined."""

    def read(self, text: str) -> NoteReading: ...
