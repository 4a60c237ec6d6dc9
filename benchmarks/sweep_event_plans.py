"""How many event-date running plans the generator hands out, over a sweep of requests.

Starts (Tue/Mon/Thu), event 6-16 weeks ahead on every weekday offset, three weekly
availabilities, four race goals, no history: prints the plans made and the most common
reasons the generator's own check withheld a plan. Run: ``.venv/bin/python
benchmarks/sweep_event_plans.py``.
"""

from collections import Counter
from datetime import date, timedelta

from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import PlanGoal
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.generator import generate_plan
from aicoach.planning.request import PlanRequest
from aicoach.planning.screening import ScreeningOutcome, ScreeningResult

s = ScreeningResult(
    outcome=ScreeningOutcome.CLEAR,
    reasons=(),
    advice="x",
    answered_on=None,
    medical_clearance=False,
)
n = ok = 0
why = Counter()
for days in [
    {Weekday.MONDAY: 60.0, Weekday.WEDNESDAY: 60.0, Weekday.SATURDAY: 90.0},
    {},
    {Weekday.TUESDAY: 45.0, Weekday.THURSDAY: 45.0, Weekday.SUNDAY: 120.0, Weekday.FRIDAY: 30.0},
]:
    for start in [date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 3)]:
        for wk in [6, 8, 10, 12, 16]:
            for extra in [0, 3, 5, 6]:
                ev = start + timedelta(weeks=wk, days=extra)
                for g in [
                    PlanGoal.FIVE_K,
                    PlanGoal.TEN_K,
                    PlanGoal.HALF_MARATHON,
                    PlanGoal.MARATHON,
                ]:
                    n += 1
                    try:
                        generate_plan(
                            PlanRequest(g, start, event_date=ev, available_min=days),
                            AthleteProfile(name="A"),
                            TrainingBaseline(),
                            s,
                        )
                        ok += 1
                    except Exception as e:
                        m = str(e)
                        why[m.split(":", 1)[1][:40] if "withheld" in m else m[:40]] += 1
print(ok, "of", n)
print(why.most_common(6))
