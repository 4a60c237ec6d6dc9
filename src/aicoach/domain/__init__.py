"""Plain typed values of the coaching domain. No I/O lives here."""

from aicoach.domain.activity import Activity, Lap, Sport, StreamChannel, Streams
from aicoach.domain.athlete import AthleteProfile, Goal, Language, Sex, Weekday
from aicoach.domain.parsed import ParsedFile
from aicoach.domain.session import ManualSession
from aicoach.domain.wellness import HrvMethod, WellnessEntry

__all__ = [
    "Activity",
    "AthleteProfile",
    "Goal",
    "HrvMethod",
    "Language",
    "Lap",
    "ManualSession",
    "ParsedFile",
    "Sex",
    "Sport",
    "StreamChannel",
    "Streams",
    "Weekday",
    "WellnessEntry",
]
