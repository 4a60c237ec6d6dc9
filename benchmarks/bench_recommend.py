"""Today's recommendation: the learner against an oracle, fixed rules and random choice.

Run: ``.venv/bin/python benchmarks/bench_recommend.py --rounds 5000 --athletes 5``

Each synthetic athlete (``aicoach.recommend.simulator``) has hidden preferences and a
fitness-fatigue physiology; every policy lives through the same days (same weather, notes,
illness, pain, alerts) and the same safety mask. Reported per policy: cumulative expected
reward (the simulator's expectation of the reward of each chosen session) as a share of the
oracle's, which knows each athlete's hidden utility. Targets: the learner earns at least 85 %
of the oracle's reward over the rounds, and more than the fixed rules by round 200; one
decision (candidates, learner scores, mask, selection, reasons) takes under 5 ms (median).
"""

from __future__ import annotations

import argparse
import statistics
import time

from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.priors import prior_means
from aicoach.recommend.simulator import PolicyRun, simulate

POLICIES = ("oracle", "rules", "random")
EARLY_ROUND = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5000)
    parser.add_argument("--athletes", type=int, default=5)
    parser.add_argument("--exploration", type=float, default=0.05)
    args = parser.parse_args()
    shares: dict[str, list[float]] = {name: [] for name in (*POLICIES, "learner")}
    early: list[tuple[float, float]] = []
    latencies_s: list[float] = []
    violations = 0
    started = time.perf_counter()
    for seed in range(args.athletes):
        runs: dict[str, PolicyRun] = {name: simulate(name, seed, args.rounds) for name in POLICIES}
        runs["learner"] = simulate(
            "learner",
            seed,
            args.rounds,
            make_policy=lambda: LinUcbPolicy(prior_means()),
            exploration=args.exploration,
            on_decision=latencies_s.append,
        )
        oracle = sum(runs["oracle"].expected)
        for name, run in runs.items():
            shares[name].append(sum(run.expected) / oracle)
            violations += run.masked_violations
        early.append((sum(runs["learner"].expected[:EARLY_ROUND]),
                      sum(runs["rules"].expected[:EARLY_ROUND])))  # fmt: skip
        print(
            f"athlete {seed}: "
            + ", ".join(f"{name} {shares[name][-1]:.1%}" for name in shares)
            + f"; first {EARLY_ROUND} rounds learner {early[-1][0]:.1f} vs rules {early[-1][1]:.1f}"
        )
    print(
        f"\n{args.athletes} athletes x {args.rounds} rounds ({time.perf_counter() - started:.0f} s)"
    )
    print("cumulative expected reward as a share of the oracle's (mean, min over athletes):")
    for name, values in shares.items():
        print(f"  {name:8s} {statistics.mean(values):6.1%}  (min {min(values):.1%})")
    learner = statistics.mean(shares["learner"])
    wins = sum(lrn > rls for lrn, rls in early)
    median_ms = statistics.median(latencies_s) * 1000
    p95_ms = statistics.quantiles(latencies_s, n=20)[-1] * 1000
    learner_early, rules_early = sum(e[0] for e in early), sum(e[1] for e in early)
    print(
        f"learner beats rules by round {EARLY_ROUND} for {wins}/{len(early)} athletes "
        f"(cumulative {learner_early:.1f} vs {rules_early:.1f})"
    )
    print(f"decision latency: median {median_ms:.3f} ms, p95 {p95_ms:.3f} ms")
    print(f"masked arms chosen by any policy: {violations}")
    print(
        "targets: "
        f">= 85% of oracle {'MET' if learner >= 0.85 else 'NOT MET'}; "
        f"better than rules by round {EARLY_ROUND} {'MET' if wins == len(early) else 'NOT MET'}; "
        f"median latency < 5 ms {'MET' if median_ms < 5 else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
