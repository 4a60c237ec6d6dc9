"""Critical power (CP) and W' from a mean-maximal power curve, and estimated FTP.

Two models, each fitted to the athlete's best mean power for several durations:

- 2-parameter hyperbola (Monod & Scherrer 1965): ``P = W'/t + CP``. Linear in ``1/t``, so it
  is fitted by ordinary least squares of power on ``1/t``. It describes efforts from about 2 to
  20 minutes only: shorter efforts lean on alactic/anaerobic power the model does not have, and
  longer ones fall below CP as fatigue and pacing take over (Hill 1993; Jones et al. 2010,
  "Critical power: implications for determination of VO2max and exercise tolerance").
  ``CP_2P_WINDOW_S`` is that default window.
- 3-parameter model (Morton 1996, "A 3-parameter critical power model"):
  ``t = W'/(P - CP) + W'/(CP - Pmax)``, i.e. ``P(t) = CP + W'/(t + W'/(Pmax - CP))``. It adds a
  finite power at ``t = 0`` (Pmax), so it can be fitted to shorter efforts too. It is fitted by
  nonlinear least squares of the power residuals: for a fixed ``k = W'/(Pmax - CP)`` the model
  is linear in CP and W', so the fit is a one-dimensional search over ``k`` (variable
  projection) with a linear solve inside. Parameter standard errors come from the Jacobian at
  the optimum (``s^2 (J^T J)^-1``).

A fit is refused with :class:`aicoach.errors.DataError` when the data cannot support it: too
few distinct durations inside the window, a curve whose power does not fall with duration, or
parameters without physical meaning (CP or W' <= 0, Pmax not identifiable).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError

CP_2P_WINDOW_S: tuple[float, float] = (120.0, 1200.0)
"""Durations used by the 2-parameter fit by default: 2 to 20 minutes (see module docstring)."""

CP_3P_WINDOW_S: tuple[float, float] = (10.0, 1200.0)
"""Durations used by the 3-parameter fit by default: 10 s to 20 minutes. Below ~10 s the
measured peak power depends on the sensor's smoothing more than on the athlete."""

EFTP_MODEL_DURATION_S = 3600.0
"""eFTP from a CP model is the model's power for one hour (FTP's definition, Allen & Coggan)."""

EFTP_20_MIN_FRACTION = 0.95
"""FTP is about 95 % of the best 20-minute power (Allen & Coggan, *Training and Racing with a
Power Meter*, 2nd ed. 2010)."""

MIN_DURATIONS_2P = 3
MIN_DURATIONS_3P = 4
_K_BOUNDS_S: tuple[float, float] = (0.01, 3600.0)
"""Search range of ``k = W'/(Pmax - CP)``; an optimum on either end means Pmax is not
identifiable from the data."""


@dataclass(frozen=True, slots=True)
class CriticalPowerFit2P:
    """A 2-parameter (Monod & Scherrer) fit: ``P = W'/t + CP``."""

    cp_w: float
    w_prime_j: float
    cp_see_w: float
    """Standard error of estimate of CP (0 when the points lie exactly on the model)."""
    w_prime_see_j: float
    r_squared: float
    rmse_w: float
    durations_s: tuple[float, ...]
    """The durations that went into the fit, shortest first."""

    def power_w(self, duration_s: float) -> float:
        """The model's power for an all-out effort of ``duration_s``."""
        return cp_2p_power_w(duration_s, self.cp_w, self.w_prime_j)


@dataclass(frozen=True, slots=True)
class CriticalPowerFit3P:
    """A 3-parameter (Morton 1996) fit: ``P(t) = CP + W'/(t + W'/(Pmax - CP))``."""

    cp_w: float
    w_prime_j: float
    p_max_w: float
    cp_see_w: float
    w_prime_see_j: float
    p_max_see_w: float
    r_squared: float
    rmse_w: float
    durations_s: tuple[float, ...]

    def power_w(self, duration_s: float) -> float:
        """The model's power for an all-out effort of ``duration_s``."""
        return cp_3p_power_w(duration_s, self.cp_w, self.w_prime_j, self.p_max_w)


def cp_2p_power_w(duration_s: float, cp_w: float, w_prime_j: float) -> float:
    """Power of the 2-parameter model ``P = W'/t + CP`` (Monod & Scherrer 1965)."""
    return cp_w + w_prime_j / duration_s


