"""A trained note model on disk, and back.

A model folder holds ``model.safetensors`` (encoder and heads; LoRA adapters are merged in
before saving), ``config.json`` (the encoder's BERT config), ``tokenizer.json`` (with the
added Chinese characters), ``label_map.json`` (labels, BIO tags, decision thresholds) and
``metrics.json`` (training settings, history and test scores). Loading needs torch,
transformers and tokenizers, but not the pretrained package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

from aicoach.errors import UserError
from aicoach.finetune.model import NoteModel, pick_device
from aicoach.finetune.predictor import FineTunedNoteClassifier, LabelMap

FILES = ("model.safetensors", "config.json", "tokenizer.json", "label_map.json", "metrics.json")


def is_model_dir(folder: Path) -> bool:
    return all((folder / name).is_file() for name in FILES)


def save_model(
    folder: Path,
    model: NoteModel,
    config: BertConfig,
    tokenizer: Tokenizer,
    label_map: LabelMap,
    metrics: dict[str, Any],
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(config.to_json_string(), encoding="utf-8")
    tokenizer.save(str(folder / "tokenizer.json"))
    _write_json(folder / "label_map.json", label_map.as_json())
    _write_json(folder / "metrics.json", metrics)


def load_model(folder: Path, device: str | None = None) -> FineTunedNoteClassifier:
    """The classifier saved in ``folder`` (on the GPU when present, unless ``device``)."""
    if not is_model_dir(folder):
        raise UserError(f"{folder} is not a trained note model (needs {', '.join(FILES)})")
    label_map = LabelMap.from_json(json.loads((folder / "label_map.json").read_text("utf-8")))
    config = BertConfig.from_json_file(str(folder / "config.json"))
    encoder = BertModel(config, add_pooling_layer=False)
    model = NoteModel(encoder, config.hidden_size, len(label_map.labels), len(label_map.tags))
    model.load_state_dict(load_file(str(folder / "model.safetensors")))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(label_map.max_length)
    return FineTunedNoteClassifier(model, tokenizer, label_map, pick_device(device))


def read_metrics(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "metrics.json").read_text("utf-8"))
    return data


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
