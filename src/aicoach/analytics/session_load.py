"""Training load of a session logged without a device, in the same units as TSS.

Foster's session-RPE load (RPE x minutes, Foster 2001) is in arbitrary units and does not add
to TSS. To keep one load currency in the fitness-fatigue model, aicoach converts a logged
session to a TSS equivalent with an intensity factor read from the CR-10 rating:
``IF = 0.55 + 0.045 x RPE`` (RPE 3 "moderate" -> 0.69, RPE 5 "hard" -> 0.78, RPE 7 -> 0.87,
RPE 10 "maximal" -> 1.0), then ``TSS = hours x IF^2 x 100`` as Coggan defines TSS from IF.
This is an aicoach convention (an approximation), stated here so that it can be checked.
"""

from __future__ import annotations

INTENSITY_AT_RPE_ZERO = 0.55
INTENSITY_PER_RPE_POINT = 0.045


def intensity_factor_from_rpe(rpe_0_10: float) -> float:
    return INTENSITY_AT_RPE_ZERO + INTENSITY_PER_RPE_POINT * rpe_0_10


def tss_equivalent_from_rpe(duration_s: float, rpe_0_10: float) -> float:
    """TSS-equivalent load of a session of ``duration_s`` rated ``rpe_0_10`` on Foster's CR-10."""
    intensity = intensity_factor_from_rpe(rpe_0_10)
    return duration_s / 3600.0 * intensity**2 * 100.0
