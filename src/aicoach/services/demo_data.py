"""A deterministic, clearly labelled synthetic athlete history for demos and tests.

``generate_demo_history`` builds about six months of training and daily wellness data for
one invented athlete, "Demo Athlete (synthetic)": a 38-year-old runner who also cycles, with
every activity named ``[demo] ...``. Nothing here reads or writes files; the caller decides
which activities to export as FIT or GPX and imports them like real data.

The history follows a script, returned as ``DemoHistory.events``:

1. build weeks in a 3:1 build/recovery cycle with slowly rising volume (about five sessions
   a week: intervals on Tuesday, easy runs, one or two rides with power, a long run on Sunday);
2. an overreaching block of about 2.5 weeks, roughly 60 % of the way through, with ~35 %
   more load than usual build weeks and no easier week (resting HR creeps up, HRV falls);
3. a few flat days, then five days of illness (sore throat, fever) without training;
4. a week of short easy runs, then a rebuild towards a half marathon ten weeks after the end.

Histories shorter than ``MIN_STORY_DAYS`` contain build and recovery weeks only.

The streams are shaped by simple physiology rather than random numbers: heart rate follows
intensity through a first-order lag (time constant 40-45 s) with cardiac drift; running speed
follows the threshold pace and the gradient of a smooth random loop near Richmond, London;
cycling speed solves a power balance (aerodynamic drag, rolling resistance, gravity) for
power that varies with terrain and includes coasting. The same ``seed`` gives identical data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import Activity, FloatArray, Lap, Sport, StreamChannel, Streams
from aicoach.domain.athlete import AthleteProfile, Goal, Language, Sex, Weekday
from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.units import METRES_PER_KM, SECONDS_PER_HOUR, pace_s_per_km_to_speed_m_s

DEMO_ATHLETE_NAME = "Demo Athlete (synthetic)"
DEMO_NAME_PREFIX = "[demo]"
DEMO_SOURCE = "demo"
DEMO_DEVICE_NAME = "aicoach synthetic device"
MIN_STORY_DAYS = 98
"""Shorter histories have no overreaching block or illness: there is no room for the story."""

TIMEZONE = "Europe/London"
HOME_LAT_DEG = 51.4613
HOME_LON_DEG = -0.3037
"""Richmond, London: every route is a loop that starts and ends here."""
METRES_PER_DEGREE_LAT = 111_320.0

AGE_YEARS = 38
HEIGHT_CM = 167.0
MASS_KG = 60.0
HR_MAX_BPM = 186
HR_REST_BPM = 48
LTHR_BPM = 168
CYCLING_LTHR_OFFSET_BPM = 6
"""Threshold heart rate on the bike sits a few beats below the running one."""
FTP_W = 230
THRESHOLD_PACE_S_PER_KM = 270.0
RACE_WEEKS_AFTER_END = 10
RACE_TARGET_S = 5940.0
"""1:39:00 for the half marathon, about 4:42 /km: plausible from a 4:30 /km threshold pace."""

HR_AT_ZERO_EFFORT_BPM = 62.0
"""Steady-state HR rises linearly from here (effort 0) to LTHR (effort 1)."""
HR_TAU_S = 42.0
HR_START_BPM = 86.0
DRIFT_BPM_PER_HOUR = 4.0
RUN_GRADE_SPEED_FACTOR = 3.0
"""A 1 % climb slows running by about 3 % at the same effort."""
RUN_SPEED_LIMITS_M_S = (2.05, 5.8)

BIKE_SYSTEM_MASS_KG = MASS_KG + 8.0
AIR_DENSITY_KG_M3 = 1.2
CDA_M2 = 0.32
CRR = 0.005
GRAVITY_M_S2 = 9.81
COASTING_GRADE = -0.035
"""Below this gradient the rider stops pedalling."""
RIDE_MIN_SPEED_M_S = 2.5

RUN_DURATION_LIMITS_MIN = (30.0, 110.0)
RIDE_DURATION_LIMITS_MIN = (60.0, 150.0)
CYCLE_LOAD_FACTORS = (1.0, 1.07, 1.14, 0.72)
"""Week 1-3 build, week 4 easier: the 3:1 cycle."""
OVERREACHING_FACTOR = 1.2
REBUILD_FACTOR = 0.9
PROGRESSION_OVER_HISTORY = 0.3
"""Volume grows by about 30 % from the first to the last week."""
SKIP_PROBABILITY = 0.06
OVERREACHING_DAYS = 19
BACKING_OFF_DAYS = 4
ILLNESS_DAYS = 5
RETURN_DAYS = 7

ILLNESS_NOTES = (
    "scratchy throat, feeling run down",
    "sore throat, 38.2°C fever",
    "fever 38.4°C, chills, stayed in bed",
    "fever gone, still congested and tired",
    "cough, very tired, short walk only",
)
ILLNESS_SEVERITY = (0.6, 1.0, 1.0, 0.7, 0.45)
"""How ill each illness day is (1 = worst)."""

_PLAN, _STREAMS, _WELLNESS = 1, 2, 3
"""Tags that give each part of the generator its own random stream."""


class DemoPhase(StrEnum):
    """The chapters of the scripted story."""

    BUILD = "build"
    RECOVERY_WEEK = "recovery_week"
    OVERREACHING = "overreaching"
    BACKING_OFF = "backing_off"
    ILLNESS = "illness"
    RETURN = "return"
    REBUILD = "rebuild"


PHASE_DESCRIPTIONS: dict[DemoPhase, str] = {
    DemoPhase.BUILD: (
        "Build weeks: about five sessions a week (intervals on Tuesday, easy runs, one or two "
        "rides with power, a long run on Sunday), volume rising slowly"
    ),
    DemoPhase.RECOVERY_WEEK: (
        "Easier week of the 3:1 build/recovery cycle: about 30% less volume, no intervals"
    ),
    DemoPhase.OVERREACHING: (
        "Overreaching block: about 35% more load than usual build weeks, six sessions a week "
        "and no easier week; resting HR creeps up, HRV falls, mood drops"
    ),
    DemoPhase.BACKING_OFF: "Backing off after the block: legs heavy, only easy sessions",
    DemoPhase.ILLNESS: (
        "Illness: sore throat and fever (up to 38.4°C), five days without training; "
        "resting HR up 8-10 bpm, HRV suppressed, poor sleep"
    ),
    DemoPhase.RETURN: "Return after illness: short easy runs only",
    DemoPhase.REBUILD: "Rebuilding towards the half marathon",
}


class _SessionKind(StrEnum):
    EASY_RUN = "easy_run"
    RECOVERY_RUN = "recovery_run"
    INTERVAL_RUN = "interval_run"
    TEMPO_RUN = "tempo_run"
    LONG_RUN = "long_run"
    ENDURANCE_RIDE = "endurance_ride"
    SWEET_SPOT_RIDE = "sweet_spot_ride"


BASE_DURATION_MIN: dict[_SessionKind, float] = {
    _SessionKind.EASY_RUN: 45.0,
    _SessionKind.RECOVERY_RUN: 32.0,
    _SessionKind.INTERVAL_RUN: 55.0,
    _SessionKind.TEMPO_RUN: 50.0,
    _SessionKind.LONG_RUN: 80.0,
    _SessionKind.ENDURANCE_RIDE: 95.0,
    _SessionKind.SWEET_SPOT_RIDE: 70.0,
}
RIDES = frozenset({_SessionKind.ENDURANCE_RIDE, _SessionKind.SWEET_SPOT_RIDE})
STRUCTURED = frozenset(
    {_SessionKind.INTERVAL_RUN, _SessionKind.TEMPO_RUN, _SessionKind.SWEET_SPOT_RIDE}
)
"""Sessions with one lap per workout step; the others lap every km (runs) or 5 km (rides)."""

WEEK_TEMPLATES: dict[DemoPhase, dict[int, _SessionKind]] = {
    DemoPhase.BUILD: {
        1: _SessionKind.INTERVAL_RUN,
        2: _SessionKind.EASY_RUN,
        3: _SessionKind.EASY_RUN,
        5: _SessionKind.ENDURANCE_RIDE,
        6: _SessionKind.LONG_RUN,
    },
    DemoPhase.RECOVERY_WEEK: {
        1: _SessionKind.EASY_RUN,
        2: _SessionKind.EASY_RUN,
        5: _SessionKind.ENDURANCE_RIDE,
        6: _SessionKind.LONG_RUN,
    },
    DemoPhase.OVERREACHING: {
        1: _SessionKind.INTERVAL_RUN,
        2: _SessionKind.SWEET_SPOT_RIDE,
        3: _SessionKind.TEMPO_RUN,
        4: _SessionKind.EASY_RUN,
        5: _SessionKind.ENDURANCE_RIDE,
        6: _SessionKind.LONG_RUN,
    },
    DemoPhase.BACKING_OFF: {0: _SessionKind.RECOVERY_RUN, 6: _SessionKind.EASY_RUN},
    DemoPhase.ILLNESS: {},
    DemoPhase.RETURN: {
        2: _SessionKind.RECOVERY_RUN,
        4: _SessionKind.RECOVERY_RUN,
        6: _SessionKind.EASY_RUN,
    },
    DemoPhase.REBUILD: {},
}
"""Weekday (0 = Monday) -> session, per phase. Rebuild weeks use the build or recovery week;
every other week the Wednesday easy run becomes a sweet-spot ride."""

INTERVAL_SETS: tuple[tuple[str, int, int, float, int], ...] = (
    ("6 × 3 min", 6, 180, 1.07, 120),
    ("5 × 4 min", 5, 240, 1.04, 120),
    ("8 × 90 s", 8, 90, 1.12, 90),
    ("3 × 10 min", 3, 600, 0.98, 120),
)
"""(title, repetitions, work s, work intensity as fraction of threshold speed, recovery s)."""


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """One chapter of the scripted story, from ``start`` to ``end`` inclusive."""

    phase: DemoPhase
    start: date
    end: date
    description: str

    def __str__(self) -> str:
        """One line for people, e.g. '2025-04-16 to 2025-04-20 (illness): Illness: ...'."""
        return (
            f"{self.start.isoformat()} to {self.end.isoformat()} ({self.phase}): {self.description}"
        )


@dataclass(slots=True)
class DemoHistory:
    """A synthetic athlete with activities, daily wellness and the story behind them."""

    profile: AthleteProfile
    activities: list[Activity] = field(default_factory=list)
    wellness: list[WellnessEntry] = field(default_factory=list)
    events: list[DemoEvent] = field(default_factory=list)

    def phase_on(self, day: date) -> DemoPhase | None:
        """The story chapter a day belongs to; ``None`` outside the history."""
        return next((e.phase for e in self.events if e.start <= day <= e.end), None)


@dataclass(frozen=True, slots=True)
class _Story:
    """Where the chapters fall; ``None`` dates when the history is too short for them."""

    first_day: date
    end_day: date
    overreaching_start: date | None

    def phase_on(self, day: date) -> DemoPhase:
        start = self.overreaching_start
        if start is not None:
            offset = (day - start).days
            for phase, length in _STORY_CHAPTERS:
                if 0 <= offset < length:
                    return phase
                offset -= length
            if offset >= 0:
                return DemoPhase.REBUILD
        return DemoPhase.RECOVERY_WEEK if self.cycle_position(day) == 3 else DemoPhase.BUILD

    def cycle_position(self, day: date) -> int:
        """0-2 for build weeks, 3 for the easier week of the 3:1 cycle."""
        anchor = self.overreaching_start or _monday_of(self.first_day)
        rebuild = self.rebuild_start
        if rebuild is not None and day >= rebuild:
            anchor = rebuild
        return ((_monday_of(day) - anchor).days // 7) % 4

    @property
    def rebuild_start(self) -> date | None:
        if self.overreaching_start is None:
            return None
        return self.overreaching_start + timedelta(days=sum(n for _, n in _STORY_CHAPTERS))

    @property
    def illness_start(self) -> date | None:
        if self.overreaching_start is None:
            return None
        return self.overreaching_start + timedelta(days=OVERREACHING_DAYS + BACKING_OFF_DAYS)


_STORY_CHAPTERS: tuple[tuple[DemoPhase, int], ...] = (
    (DemoPhase.OVERREACHING, OVERREACHING_DAYS),
    (DemoPhase.BACKING_OFF, BACKING_OFF_DAYS),
    (DemoPhase.ILLNESS, ILLNESS_DAYS),
    (DemoPhase.RETURN, RETURN_DAYS),
)


@dataclass(frozen=True, slots=True)
class _Step:
    """One workout step: a duration at an intensity (fraction of threshold speed or FTP)."""

    duration_s: int
    intensity: float


@dataclass(frozen=True, slots=True)
class _Session:
    day: date
    kind: _SessionKind
    title: str
    steps: tuple[_Step, ...]
    start_local: time

    @property
    def duration_s(self) -> int:
        return sum(step.duration_s for step in self.steps)

    @property
    def load(self) -> float:
        """Training-stress-like load: hours x intensity squared x 100."""
        return sum(s.duration_s * s.intensity**2 for s in self.steps) / SECONDS_PER_HOUR * 100


# --- public entry point ----------------------------------------------------------------


def generate_demo_history(end_day: date, days: int = 182, seed: int = 42) -> DemoHistory:
    """Generate ``days`` days of synthetic history ending on ``end_day`` (inclusive).

    Deterministic: the same arguments always give identical values.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    story = _make_story(end_day, days)
    all_days = [story.first_day + timedelta(days=i) for i in range(days)]
    sessions = [s for day in all_days if (s := _plan_day(story, day, seed)) is not None]
    activities = [_build_activity(session, seed) for session in sessions]
    loads = _daily_loads(all_days, sessions)
    run_days = {s.day for s in sessions if s.kind not in RIDES}
    return DemoHistory(
        profile=_demo_profile(end_day),
        activities=activities,
        wellness=_wellness(story, all_days, loads, run_days, seed),
        events=_events(story, all_days),
    )


