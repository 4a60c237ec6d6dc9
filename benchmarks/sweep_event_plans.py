"""How many event-date running plans the generator hands out, over a sweep of requests.

Starts (Tue/Mon/Thu), event 6-16 weeks ahead on every weekday offset, three weekly
availabilities, four race goals, no history: prints the plans made and the most common
reasons the generator's own check withheld a plan (by rule, with an example message), and the
refusals by goal, weekday of the event and availability. Every plan made is checked again.
Run: ``nice .venv/bin/python benchmarks/sweep_event_plans.py [--jobs 2]``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from itertools import product

from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import PlanGoal
from aicoach.errors import AicoachError
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import check_plan
from aicoach.planning.generator import PlanRefusedError, generate_plan
from aicoach.planning.request import PlanRequest
from aicoach.planning.screening import ScreeningOutcome, ScreeningResult

SCREENING = ScreeningResult(ScreeningOutcome.CLEAR, (), "x", None, False)
WEEKS = {
    "3 days": {Weekday.MONDAY: 60.0, Weekday.WEDNESDAY: 60.0, Weekday.SATURDAY: 90.0},
    "default": {},
    "4 days": {
        Weekday.TUESDAY: 45.0,
        Weekday.THURSDAY: 45.0,
        Weekday.SUNDAY: 120.0,
        Weekday.FRIDAY: 30.0,
    },
}
STARTS = (date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 3))
WEEKS_AHEAD = (6, 8, 10, 12, 16)
EXTRA_DAYS = (0, 3, 5, 6)
GOALS = (PlanGoal.FIVE_K, PlanGoal.TEN_K, PlanGoal.HALF_MARATHON, PlanGoal.MARATHON)

Case = tuple[str, date, int, int, PlanGoal]
Outcome = tuple[Case, tuple[tuple[str, str], ...]]
"""A case and its refusal reasons as (rule, message); no reasons: the plan was made."""


def run(case: Case) -> Outcome:
    week, start, ahead, extra, goal = case
    event = start + timedelta(weeks=ahead, days=extra)
    request = PlanRequest(goal, start, event_date=event, available_min=WEEKS[week])
    try:
        plan = generate_plan(request, AthleteProfile(name="A"), TrainingBaseline(), SCREENING)
    except PlanRefusedError as refused:
        reasons = tuple((v.rule.value, v.message) for v in refused.violations)
        return case, reasons or (("refused", refused.message),)
    except AicoachError as error:  # e.g. the scheduler's time limit on a busy machine
        return case, (("error", error.message),)
    broken = check_plan(plan, TrainingBaseline()).violations
    return case, tuple(("made but broken: " + v.rule.value, v.message) for v in broken)


def _case_label(case: Case) -> str:
    week, start, ahead, extra, goal = case
    event = start + timedelta(weeks=ahead, days=extra)
    return f"{goal.value}, {week}, {start} to {event:%a} {event}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--every", type=int, default=1, help="run every n-th case (default 1)")
    args = parser.parse_args()
    cases = list(product(WEEKS, STARTS, WEEKS_AHEAD, EXTRA_DAYS, GOALS))[:: args.every]
    with ProcessPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(run, cases, chunksize=8))
    made = sum(1 for _, reasons in outcomes if not reasons)
    print(f"{made} of {len(outcomes)} plans made")
    rules: Counter[str] = Counter()
    example: dict[str, str] = {}
    for case, reasons in outcomes:
        for rule, message in dict(reasons).items():
            rules[rule] += 1
            text = " ".join(message.split())[:160]
            example.setdefault(rule, f"{_case_label(case)}: {text}")
    print("\nrefused plans by rule broken (a plan can break several), with an example:")
    for rule, count in rules.most_common(8):
        print(f"  {count:4d}  {rule}\n        {example[rule]}")
    refused = [case for case, reasons in outcomes if reasons]
    for label, key in (
        ("goal", lambda c: c[4].value),
        ("availability", lambda c: c[0]),
        ("event weekday", lambda c: f"{c[1] + timedelta(weeks=c[2], days=c[3]):%a}"),
        ("weeks ahead", lambda c: str(c[2])),
    ):
        counts = Counter(key(case) for case in refused)
        print(f"refused by {label}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))


if __name__ == "__main__":
    main()
