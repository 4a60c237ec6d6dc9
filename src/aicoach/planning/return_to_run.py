"""Return to running after injury: walk-run stages gated by pain.

The pain thresholds are DESIGN.md's rules (start at pain <= 2/10, progress while it stays
<= 3/10 and is no worse the next morning); the stage table is aicoach's own walk-run
progression. Sessions are on alternate days and keep about 30 minutes, so the running share
grows while total time stays flat; once continuous, time grows by at most
10 % a week.
"""

from __future__ import annotations

from aicoach.planning.rules import ReturnToRunLimits
from aicoach.planning.targets import Thresholds
from aicoach.planning.workouts import SessionDraft, walk_run

STAGES: tuple[tuple[int, float, float], ...] = (
    (8, 1.0, 1.5),
    (7, 1.5, 1.5),
    (6, 2.0, 1.5),
    (5, 3.0, 1.0),
    (4, 4.0, 1.0),
    (3, 6.0, 1.0),
    (2, 9.0, 1.0),
    (1, 20.0, 0.0),
    (1, 22.0, 0.0),
    (1, 24.0, 0.0),
    (1, 26.0, 0.0),
    (1, 28.0, 0.0),
    (1, 30.0, 0.0),
)
"""(rounds, run minutes, walk minutes) per stage; one stage a week."""
SESSIONS_PER_WEEK = 3


def pain_rule_note(limits: ReturnToRunLimits) -> str:
    return (
        f"Start only if pain is at most {limits.pain_to_start_max}/10. Stop if it rises above "
        f"{limits.pain_to_progress_max}/10. Move to next week's stage only if pain stayed at or "
        f"under {limits.pain_to_progress_max}/10 and was no worse the next morning; otherwise "
        "repeat this week."
    )


def return_week(
    stage_index: int, thresholds: Thresholds, limits: ReturnToRunLimits
) -> list[SessionDraft]:
    rounds, run_min, walk_min = STAGES[min(stage_index, len(STAGES) - 1)]
    note = pain_rule_note(limits)
    return [walk_run(rounds, run_min, walk_min, thresholds, note) for _ in range(SESSIONS_PER_WEEK)]