def _demo_profile(end_day: date) -> AthleteProfile:
    return AthleteProfile(
        name=DEMO_ATHLETE_NAME,
        birth_year=end_day.year - AGE_YEARS,
        sex=Sex.FEMALE,
        height_cm=HEIGHT_CM,
        mass_kg=MASS_KG,
        hr_rest_bpm=HR_REST_BPM,
        hr_max_bpm=HR_MAX_BPM,
        lthr_bpm=LTHR_BPM,
        ftp_w=FTP_W,
        threshold_pace_s_per_km=THRESHOLD_PACE_S_PER_KM,
        language=Language.ENGLISH,
        timezone=TIMEZONE,
        goals=[
            Goal(
                description="Half marathon in about 1:39",
                event_date=end_day + timedelta(weeks=RACE_WEEKS_AFTER_END),
                target_time_s=RACE_TARGET_S,
            )
        ],
        weekly_availability_min={
            Weekday.TUESDAY: 75,
            Weekday.WEDNESDAY: 90,
            Weekday.THURSDAY: 75,
            Weekday.FRIDAY: 60,
            Weekday.SATURDAY: 180,
            Weekday.SUNDAY: 150,
        },
        equipment=["running shoes", "road bike", "power meter", "heart-rate chest strap"],
    )


# --- the story and the weekly plan -----------------------------------------------------


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _make_story(end_day: date, days: int) -> _Story:
    first_day = end_day - timedelta(days=days - 1)
    if days < MIN_STORY_DAYS:
        return _Story(first_day, end_day, None)
    weeks = (end_day - _monday_of(first_day)).days // 7 + 1
    start = _monday_of(first_day) + timedelta(weeks=round(0.6 * weeks))
    return _Story(first_day, end_day, start)


