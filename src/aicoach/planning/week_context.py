"""What a week's content builder needs to know: the week, its volume and the athlete."""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.domain.plan import Phase
from aicoach.planning.periodisation import WeekShape
from aicoach.planning.targets import StepTarget, Thresholds


@dataclass(frozen=True, slots=True)
class WeekContext:
    shape: WeekShape
    volume_min: float
    """Endurance minutes planned for the week."""
    sessions: int
    """Endurance sessions this week."""
    long_cap_min: float
    """Longest session allowed this week (single-session growth rule and goal cap)."""
    thresholds: Thresholds
    light: bool
    progress: float
    """0 at the first building week, 1 at the last: scales the work in quality sessions."""
    goal_pace: StepTarget | None = None
    race_week: bool = False
    session_cap_min: float = float("inf")
    """Longest session other than the long one that the athlete's days can hold."""

    def fits(self, minutes: float) -> bool:
        """Whether a session other than the long one fits a day this week."""
        return minutes <= min(self.session_cap_min, self.long_cap_min)

    @property
    def phase(self) -> Phase:
        return self.shape.phase

    def quality_sessions(self) -> int:
        """Intensity sessions (besides the long one) this week."""
        return min(self._quality_for_phase(), max(0, self.sessions - 1))

    def _quality_for_phase(self) -> int:
        if self.light or self.phase is Phase.BASE or self.phase is Phase.RETURN:
            return 0
        if self.phase is Phase.TAPER:
            return 1  # a taper keeps some intensity (Mujika & Padilla 2003), from 2 sessions up
        if self.shape.easier:
            return 1 if self.sessions >= 4 else 0
        return 1 if self.sessions <= 3 else 2
