"""Today's candidates: the planned session and its variants, then the catalogue.

Variants of the planned session (arms whose content changes with the plan):
``planned`` as written; ``planned_shorter`` at the same intensity in the time there is (at
most 60 % of it); ``planned_easier`` the same sport, easy, 80 % of the time; ``planned_swap``
the next planned session of the coming days done today instead. Whether a candidate fits the
day (time, place, equipment) is decided here; whether it is *safe* is ``safety_mask``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from aicoach.domain.activity import Sport
from aicoach.domain.plan import Intensity, PlannedSession
from aicoach.planning.exercises import Region, load_catalogue
from aicoach.recommend.catalogue import (
    ARMS,
    CATALOGUE,
    INTENDED_RPE,
    LEGS,
    Activity,
    Place,
    Venue,
    catalogue_activity,
)
from aicoach.recommend.context import TodayContext

PLANNED_ARMS = ("planned", "planned_shorter", "planned_easier", "planned_swap")
ARM_IDS: tuple[str, ...] = PLANNED_ARMS + tuple(a.id for a in CATALOGUE)
"""Every arm the learner knows, in a fixed order."""
SHORTER_FRACTION = 0.6
EASIER_FRACTION = 0.8
MIN_PLANNED_MIN = 15.0
SWAP_DAYS = 3

SPORT_TEMPLATE: dict[Sport, str] = {
    Sport.RUNNING: "easy_run",
    Sport.CYCLING: "easy_ride",
    Sport.SWIMMING: "swim",
    Sport.WALKING: "brisk_walk",
    Sport.HIKING: "brisk_walk",
    Sport.YOGA: "mobility",
    Sport.STRENGTH: "strength_lower",
}
"""Catalogue activity whose places and loads a planned session of that sport shares."""
WHOLE_BODY = LEGS | ARMS | {Region.LOWER_BACK}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One option for today, as it would be done."""

    arm: str
    title_en: str
    title_zh: str
    sport: Sport | None
    intensity: Intensity
    duration_min: float
    venues: tuple[Venue, ...]
    full_load: frozenset[Region]
    light_load: frozenset[Region]
    very_light: bool = False
    unfit: str | None = None
    """Why it does not fit today (time, place, equipment); ``None`` when it fits."""

    @property
    def intended_rpe(self) -> float:
        return INTENDED_RPE[self.intensity]

    @property
    def place(self) -> Place | None:
        return self.venues[0].place if self.venues else None

    def title(self, zh: bool = False) -> str:
        return self.title_zh if zh else self.title_en


def build_candidates(context: TodayContext) -> list[Candidate]:
    """Every arm for today in ``ARM_IDS`` order; those that cannot be done carry ``unfit``."""
    planned = _planned_candidates(context)
    catalogue = [_from_activity(activity, context) for activity in CATALOGUE]
    return planned + catalogue


def _planned_candidates(context: TodayContext) -> list[Candidate]:
    found: list[Candidate] = []
    session = context.planned
    if session is not None and session.intensity is not Intensity.REST:
        base = _from_session("planned", session, session.duration_min, session.intensity)
        found.append(_fit(base, context, MIN_PLANNED_MIN, shrink=False))
        shorter = _from_session(
            "planned_shorter", session, session.duration_min * SHORTER_FRACTION, session.intensity
        )
        found.append(_fit(_retitle(shorter, "Shorter: ", "缩短："), context, MIN_PLANNED_MIN))
        if session.intensity in {Intensity.MODERATE, Intensity.HARD}:
            easier = _from_session(
                "planned_easier", session, session.duration_min * EASIER_FRACTION, Intensity.EASY
            )
            template = catalogue_activity(SPORT_TEMPLATE.get(session.sport, "easy_run"))
            easier = replace(easier, title_en=f"Easier: {template.title_en.lower()}")
            found.append(_fit(replace(easier, title_zh=f"降低强度：{template.title_zh}"), context,
                              MIN_PLANNED_MIN))  # fmt: skip
    swap = _swap_session(context)
    if swap is not None:
        candidate = _from_session("planned_swap", swap, swap.duration_min, swap.intensity)
        prefix_en, prefix_zh = f"Swap: {swap.day:%a}'s ", f"调换：把{swap.day:%m-%d}的"
        candidate = replace(
            candidate,
            title_en=prefix_en + candidate.title_en[:1].lower() + candidate.title_en[1:],
            title_zh=prefix_zh + candidate.title_zh + "提前到今天",
        )
        found.append(_fit(candidate, context, MIN_PLANNED_MIN, shrink=False))
    return found


