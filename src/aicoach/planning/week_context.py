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

    @property
    def phase(self) -> Phase:
        return self.shape.phase

    def quality_sessions(self) -> int:
        """Intensity sessions (besides the long one) this week."""
        if self.light or self.phase is Phase.BASE or self.phase is Phase.RETURN:
            return 0
        if self.phase is Phase.TAPER:
            return 1 if self.sessions >= 3 else 0
        if self.shape.easier:
            return 1 if self.sessions >= 4 else 0
        return 1 if self.sessions <= 3 else 2
