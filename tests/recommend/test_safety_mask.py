"""The safety mask: each masked case never yields a forbidden activity, whatever was learned."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from aicoach.domain.activity import Sport
from aicoach.domain.plan import Intensity
from aicoach.planning.exercises import Region
from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.candidates import ARM_IDS, Candidate, build_candidates
from aicoach.recommend.catalogue import Place
from aicoach.recommend.context import FEATURE_NAMES, AlertInfo, Health, TodayContext
from aicoach.recommend.engine import decide
from aicoach.recommend.safety_mask import SafetyLevel, apply_safety_mask
from aicoach.recommend.weather import Sky, Weather
from tests.recommend.support import context, greedy

URGENT = Health(alerts=(AlertInfo("spo2_low", "urgent", "SpO2 88 % at rest."),))
CASES: dict[str, tuple[TodayContext, Callable[[Candidate], bool]]] = {
    "urgent alert": (context(health=URGENT), lambda c: c.arm != "rest"),
    "blood pressure 182/104": (
        context(health=Health(blood_pressure=(182, 104), medical_clearance=True)),
        lambda c: c.arm != "rest",
    ),
    "blood pressure 150/112": (
        context(health=Health(blood_pressure=(150, 112))),
        lambda c: c.arm != "rest",
    ),
    "fever": (
        context(health=Health(fever=True)),
        lambda c: c.arm not in {"rest", "mobility", "brisk_walk"} or c.duration_min > 20,
    ),
    "knee pain with a run planned": (
        context(health=Health(pain={Region.KNEE: "“left knee sore”"})),
        lambda c: Region.KNEE in c.full_load or c.sport is Sport.RUNNING,
    ),
    "thunderstorm with an outdoor session": (
        context(weather=Weather(Sky.STORM, 22.0), places=frozenset({Place.OUTDOORS})),
        lambda c: c.place is Place.OUTDOORS,
    ),
}


def forbidden_loving_policy(seed: int, scale: float, case: str) -> LinUcbPolicy:
    """Random learned weights, with every arm the case forbids pushed far to the top."""
    rng = np.random.default_rng(seed)
    ctx, forbidden = CASES[case]
    bad = {c.arm for c in build_candidates(ctx) if c.unfit is None and forbidden(c)}
    priors = {}
    for arm in ARM_IDS:
        theta = rng.normal(0.0, scale, len(FEATURE_NAMES))
        theta[0] += 10 * scale if arm in bad else -10 * scale
        priors[arm] = theta
    policy = LinUcbPolicy(priors, alpha=float(rng.uniform(0, 5)), prior_weight=0.01)
    for _ in range(int(rng.integers(0, 30))):
        x = rng.uniform(-1, 1, len(FEATURE_NAMES))
        x[0] = 1.0
        policy.update(str(rng.choice(list(bad or ARM_IDS))), x, float(rng.uniform(0, 1)))
    return policy


@settings(max_examples=40, deadline=None)
@given(
    case=st.sampled_from(sorted(CASES)),
    seed=st.integers(0, 2**32 - 1),
    scale=st.floats(0.01, 1000.0),
    exploration=st.floats(0.0, 1.0),
)
def test_no_learned_state_reaches_a_masked_activity(
    case: str, seed: int, scale: float, exploration: float
) -> None:
    ctx, forbidden = CASES[case]
    policy = forbidden_loving_policy(seed, scale, case)
    for draw in range(5):
        decision = decide(ctx, policy, np.random.default_rng((seed, draw)), exploration)
        assert not forbidden(decision.chosen), (case, decision.chosen)


def test_the_forbidden_arms_are_what_the_unmasked_learner_would_pick() -> None:
    """Without the mask the loaded policy picks a forbidden arm: the test above can fail."""
    for case, (ctx, forbidden) in CASES.items():
        policy = forbidden_loving_policy(1, 10.0, case)
        fits = [c.arm for c in build_candidates(ctx) if c.unfit is None]
        scores = policy.scores(np.ones(len(FEATURE_NAMES)), fits)
        top = max(scores, key=lambda arm: scores[arm])
        candidate = next(c for c in build_candidates(ctx) if c.arm == top)
        assert forbidden(candidate), case


def test_urgent_alert_and_red_flag_give_the_stop_message() -> None:
    verdict = apply_safety_mask(
        build_candidates(CASES["urgent alert"][0]), CASES["urgent alert"][0]
    )
    assert verdict.level is SafetyLevel.STOP
    assert [c.arm for c in verdict.allowed] == ["rest"]
    assert "SpO2 88 %" in verdict.message and "medical advice" in verdict.message
    assert all(
        m.why == "urgent alert: spo2_low: rest only"
        for m in verdict.masked
        if m.arm in {"planned", "easy_run"}
    )


def test_fever_leaves_rest_and_very_light_sessions_of_at_most_20_min() -> None:
    ctx = CASES["fever"][0]
    verdict = apply_safety_mask(build_candidates(ctx), ctx)
    assert verdict.level is SafetyLevel.REST
    assert {c.arm: c.duration_min for c in verdict.allowed} == {
        "rest": 0.0, "mobility": 20.0, "brisk_walk": 20.0}  # fmt: skip


def test_blood_pressure_above_160_100_without_clearance_allows_easy_only() -> None:
    ctx = context(health=Health(blood_pressure=(165, 95)))
    verdict = apply_safety_mask(build_candidates(ctx), ctx)
    assert {c.intensity for c in verdict.allowed} == {Intensity.REST, Intensity.EASY}
    cleared = context(health=Health(blood_pressure=(165, 95), medical_clearance=True))
    assert greedy(cleared).chosen.arm == "planned"  # the hard session, with clearance


def test_knee_pain_masks_every_run_and_keeps_the_upper_body() -> None:
    ctx = CASES["knee pain with a run planned"][0]
    verdict = apply_safety_mask(build_candidates(ctx), ctx)
    masked = {m.arm: m.why for m in verdict.masked}
    for arm in ("planned", "planned_shorter", "planned_easier", "planned_swap", "easy_run",
                "intervals_run", "easy_ride", "long_ride", "strength_lower"):  # fmt: skip
        assert masked[arm] == "pain in the knee (“left knee sore”): nothing that loads it"
    allowed = {c.arm for c in verdict.allowed}
    assert {"swim", "strength_upper", "brisk_walk", "rest"} <= allowed


def test_storm_moves_sessions_indoors_where_possible() -> None:
    ctx = context(weather=Weather(Sky.STORM, 22.0))  # anywhere: the gym is open
    verdict = apply_safety_mask(build_candidates(ctx), ctx)
    planned = next(c for c in verdict.allowed if c.arm == "planned")
    assert [v.place for v in planned.venues] == [Place.GYM]  # no treadmill at home
    only_outdoors = CASES["thunderstorm with an outdoor session"][0]
    verdict = apply_safety_mask(build_candidates(only_outdoors), only_outdoors)
    assert {c.arm for c in verdict.allowed} == {"rest"}
    assert "thunderstorm" in verdict.message.lower()


def test_heat_and_bad_air_stop_outdoor_effort_but_not_an_easy_walk() -> None:
    outdoors = frozenset({Place.OUTDOORS})
    for weather in (Weather(Sky.CLEAR, 35.0), Weather(Sky.CLEAR, 20.0, us_aqi=170.0)):
        ctx = context(weather=weather, places=outdoors)
        allowed = {c.arm for c in apply_safety_mask(build_candidates(ctx), ctx).allowed}
        assert "intervals_run" not in allowed and "planned" not in allowed
        assert {"brisk_walk", "easy_run"} <= allowed
    ctx = context(weather=Weather(Sky.CLEAR, 20.0, us_aqi=230.0), places=outdoors)
    assert {c.arm for c in apply_safety_mask(build_candidates(ctx), ctx).allowed} == {"rest"}


def test_nothing_is_masked_on_an_ordinary_day() -> None:
    ctx = context()
    verdict = apply_safety_mask(build_candidates(ctx), ctx)
    assert verdict.level is SafetyLevel.OK and verdict.masked == ()
    assert greedy(ctx).chosen.arm == "planned"