def _events(story: _Story, all_days: list[date]) -> list[DemoEvent]:
    """Group consecutive days of the same phase into story events."""
    events: list[DemoEvent] = []
    for day in all_days:
        phase = story.phase_on(day)
        if events and events[-1].phase == phase:
            events[-1] = DemoEvent(phase, events[-1].start, day, events[-1].description)
        else:
            events.append(DemoEvent(phase, day, day, _describe(phase, story)))
    return events


def _describe(phase: DemoPhase, story: _Story) -> str:
    text = PHASE_DESCRIPTIONS[phase]
    if phase is DemoPhase.REBUILD:
        race_day = story.end_day + timedelta(weeks=RACE_WEEKS_AFTER_END)
        text += f" on {race_day.isoformat()}"
    return text


def _load_factor(story: _Story, day: date) -> float:
    """How much of the base session duration this day's session gets."""
    progression = 1 + PROGRESSION_OVER_HISTORY * (day - story.first_day).days / max(
        (story.end_day - story.first_day).days, 1
    )
    phase = story.phase_on(day)
    factor = {
        DemoPhase.OVERREACHING: CYCLE_LOAD_FACTORS[2] * OVERREACHING_FACTOR,
        DemoPhase.BACKING_OFF: CYCLE_LOAD_FACTORS[3],
        DemoPhase.ILLNESS: 0.0,
        DemoPhase.RETURN: 0.6,
        DemoPhase.REBUILD: CYCLE_LOAD_FACTORS[story.cycle_position(day)] * REBUILD_FACTOR,
        DemoPhase.BUILD: CYCLE_LOAD_FACTORS[story.cycle_position(day)],
        DemoPhase.RECOVERY_WEEK: CYCLE_LOAD_FACTORS[3],
    }[phase]
    return progression * factor


