"""Helpers shared by the alert tests."""

from __future__ import annotations

from datetime import date

from aicoach.alerts import Alert, AthleteTimeline

FIRST_DAY = date(2024, 3, 1)


def fired_on(alerts: list[Alert], timeline: AthleteTimeline) -> list[int]:
    """The day indexes the alerts fell on, in order."""
    return [timeline.index_of(alert.day) for alert in alerts]
