"""One encoder, two heads: note labels (multi-label) and BIO entity tags per token."""

from __future__ import annotations

import torch
from torch import nn


class NoteModel(nn.Module):
    """Mean-pooled sentence head for labels, per-token head for BIO tags."""

    def __init__(self, encoder: nn.Module, hidden: int, n_labels: int, n_tags: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.label_head = nn.Linear(hidden, n_labels)
        self.tag_head = nn.Linear(hidden, n_tags)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        label_logits = self.label_head(self.dropout(pooled))
        tag_logits = self.tag_head(self.dropout(states))
        return label_logits, tag_logits


def joint_loss(
    label_logits: torch.Tensor,
    tag_logits: torch.Tensor,
    label_targets: torch.Tensor,
    tag_targets: torch.Tensor,
    pos_weight: torch.Tensor | None = None,
) -> torch.Tensor:
    """Binary cross-entropy on labels (positives weighted by ``pos_weight`` per label) plus
    token cross-entropy on tagged tokens (if any)."""
    loss = nn.functional.binary_cross_entropy_with_logits(
        label_logits, label_targets, pos_weight=pos_weight
    )
    if bool((tag_targets != -100).any()):
        loss = loss + nn.functional.cross_entropy(
            tag_logits.reshape(-1, tag_logits.shape[-1]), tag_targets.reshape(-1), ignore_index=-100
        )
    return loss


def pick_device(requested: str | None = None) -> torch.device:
    """``requested`` if given, else the GPU when one is present, else the CPU."""
    if requested:
        return torch.device(requested)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
