"""What a reader returns for one input file, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from aicoach.domain.activity import Activity
from aicoach.domain.session import ManualSession
from aicoach.domain.wellness import WellnessEntry


@dataclass(slots=True)
class ParsedFile:
    """Everything one file held, plus what had to be repaired to read it.

    ``recovered`` lists each repair in plain words ("file ends early at byte 768: kept the 14
    records before it"). A non-empty list makes the import status ``recovered``. ``skipped``
    explains why a well-formed file held nothing to import (a settings file, a workout file).
    """

    source: str
    format: str
    activities: list[Activity] = field(default_factory=list)
    wellness: list[WellnessEntry] = field(default_factory=list)
    sessions: list[ManualSession] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.activities or self.wellness or self.sessions)
