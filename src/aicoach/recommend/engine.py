"""Today's decision: candidates, learner scores, the safety mask, selection, reasons.

Order matters: the learner scores every arm first, then the deterministic mask removes what
is unsafe or impossible, and selection only ever sees what is left. No learned weight can
reach a masked arm, because a masked arm is not in the set selection draws from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from aicoach.domain.athlete import Language
from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.candidates import Candidate, build_candidates
from aicoach.recommend.context import TodayContext, feature_vector
from aicoach.recommend.explain import explain
from aicoach.recommend.safety_mask import Masked, SafetyVerdict, apply_safety_mask

LIKE_BONUS = 0.05
DISLIKE_PENALTY = 0.15
"""Stated likes and dislikes shift an arm's score; they are the athlete's word, not learned."""


@dataclass(frozen=True, slots=True)
class Decision:
    chosen: Candidate
    probability: float
    greedy_arm: str
    features: dict[str, float]
    scores: dict[str, float]
    """UCB score of every arm that fits today, masked or not (what the learner thought)."""
    verdict: SafetyVerdict
    reasons: tuple[str, ...]
    language: Language

    @property
    def masked(self) -> tuple[Masked, ...]:
        return self.verdict.masked

    def as_json(self) -> dict[str, Any]:
        """The documented ``aicoach today --json`` object."""
        zh = self.language is Language.CHINESE
        return {
            "activity": self.chosen.arm,
            "title": self.chosen.title(zh),
            "intensity": self.chosen.intensity.value,
            "duration_min": round(self.chosen.duration_min),
            "place": self.chosen.place.value if self.chosen.place else None,
            "reasons": list(self.reasons),
            "masked": [{"activity": m.arm, "why": m.why} for m in self.verdict.masked],
            "safety": {"level": self.verdict.level.label, "message": self.verdict.message},
            "probability": round(self.probability, 4),
        }


def decide(
    context: TodayContext,
    policy: LinUcbPolicy,
    rng: np.random.Generator,
    exploration: float,
) -> Decision:
    """Choose today's activity (see the module notes for the order of the steps)."""
    candidates = build_candidates(context)
    features = context.features()
    x = feature_vector(features)
    scores = policy.scores(x, [c.arm for c in candidates if c.unfit is None])
    prefs = context.preferences
    for arm in scores:
        scores[arm] += LIKE_BONUS * (arm in prefs.likes) - DISLIKE_PENALTY * (arm in prefs.dislikes)
    verdict = apply_safety_mask(candidates, context)
    allowed = {c.arm: c for c in verdict.allowed}
    choice = policy.select({arm: scores[arm] for arm in allowed}, rng, exploration)
    chosen = allowed[choice.arm]
    reasons = explain(context, chosen, verdict, policy.count(chosen.arm))
    return Decision(
        chosen=chosen,
        probability=choice.probability,
        greedy_arm=choice.greedy_arm,
        features=features,
        scores=scores,
        verdict=verdict,
        reasons=tuple(reasons),
        language=context.language,
    )
