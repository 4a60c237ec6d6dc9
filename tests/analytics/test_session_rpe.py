"""Foster's session-RPE load."""

from __future__ import annotations

from datetime import date

import pytest

from aicoach.analytics.session_rpe import manual_session_load_au, session_rpe_load_au
from aicoach.domain.activity import Sport
from aicoach.domain.session import ManualSession
from aicoach.errors import DataError


def test_foster_example_rpe_7_for_60_minutes_is_420_au() -> None:
    assert session_rpe_load_au(7.0, 60.0) == 420.0


def test_rating_and_duration_both_scale_the_load() -> None:
    # 45 min at RPE 3 = 135 AU; 20 min at RPE 9 = 180 AU: the short hard session weighs more.
    assert session_rpe_load_au(3.0, 45.0) == 135.0
    assert session_rpe_load_au(9.0, 20.0) == 180.0


def test_manual_session_duration_is_converted_from_seconds() -> None:
    session = ManualSession(
        day=date(2024, 5, 1), sport=Sport.STRENGTH, duration_s=2700.0, rpe_0_10=5.5
    )
    # 2700 s = 45 min; 5.5 x 45 = 247.5 AU.
    assert manual_session_load_au(session) == pytest.approx(247.5)


@pytest.mark.parametrize("rpe", [-1.0, 10.5, float("nan")])
def test_rating_outside_cr10_is_refused(rpe: float) -> None:
    with pytest.raises(DataError, match="RPE"):
        session_rpe_load_au(rpe, 30.0)


def test_negative_duration_is_refused() -> None:
    with pytest.raises(DataError, match="duration"):
        session_rpe_load_au(5.0, -1.0)
