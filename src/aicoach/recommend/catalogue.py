"""The activities aicoach can recommend today: sport, intensity, loaded regions and places.

Each activity is one arm of the learner. Loads use the strength catalogue's body regions
(``planning.exercises.Region``): ``full`` regions are loaded enough that pain there rules the
activity out, ``light`` ones are only touched. Intended RPE follows Foster's session-RPE
(CR-10) bands: easy 2-3, moderate 4-6, hard 7-8 (Foster C et al. 2001, J Strength Cond Res
15:109-115).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aicoach.domain.activity import Sport
from aicoach.domain.plan import Intensity
from aicoach.planning.exercises import Region


class Place(StrEnum):
    HOME = "home"
    GYM = "gym"
    OUTDOORS = "outdoors"
    POOL = "pool"


class HomeKit(StrEnum):
    """Equipment an activity needs when done at home (a gym is assumed to have it)."""

    TREADMILL = "treadmill"
    BIKE_TRAINER = "bike-trainer"


@dataclass(frozen=True, slots=True)
class Venue:
    """Where an activity can be done, and what it needs there."""

    place: Place
    needs: HomeKit | None = None

    @property
    def outdoor(self) -> bool:
        return self.place is Place.OUTDOORS


INTENDED_RPE: dict[Intensity, float] = {
    Intensity.REST: 0.0,
    Intensity.EASY: 3.0,
    Intensity.MODERATE: 5.0,
    Intensity.HARD: 7.5,
}
"""Session RPE (CR-10) a session of each intensity aims at (Foster et al. 2001)."""

LEGS = frozenset({Region.KNEE, Region.ANKLE, Region.CALF, Region.HIP, Region.HAMSTRING})
ARMS = frozenset({Region.SHOULDER, Region.ELBOW, Region.WRIST})

RUN_VENUES = (
    Venue(Place.OUTDOORS),
    Venue(Place.GYM),
    Venue(Place.HOME, HomeKit.TREADMILL),
)
RIDE_VENUES = (
    Venue(Place.OUTDOORS),
    Venue(Place.GYM),
    Venue(Place.HOME, HomeKit.BIKE_TRAINER),
)
INDOOR_VENUES = (Venue(Place.HOME), Venue(Place.GYM))
ANYWHERE = (Venue(Place.HOME), Venue(Place.GYM), Venue(Place.OUTDOORS), Venue(Place.POOL))


@dataclass(frozen=True, slots=True)
class Activity:
    """One recommendable activity; ``sport`` is ``None`` for rest."""

    id: str
    title_en: str
    title_zh: str
    sport: Sport | None
    intensity: Intensity
    duration_min: float
    min_duration_min: float
    venues: tuple[Venue, ...]
    full_load: frozenset[Region] = frozenset()
    light_load: frozenset[Region] = frozenset()
    very_light: bool = False
    """Gentle enough for a day with illness or a raised blood pressure (rest or very light)."""

    @property
    def intended_rpe(self) -> float:
        return INTENDED_RPE[self.intensity]


CATALOGUE: tuple[Activity, ...] = (
    Activity("rest", "Rest day", "休息", None, Intensity.REST, 0.0, 0.0, ANYWHERE,
             very_light=True),
    Activity("mobility", "Yoga / mobility", "瑜伽 / 灵活性练习", Sport.YOGA, Intensity.EASY,
             25.0, 10.0, (*INDOOR_VENUES, Venue(Place.OUTDOORS)), light_load=LEGS | ARMS,
             very_light=True),
    Activity("brisk_walk", "Brisk walk", "快走", Sport.WALKING, Intensity.EASY, 40.0, 15.0,
             RUN_VENUES, light_load=LEGS, very_light=True),
    Activity("easy_run", "Easy run", "轻松跑", Sport.RUNNING, Intensity.EASY, 40.0, 20.0,
             RUN_VENUES, full_load=LEGS),
    Activity("intervals_run", "Interval run", "间歇跑", Sport.RUNNING, Intensity.HARD, 50.0,
             30.0, RUN_VENUES, full_load=LEGS),
    Activity("easy_ride", "Easy ride", "轻松骑行", Sport.CYCLING, Intensity.EASY, 50.0, 20.0,
             RIDE_VENUES, full_load=frozenset({Region.KNEE, Region.HIP}),
             light_load=frozenset({Region.LOWER_BACK, Region.CALF})),
    Activity("long_ride", "Long ride", "长距离骑行", Sport.CYCLING, Intensity.MODERATE, 120.0,
             75.0, RIDE_VENUES, full_load=frozenset({Region.KNEE, Region.HIP, Region.LOWER_BACK}),
             light_load=frozenset({Region.CALF})),
    Activity("swim", "Swim", "游泳", Sport.SWIMMING, Intensity.MODERATE, 40.0, 20.0,
             (Venue(Place.POOL),), full_load=frozenset({Region.SHOULDER}),
             light_load=frozenset({Region.KNEE, Region.LOWER_BACK, Region.ANKLE})),
    Activity("strength_upper", "Strength: upper body", "力量：上肢", Sport.STRENGTH,
             Intensity.MODERATE, 40.0, 20.0, INDOOR_VENUES, full_load=ARMS,
             light_load=frozenset({Region.LOWER_BACK})),
    Activity("strength_lower", "Strength: lower body", "力量：下肢", Sport.STRENGTH,
             Intensity.MODERATE, 40.0, 20.0, INDOOR_VENUES, full_load=LEGS | {Region.LOWER_BACK}),
    Activity("strength_core", "Strength: core", "力量：核心", Sport.STRENGTH, Intensity.EASY,
             25.0, 10.0, INDOOR_VENUES, full_load=frozenset({Region.LOWER_BACK}),
             light_load=frozenset({Region.HIP, Region.SHOULDER})),
)  # fmt: skip


def catalogue_activity(activity_id: str) -> Activity:
    for activity in CATALOGUE:
        if activity.id == activity_id:
            return activity
    known = ", ".join(a.id for a in CATALOGUE)
    raise KeyError(f"unknown activity {activity_id!r} (known: {known})")