def _session_kind(story: _Story, day: date) -> _SessionKind | None:
    """What (if anything) the weekly template puts on this day."""
    phase = story.phase_on(day)
    if phase is DemoPhase.REBUILD:
        easy_week = story.cycle_position(day) == 3
        phase = DemoPhase.RECOVERY_WEEK if easy_week else DemoPhase.BUILD
    kind = WEEK_TEMPLATES[phase].get(day.weekday())
    ride_week = (_monday_of(day).toordinal() // 7) % 2 == 1
    if kind is _SessionKind.EASY_RUN and day.weekday() == 2 and ride_week:
        return _SessionKind.SWEET_SPOT_RIDE
    return kind


def _plan_day(story: _Story, day: date, seed: int) -> _Session | None:
    """The session done on ``day``, if any (a few non-key sessions are skipped)."""
    kind = _session_kind(story, day)
    if kind is None:
        return None
    rng = np.random.default_rng([seed, _PLAN, day.toordinal()])
    phase = story.phase_on(day)
    optional = kind in {_SessionKind.EASY_RUN, _SessionKind.SWEET_SPOT_RIDE}
    if optional and phase is not DemoPhase.OVERREACHING and rng.random() < SKIP_PROBABILITY:
        return None
    minutes = BASE_DURATION_MIN[kind] * _load_factor(story, day) * rng.uniform(0.92, 1.08)
    low, high = RIDE_DURATION_LIMITS_MIN if kind in RIDES else RUN_DURATION_LIMITS_MIN
    duration_s = round(min(max(minutes, low), high) * 60)
    hard = phase is DemoPhase.OVERREACHING
    easy_week = phase is DemoPhase.RECOVERY_WEEK or story.cycle_position(day) == 3
    title, steps = _workout(kind, duration_s, rng, hard=hard, easy_week=easy_week)
    return _Session(day, kind, title, steps, _start_time_local(kind, day, rng))


def _workout(
    kind: _SessionKind, duration_s: int, rng: np.random.Generator, *, hard: bool, easy_week: bool
) -> tuple[str, tuple[_Step, ...]]:
    """Title and steps of a session of about ``duration_s`` seconds."""
    if kind is _SessionKind.INTERVAL_RUN:
        return _interval_run(duration_s, rng, hard=hard)
    if kind is _SessionKind.TEMPO_RUN:
        tempo = min(max(duration_s - 1320, 1200), 1800)
        return "Tempo run", (_Step(720, 0.72), _Step(tempo, 0.93), _Step(600, 0.70))
    if kind is _SessionKind.SWEET_SPOT_RIDE:
        reps = 4 if hard else 3
        work = [_Step(600, 0.90), _Step(300, 0.55)] * reps
        return f"Sweet-spot ride {reps} × 10 min", (_Step(900, 0.58), *work[:-1], _Step(600, 0.5))
    if kind is _SessionKind.ENDURANCE_RIDE:
        return _endurance_ride(duration_s, with_tempo=not easy_week)
    if kind is _SessionKind.LONG_RUN:
        finish = 0 if easy_week else 900
        steady = duration_s - 900 - finish
        steps = (_Step(600, 0.70), _Step(steady, 0.76), _Step(finish, 0.86), _Step(300, 0.70))
        title = "Long run" if easy_week else "Long run with fast finish"
        return title, tuple(s for s in steps if s.duration_s > 0)
    if kind is _SessionKind.RECOVERY_RUN:
        return "Recovery run", (_Step(300, 0.66), _Step(duration_s - 420, 0.72), _Step(120, 0.66))
    return _easy_run(duration_s, strides=easy_week)


def _interval_run(
    duration_s: int, rng: np.random.Generator, *, hard: bool
) -> tuple[str, tuple[_Step, ...]]:
    title, reps, work_s, intensity, rest_s = INTERVAL_SETS[int(rng.integers(len(INTERVAL_SETS)))]
    reps += 2 if hard else 0
    if hard:
        title = f"{reps}{title[title.index(' ') :]}"
    work = [_Step(work_s, intensity), _Step(rest_s, 0.62)] * reps
    cool_down = max(600, duration_s - 900 - (work_s + rest_s) * reps)
    return f"Intervals {title}", (_Step(900, 0.72), *work[:-1], _Step(cool_down, 0.70))


def _endurance_ride(duration_s: int, *, with_tempo: bool) -> tuple[str, tuple[_Step, ...]]:
    if not with_tempo:
        return "Endurance ride", (_Step(600, 0.55), _Step(duration_s - 1200, 0.66), _Step(600, 0.5))
    block = (duration_s - 1200 - 2 * 720) // 3
    steps = (
        _Step(600, 0.55),
        _Step(block, 0.66),
        _Step(720, 0.82),
        _Step(block, 0.66),
        _Step(720, 0.82),
        _Step(duration_s - 1200 - 2 * 720 - 2 * block, 0.66),
        _Step(600, 0.50),
    )
    return "Endurance ride with tempo", steps


def _easy_run(duration_s: int, *, strides: bool) -> tuple[str, tuple[_Step, ...]]:
    if not strides:
        return "Easy run", (_Step(300, 0.70), _Step(duration_s - 480, 0.77), _Step(180, 0.70))
    stride_steps = [_Step(20, 1.15), _Step(100, 0.72)] * 6
    steady = duration_s - 480 - 720
    return "Easy run with strides", (
        _Step(300, 0.70),
        _Step(steady, 0.77),
        *stride_steps,
        _Step(180, 0.70),
    )


def _start_time_local(kind: _SessionKind, day: date, rng: np.random.Generator) -> time:
    weekend = day.weekday() >= 5
    if kind in RIDES and not weekend:
        hour = 18.25
    elif weekend:
        hour = 8.5
    else:
        hour = 6.75
    minutes = round(hour * 60 + rng.uniform(0, 45))
    return time(minutes // 60, minutes % 60)


def _daily_loads(all_days: list[date], sessions: list[_Session]) -> FloatArray:
    index = {day: i for i, day in enumerate(all_days)}
    loads = np.zeros(len(all_days))
    for session in sessions:
        loads[index[session.day]] += session.load
    return loads


# --- signal helpers --------------------------------------------------------------------


def _first_order(values: FloatArray, tau_s: float, initial: float) -> FloatArray:
    """Causal first-order lag ``dy/dt = (x - y) / tau`` at 1 Hz (exponential kernel)."""
    length = int(6 * tau_s) + 1
    kernel = np.exp(-np.arange(length) / tau_s)
    kernel /= kernel.sum()
    padded = np.concatenate([np.full(length, initial), values])
    return np.convolve(padded, kernel)[length : length + values.size]


def _red_noise(rng: np.random.Generator, size: int, tau_s: float, sigma: float) -> FloatArray:
    """Smooth random noise with standard deviation ``sigma`` and correlation time ``tau_s``.

    Slow noise is drawn on a coarser grid and interpolated, which keeps it cheap.
    """
    step = max(1, int(tau_s // 10))
    coarse_tau = tau_s / step
    length = int(6 * coarse_tau) + 1
    kernel = np.exp(-np.arange(length) / coarse_tau)
    kernel /= math.sqrt(float(np.sum(kernel**2)))
    coarse_size = size // step + 2
    white = rng.standard_normal(coarse_size + length)
    coarse = sigma * np.convolve(white, kernel, mode="valid")[:coarse_size]
    if step == 1:
        return coarse[:size]
    return np.interp(np.arange(size) / step, np.arange(coarse_size), coarse)


def _target_profile(steps: tuple[_Step, ...]) -> FloatArray:
    """Per-second target intensity: step values with a gentle ramp over the first 2 min."""
    target = np.repeat(
        np.array([s.intensity for s in steps]), np.array([s.duration_s for s in steps])
    )
    ramp = np.minimum(np.arange(target.size) / 120.0, 1.0)
    return target * (0.85 + 0.15 * ramp)


def _distance_from_speed(speed_m_s: FloatArray) -> FloatArray:
    """Distance at each 1 Hz sample: the integral of speed before it (starts at 0)."""
    return np.concatenate([[0.0], np.cumsum(speed_m_s[:-1])])


def _steady_hr_bpm(effort: FloatArray, threshold_hr_bpm: float) -> FloatArray:
    """Steady-state HR for an effort given as a fraction of threshold (1 = threshold)."""
    steady = HR_AT_ZERO_EFFORT_BPM + (threshold_hr_bpm - HR_AT_ZERO_EFFORT_BPM) * effort
    return np.minimum(steady, HR_MAX_BPM - 2.0)


def _heart_rate(
    steady_bpm: FloatArray, rng: np.random.Generator, offset_bpm: float, effort: FloatArray
) -> FloatArray:
    """Lagged HR with cardiac drift, day-to-day offset and beat noise, in whole bpm."""
    hours = np.arange(steady_bpm.size) / SECONDS_PER_HOUR
    drift = DRIFT_BPM_PER_HOUR * hours * (0.5 + np.clip(effort, 0, 1.2))
    lagged = _first_order(steady_bpm + drift + offset_bpm, HR_TAU_S, HR_START_BPM)
    noisy = lagged + _red_noise(rng, steady_bpm.size, 4.0, 1.0)
    return np.asarray(np.round(np.clip(noisy, 60.0, HR_MAX_BPM)), dtype=np.float64)


# --- routes ----------------------------------------------------------------------------


ROUTE_GRID_POINTS = 2049
"""Samples of one loop; stream values are interpolated between them."""


@dataclass(frozen=True, slots=True)
class _Route:
    """A smooth closed loop starting and ending at home, with a periodic altitude profile.

    Everything is tabulated over the loop angle (0 to 2 pi) for a loop of unit size; a
    stream scales it to the length actually covered.
    """

    angle: FloatArray
    altitude_m: FloatArray
    slope_m_per_rad: FloatArray
    """Derivative of altitude with respect to the loop angle."""
    east: FloatArray
    north: FloatArray
    """Position relative to home for a loop of unit perimeter."""

    def altitude(self, distance_m: FloatArray, perimeter_m: float) -> FloatArray:
        return np.interp(self._angle_of(distance_m, perimeter_m), self.angle, self.altitude_m)

    def grade(self, distance_m: FloatArray, perimeter_m: float) -> FloatArray:
        slope = np.interp(self._angle_of(distance_m, perimeter_m), self.angle, self.slope_m_per_rad)
        return np.clip(slope * 2 * np.pi / perimeter_m, -0.12, 0.12)

    def positions(
        self, distance_m: FloatArray, perimeter_m: float
    ) -> tuple[FloatArray, FloatArray]:
        """Latitude and longitude (degrees) at each distance along the loop."""
        angle = self._angle_of(distance_m, perimeter_m)
        east = np.interp(angle, self.angle, self.east) * perimeter_m
        north = np.interp(angle, self.angle, self.north) * perimeter_m
        lat = HOME_LAT_DEG + north / METRES_PER_DEGREE_LAT
        lon = HOME_LON_DEG + east / (METRES_PER_DEGREE_LAT * math.cos(math.radians(HOME_LAT_DEG)))
        return lat, lon

    @staticmethod
    def _angle_of(distance_m: FloatArray, perimeter_m: float) -> FloatArray:
        return np.asarray(2 * np.pi * np.mod(distance_m / perimeter_m, 1.0), dtype=np.float64)


def _random_route(rng: np.random.Generator, hilly_m: float, harmonics: int) -> _Route:
    """A loop with a wobbly outline (radius harmonics 2-4) and rolling hills (1..harmonics)."""
    angle = np.linspace(0.0, 2 * np.pi, ROUTE_GRID_POINTS)
    k = np.arange(1, harmonics + 1)
    amplitude = hilly_m * rng.uniform(0.2, 1.0, harmonics) / np.sqrt(k)
    phase = rng.uniform(0, 2 * np.pi, harmonics)
    waves = np.sin(np.outer(angle, k) + phase) - np.sin(phase)
    altitude = waves @ amplitude
    altitude += float(rng.uniform(8, 25)) - min(0.0, float(altitude.min()))
    slope = np.cos(np.outer(angle, k) + phase) @ (amplitude * k)
    east, north = _loop_outline(rng, angle)
    return _Route(angle, altitude, slope, east, north)


def _loop_outline(rng: np.random.Generator, angle: FloatArray) -> tuple[FloatArray, FloatArray]:
    """East and north offsets from home, for a unit perimeter, at equal arc-length steps."""
    k = np.arange(2, 5)
    radius = 1 + np.cos(np.outer(angle, k) + rng.uniform(0, 2 * np.pi, 3)) @ rng.uniform(
        0.03, 0.15, 3
    )
    x, y = radius * np.cos(angle), radius * np.sin(angle)
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(x), np.diff(y)))])
    along = angle / (2 * np.pi) * arc[-1]
    x, y = np.interp(along, arc, x) - x[0], np.interp(along, arc, y) - y[0]
    heading = float(rng.uniform(0, 2 * np.pi))
    east = (x * math.cos(heading) - y * math.sin(heading)) / arc[-1]
    north = (x * math.sin(heading) + y * math.cos(heading)) / arc[-1]
    return east, north


