"""Cold-start priors: the reward each arm is expected to earn, as a function of the features.

Coefficients are in reward units (0 = skipped, 1 = done, rated 5/5, felt as intended) per unit
of each feature (``context.FEATURE_NAMES``, each in [-1, 1]). They encode the coaching rules
the learner starts from: the planned session first (periodised plans beat ad-hoc training,
Kiely J 2012, Int J Sports Physiol Perform 7:242-250); hard work when HRV, resting HR, sleep
and form say ready and easier work or rest when they do not (HRV-guided training, Kiviniemi AM
et al. 2007, Eur J Appl Physiol 101:743-751; Plews DJ et al. 2013, Sports Med 43:773-781);
long sessions only with time; outdoor sessions favoured in pleasant weather. They are a
starting point only: feedback moves each arm's estimate away from them.
"""

from __future__ import annotations

import numpy as np

from aicoach.recommend.context import FEATURE_NAMES, FloatVector

_PRIORS: dict[str, dict[str, float]] = {
    "planned": {"bias": 0.66, "readiness": 0.10, "energy": 0.08, "mood": 0.04, "tsb": 0.04,
                "acwr": -0.02, "sleep": 0.03, "minutes": 0.04, "weather": 0.02},
    "planned_shorter": {"bias": 0.58, "readiness": 0.04, "energy": 0.03, "minutes": -0.06},
    "planned_easier": {"bias": 0.56, "readiness": -0.10, "energy": -0.08, "mood": -0.03,
                       "tsb": -0.06, "acwr": -0.05, "sleep": -0.04, "planned_intensity": 0.06},
    "planned_swap": {"bias": 0.50, "readiness": -0.04, "energy": -0.04},
    "rest": {"bias": 0.36, "readiness": -0.16, "energy": -0.12, "mood": -0.03, "tsb": -0.08,
             "acwr": -0.05, "sleep": -0.06, "minutes": -0.04, "planned_intensity": -0.04},
    "mobility": {"bias": 0.46, "readiness": -0.06, "energy": -0.05, "mood": -0.02,
                 "minutes": -0.05, "time_of_day": 0.03},
    "brisk_walk": {"bias": 0.48, "readiness": -0.04, "energy": -0.03, "weather": 0.06},
    "easy_run": {"bias": 0.54, "readiness": 0.03, "energy": 0.03, "weather": 0.05},
    "intervals_run": {"bias": 0.46, "readiness": 0.14, "energy": 0.12, "mood": 0.04, "tsb": 0.08,
                      "acwr": -0.06, "sleep": 0.05, "minutes": 0.03, "weather": 0.04},
    "easy_ride": {"bias": 0.50, "minutes": 0.03, "weather": 0.05},
    "long_ride": {"bias": 0.40, "readiness": 0.06, "energy": 0.06, "minutes": 0.12,
                  "weather": 0.06, "time_of_day": -0.03},
    "swim": {"bias": 0.48, "readiness": 0.02},
    "strength_upper": {"bias": 0.48, "minutes": -0.02},
    "strength_lower": {"bias": 0.46, "readiness": 0.03},
    "strength_core": {"bias": 0.48, "minutes": -0.02},
}  # fmt: skip


def prior_means() -> dict[str, FloatVector]:
    """Each arm's prior coefficient vector, in ``FEATURE_NAMES`` order."""
    return {
        arm: np.array([values.get(name, 0.0) for name in FEATURE_NAMES], dtype=np.float64)
        for arm, values in _PRIORS.items()
    }
