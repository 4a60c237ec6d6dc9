"""Planning speed: generate and schedule a 16-week marathon plan, and adapt a week of it.

Run: ``.venv/bin/python benchmarks/bench_planning.py --repeat 10``

1. ``generate_plan`` for a 3:30 marathon in 16 weeks, 5 runs and 2 strength sessions a week,
   from a realistic baseline (about 5 h of running a week, long run 110 min, VDOT 46): every
   week is scheduled with CP-SAT and the plan is checked (target: < 300 ms);
2. ``adapt_plan`` on that plan in week 7, with the first six weeks done and a warning alert,
   which also re-checks the whole plan (target: < 100 ms).

Median and maximum over the repeats, and the peak Python memory of one run (tracemalloc).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta

from aicoach.domain.activity import Sport
from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import Plan, PlanGoal
from aicoach.planning.adaptation import DoneSession, Readiness, adapt_plan
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.generator import generate_plan
from aicoach.planning.request import PlanRequest
from aicoach.planning.screening import ScreeningAnswers, evaluate_screening
from aicoach.planning.targets import Thresholds

START = date(2026, 3, 2)
PROFILE = AthleteProfile(name="Bench", hr_max_bpm=188, lthr_bpm=168)
BASELINE = TrainingBaseline(
    weekly_minutes={Sport.RUNNING: (290.0, 295.0, 300.0, 296.0)},
    longest_session_min={Sport.RUNNING: 110.0},
    vdot=46.0,
    from_history=True,
)
REQUEST = PlanRequest(
    PlanGoal.MARATHON,
    START,
    event_date=START + timedelta(weeks=16) - timedelta(days=1),
    target_time_s=3.5 * 3600.0,
    days_per_week=5,
    available_min={
        **{day: 90.0 for day in Weekday},
        Weekday.SATURDAY: 120.0,
        Weekday.SUNDAY: 240.0,
    },
    long_day=Weekday.SUNDAY,
)
SCREENING = evaluate_screening(ScreeningAnswers.from_yes([]), START, PROFILE, None, START)
TARGETS_MS = {"generate 16-week marathon": 300.0, "adapt one week": 100.0}


def generate() -> Plan:
    return generate_plan(REQUEST, PROFILE, BASELINE, SCREENING)


def adapter(plan: Plan) -> Callable[[], object]:
    today = START + timedelta(weeks=6, days=1)
    done = [DoneSession(s.day, s.sport, s.duration_min) for s in plan.sessions if s.day < today]
    readiness = Readiness(warnings=("HRV is below its 7-day band",))
    thresholds = Thresholds(vdot=46.0, hr_max_bpm=188, lthr_bpm=168)
    return lambda: adapt_plan(plan, done, readiness, today, thresholds, BASELINE)


def timings_ms(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm-up: imports, catalogue and solver start-up
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000.0)
    return found


def peak_kib(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per figure")
    args = parser.parse_args()
    plan = generate()
    actions = {"generate 16-week marathon": generate, "adapt one week": adapter(plan)}
    print(f"{'operation':<28}{'median ms':>11}{'max ms':>10}{'target ms':>11}{'peak KiB':>10}  ok")
    for name, action in actions.items():
        found = timings_ms(action, args.repeat)
        median = statistics.median(found)
        target = TARGETS_MS[name]
        verdict = "yes" if median < target else "NO"
        print(
            f"{name:<28}{median:>11.1f}{max(found):>10.1f}{target:>11.0f}"
            f"{peak_kib(action):>10.0f}  {verdict}"
        )
    print(
        f"({args.repeat} runs each; plan: {len(plan.weeks)} weeks, {len(plan.sessions)} sessions)"
    )


if __name__ == "__main__":
    main()