# --- activities ------------------------------------------------------------------------


def _build_activity(session: _Session, seed: int) -> Activity:
    rng = np.random.default_rng([seed, _STREAMS, session.day.toordinal()])
    start_local = datetime.combine(session.day, session.start_local, tzinfo=ZoneInfo(TIMEZONE))
    start_utc = start_local.astimezone(UTC)
    is_ride = session.kind in RIDES
    streams = _ride_streams(session, rng) if is_ride else _run_streams(session, rng)
    streams[StreamChannel.TEMPERATURE_C] = _temperature(session, rng, streams)
    distance = streams[StreamChannel.DISTANCE_M]
    speed = streams[StreamChannel.SPEED_M_S]
    return Activity(
        sport=Sport.CYCLING if is_ride else Sport.RUNNING,
        start_time=start_utc,
        source_format=DEMO_SOURCE,
        name=f"{DEMO_NAME_PREFIX} {session.title}",
        sub_sport="road" if is_ride else None,
        elapsed_s=float(session.duration_s),
        timer_s=float(session.duration_s),
        distance_m=float(distance[-1] + speed[-1]),
        streams=streams,
        laps=_laps(session, start_utc, streams),
        device_summary=_device_summary(streams) if is_ride else {},
        device_name=DEMO_DEVICE_NAME,
    )


