"""Session-RPE training load (Foster et al. 2001).

Foster, Florhaug, Franklin, Gottschall, Hrovatin, Parker, Doleshal & Dodge (2001), "A new
approach to monitoring exercise training", J Strength Cond Res 15:109-115: about 30 minutes
after a session the athlete rates its overall effort on Borg's CR-10 scale (as modified by
Foster: 0 rest ... 10 maximal); the session's load in arbitrary units (AU) is that rating
times the session's duration in minutes. A 60-minute session rated 7 is 420 AU.
"""

from __future__ import annotations

import math

from aicoach.domain.session import ManualSession
from aicoach.errors import DataError
from aicoach.units import seconds_to_minutes

RPE_MIN = 0.0
RPE_MAX = 10.0


def session_rpe_load_au(rpe_0_10: float, duration_min: float) -> float:
    """Foster's session-RPE load: CR-10 rating x duration in minutes, in arbitrary units."""
    if not (math.isfinite(rpe_0_10) and RPE_MIN <= rpe_0_10 <= RPE_MAX):
        raise DataError(f"RPE must be between 0 and 10, got {rpe_0_10}", field="rpe_0_10")
    if not (math.isfinite(duration_min) and duration_min >= 0):
        raise DataError(
            f"duration must be zero or more minutes, got {duration_min}", field="duration_min"
        )
    return rpe_0_10 * duration_min


def manual_session_load_au(session: ManualSession) -> float:
    """Session-RPE load of a session logged by hand (its duration is stored in seconds)."""
    return session_rpe_load_au(session.rpe_0_10, seconds_to_minutes(session.duration_s))
