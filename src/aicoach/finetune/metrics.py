"""Precision, recall and F1 per label, macro-F1, and exact-match entity span F1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aicoach.notes.dataset import Span
from aicoach.notes.labels import EntityKind, NoteLabel


@dataclass(frozen=True)
class LabelScore:
    precision: float
    recall: float
    f1: float
    support: int

    def as_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


def _score(tp: int, fp: int, fn: int) -> LabelScore:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelScore(precision, recall, f1, tp + fn)


def classification_report(
    gold: Sequence[frozenset[NoteLabel]], predicted: Sequence[frozenset[NoteLabel]]
) -> dict[NoteLabel, LabelScore]:
    """Per-label scores of multi-label predictions."""
    report: dict[NoteLabel, LabelScore] = {}
    for label in NoteLabel:
        tp = sum(label in g and label in p for g, p in zip(gold, predicted, strict=True))
        fp = sum(label not in g and label in p for g, p in zip(gold, predicted, strict=True))
        fn = sum(label in g and label not in p for g, p in zip(gold, predicted, strict=True))
        report[label] = _score(tp, fp, fn)
    return report


def macro_f1(report: dict[NoteLabel, LabelScore]) -> float:
    """Mean F1 over the labels that occur in the gold data."""
    scores = [score.f1 for score in report.values() if score.support]
    return sum(scores) / len(scores) if scores else 0.0


def entity_report(
    gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]
) -> dict[EntityKind, LabelScore]:
    """Exact-match span scores per entity kind (start, end and kind must all agree)."""
    report: dict[EntityKind, LabelScore] = {}
    for kind in EntityKind:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted, strict=True):
            gs = {s for s in g if s.kind is kind}
            ps = {s for s in p if s.kind is kind}
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
        report[kind] = _score(tp, fp, fn)
    return report


def entity_micro_f1(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> float:
    """Exact-match span F1 over all entity kinds together."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return _score(tp, fp, fn).f1
