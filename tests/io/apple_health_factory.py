"""Write synthetic Apple Health exports (export.zip) with known answers, for tests and benchmarks.

The export looks like a real one: an internal DTD with ATTLIST declarations, escaped device
strings, records of many types (most of them irrelevant to aicoach), blood pressure twice (in a
correlation and at the top level), sleep from a watch and a phone that overlap, a switch of
UTC offset half-way (summer time), workouts in the old style (``totalDistance``) and the new
one (``WorkoutStatistics``), and heart rate every ~5 s in workouts and every ~5 min outside.
A few odd records are included on purpose: unreadable values and one implausible resting HR.

The XML is written in daily chunks straight into the zip, so a file of hundreds of MB costs
no memory. Expected answers are computed here independently of the reader (sleep, for
instance, by marking seconds on a grid), so tests can compare exact values.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Literal

from aicoach.domain import Sport
from aicoach.units import km_to_m, pounds_to_kg

MEMBER_NAME = "apple_health_export/export.xml"
WATCH = "Jane’s Apple Watch"
PHONE = "Jane’s iPhone"
SCALE = "Withings"
CUFF = "Omron connect"
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x283f8c0a0&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,1, software:10.1&gt;"
)
WINTER = timezone(timedelta(hours=1))
SUMMER = timezone(timedelta(hours=2))

DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents CDATA #IMPLIED
  activeEnergyBurned CDATA #IMPLIED
>
]>
"""

Layout = Literal["by_type", "by_day"]


@dataclass(frozen=True, slots=True)
class ExpectedWorkout:
    start_utc: datetime
    sport: Sport
    apple_type: str
    elapsed_s: float
    timer_s: float
    distance_m: float | None
    heart_rate_samples: int
    """Readable heart-rate records inside [start, end], implausible ones included."""
    implausible_heart_rate_samples: int


@dataclass(slots=True)
class ExpectedTotals:
    """The answers a correct reader finds in the export, per local date."""

    resting_hr_bpm: dict[date, float] = field(default_factory=dict)
    hrv_sdnn_ms: dict[date, float] = field(default_factory=dict)
    sleep_s: dict[date, float] = field(default_factory=dict)
    vo2max_ml_kg_min: dict[date, float] = field(default_factory=dict)
    blood_pressure_mmhg: dict[date, tuple[int, int]] = field(default_factory=dict)
    spo2_pct: dict[date, float] = field(default_factory=dict)
    mass_kg: dict[date, float] = field(default_factory=dict)
    workouts: list[ExpectedWorkout] = field(default_factory=list)
    implausible_resting_hr_days: list[date] = field(default_factory=list)
    unreadable_records: int = 0
    heart_rate_records: int = 0
    xml_bytes: int = 0


@dataclass(frozen=True, slots=True)
class _WorkoutPlan:
    apple_type: str
    sport: Sport
    start: datetime
    end: datetime
    pause_s: int
    speed_m_s: float | None
    new_style: bool


@dataclass(frozen=True, slots=True)
class _DayPlan:
    index: int
    day: date
    tz: timezone
    bed: datetime
    onset: datetime
    wake: datetime
    nap: tuple[datetime, datetime] | None
    workout: _WorkoutPlan | None


_WORKOUT_TYPES: list[tuple[str, Sport, float | None]] = [
    ("HKWorkoutActivityTypeRunning", Sport.RUNNING, 2.9),
    ("HKWorkoutActivityTypeCycling", Sport.CYCLING, 7.5),
    ("HKWorkoutActivityTypeTraditionalStrengthTraining", Sport.STRENGTH, None),
    ("HKWorkoutActivityTypeRunning", Sport.RUNNING, 3.1),
    ("HKWorkoutActivityTypeHighIntensityIntervalTraining", Sport.OTHER, None),
    ("HKWorkoutActivityTypeWalking", Sport.WALKING, 1.4),
]