def _day_form(rng: np.random.Generator) -> tuple[float, float]:
    """(performance multiplier, HR offset bpm) for the day: a little random variation."""
    return float(rng.normal(1.0, 0.015)), float(rng.normal(0.0, 1.5))


def _run_streams(session: _Session, rng: np.random.Generator) -> Streams:
    """Run streams: speed from threshold pace, intensity and gradient; HR from effort."""
    target = _target_profile(session.steps)
    form, hr_offset = _day_form(rng)
    threshold_m_s = pace_s_per_km_to_speed_m_s(THRESHOLD_PACE_S_PER_KM)
    route = _random_route(rng, hilly_m=float(rng.uniform(4, 14)), harmonics=6)
    wobble = _red_noise(rng, target.size, 15.0, 0.025)
    flat = target * threshold_m_s * form
    speed = np.clip(flat * (1 + wobble), *RUN_SPEED_LIMITS_M_S)
    grade = np.zeros_like(speed)
    for _ in range(3):
        distance = _distance_from_speed(speed)
        perimeter = float(distance[-1] + speed[-1])
        grade = route.grade(distance, perimeter)
        speed = flat * (1 - RUN_GRADE_SPEED_FACTOR * grade) * (1 + wobble)
        speed = np.clip(speed, *RUN_SPEED_LIMITS_M_S)
    distance = _distance_from_speed(speed)
    perimeter = float(distance[-1] + speed[-1])
    effort = speed * (1 + RUN_GRADE_SPEED_FACTOR * grade) / threshold_m_s
    cadence = 78.0 + 3.2 * speed + _red_noise(rng, speed.size, 8.0, 1.0)
    return _common_streams(
        route,
        distance,
        perimeter,
        rng,
        {
            StreamChannel.HEART_RATE_BPM: _heart_rate(
                _steady_hr_bpm(effort, LTHR_BPM), rng, hr_offset, effort
            ),
            StreamChannel.SPEED_M_S: np.round(speed, 3),
            StreamChannel.CADENCE_RPM: np.round(cadence),
        },
    )


def _ride_streams(session: _Session, rng: np.random.Generator) -> Streams:
    """Ride streams: variable power with coasting; speed from a power balance; HR from power."""
    target = _target_profile(session.steps)
    form, hr_offset = _day_form(rng)
    route = _random_route(rng, hilly_m=float(rng.uniform(15, 45)), harmonics=10)
    variability = _red_noise(rng, target.size, 6.0, 0.14)
    coasting = _coasting_mask(rng, target.size)
    power = target * FTP_W * form
    speed = _speed_from_power(power, np.zeros_like(power))
    for _ in range(3):
        distance = _distance_from_speed(speed)
        perimeter = float(distance[-1] + speed[-1])
        grade = route.grade(distance, perimeter)
        power = target * FTP_W * form * (1 + 5 * grade) * (1 + variability)
        power = np.where(coasting | (grade < COASTING_GRADE), 0.0, np.clip(power, 0, 1500))
        speed = _speed_from_power(_first_order(power, 4.0, power[0]), grade)
    power = np.round(power)
    distance = _distance_from_speed(speed)
    perimeter = float(distance[-1] + speed[-1])
    effort = _first_order(power, 15.0, power[0]) / FTP_W
    threshold_hr = LTHR_BPM - CYCLING_LTHR_OFFSET_BPM
    cadence = 88.0 + _red_noise(rng, power.size, 10.0, 2.5) - 100 * np.clip(grade, 0, None)
    cadence = np.where(power > 0, np.clip(np.round(cadence + 4 * (effort - 0.7)), 70, 105), 0.0)
    return _common_streams(
        route,
        distance,
        perimeter,
        rng,
        {
            StreamChannel.HEART_RATE_BPM: _heart_rate(
                _steady_hr_bpm(effort, threshold_hr), rng, hr_offset, effort
            ),
            StreamChannel.POWER_W: power,
            StreamChannel.SPEED_M_S: np.round(speed, 3),
            StreamChannel.CADENCE_RPM: cadence,
        },
    )


