"""A trained note model as a ``NoteClassifier``: probabilities, thresholds and entities.

Text becomes token ids through ``encoding.encode_text``, the same path as in training, so a
character missing from the vocabulary reads as ``[MASK]`` here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from tokenizers import Tokenizer

from aicoach.finetune.alignment import spans_from_tags
from aicoach.finetune.encoding import Encoded, collate, encode_text
from aicoach.finetune.model import NoteModel
from aicoach.notes.labels import NoteLabel
from aicoach.notes.lexicon import find_entities
from aicoach.notes.reading import Entity, NoteReading, ReadingSource


@dataclass(frozen=True)
class LabelMap:
    """What the heads' outputs mean, and how they turn into decisions."""

    labels: tuple[NoteLabel, ...]
    tags: tuple[str, ...]
    thresholds: dict[NoteLabel, float]
    with_entities: bool
    max_length: int

    def as_json(self) -> dict[str, object]:
        return {
            "labels": [label.value for label in self.labels],
            "tags": list(self.tags),
            "thresholds": {label.value: t for label, t in self.thresholds.items()},
            "with_entities": self.with_entities,
            "max_length": self.max_length,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> LabelMap:
        labels = tuple(NoteLabel(str(v)) for v in _list(data["labels"]))
        thresholds = data["thresholds"]
        assert isinstance(thresholds, dict)
        return cls(
            labels=labels,
            tags=tuple(str(v) for v in _list(data["tags"])),
            thresholds={NoteLabel(str(k)): float(v) for k, v in thresholds.items()},
            with_entities=bool(data["with_entities"]),
            max_length=int(str(data["max_length"])),
        )


def _list(value: object) -> list[object]:
    assert isinstance(value, list)
    return value


class FineTunedNoteClassifier:
    """Reads notes with a fine-tuned ``NoteModel`` (no lexicon: see ``notes.combined``)."""

    def __init__(
        self, model: NoteModel, tokenizer: Tokenizer, label_map: LabelMap, device: torch.device
    ) -> None:
        self.model = model.to(device).eval()
        self.tokenizer = tokenizer
        self.label_map = label_map
        self.device = device
        self.pad_id = tokenizer.token_to_id("[PAD]") or 0

    def read(self, text: str) -> NoteReading:
        return self.read_many([text])[0]

    def probabilities(self, texts: Sequence[str]) -> list[list[float]]:
        return [[p for _, p in item] for item in self._forward(texts)[0]]

    def read_many(self, texts: Sequence[str], batch_size: int = 64) -> list[NoteReading]:
        readings: list[NoteReading] = []
        for k in range(0, len(texts), batch_size):
            chunk = texts[k : k + batch_size]
            probs, spans = self._forward(chunk)
            for text, label_probs, entities in zip(chunk, probs, spans, strict=True):
                readings.append(self._reading(text, label_probs, entities))
        return readings

    def _reading(
        self, text: str, label_probs: list[tuple[NoteLabel, float]], entities: list[Entity]
    ) -> NoteReading:
        thresholds = self.label_map.thresholds
        probabilities = dict(label_probs)
        labels = frozenset(label for label, p in label_probs if p >= thresholds.get(label, 0.5))
        found = tuple(entities) if self.label_map.with_entities else find_entities(text)
        return NoteReading(text, probabilities, labels, found, ReadingSource.MODEL)

    def _forward(
        self, texts: Sequence[str]
    ) -> tuple[list[list[tuple[NoteLabel, float]]], list[list[Entity]]]:
        encoded = [encode_text(self.tokenizer, text) for text in texts]
        items = [Encoded(ids, offsets, [-100] * len(ids), [0.0]) for ids, offsets in encoded]
        batch = collate(items, self.pad_id, self.device)
        with torch.inference_mode():  # a context, not a decorator: typed with or without torch
            label_logits, tag_logits = self.model(batch["input_ids"], batch["attention_mask"])
            probs = torch.sigmoid(label_logits).cpu().tolist()
            tag_ids = tag_logits.argmax(dim=-1).cpu().tolist()
        label_out = [list(zip(self.label_map.labels, row, strict=True)) for row in probs]
        entity_out: list[list[Entity]] = []
        for text, (ids, offsets), row in zip(texts, encoded, tag_ids, strict=True):
            spans = spans_from_tags(offsets, row[: len(ids)], self.label_map.tags)
            entity_out.append(
                [Entity(s.kind, s.start, s.end, text[s.start : s.end]) for s in spans]
            )
        return label_out, entity_out
