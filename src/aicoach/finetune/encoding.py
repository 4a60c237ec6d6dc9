"""Notes to tensors: token ids, attention masks, label vectors and aligned BIO tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from tokenizers import Tokenizer

from aicoach.finetune.alignment import IGNORE, tags_for_tokens
from aicoach.notes.dataset import NoteRecord
from aicoach.notes.labels import NoteLabel
from aicoach.notes.text import normalise


@dataclass(frozen=True)
class Encoded:
    ids: list[int]
    offsets: list[tuple[int, int]]
    tags: list[int]
    labels: list[float]


def encode_text(tokenizer: Tokenizer, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Token ids and character offsets (into ``text``: normalisation keeps offsets)."""
    encoding = tokenizer.encode(normalise(text))
    return list(encoding.ids), [(int(a), int(b)) for a, b in encoding.offsets]


def encode_record(
    tokenizer: Tokenizer,
    record: NoteRecord,
    labels: Sequence[NoteLabel],
    tags: Sequence[str],
    with_entities: bool,
) -> Encoded:
    ids, offsets = encode_text(tokenizer, record.text)
    if with_entities:
        tag_ids = tags_for_tokens(offsets, record.entities, tags)
    else:
        tag_ids = [IGNORE] * len(ids)
    vector = [1.0 if label in record.labels else 0.0 for label in labels]
    return Encoded(ids, offsets, tag_ids, vector)


def collate(items: Sequence[Encoded], pad_id: int, device: torch.device) -> dict[str, torch.Tensor]:
    """Pad a batch to its longest note."""
    width = max(len(item.ids) for item in items)
    ids = [item.ids + [pad_id] * (width - len(item.ids)) for item in items]
    mask = [[1] * len(item.ids) + [0] * (width - len(item.ids)) for item in items]
    tags = [item.tags + [IGNORE] * (width - len(item.tags)) for item in items]
    return {
        "input_ids": torch.tensor(ids, dtype=torch.long, device=device),
        "attention_mask": torch.tensor(mask, dtype=torch.long, device=device),
        "tags": torch.tensor(tags, dtype=torch.long, device=device),
        "labels": torch.tensor([item.labels for item in items], device=device),
    }