def _coasting_mask(rng: np.random.Generator, size: int) -> npt.NDArray[np.bool_]:
    """Short stretches without pedalling (junctions, corners), about one every 6-7 minutes."""
    mask = np.zeros(size, dtype=bool)
    for start in rng.integers(0, size, size // 400):
        mask[start : start + int(rng.integers(4, 16))] = True
    return mask


def _speed_from_power(power_w: FloatArray, grade: FloatArray) -> FloatArray:
    """Steady speed where drag, rolling resistance and gravity absorb ``power_w``, with inertia.

    Solves ``A v^3 + B v = P`` (``A = rho CdA / 2``, ``B = m g (Crr + grade)``) for its
    largest real root, which is the only positive one when ``P >= 0``.
    """
    drag = 0.5 * AIR_DENSITY_KG_M3 * CDA_M2
    resist = BIKE_SYSTEM_MASS_KG * GRAVITY_M_S2 * (CRR + grade)
    steady = np.maximum(_largest_cubic_root(resist / drag, -power_w / drag), 0.0)
    return np.maximum(_first_order(steady, 8.0, 4.0), RIDE_MIN_SPEED_M_S)


def _largest_cubic_root(p: FloatArray, q: FloatArray) -> FloatArray:
    """Largest real root of ``v^3 + p v + q = 0`` (Cardano; trigonometric form for 3 roots)."""
    discriminant = (q / 2) ** 2 + (p / 3) ** 3
    root_disc = np.sqrt(np.maximum(discriminant, 0.0))
    one_root = np.cbrt(-q / 2 + root_disc) + np.cbrt(-q / 2 - root_disc)
    negative_p = np.minimum(p, -1e-12)
    cosine = np.clip(3 * q / (2 * negative_p) * np.sqrt(-3 / negative_p), -1.0, 1.0)
    three_roots = 2 * np.sqrt(-negative_p / 3) * np.cos(np.arccos(cosine) / 3)
    return np.where(discriminant >= 0, one_root, three_roots)


def _common_streams(
    route: _Route,
    distance: FloatArray,
    perimeter: float,
    rng: np.random.Generator,
    channels: Streams,
) -> Streams:
    """Time, distance, altitude and GPS positions along the route, plus the sport channels."""
    size = distance.size
    lat, lon = route.positions(distance, perimeter)
    gps_error_m = _red_noise(rng, size, 20.0, 1.5), _red_noise(rng, size, 20.0, 1.5)
    altitude = route.altitude(distance, perimeter) + _red_noise(rng, size, 30.0, 0.3)
    return {
        StreamChannel.TIME_S: np.arange(size, dtype=np.float64),
        **channels,
        StreamChannel.ALTITUDE_M: np.round(altitude, 1),
        StreamChannel.LATITUDE_DEG: lat + gps_error_m[0] / METRES_PER_DEGREE_LAT,
        StreamChannel.LONGITUDE_DEG: lon
        + gps_error_m[1] / (METRES_PER_DEGREE_LAT * math.cos(math.radians(HOME_LAT_DEG))),
        StreamChannel.DISTANCE_M: np.round(distance, 2),
    }


def _seasonal_temperature_c(day: date) -> float:
    """Typical London daytime temperature: about 5 °C in January, 19 °C in late July."""
    return 12.0 + 7.0 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 112) / 365.25)


def _temperature(session: _Session, rng: np.random.Generator, streams: Streams) -> FloatArray:
    """Device temperature: season and weather, cooler early, warming on the body, in whole °C."""
    size = streams[StreamChannel.TIME_S].size
    morning = -2.0 if session.start_local.hour < 8 else 0.0
    weather = float(rng.normal(0.0, 2.5))
    body_heat = 2.0 * (1 - np.exp(-np.arange(size) / 900.0))
    slow = _red_noise(rng, size, 300.0, 0.4)
    base = _seasonal_temperature_c(session.day) + morning + weather
    return np.round(base + body_heat + slow)


def _laps(session: _Session, start_utc: datetime, streams: Streams) -> list[Lap]:
    """Laps per workout step for structured sessions, else every km (runs) or 5 km (rides)."""
    distance = streams[StreamChannel.DISTANCE_M]
    size = distance.size
    if session.kind in STRUCTURED:
        bounds = np.cumsum([0] + [s.duration_s for s in session.steps])[:-1]
    else:
        lap_m = 5 * METRES_PER_KM if session.kind in RIDES else METRES_PER_KM
        marks = np.arange(lap_m, distance[-1], lap_m)
        bounds = np.unique(np.concatenate([[0], np.searchsorted(distance, marks)]))
    edges = [*bounds.tolist(), size]
    return [_lap(start_utc, streams, a, b) for a, b in pairwise(edges)]


def _lap(start_utc: datetime, streams: Streams, first: int, stop: int) -> Lap:
    distance = streams[StreamChannel.DISTANCE_M]
    speed = streams[StreamChannel.SPEED_M_S]
    end_distance = distance[stop] if stop < distance.size else distance[-1] + speed[-1]
    hr = streams[StreamChannel.HEART_RATE_BPM][first:stop]
    power = streams.get(StreamChannel.POWER_W)
    return Lap(
        start_time=start_utc + timedelta(seconds=first),
        elapsed_s=float(stop - first),
        timer_s=float(stop - first),
        distance_m=round(float(end_distance - distance[first]), 2),
        avg_hr_bpm=round(float(hr.mean()), 1),
        max_hr_bpm=float(hr.max()),
        avg_power_w=None if power is None else round(float(power[first:stop].mean()), 1),
    )


def _device_summary(streams: Streams) -> dict[str, object]:
    """What a bike computer would report: normalized power, intensity factor, TSS.

    Normalized power is the fourth-power mean of 30-s rolling average power (Allen & Coggan,
    Training and Racing with a Power Meter, 2010); TSS = hours x IF^2 x 100.
    """
    power = streams[StreamChannel.POWER_W]
    rolling = np.convolve(power, np.ones(30) / 30, mode="valid")
    normalized = float(np.mean(rolling**4) ** 0.25)
    intensity = normalized / FTP_W
    hours = power.size / SECONDS_PER_HOUR
    return {
        "normalized_power": round(normalized),
        "intensity_factor": round(intensity, 3),
        "training_stress_score": round(hours * intensity**2 * 100, 1),
    }


# --- wellness --------------------------------------------------------------------------


def _story_effects(story: _Story, all_days: list[date]) -> tuple[FloatArray, FloatArray]:
    """(overreaching, illness) strength per day, 0-1, building up and fading away."""
    overreaching = np.zeros(len(all_days))
    illness = np.zeros(len(all_days))
    start, ill_start = story.overreaching_start, story.illness_start
    if start is None or ill_start is None:
        return overreaching, illness
    for i, day in enumerate(all_days):
        into_block = (day - start).days
        if 0 <= into_block < OVERREACHING_DAYS:
            overreaching[i] = (into_block + 1) / OVERREACHING_DAYS
        elif into_block >= OVERREACHING_DAYS:
            overreaching[i] = math.exp(-(into_block - OVERREACHING_DAYS + 1) / 6.0)
        into_illness = (day - ill_start).days
        if 0 <= into_illness < ILLNESS_DAYS:
            illness[i] = ILLNESS_SEVERITY[into_illness]
        elif into_illness >= ILLNESS_DAYS:
            illness[i] = ILLNESS_SEVERITY[-1] * math.exp(-(into_illness - ILLNESS_DAYS + 1) / 3)
    return overreaching, illness