def cp_3p_power_w(duration_s: float, cp_w: float, w_prime_j: float, p_max_w: float) -> float:
    """Power of Morton's (1996) 3-parameter model, ``t = W'/(P-CP) + W'/(CP-Pmax)`` for P."""
    return cp_w + w_prime_j / (duration_s + w_prime_j / (p_max_w - cp_w))


def eftp_from_model_w(fit: CriticalPowerFit2P | CriticalPowerFit3P) -> float:
    """Estimated FTP as the fitted model's power for 60 minutes (``EFTP_MODEL_DURATION_S``).

    FTP is the highest power held for about an hour (Allen & Coggan 2010); reading it off a CP
    model extrapolates beyond the fitted window, which is why the 20-minute rule is offered too.
    """
    return fit.power_w(EFTP_MODEL_DURATION_S)


def eftp_from_20_min_power_w(best_20_min_power_w: float) -> float:
    """Estimated FTP as 95 % of the best 20-minute mean power (Allen & Coggan 2010)."""
    return EFTP_20_MIN_FRACTION * best_20_min_power_w


def fit_cp_2_parameter(
    durations_s: npt.ArrayLike,
    power_w: npt.ArrayLike,
    window_s: tuple[float, float] = CP_2P_WINDOW_S,
) -> CriticalPowerFit2P:
    """Fit CP and W' by least squares of power on ``1/t`` (Monod & Scherrer 1965).

    Only the points whose duration lies in ``window_s`` (inclusive) are used; at least three
    distinct durations are needed so that the fit has a residual and standard errors.
    Raises :class:`DataError` when the data cannot support the fit.
    """
    t, p = _curve_in_window(durations_s, power_w, window_s, MIN_DURATIONS_2P)
    x = 1.0 / t
    n = t.size
    x_mean = float(np.mean(x))
    sxx = float(np.sum((x - x_mean) ** 2))
    w_prime = float(np.sum((x - x_mean) * (p - np.mean(p)))) / sxx
    cp = float(np.mean(p)) - w_prime * x_mean
    _check_physical(cp, w_prime)
    residual = p - (cp + w_prime * x)
    ssr = float(np.sum(residual**2))
    s2 = ssr / (n - 2)
    return CriticalPowerFit2P(
        cp_w=cp,
        w_prime_j=w_prime,
        cp_see_w=float(np.sqrt(s2 * (1.0 / n + x_mean**2 / sxx))),
        w_prime_see_j=float(np.sqrt(s2 / sxx)),
        r_squared=_r_squared(p, ssr),
        rmse_w=float(np.sqrt(ssr / n)),
        durations_s=tuple(float(v) for v in t),
    )


def fit_cp_3_parameter(
    durations_s: npt.ArrayLike,
    power_w: npt.ArrayLike,
    window_s: tuple[float, float] = CP_3P_WINDOW_S,
) -> CriticalPowerFit3P:
    """Fit CP, W' and Pmax of Morton's (1996) 3-parameter model by nonlinear least squares.

    Minimises the squared power residuals over the points in ``window_s`` (at least four
    distinct durations). Raises :class:`DataError` when the data cannot support the fit,
    including when Pmax is not identifiable (the best ``k = W'/(Pmax - CP)`` is on the edge of
    its search range).
    """
    t, p = _curve_in_window(durations_s, power_w, window_s, MIN_DURATIONS_3P)
    k = _best_k_s(t, p)
    cp, w_prime, ssr = _linear_fit_for_k(t, p, k)
    _check_physical(cp, w_prime)
    p_max = cp + w_prime / k
    see = _morton_standard_errors(t, cp, w_prime, p_max, ssr)
    return CriticalPowerFit3P(
        cp_w=cp,
        w_prime_j=w_prime,
        p_max_w=p_max,
        cp_see_w=see[0],
        w_prime_see_j=see[1],
        p_max_see_w=see[2],
        r_squared=_r_squared(p, ssr),
        rmse_w=float(np.sqrt(ssr / t.size)),
        durations_s=tuple(float(v) for v in t),
    )


