"""Reward from the athlete's feedback, and its late correction from the next days' readiness.

Reward is in [0, 1]. A skipped session earns 0. A done one earns 0.3 for doing it, up to 0.45
more for the rating (1-5), and up to 0.25 for how close the session RPE (CR-10) came to the
intended one (Foster C et al. 2001, J Strength Cond Res 15:109-115): 4 points off earns
nothing. Missing rating or RPE count as halfway. Adherence dominates on purpose: a
recommendation that is not done helps nobody.

The next days' readiness (``context.Readiness.score``) corrects the reward later: a rise of
0.5 (on the -1..1 scale) adds 0.15, a fall of 0.5 takes 0.15 away (clipped to [0, 1]), so
sessions that leave the athlete worse off lose value even when they felt good.
"""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.errors import UserError

DONE_REWARD = 0.3
RATING_WEIGHT = 0.45
RPE_WEIGHT = 0.25
RPE_TOLERANCE = 4.0
READINESS_WEIGHT = 0.15
READINESS_SCALE = 0.5


@dataclass(frozen=True, slots=True)
class Feedback:
    done: bool
    rating_1_5: int | None = None
    rpe_0_10: float | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.rating_1_5 is not None and not 1 <= self.rating_1_5 <= 5:
            raise UserError(f"--rating {self.rating_1_5}: a rating is a whole number from 1 to 5")
        if self.rpe_0_10 is not None and not 0 <= self.rpe_0_10 <= 10:
            raise UserError(f"--rpe {self.rpe_0_10:g}: RPE is from 0 (rest) to 10 (maximal)")
        if not self.done and self.rpe_0_10 is not None:
            raise UserError("--rpe: a skipped session has no RPE; leave it out or use --done")


def feedback_reward(feedback: Feedback, intended_rpe: float) -> float:
    """The immediate reward of one recommendation's feedback, in [0, 1]."""
    if not feedback.done:
        return 0.0
    rating = 0.5 if feedback.rating_1_5 is None else (feedback.rating_1_5 - 1) / 4
    if feedback.rpe_0_10 is None:
        rpe = 0.5
    else:
        rpe = 1.0 - min(abs(feedback.rpe_0_10 - intended_rpe) / RPE_TOLERANCE, 1.0)
    return round(DONE_REWARD + RATING_WEIGHT * rating + RPE_WEIGHT * rpe, 4)


def readiness_correction(before: float, after: float) -> float:
    """Reward change from the readiness score before the session to the next day's."""
    change = max(-1.0, min(1.0, (after - before) / READINESS_SCALE))
    return round(READINESS_WEIGHT * change, 4)


def total_reward(immediate: float, correction: float | None) -> float:
    return max(0.0, min(1.0, immediate + (correction or 0.0)))