def _wellness(
    story: _Story, all_days: list[date], loads: FloatArray, run_days: set[date], seed: int
) -> list[WellnessEntry]:
    rng = np.random.default_rng([seed, _WELLNESS, story.end_day.toordinal(), len(all_days)])
    size = len(all_days)
    over, ill = _story_effects(story, all_days)
    yesterday = np.concatenate([[0.0], loads[:-1]]) / 100.0
    resting_hr = 48.0 + 6 * over + 10 * ill + 1.2 * yesterday + _red_noise(rng, size, 2.0, 1.3)
    ln_rmssd = 4.2 - 0.25 * over - 0.45 * ill - 0.06 * yesterday + rng.normal(0, 0.1, size)
    sleep_h = 7.5 - 0.35 * over - 1.4 * ill + _red_noise(rng, size, 1.5, 0.4)
    sleep_h = np.where(ill > 0.3, np.clip(sleep_h, 5.5, 7.0), np.clip(sleep_h, 6.5, 8.5))
    mass = MASS_KG + _red_noise(rng, size, 30.0, 0.5) - 0.6 * ill + rng.normal(0, 0.25, size)
    scores = _subjective_scores(rng, size, over, ill, yesterday, sleep_h)
    watch_worn = rng.random(size) > 0.05
    answered = (rng.random(size) > 0.08) | (ill > 0.3)
    weighed = rng.random(size) < 0.7
    entries: list[WellnessEntry] = []
    for i, day in enumerate(all_days):
        worn, asked = bool(watch_worn[i]), bool(answered[i])
        checks = _spot_checks(story, day, rng, float(ill[i]), worn=worn, ran=day in run_days)
        entries.append(
            WellnessEntry(
                day=day,
                source=DEMO_SOURCE,
                resting_hr_bpm=float(round(resting_hr[i])) if worn else None,
                hrv_ms=round(math.exp(ln_rmssd[i]), 1) if worn else None,
                hrv_method=HrvMethod.RMSSD if worn else None,
                sleep_duration_s=round(sleep_h[i] * SECONDS_PER_HOUR) if worn else None,
                sleep_quality_1_5=int(scores["sleep"][i]) if asked else None,
                mass_kg=round(float(mass[i]), 1) if weighed[i] else None,
                mood_1_5=int(scores["mood"][i]) if asked else None,
                soreness_1_5=int(scores["soreness"][i]) if asked else None,
                stress_1_5=int(scores["stress"][i]) if asked else None,
                fatigue_1_5=int(scores["fatigue"][i]) if asked else None,
                illness=bool(ill[i] > 0.3) if asked else None,
                notes=_note(story, day),
                systolic_mmhg=checks.systolic_mmhg,
                diastolic_mmhg=checks.diastolic_mmhg,
                spo2_pct=checks.spo2_pct,
                vo2max_ml_kg_min=checks.vo2max_ml_kg_min,
            )
        )
    return entries


def _subjective_scores(
    rng: np.random.Generator,
    size: int,
    over: FloatArray,
    ill: FloatArray,
    yesterday: FloatArray,
    sleep_h: FloatArray,
) -> dict[str, FloatArray]:
    """1-5 answers to the morning questionnaire, reacting to load, the block and illness."""

    def score(raw: FloatArray) -> FloatArray:
        return np.clip(np.round(raw + rng.normal(0, 0.45, size)), 1, 5)

    return {
        "mood": score(4.1 - 1.3 * over - 2.0 * ill),
        "soreness": score(1.3 + 1.2 * yesterday + 1.3 * over + 1.0 * ill),
        "fatigue": score(1.9 + 0.7 * yesterday + 1.6 * over + 2.2 * ill),
        "stress": score(2.2 + 0.6 * over + 0.8 * ill),
        "sleep": score(3.6 + 1.1 * (sleep_h - 7.4) - 0.5 * over - 1.2 * ill),
    }


class _SpotChecks(NamedTuple):
    systolic_mmhg: int | None
    diastolic_mmhg: int | None
    spo2_pct: float | None
    vo2max_ml_kg_min: float | None


def _spot_checks(
    story: _Story, day: date, rng: np.random.Generator, illness: float, *, worn: bool, ran: bool
) -> _SpotChecks:
    """Occasional measurements: weekly blood pressure, SpO2 three nights a week, VO2max."""
    systolic = diastolic = None
    if day.weekday() == 6 and rng.random() < 0.85:
        systolic = round(115 + 3 * illness + rng.normal(0, 4))
        diastolic = round(75 + 2 * illness + rng.normal(0, 3))
    spo2 = None
    if worn and day.weekday() in {0, 2, 4}:
        spo2 = float(np.clip(round(97.6 - 1.8 * illness + rng.normal(0, 0.5)), 90, 100))
    vo2max = None
    if ran and day.weekday() == 6:
        progress = (day - story.first_day).days / max((story.end_day - story.first_day).days, 1)
        vo2max = float(round(46.0 + 2.0 * progress + rng.normal(0, 0.4)))
    return _SpotChecks(systolic, diastolic, spo2, vo2max)


def _note(story: _Story, day: date) -> str | None:
    ill_start = story.illness_start
    start = story.overreaching_start
    if ill_start is None or start is None:
        return None
    into_illness = (day - ill_start).days
    if 0 <= into_illness < ILLNESS_DAYS:
        return ILLNESS_NOTES[into_illness]
    if into_illness == ILLNESS_DAYS + 2:
        return "first run back after being ill, legs heavy"
    if (day - start).days in {OVERREACHING_DAYS - 3, OVERREACHING_DAYS - 1}:
        return "legs heavy, motivation low"
    return None
