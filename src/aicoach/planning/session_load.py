"""Planned training load in TSS units, so plans and the engine share one load currency.

A timed step at intensity factor IF for t hours scores ``t x IF^2 x 100`` (Coggan's TSS from
IF). A session without steps (strength, mobility) scores from its RPE with the engine's
convention (``analytics/session_load.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from aicoach.analytics.session_load import tss_equivalent_from_rpe
from aicoach.domain.plan import RepeatBlock, SessionPart, Step
from aicoach.units import minutes_to_seconds

LOAD_DECIMALS = 1
"""Loads are stated to 0.1 TSS; weekly totals are the sum of the rounded session loads."""


def step_load(step: Step) -> float:
    if step.intensity_factor is None:
        return 0.0
    return step.duration_s / 3600.0 * step.intensity_factor**2 * 100.0


def parts_load(parts: Iterable[SessionPart]) -> float:
    """Load of a session's steps, repeats counted ``times`` times, rounded to 0.1."""
    total = 0.0
    for part in parts:
        if isinstance(part, RepeatBlock):
            total += part.times * sum(step_load(step) for step in part.steps)
        else:
            total += step_load(part)
    return round(total, LOAD_DECIMALS)


def parts_duration_s(parts: Iterable[SessionPart]) -> float:
    return sum(part.duration_s for part in parts)


def rpe_session_load(duration_min: float, rpe_0_10: float) -> float:
    """Load of a session planned by effort only, rounded to 0.1."""
    return round(tss_equivalent_from_rpe(minutes_to_seconds(duration_min), rpe_0_10), LOAD_DECIMALS)


def week_load(session_loads: Iterable[float]) -> float:
    """A week's stated load: the sum of its sessions' stated loads, rounded to 0.1."""
    return round(sum(session_loads), LOAD_DECIMALS)