def _curve_in_window(
    durations_s: npt.ArrayLike,
    power_w: npt.ArrayLike,
    window_s: tuple[float, float],
    min_points: int,
) -> tuple[FloatArray, FloatArray]:
    """The valid (finite, positive) curve points inside the window, shortest first."""
    t = np.asarray(durations_s, dtype=np.float64).ravel()
    p = np.asarray(power_w, dtype=np.float64).ravel()
    if t.shape != p.shape:
        raise DataError(
            f"durations_s has {t.size} values but power_w has {p.size}", field="durations_s"
        )
    keep = np.isfinite(t) & np.isfinite(p) & (t > 0) & (p > 0)
    keep &= (t >= window_s[0]) & (t <= window_s[1])
    t, p = t[keep], p[keep]
    order = np.argsort(t, kind="stable")
    t, p = t[order], p[order]
    if np.unique(t).size != t.size:
        raise DataError("the power curve repeats a duration", field="durations_s")
    if t.size < min_points:
        raise DataError(
            f"need at least {min_points} durations between {window_s[0]:g} s and "
            f"{window_s[1]:g} s with a power, found {t.size}",
            field="durations_s",
        )
    _check_decreasing(t, p)
    return t, p


def _check_decreasing(t: FloatArray, p: FloatArray) -> None:
    rises = np.flatnonzero(np.diff(p) > 1e-9 * p[:-1])
    if rises.size:
        i = int(rises[0])
        raise DataError(
            f"not a mean-maximal curve: power rises from {p[i]:.1f} W at {t[i]:g} s "
            f"to {p[i + 1]:.1f} W at {t[i + 1]:g} s",
            field="power_w",
        )
    if p[-1] >= p[0]:
        raise DataError(
            "power does not fall with duration, so CP and W' cannot be separated",
            field="power_w",
        )


def _check_physical(cp_w: float, w_prime_j: float) -> None:
    if cp_w <= 0 or w_prime_j <= 0:
        raise DataError(
            f"the fit gives CP = {cp_w:.1f} W and W' = {w_prime_j:.0f} J, which have no "
            "physical meaning; the curve does not follow the model",
            field="power_w",
        )


def _r_squared(p: FloatArray, ssr: float) -> float:
    sst = float(np.sum((p - np.mean(p)) ** 2))
    return 1.0 - ssr / sst


def _linear_fit_for_k(t: FloatArray, p: FloatArray, k_s: float) -> tuple[float, float, float]:
    """CP, W' and the residual sum of squares of ``P = CP + W'/(t + k)`` for a fixed k."""
    design = np.column_stack([np.ones_like(t), 1.0 / (t + k_s)])
    coef, *_ = np.linalg.lstsq(design, p, rcond=None)
    residual = p - design @ coef
    return float(coef[0]), float(coef[1]), float(np.sum(residual**2))


def _best_k_s(t: FloatArray, p: FloatArray) -> float:
    """The k minimising the residual sum of squares: log grid, then golden-section search."""
    log_grid = np.linspace(np.log(_K_BOUNDS_S[0]), np.log(_K_BOUNDS_S[1]), 241)
    ssr = np.array([_linear_fit_for_k(t, p, float(np.exp(g)))[2] for g in log_grid])
    i = int(np.argmin(ssr))
    if i in (0, log_grid.size - 1):
        raise DataError(
            "Pmax is not identifiable from these durations (the 3-parameter fit runs to the "
            "edge of its range); add short efforts or use the 2-parameter model",
            field="durations_s",
        )
    lo, hi = float(log_grid[i - 1]), float(log_grid[i + 1])
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    for _ in range(80):
        a = hi - ratio * (hi - lo)
        b = lo + ratio * (hi - lo)
        if (
            _linear_fit_for_k(t, p, float(np.exp(a)))[2]
            < _linear_fit_for_k(t, p, float(np.exp(b)))[2]
        ):
            hi = b
        else:
            lo = a
    return float(np.exp((lo + hi) / 2.0))


def _morton_standard_errors(
    t: FloatArray, cp_w: float, w_prime_j: float, p_max_w: float, ssr: float
) -> tuple[float, float, float]:
    """Standard errors of (CP, W', Pmax) from the Jacobian of the power model at the optimum."""
    d = p_max_w - cp_w
    u = t + w_prime_j / d
    jacobian = np.column_stack(
        [
            1.0 - (w_prime_j / (u * d)) ** 2,
            1.0 / u - w_prime_j / (u**2 * d),
            (w_prime_j / (u * d)) ** 2,
        ]
    )
    s2 = ssr / (t.size - 3)
    covariance = s2 * np.linalg.pinv(jacobian.T @ jacobian)
    se = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    return float(se[0]), float(se[1]), float(se[2])
