"""Where the athlete starts from: recent training and fitness, from history or a questionnaire."""

from __future__ import annotations

from dataclasses import dataclass, field

from aicoach.domain.activity import Sport


@dataclass(frozen=True, slots=True)
class TrainingBaseline:
    """What the athlete did in the weeks before the plan starts.

    ``weekly_minutes`` holds the last four full weeks per sport, oldest first, so the first
    plan weeks can be checked against the two-week growth cap. ``longest_session_min`` is the
    longest session per sport in the last 30 days (the single-run growth rule's reference).
    """

    weekly_minutes: dict[Sport, tuple[float, ...]] = field(default_factory=dict)
    longest_session_min: dict[Sport, float] = field(default_factory=dict)
    weekly_load: float | None = None
    """Mean weekly load (TSS units) of the last four weeks."""
    ctl: float | None = None
    vdot: float | None = None
    threshold_pace_s_per_km: float | None = None
    ftp_w: float | None = None
    lthr_bpm: float | None = None
    hr_max_bpm: float | None = None
    from_history: bool = False
    """True when computed from imported data; False when from a questionnaire or defaults."""

    def recent_weekly_minutes(self, sport: Sport) -> tuple[float, ...]:
        """The recent weeks from the first one with any of ``sport`` (oldest first): weeks
        before the athlete took the sport up are not a base to grow from, so four empty
        weeks count as no history rather than as a fortnight of zero."""
        weeks = self.weekly_minutes.get(sport, ())
        first = next((i for i, minutes in enumerate(weeks) if minutes > 0), len(weeks))
        return tuple(weeks[first:])

    def longest_recent_min(self, sport: Sport) -> float | None:
        return self.longest_session_min.get(sport)
