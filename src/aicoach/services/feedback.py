"""``aicoach feedback``: how today's recommendation went, stored and learned from.

The learner's state lives in the recommender row; when it cannot be read (made for other
features by another version) it is rebuilt from the priors and the rewarded log, so no
feedback is ever lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.errors import UserError
from aicoach.recommend.bandit import LinUcbPolicy, StateMismatchError
from aicoach.recommend.context import feature_vector
from aicoach.recommend.priors import prior_means
from aicoach.recommend.reward import Feedback, feedback_reward, total_reward
from aicoach.storage import recommendations as store
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.tables import RecommendationRow, RecommenderRow


@dataclass(frozen=True, slots=True)
class FeedbackResult:
    recommendation_id: int
    day: date
    arm: str
    reward: float
    replaced: bool
    """True when earlier feedback on the same recommendation was replaced."""

    def as_json(self) -> dict[str, object]:
        return {
            "recommendation_id": self.recommendation_id,
            "date": self.day.isoformat(),
            "activity": self.arm,
            "reward": round(self.reward, 4),
            "replaced": self.replaced,
        }


def load_policy(session: Session, row: RecommenderRow) -> LinUcbPolicy:
    """The athlete's learner: stored state, or priors plus the rewarded log when unreadable."""
    priors = prior_means()
    if row.state:
        try:
            return LinUcbPolicy.from_json(row.state, priors)
        except (StateMismatchError, KeyError, TypeError, ValueError):
            pass  # rebuilt below from the log, which holds every reward given
    policy = LinUcbPolicy(priors)
    for logged in store.rewarded(session, row.athlete_id):
        if logged.arm in priors and logged.reward is not None:
            policy.update(logged.arm, feature_vector(logged.features), logged.reward)
    return policy


def save_policy(row: RecommenderRow, policy: LinUcbPolicy) -> None:
    row.state = policy.to_json()


def record_feedback(
    session: Session, athlete_name: str | None, feedback: Feedback, today: date | None = None
) -> FeedbackResult:
    """Attach ``feedback`` to today's latest recommendation and teach the learner."""
    athlete = resolve_athlete(session, athlete_name)
    today = today or datetime.now(ZoneInfo(athlete.timezone)).date()
    row = store.latest_on(session, athlete.id, today)
    if row is None:
        raise UserError(
            f"no recommendation for today ({today.isoformat()}): run `aicoach today` first, "
            "then give feedback on it"
        )
    recommender = store.recommender(session, athlete.id)
    policy = load_policy(session, recommender)
    replaced = row.reward is not None
    reward = total_reward(feedback_reward(feedback, row.intended_rpe), row.readiness_correction)
    _teach(policy, row, reward)
    row.done = feedback.done
    row.rating_1_5 = feedback.rating_1_5
    row.rpe_0_10 = feedback.rpe_0_10
    row.feedback_note = feedback.note
    row.feedback_at = datetime.now(UTC)
    row.reward = reward
    save_policy(recommender, policy)
    return FeedbackResult(row.id, row.day, row.arm, reward, replaced)


def _teach(policy: LinUcbPolicy, row: RecommendationRow, reward: float) -> None:
    if row.arm not in policy.priors:
        return
    x = feature_vector(row.features)
    if row.reward is None:
        policy.update(row.arm, x, reward)
    else:
        policy.correct(row.arm, x, reward - row.reward)