def write_apple_health_export(
    path: Path,
    days: int,
    start: date,
    seed: int = 0,
    workouts_per_week: int = 4,
    *,
    layout: Layout = "by_type",
    oddities: bool = True,
) -> ExpectedTotals:
    """Write ``path`` (a zip) and return what a correct reader must find in it.

    ``layout="by_type"`` orders the file like Apple does (all records grouped by type, then
    workouts); ``"by_day"`` interleaves everything day by day. ``oddities`` adds unreadable
    records and an implausible resting heart rate.
    """
    switch_day = start + timedelta(days=days // 2)
    plans = [
        _plan_day(seed, i, start + timedelta(days=i), switch_day, workouts_per_week)
        for i in range(days)
    ]
    expected = ExpectedTotals()
    sections = _sections(plans, expected, oddities, layout)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(MEMBER_NAME, "w", force_zip64=True) as member:
            for chunk in sections:
                data = chunk.encode("utf-8")
                expected.xml_bytes += len(data)
                member.write(data)
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    return expected


def write_zip_with_xml(path: Path, xml: str, member_name: str = MEMBER_NAME) -> None:
    """Write a zip holding one XML member, for hand-made exports in tests."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member_name, xml)


def billion_laughs_xml() -> str:
    """An export whose DTD declares nested entities (the 'billion laughs' attack)."""
    entities = ['<!ENTITY lol "lol">']
    entities += [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n'
        + "\n".join(entities)
        + '\n]>\n<HealthData locale="en_US"><ExportDate value="&lol9;"/></HealthData>\n'
    )


# ---------------------------------------------------------------------------------------------
# Planning: small, deterministic per day


def _plan_day(
    seed: int, index: int, day: date, switch_day: date, workouts_per_week: int
) -> _DayPlan:
    rng = random.Random(f"{seed}-plan-{index}")
    tz = _tz_of_day(day, switch_day)
    previous_tz = _tz_of_day(day - timedelta(days=1), switch_day)
    bed = datetime.combine(day - timedelta(days=1), time(22, 30), previous_tz) + timedelta(
        minutes=rng.randrange(0, 75), seconds=rng.randrange(60)
    )
    onset = bed + timedelta(minutes=rng.randrange(8, 25))
    wake = datetime.combine(day, time(6, 0), tz) + timedelta(
        minutes=rng.randrange(0, 60), seconds=rng.randrange(60)
    )
    nap = None
    if index % 5 == 2:
        nap_start = datetime.combine(day, time(14, 0), tz) + timedelta(minutes=rng.randrange(30))
        nap = (nap_start, nap_start + timedelta(minutes=rng.randrange(15, 40)))
    return _DayPlan(
        index, day, tz, bed, onset, wake, nap, _plan_workout(rng, index, day, tz, workouts_per_week)
    )


def _plan_workout(
    rng: random.Random, index: int, day: date, tz: timezone, workouts_per_week: int
) -> _WorkoutPlan | None:
    weekdays = {round(k * 7 / workouts_per_week) % 7 for k in range(workouts_per_week)}
    if workouts_per_week <= 0 or index % 7 not in weekdays:
        return None
    apple_type, sport, speed = _WORKOUT_TYPES[(index * 5 // 7) % len(_WORKOUT_TYPES)]
    start = datetime.combine(day, time(17, 30), tz) + timedelta(
        minutes=rng.randrange(60), seconds=rng.randrange(60)
    )
    end = start + timedelta(minutes=rng.randrange(30, 90), seconds=rng.randrange(60))
    return _WorkoutPlan(apple_type, sport, start, end, rng.randrange(0, 120), speed, index % 2 == 0)


def _tz_of_day(day: date, switch_day: date) -> timezone:
    return SUMMER if day >= switch_day else WINTER


def _switch_instant(plans: list[_DayPlan]) -> datetime:
    for plan in plans:
        if plan.tz is SUMMER:
            return datetime.combine(plan.day, time(1, 0), UTC)
    return datetime.max.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Sections of the file


_Writer = Callable[[_DayPlan], Iterator[str]]


def _sections(
    plans: list[_DayPlan], expected: ExpectedTotals, oddities: bool, layout: Layout
) -> Iterator[str]:
    writers = _RecordWriters(plans, expected, oddities)
    record_writers: list[_Writer] = [
        writers.heart_rate,
        writers.resting_hr,
        writers.hrv,
        writers.steps,
        writers.vo2max,
        writers.spo2,
        writers.body_mass,
        writers.blood_pressure_records,
        writers.sleep,
        writers.blood_pressure_correlations,
    ]
    yield DTD
    yield '<HealthData locale="en_US">\n <ExportDate value="2025-01-01 09:00:00 +0100"/>\n'
    yield (
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1988-04-02" '
        'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>\n'
    )
    day_writers = [*record_writers, writers.workout, writers.activity_summary]
    if layout == "by_day":
        for plan in plans:
            yield "".join(chunk for writer in day_writers for chunk in writer(plan))
    else:
        for writer in day_writers:
            for plan in plans:
                yield "".join(writer(plan))
    yield "</HealthData>\n"


class _RecordWriters:
    """One method per kind of element; each is called exactly once per day."""

    def __init__(self, plans: list[_DayPlan], expected: ExpectedTotals, oddities: bool) -> None:
        self._expected = expected
        self._oddities = oddities
        self._switch = _switch_instant(plans)
        self._first_workout_day = next((p.index for p in plans if p.workout), None)

    # -- formatting ---------------------------------------------------------------------------

    def fmt(self, moment: datetime) -> str:
        tz = SUMMER if moment >= self._switch else WINTER
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %z")

    def local_day(self, moment: datetime) -> date:
        tz = SUMMER if moment >= self._switch else WINTER
        return moment.astimezone(tz).date()

    def record(
        self,
        kind: str,
        source: str,
        unit: str | None,
        start: datetime,
        end: datetime,
        value: str,
        children: str = "",
        start_text: str | None = None,
    ) -> str:
        unit_attr = f' unit="{unit}"' if unit is not None else ""
        device = f' device="{WATCH_DEVICE}"' if source == WATCH else ""
        head = (
            f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1"{device}{unit_attr} '
            f'creationDate="{self.fmt(end)}" startDate="{self.fmt(start)}" '
            f'endDate="{self.fmt(end)}" value="{value}"'
        )
        if start_text is not None:
            head = head.replace(f'startDate="{self.fmt(start)}"', f'startDate="{start_text}"')
        return f"{head}>\n{children} </Record>\n" if children else f"{head}/>\n"

    def rng(self, plan: _DayPlan, what: str) -> random.Random:
        return random.Random(f"{plan.index}-{what}-{plan.day}")

    def at(self, plan: _DayPlan, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(plan.day, time(hour, minute), plan.tz)

    def odd(self, plan: _DayPlan, index: int) -> bool:
        return self._oddities and plan.index == index

    # -- daily records ------------------------------------------------------------------------

    def resting_hr(self, plan: _DayPlan) -> Iterator[str]:
        rng = self.rng(plan, "rhr")
        kind = "HKQuantityTypeIdentifierRestingHeartRate"
        values = [rng.randrange(45, 63) for _ in range(2 if plan.index % 3 == 0 else 1)]
        if self.odd(plan, 3):
            values = [300]
            self._expected.implausible_resting_hr_days.append(plan.day)
        for n, value in enumerate(values):
            moment = self.at(plan, 7, 30 + n)
            yield self.record(kind, WATCH, "count/min", moment, moment, str(value))
        if not self.odd(plan, 3):
            self._expected.resting_hr_bpm[plan.day] = sum(values) / len(values)
        if self.odd(plan, 1):
            self._expected.unreadable_records += 1
            moment = self.at(plan, 8)
            yield self.record(kind, WATCH, "count/min", moment, moment, "n/a")

    def hrv(self, plan: _DayPlan) -> Iterator[str]:
        rng = self.rng(plan, "hrv")
        kind = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
        values = [float(f"{rng.uniform(20, 90):.3f}") for _ in range(rng.randrange(2, 5))]
        beats = "".join(
            f'   <InstantaneousBeatsPerMinute bpm="{60 + k}" time="7:1{k}:00.00 AM"/>\n'
            for k in range(5)
        )
        children = (
            f"  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n"
        )
        for n, value in enumerate(values):
            start = self.at(plan, 3 + 4 * n, 10)
            yield self.record(
                kind, WATCH, "ms", start, start + timedelta(minutes=1), f"{value:.3f}", children
            )
        self._expected.hrv_sdnn_ms[plan.day] = sum(values) / len(values)
        if self.odd(plan, 2):
            self._expected.unreadable_records += 1
            moment = self.at(plan, 9)
            yield self.record(kind, WATCH, "ms", moment, moment, "41.5", start_text="yesterday")

    def steps(self, plan: _DayPlan) -> Iterator[str]:
        rng = self.rng(plan, "steps")
        for hour in range(7, 23):
            start = self.at(plan, hour)
            yield self.record(
                "HKQuantityTypeIdentifierStepCount",
                PHONE,
                "count",
                start,
                start + timedelta(minutes=50),
                str(rng.randrange(50, 2000)),
            )

    def vo2max(self, plan: _DayPlan) -> Iterator[str]:
        if plan.index % 7 != 4:
            return
        value = float(f"{self.rng(plan, 'vo2').uniform(40, 52):.2f}")
        moment = self.at(plan, 19)
        yield self.record(
            "HKQuantityTypeIdentifierVO2Max", WATCH, "mL/min·kg", moment, moment, f"{value:.2f}"
        )
        self._expected.vo2max_ml_kg_min[plan.day] = value

    def spo2(self, plan: _DayPlan) -> Iterator[str]:
        rng = self.rng(plan, "spo2")
        kind = "HKQuantityTypeIdentifierOxygenSaturation"
        fractions = [rng.randrange(94, 100) / 100 for _ in range(3)]
        for n, fraction in enumerate(fractions):
            moment = self.at(plan, 2 + n)
            yield self.record(kind, WATCH, "%", moment, moment, f"{fraction:.2f}")
        self._expected.spo2_pct[plan.day] = sum(f * 100 for f in fractions) / len(fractions)
        if self.odd(plan, 4):
            self._expected.unreadable_records += 1
            yield self.record(kind, WATCH, "count", self.at(plan, 6), self.at(plan, 6), "0.97")

    def body_mass(self, plan: _DayPlan) -> Iterator[str]:
        value = 68.0 + self.rng(plan, "mass").uniform(-1.5, 1.5)
        moment = self.at(plan, 7, 5)
        kind = "HKQuantityTypeIdentifierBodyMass"
        if plan.index % 4 == 3:
            text = f"{value * 2.2046226218:.1f}"
            self._expected.mass_kg[plan.day] = pounds_to_kg(float(text))
            yield self.record(kind, SCALE, "lb", moment, moment, text)
        else:
            text = f"{value:.2f}"
            self._expected.mass_kg[plan.day] = float(text)
            yield self.record(kind, SCALE, "kg", moment, moment, text)

    # -- blood pressure: each reading twice, in a correlation and at the top level -----------

    def _pressure_readings(self, plan: _DayPlan) -> list[tuple[datetime, int, int]]:
        if plan.index % 3 != 1:
            return []
        rng = self.rng(plan, "bp")
        systolic, diastolic = rng.randrange(108, 138), rng.randrange(68, 88)
        readings = [(self.at(plan, 7, 45), systolic, diastolic)]
        if plan.index % 6 == 1:
            readings.append(
                (self.at(plan, 21, 10), systolic + 2 * rng.randrange(1, 6), diastolic + 2)
            )
        return readings

    def _pressure_records(self, moment: datetime, systolic: int, diastolic: int) -> str:
        return self.record(
            "HKQuantityTypeIdentifierBloodPressureSystolic",
            CUFF,
            "mmHg",
            moment,
            moment,
            str(systolic),
        ) + self.record(
            "HKQuantityTypeIdentifierBloodPressureDiastolic",
            CUFF,
            "mmHg",
            moment,
            moment,
            str(diastolic),
        )

    def blood_pressure_records(self, plan: _DayPlan) -> Iterator[str]:
        readings = self._pressure_readings(plan)
        for moment, systolic, diastolic in readings:
            yield self._pressure_records(moment, systolic, diastolic)
        if readings:
            count = len(readings)
            self._expected.blood_pressure_mmhg[plan.day] = (
                round(sum(r[1] for r in readings) / count),
                round(sum(r[2] for r in readings) / count),
            )

    def blood_pressure_correlations(self, plan: _DayPlan) -> Iterator[str]:
        for moment, systolic, diastolic in self._pressure_readings(plan):
            stamp = self.fmt(moment)
            inner = self._pressure_records(moment, systolic, diastolic).replace(
                " <Record", "  <Record"
            )
            yield (
                ' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" '
                f'sourceName="{CUFF}" '
                f'creationDate="{stamp}" startDate="{stamp}" endDate="{stamp}">\n'
                f'  <MetadataEntry key="HKWasUserEntered" value="0"/>\n{inner} </Correlation>\n'
            )

    # -- sleep: watch stages with awake gaps, plus a phone's in-bed and asleep spans ----------

    def sleep(self, plan: _DayPlan) -> Iterator[str]:
        rng = self.rng(plan, "sleep")
        kind = "HKCategoryTypeIdentifierSleepAnalysis"
        asleep: list[tuple[datetime, datetime]] = []
        yield self.record(
            kind,
            PHONE,
            None,
            plan.bed,
            plan.wake + timedelta(minutes=5),
            "HKCategoryValueSleepAnalysisInBed",
        )
        cursor = plan.onset
        stages = ["Core", "Deep", "Core", "REM"]
        n = 0
        while cursor < plan.wake:
            length = timedelta(minutes=rng.randrange(20, 70), seconds=rng.randrange(60))
            end = min(cursor + length, plan.wake)
            value = f"HKCategoryValueSleepAnalysisAsleep{stages[n % len(stages)]}"
            yield self.record(kind, WATCH, None, cursor, end, value)
            asleep.append((cursor, end))
            cursor = end
            if cursor < plan.wake and n % 3 == 2:
                awake_end = min(cursor + timedelta(minutes=rng.randrange(2, 9)), plan.wake)
                yield self.record(
                    kind, WATCH, None, cursor, awake_end, "HKCategoryValueSleepAnalysisAwake"
                )
                cursor = awake_end
            n += 1
        phone = (
            plan.onset + timedelta(minutes=rng.randrange(20, 40)),
            plan.wake - timedelta(minutes=rng.randrange(20, 50)),
        )
        yield self.record(
            kind, PHONE, None, phone[0], phone[1], "HKCategoryValueSleepAnalysisAsleep"
        )
        asleep.append(phone)
        if plan.nap is not None:
            yield self.record(
                kind,
                WATCH,
                None,
                plan.nap[0],
                plan.nap[1],
                "HKCategoryValueSleepAnalysisAsleepCore",
            )
            asleep.append(plan.nap)
        self._expected.sleep_s[plan.day] = float(_union_seconds(asleep))

    # -- heart rate: every ~5 min all day, every ~5 s inside workouts -------------------------

    def heart_rate(self, plan: _DayPlan) -> Iterator[str]:
        rng = self.rng(plan, "hr")
        kind = "HKQuantityTypeIdentifierHeartRate"
        motion = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>\n'
        moment = self.at(plan, 0) + timedelta(seconds=rng.randrange(300))
        end_of_day = self.at(plan, 0) + timedelta(days=1)
        while moment < end_of_day:
            if not _near(plan.workout, moment):
                self._expected.heart_rate_records += 1
                yield self.record(
                    kind, WATCH, "count/min", moment, moment, str(rng.randrange(52, 95)), motion
                )
            moment += timedelta(seconds=rng.randrange(240, 360))
        if plan.workout is not None:
            yield from self._workout_heart_rate(plan, plan.workout, rng)

    def _workout_heart_rate(
        self, plan: _DayPlan, workout: _WorkoutPlan, rng: random.Random
    ) -> Iterator[str]:
        kind = "HKQuantityTypeIdentifierHeartRate"
        inside = 0
        implausible = 0
        for outside in (workout.start - timedelta(seconds=10), workout.end + timedelta(seconds=10)):
            self._expected.heart_rate_records += 1
            yield self.record(kind, WATCH, "count/min", outside, outside, "101")
        moment = workout.start
        while moment <= workout.end:
            value = (
                100
                + int(70 * (moment - workout.start) / (workout.end - workout.start))
                + rng.randrange(-4, 5)
            )
            if inside == 7 and plan.index == self._first_workout_day:
                value, implausible = 262, 1
            self._expected.heart_rate_records += 1
            yield self.record(kind, WATCH, "count/min", moment, moment, str(value))
            inside += 1
            step = timedelta(seconds=rng.randrange(4, 7))
            moment = workout.end if moment < workout.end < moment + step else moment + step
        if self._oddities and plan.index == self._first_workout_day:
            self._expected.unreadable_records += 1
            self._expected.heart_rate_records += 1
            odd = workout.start + timedelta(seconds=2)
            yield self.record(kind, WATCH, "count/min", odd, odd, "--")
        self._expected.workouts.append(self._expected_workout(workout, inside, implausible))

    # -- workouts and summaries ---------------------------------------------------------------

    def _expected_workout(
        self, workout: _WorkoutPlan, hr_samples: int, implausible: int
    ) -> ExpectedWorkout:
        elapsed_s = (workout.end - workout.start).total_seconds()
        return ExpectedWorkout(
            start_utc=workout.start.astimezone(UTC),
            sport=workout.sport,
            apple_type=workout.apple_type.removeprefix("HKWorkoutActivityType"),
            elapsed_s=elapsed_s,
            timer_s=float(f"{(elapsed_s - workout.pause_s) / 60:.4f}") * 60,
            distance_m=None if workout.speed_m_s is None else km_to_m(float(_km_text(workout))),
            heart_rate_samples=hr_samples,
            implausible_heart_rate_samples=implausible,
        )

    def workout(self, plan: _DayPlan) -> Iterator[str]:
        workout = plan.workout
        if workout is None:
            return
        elapsed_s = (workout.end - workout.start).total_seconds()
        minutes = f"{(elapsed_s - workout.pause_s) / 60:.4f}"
        start, end = self.fmt(workout.start), self.fmt(workout.end)
        energy = f"{elapsed_s / 60 * 9.5:.3f}"
        distance = ""
        statistics = (
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
            f'startDate="{start}" endDate="{end}" sum="{energy}" unit="kcal"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="{start}" '
            f'endDate="{end}" average="141.2" minimum="98" maximum="174" unit="count/min"/>\n'
        )
        if workout.speed_m_s is not None:
            km = _km_text(workout)
            if workout.new_style:
                stat = (
                    "HKQuantityTypeIdentifierDistanceCycling"
                    if workout.sport is Sport.CYCLING
                    else "HKQuantityTypeIdentifierDistanceWalkingRunning"
                )
                statistics += (
                    f'  <WorkoutStatistics type="{stat}" startDate="{start}" endDate="{end}" '
                    f'sum="{km}" unit="km"/>\n'
                )
            else:
                distance = f' totalDistance="{km}" totalDistanceUnit="km"'
        energy_attr = (
            ""
            if workout.new_style
            else f' totalEnergyBurned="{energy}" totalEnergyBurnedUnit="kcal"'
        )
        yield (
            f' <Workout workoutActivityType="{workout.apple_type}" duration="{minutes}" '
            f'durationUnit="min"{distance}{energy_attr} sourceName="{WATCH}" sourceVersion="10.1" '
            f'device="{WATCH_DEVICE}" creationDate="{end}" startDate="{start}" endDate="{end}">\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{start}" duration="10" '
            'durationUnit="min"/>\n'
            f"{statistics}"
            f'  <WorkoutRoute sourceName="{WATCH}" sourceVersion="10.1" creationDate="{end}" '
            f'startDate="{start}" endDate="{end}">\n'
            f'   <FileReference path="/workout-routes/route_{plan.day}.gpx"/>\n'
            "  </WorkoutRoute>\n </Workout>\n"
        )

    def activity_summary(self, plan: _DayPlan) -> Iterator[str]:
        yield (
            f' <ActivitySummary dateComponents="{plan.day}" activeEnergyBurned="512.3" '
            'activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal"/>\n'
        )


def _near(workout: _WorkoutPlan | None, moment: datetime) -> bool:
    """Within a minute of the workout (background samples stay clear of its window)."""
    margin = timedelta(minutes=1)
    return workout is not None and workout.start - margin <= moment <= workout.end + margin


def _km_text(workout: _WorkoutPlan) -> str:
    assert workout.speed_m_s is not None
    moving_s = (workout.end - workout.start).total_seconds() - workout.pause_s
    return f"{workout.speed_m_s * moving_s / 1000:.3f}"


def _union_seconds(intervals: list[tuple[datetime, datetime]]) -> int:
    """Seconds covered by at least one interval, counted on a one-second grid."""
    origin = min(start for start, _ in intervals)
    horizon = max(end for _, end in intervals)
    grid = bytearray(int((horizon - origin).total_seconds()))
    for start, end in intervals:
        first = int((start - origin).total_seconds())
        last = int((end - origin).total_seconds())
        grid[first:last] = b"\x01" * (last - first)
    return grid.count(1)