def _swap_session(context: TodayContext) -> PlannedSession | None:
    """The next planned session within three days that differs from today's in intensity."""
    today = context.planned.intensity if context.planned else Intensity.REST
    for session in sorted(context.upcoming, key=lambda s: s.day):
        days_ahead = (session.day - context.day).days
        if not 0 < days_ahead <= SWAP_DAYS or session.intensity is Intensity.REST:
            continue
        if session.intensity is not today:
            return session
    return None


def _from_session(
    arm: str, session: PlannedSession, duration_min: float, intensity: Intensity
) -> Candidate:
    template = catalogue_activity(SPORT_TEMPLATE.get(session.sport, "easy_run"))
    full, light = _session_loads(session, template)
    title = session.title.strip() or session.session_type.value.replace("-", " ").capitalize()
    return Candidate(
        arm=arm,
        title_en=title,
        title_zh=f"计划训练：{title}",
        sport=session.sport,
        intensity=intensity,
        duration_min=round(duration_min, 1),
        venues=template.venues,
        full_load=full,
        light_load=light,
    )


def _session_loads(
    session: PlannedSession, template: Activity
) -> tuple[frozenset[Region], frozenset[Region]]:
    if session.sport is Sport.STRENGTH and session.exercises:
        regions = _exercise_regions()
        loaded = frozenset(
            region
            for exercise in session.exercises
            for region in regions.get(exercise.exercise_id, WHOLE_BODY)
        )
        return loaded, frozenset()
    if session.sport not in SPORT_TEMPLATE:
        return WHOLE_BODY, frozenset()
    return template.full_load, template.light_load


@cache
def _exercise_regions() -> dict[str, frozenset[Region]]:
    return {exercise.id: exercise.loads_regions for exercise in load_catalogue()}


def _retitle(candidate: Candidate, prefix_en: str, prefix_zh: str) -> Candidate:
    return replace(
        candidate,
        title_en=prefix_en + candidate.title_en[:1].lower() + candidate.title_en[1:],
        title_zh=prefix_zh + candidate.title_zh,
    )


def _from_activity(activity: Activity, context: TodayContext) -> Candidate:
    candidate = Candidate(
        arm=activity.id,
        title_en=activity.title_en,
        title_zh=activity.title_zh,
        sport=activity.sport,
        intensity=activity.intensity,
        duration_min=activity.duration_min,
        venues=activity.venues,
        full_load=activity.full_load,
        light_load=activity.light_load,
        very_light=activity.very_light,
    )
    if activity.intensity is Intensity.REST:
        return candidate
    return _fit(candidate, context, activity.min_duration_min)


def _fit(
    candidate: Candidate, context: TodayContext, min_duration_min: float, *, shrink: bool = True
) -> Candidate:
    """Keep the venues reachable today and the time there is; say why when nothing is left."""
    venues = tuple(v for v in candidate.venues if _reachable(v, context))
    if not venues:
        places = "/".join(sorted(p.value for p in context.places))
        needs = sorted({v.needs.value for v in candidate.venues if v.needs is not None})
        kit = f" (or {' or '.join(needs)} at home)" if needs else ""
        where = "/".join(dict.fromkeys(v.place.value for v in candidate.venues))
        why = f"needs {where}{kit}; today you can train at {places}"
        return replace(candidate, venues=(), unfit=why)
    candidate = replace(candidate, venues=venues)
    minutes = context.minutes_available
    if minutes is None or minutes >= candidate.duration_min:
        return candidate
    if shrink and minutes >= min_duration_min:
        return replace(candidate, duration_min=float(minutes))
    if shrink:
        why = f"needs at least {min_duration_min:.0f} min; you have {minutes:.0f} min"
    else:
        why = f"takes {candidate.duration_min:.0f} min; you have {minutes:.0f} min"
    return replace(candidate, unfit=why)


def _reachable(venue: Venue, context: TodayContext) -> bool:
    if venue.place not in context.places:
        return False
    return venue.place is not Place.HOME or venue.needs is None or venue.needs in context.home_kit
