"""Safety and structure limits that every plan obeys, generated or imported.

The numbers are DESIGN.md's safety rules. Sources: the ~10 % rule for single-run growth and the
~30 % two-week growth cap follow Nielsen et al. 2014 (Br J Sports Med, novice runners' injury
risk rose with >30 % two-week progression) and Buist et al. 2008; an easier week every 3rd-4th
week and a two-week taper cutting volume 40-60 % while keeping intensity follow Bosquet et al.
2007 (Med Sci Sports Exerc meta-analysis of tapering); ~80/20 polarised intensity follows Seiler
2010 (Int J Sports Physiol Perform); strength volume of 4-20 weekly sets per muscle, 2-3
sessions 48 h apart and load increments of 2-10 % once the rep target is beaten follow the ACSM
position stand on progression models in resistance training (2009) and Schoenfeld et al. 2017.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProgressionLimits:
    """Limits on how fast training grows and how hard a week may be."""

    single_run_growth_max: float = 0.10
    """A run may be at most 10 % longer (in time) than the longest run of the last 30 days."""
    single_run_lookback_days: int = 30
    two_week_growth_max: float = 0.30
    """Running (or riding) minutes of two weeks at most 30 % above the two weeks before."""
    two_week_reference_min_minutes: float = 30.0
    """Below 30 min in the reference fortnight, percentage growth is meaningless and not
    applied (a first 2 x 10 min would otherwise forbid any start)."""
    max_weeks_without_easier_week: int = 3
    """After at most 3 building weeks comes an easier week (so one every 3rd-4th week)."""
    easier_week_volume_max_fraction: float = 0.85
    """An easier week has at most 85 % of the volume of the week before it."""
    hard_sessions_per_week_max: int = 3
    """Hard sessions (intervals, tempo, races, long runs and rides) per week."""
    quality_sessions_per_week_max: int = 2
    """Intensity sessions per week apart from the long one (intervals, tempo, threshold)."""
    long_run_share_max: float = 0.40
    """Long run at most 40 % of the week's running minutes when the week has 4+ runs."""
    long_run_share_max_few_runs: float = 0.50
    """With 3 or fewer runs a week the long run may be half of the week's running minutes."""
    easy_time_share_min: float = 0.75
    """Polarised distribution: at least 75 % of endurance minutes below the first threshold."""
    easy_intensity_factor_max: float = 0.85
    """A step below IF 0.85 counts as low intensity for the polarised share. For running, IF is
    the speed relative to threshold speed, and Friel's zone 2 pace reaches 88 % of it; for
    cycling this admits low tempo (Coggan's endurance level ends at 75 % of FTP)."""
    taper_volume_cut_min: float = 0.40
    taper_volume_cut_max: float = 0.60
    """The ``7 * taper_weeks`` days up to the event hold 40-60 % less volume (races excluded)
    than the biggest week before them over as many days (counted over days: ``taper.py``)."""
    taper_weeks: int = 2
    """The taper lasts two weeks: its last two plan weeks are taper weeks, its volume counts
    the 14 days up to the event."""
    max_session_minutes: float = 300.0
    """No single endurance session longer than 5 h in a plan."""
    rest_days_per_week_min: int = 1


@dataclass(frozen=True, slots=True)
class StrengthLimits:
    weekly_sets_per_muscle_min: int = 4
    weekly_sets_per_muscle_max: int = 20
    sessions_per_muscle_per_week_min: int = 2
    sessions_per_muscle_per_week_max: int = 3
    hours_between_same_muscle_min: float = 48.0
    load_increase_min_fraction: float = 0.02
    load_increase_max_fraction: float = 0.10


@dataclass(frozen=True, slots=True)
class ReturnToRunLimits:
    """Pain rules for return to running (0-10 numeric pain rating scale)."""

    pain_to_start_max: int = 2
    pain_to_progress_max: int = 3


@dataclass(frozen=True, slots=True)
class PlanRules:
    progression: ProgressionLimits = ProgressionLimits()
    strength: StrengthLimits = StrengthLimits()
    return_to_run: ReturnToRunLimits = ReturnToRunLimits()


DEFAULT_RULES = PlanRules()
