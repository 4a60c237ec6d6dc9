"""Notes to tensors: token ids, attention masks, label vectors and aligned BIO tags.

Unknown characters read as ``[MASK]``: a character (or word) the vocabulary lacks, such as a
Chinese character that no training note contained, gets the ``[MASK]`` id instead of
``[UNK]``. Training never shows the model ``[UNK]`` in Chinese text (the vocabulary is grown
with every Chinese character of the train split), but it does replace 10 % of word tokens
by ``[MASK]`` (``training.mask_tokens``), so ``[MASK]`` is the one token the model has
learnt to read around. ``encode_text`` is the only place that turns text into ids, for
training, dev scoring, thresholds and the predictor alike, so the rule holds everywhere,
also for model folders saved before it (their tokenizer is unchanged). Adding a fixed
character list (say GB2312 level 1) to the vocabulary instead was rejected: rows for
characters no training note contains would stay at their initial value, an input the
model never saw, which is what ``[UNK]`` is already (see docs/finetune.md).
"""

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


UNKNOWN_TOKEN = "[UNK]"  # noqa: S105 (a vocabulary entry, not a secret)
MASK_TOKEN = "[MASK]"  # noqa: S105
"""What training masks tokens with, and what an unknown character or word reads as."""


def encode_text(tokenizer: Tokenizer, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Token ids and character offsets (into ``text``: normalisation keeps offsets).

    ``[UNK]`` ids are replaced by the ``[MASK]`` id (when the vocabulary has both); offsets
    are untouched, so entity alignment is the same either way.
    """
    encoding = tokenizer.encode(normalise(text))
    ids = unknown_as_mask(tokenizer, list(encoding.ids))
    return ids, [(int(a), int(b)) for a, b in encoding.offsets]


def unknown_as_mask(tokenizer: Tokenizer, ids: list[int]) -> list[int]:
    """``ids`` with every ``[UNK]`` id replaced by the ``[MASK]`` id."""
    unknown = tokenizer.token_to_id(UNKNOWN_TOKEN)
    mask = tokenizer.token_to_id(MASK_TOKEN)
    if unknown is None or mask is None:
        return ids
    return [mask if i == unknown else i for i in ids]


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
