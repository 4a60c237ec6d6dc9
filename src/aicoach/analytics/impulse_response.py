"""Banister's fitness-fatigue impulse-response model, fitted to an athlete's performances.

Banister et al. (1975, "A systems model of training for athletic performance", Aust J Sports
Med 7:57-61) and Morton, Fitz-Clarke & Banister (1990, J Appl Physiol 69:1171-1177):

``p(t) = p0 + k1 * sum_{s<t} w(s) e^(-(t-s)/tau1) - k2 * sum_{s<t} w(s) e^(-(t-s)/tau2)``

``w`` is the daily training load (any consistent unit: TSS, TRIMP, session-RPE load) with day
0 the first element; ``p`` is a performance measure where higher is better (power, speed,
VDOT). A performance on day ``t`` reflects the loads of the days before it (``s < t``), so a
performance measured on a morning is not affected by that day's training.

Fitting: for fixed time constants the model is linear in ``p0, k1, k2``, so the fit is a grid
search over ``(tau1, tau2)`` within bounds, refined around the best point (1, 0.1 and 0.01
days), with a linear least-squares solve of ``p0, k1, k2`` (``k1, k2 >= 0``, by trying the
unconstrained solve and the solves with either or both gains at zero) at each point. With five
parameters the model easily over-fits: quality is reported as R², RMSE, the number of
performances, a leave-one-out RMSE, and an ``insufficient`` flag with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError

MIN_PERFORMANCES_FOR_FIT = 3
"""Fewer performances than this cannot even determine ``p0, k1, k2``: the fit is refused."""

MIN_PERFORMANCES_SUFFICIENT = 6
"""Below this (five parameters plus one degree of freedom) a fit is flagged ``insufficient``."""

_REFINE_STEPS_DAYS = (0.1, 0.01)


@dataclass(frozen=True, slots=True)
class BanisterBounds:
    """Search bounds of the time constants, in days (typical published ranges)."""

    tau_fitness_days: tuple[float, float] = (20.0, 60.0)
    tau_fatigue_days: tuple[float, float] = (3.0, 20.0)


@dataclass(frozen=True, slots=True)
class BanisterParameters:
    """``p0`` (baseline performance), gains ``k1`` (fitness) and ``k2`` (fatigue), and the
    time constants in days."""

    p0: float
    k_fitness: float
    k_fatigue: float
    tau_fitness_days: float
    tau_fatigue_days: float


@dataclass(frozen=True, slots=True)
class BanisterFit:
    """A fitted model and how much to trust it.

    ``rmse`` and ``loo_rmse`` are in the performance's own unit. ``loo_rmse`` is the
    leave-one-out prediction error (``None`` with fewer than ``MIN_PERFORMANCES_SUFFICIENT``
    performances). ``r_squared`` is ``None`` when all performances are equal.
    """

    parameters: BanisterParameters
    performance_count: int
    r_squared: float | None
    rmse: float
    loo_rmse: float | None
    insufficient: bool
    reasons: tuple[str, ...]


def impulse_response(daily_load: npt.ArrayLike, tau_days: float) -> FloatArray:
    """``g(t) = sum_{s<t} w(s) e^(-(t-s)/tau)`` for every day ``t`` of ``daily_load``.

    Computed with the recursion ``g(t) = e^(-1/tau) (g(t-1) + w(t-1))``, ``g(0) = 0``
    (Banister 1975). Fitness and fatigue are this response with their own time constants.
    """
    response: FloatArray = _responses(_loads(daily_load), np.array([tau_days]))[0]
    return response


def banister_performance(daily_load: npt.ArrayLike, parameters: BanisterParameters) -> FloatArray:
    """Modelled performance on every day of ``daily_load`` (Banister 1975)."""
    load = _loads(daily_load)
    fitness: FloatArray = _responses(load, np.array([parameters.tau_fitness_days]))[0]
    fatigue: FloatArray = _responses(load, np.array([parameters.tau_fatigue_days]))[0]
    performance: FloatArray = (
        parameters.p0 + parameters.k_fitness * fitness - parameters.k_fatigue * fatigue
    )
    return performance


def forecast_performance(
    parameters: BanisterParameters, past_load: npt.ArrayLike, future_load: npt.ArrayLike
) -> FloatArray:
    """Performance on each day of a planned load series that follows ``past_load``.

    Element ``j`` is the modelled performance on day ``len(past_load) + j``, which reflects
    every load before that day (so the last planned load shows only in a day after the plan;
    end the plan with the event day).
    """
    past = _loads(past_load)
    future = _loads(future_load)
    whole = np.concatenate([past, future])
    return banister_performance(whole, parameters)[past.size :]


def fit_banister(
    daily_load: npt.ArrayLike,
    performance_day: npt.ArrayLike,
    performance: npt.ArrayLike,
    bounds: BanisterBounds | None = None,
) -> BanisterFit:
    """Fit the model to measured performances by bounded nonlinear least squares.

    ``performance_day`` holds integer day indices into ``daily_load``. Raises
    :class:`DataError` for fewer than ``MIN_PERFORMANCES_FOR_FIT`` performances, missing
    loads, or days outside the load series.
    """
    limits = bounds or BanisterBounds()
    load = _loads(daily_load)
    days, perf = _performances(performance_day, performance, load.size)
    parameters, ssr = _fit(load, days, perf, limits)
    n = perf.size
    sst = float(np.sum((perf - np.mean(perf)) ** 2))
    reasons = _insufficiency_reasons(parameters, n, limits)
    return BanisterFit(
        parameters=parameters,
        performance_count=n,
        r_squared=None if sst == 0 else 1.0 - ssr / sst,
        rmse=float(np.sqrt(ssr / n)),
        loo_rmse=_leave_one_out_rmse(load, days, perf, limits),
        insufficient=bool(reasons),
        reasons=reasons,
    )


def _loads(daily_load: npt.ArrayLike) -> FloatArray:
    load = np.asarray(daily_load, dtype=np.float64).ravel()
    if not np.all(np.isfinite(load)):
        raise DataError(
            "daily_load has missing values; give rest days an explicit load of 0",
            field="daily_load",
        )
    if np.any(load < 0):
        raise DataError("daily_load has negative values", field="daily_load")
    return load


def _performances(
    performance_day: npt.ArrayLike, performance: npt.ArrayLike, day_count: int
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    days_raw = np.asarray(performance_day, dtype=np.float64).ravel()
    perf = np.asarray(performance, dtype=np.float64).ravel()
    if days_raw.shape != perf.shape:
        raise DataError(
            f"performance_day has {days_raw.size} values but performance has {perf.size}",
            field="performance_day",
        )
    keep = np.isfinite(perf)
    days_raw, perf = days_raw[keep], perf[keep]
    if perf.size < MIN_PERFORMANCES_FOR_FIT:
        raise DataError(
            f"need at least {MIN_PERFORMANCES_FOR_FIT} performances to fit, found {perf.size}",
            field="performance",
        )
    if np.any(days_raw != np.round(days_raw)) or np.any(days_raw < 0):
        raise DataError(
            "performance_day must hold whole, non-negative days", field="performance_day"
        )
    days = days_raw.astype(np.intp)
    if np.any(days >= day_count):
        raise DataError(
            f"a performance day lies beyond the {day_count} days of load", field="performance_day"
        )
    return days, perf


def _responses(load: FloatArray, taus_days: FloatArray) -> FloatArray:
    """Impulse responses for several time constants at once: shape (len(taus), len(load))."""
    decay = np.exp(-1.0 / taus_days)
    out = np.zeros((taus_days.size, load.size))
    for t in range(1, load.size):
        out[:, t] = decay * (out[:, t - 1] + load[t - 1])
    return out


def _solve_gains(
    fitness: FloatArray, fatigue: FloatArray, perf: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Best non-negative-gain linear fit for every (tau1, tau2) pair.

    ``fitness`` is (n1, n) and ``fatigue`` (n2, n) at the performance days. Returns the
    coefficients (n1, n2, 3) as ``p0, k1, k2`` and the residual sums of squares (n1, n2).
    With the columns centred, ``p0`` drops out and the gains solve a 2x2 system in closed
    form; each sign-constrained alternative (k2 = 0, k1 = 0, both 0) is solved the same way.
    """
    a = fitness - fitness.mean(axis=1, keepdims=True)
    b = fatigue.mean(axis=1, keepdims=True) - fatigue
    y = perf - perf.mean()
    sst = float(y @ y)
    s11 = np.sum(a * a, axis=1)[:, None]
    s22 = np.sum(b * b, axis=1)[None, :]
    s12 = a @ b.T
    r1 = (a @ y)[:, None]
    r2 = (b @ y)[None, :]
    shape = s12.shape
    zero = np.zeros(shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        det = s11 * s22 - s12**2
        solvable = det > 1e-12 * s11 * s22
        k1_full = np.where(solvable, (s22 * r1 - s12 * r2) / det, np.nan)
        k2_full = np.where(solvable, (s11 * r2 - s12 * r1) / det, np.nan)
        k1_only = np.broadcast_to(np.where(s11 > 0, r1 / s11, np.nan), shape)
        k2_only = np.broadcast_to(np.where(s22 > 0, r2 / s22, np.nan), shape)
    candidates = ((k1_full, k2_full), (k1_only, zero), (zero, k2_only), (zero, zero))
    best_ssr = np.full(shape, np.inf)
    best_k1, best_k2 = zero.copy(), zero.copy()
    for k1, k2 in candidates:
        explained = np.nan_to_num(k1 * r1 + k2 * r2, nan=-np.inf)
        ssr = np.maximum(sst - explained, 0.0)
        better = (k1 >= 0) & (k2 >= 0) & (ssr < best_ssr * (1.0 - 1e-12))
        best_ssr = np.where(better, ssr, best_ssr)
        best_k1 = np.where(better, k1, best_k1)
        best_k2 = np.where(better, k2, best_k2)
    p0 = (
        perf.mean()
        - best_k1 * fitness.mean(axis=1)[:, None]
        + best_k2 * fatigue.mean(axis=1)[None, :]
    )
    return np.stack([p0, best_k1, best_k2], axis=-1), best_ssr


def _grid(center: float, step: float, limits: tuple[float, float]) -> FloatArray:
    lo = max(limits[0], center - 10 * step)
    hi = min(limits[1], center + 10 * step)
    grid = np.append(np.arange(lo, hi + step / 2, step), [lo, hi]).clip(*limits)
    return np.unique(np.round(grid, 6))


def _fit(
    load: FloatArray, days: npt.NDArray[np.intp], perf: FloatArray, limits: BanisterBounds
) -> tuple[BanisterParameters, float]:
    lo1, hi1 = limits.tau_fitness_days
    lo2, hi2 = limits.tau_fatigue_days
    taus1 = np.unique(np.append(np.arange(lo1, hi1, 1.0), hi1))
    taus2 = np.unique(np.append(np.arange(lo2, hi2, 1.0), hi2))
    tau1, tau2, coef, ssr = _grid_search(load, days, perf, taus1, taus2)
    for step in _REFINE_STEPS_DAYS:
        taus1 = _grid(tau1, step, limits.tau_fitness_days)
        taus2 = _grid(tau2, step, limits.tau_fatigue_days)
        tau1, tau2, coef, ssr = _grid_search(load, days, perf, taus1, taus2)
    parameters = BanisterParameters(
        p0=float(coef[0]),
        k_fitness=float(coef[1]),
        k_fatigue=float(coef[2]),
        tau_fitness_days=tau1,
        tau_fatigue_days=tau2,
    )
    return parameters, ssr


def _grid_search(
    load: FloatArray,
    days: npt.NDArray[np.intp],
    perf: FloatArray,
    taus1: FloatArray,
    taus2: FloatArray,
) -> tuple[float, float, FloatArray, float]:
    fitness = _responses(load, taus1)[:, days]
    fatigue = _responses(load, taus2)[:, days]
    coef, ssr = _solve_gains(fitness, fatigue, perf)
    i, j = np.unravel_index(int(np.argmin(ssr)), ssr.shape)
    return float(taus1[i]), float(taus2[j]), coef[i, j], float(ssr[i, j])


def _insufficiency_reasons(
    parameters: BanisterParameters, n: int, limits: BanisterBounds
) -> tuple[str, ...]:
    reasons: list[str] = []
    if n < MIN_PERFORMANCES_SUFFICIENT:
        reasons.append(
            f"only {n} performances for a 5-parameter model "
            f"(at least {MIN_PERFORMANCES_SUFFICIENT} needed)"
        )
    for name, value, (lo, hi) in (
        ("tau_fitness_days", parameters.tau_fitness_days, limits.tau_fitness_days),
        ("tau_fatigue_days", parameters.tau_fatigue_days, limits.tau_fatigue_days),
    ):
        if np.isclose(value, lo) or np.isclose(value, hi):
            reasons.append(f"{name} = {value:g} sits on its bound [{lo:g}, {hi:g}]")
    if parameters.k_fitness == 0:
        reasons.append("the fitness gain k1 is 0 (its lower bound)")
    if parameters.k_fatigue == 0:
        reasons.append("the fatigue gain k2 is 0 (its lower bound)")
    return tuple(reasons)


def _leave_one_out_rmse(
    load: FloatArray, days: npt.NDArray[np.intp], perf: FloatArray, limits: BanisterBounds
) -> float | None:
    """RMSE of predicting each performance from a fit to all the others."""
    n = perf.size
    if n < MIN_PERFORMANCES_SUFFICIENT:
        return None
    errors = np.empty(n)
    for i in range(n):
        keep = np.arange(n) != i
        parameters, _ = _fit(load, days[keep], perf[keep], limits)
        predicted = banister_performance(load, parameters)[days[i]]
        errors[i] = perf[i] - predicted
    return float(np.sqrt(np.mean(errors**2)))
