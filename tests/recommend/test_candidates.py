"""Candidates: the planned session's variants, time and place, and the simulator's targets."""

from __future__ import annotations

from datetime import timedelta

from aicoach.domain.plan import Intensity, SessionType
from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.candidates import ARM_IDS, Candidate, build_candidates
from aicoach.recommend.catalogue import HomeKit, Place
from aicoach.recommend.priors import prior_means
from aicoach.recommend.simulator import simulate
from tests.recommend.support import DAY, context, session


def by_arm(**changes: object) -> dict[str, Candidate]:
    return {c.arm: c for c in build_candidates(context(**changes))}


def test_planned_variants() -> None:
    found = by_arm()
    assert list(found) == list(ARM_IDS)
    planned, shorter, easier, swap = (found[a] for a in ARM_IDS[:4])
    assert (planned.intensity, planned.duration_min) == (Intensity.HARD, 50.0)
    assert (shorter.intensity, shorter.duration_min) == (Intensity.HARD, 30.0)
    assert (easier.intensity, easier.duration_min) == (Intensity.EASY, 40.0)
    assert easier.title_en == "Easier: easy run"
    assert swap.intensity is Intensity.EASY and swap.title_en == "Swap: Wed's easy run"


def test_little_time_shortens_what_can_be_shortened_and_rules_out_the_rest() -> None:
    found = by_arm(minutes_available=25.0)
    assert found["planned"].unfit == "takes 50 min; you have 25 min"
    assert found["planned_shorter"].duration_min == 25.0
    assert found["intervals_run"].unfit == "needs at least 30 min; you have 25 min"
    assert found["mobility"].duration_min == 25.0


def test_places_and_home_equipment() -> None:
    home = by_arm(places=frozenset({Place.HOME}))
    assert home["swim"].unfit == "needs pool; today you can train at home"
    assert "treadmill" in str(home["easy_run"].unfit)
    with_treadmill = by_arm(places=frozenset({Place.HOME}), home_kit=frozenset({HomeKit.TREADMILL}))
    assert with_treadmill["easy_run"].place is Place.HOME


def test_rest_day_offers_the_next_session_as_a_swap_only() -> None:
    tomorrow = session(SessionType.TEMPO_RUN, intensity=Intensity.MODERATE, minutes=45,
                       day=DAY + timedelta(days=1))  # fmt: skip
    found = by_arm(planned=None, upcoming=(tomorrow,))
    assert "planned" not in found and found["planned_swap"].intensity is Intensity.MODERATE


def test_learner_beats_fixed_rules_and_random_on_a_short_simulation() -> None:
    """A 300-day seeded run: the full benchmark (5,000 rounds) is benchmarks/bench_recommend.py."""
    runs = {name: simulate(name, 7, 300) for name in ("oracle", "rules", "random")}
    runs["learner"] = simulate("learner", 7, 300, lambda: LinUcbPolicy(prior_means()))
    total = {name: sum(run.expected) for name, run in runs.items()}
    assert total["oracle"] >= total["learner"] > total["rules"]
    assert total["learner"] > total["random"]
    assert all(run.masked_violations == 0 for run in runs.values())
