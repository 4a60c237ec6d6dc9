"""Step 1 of a turn: screen the user's message for red flags before anything else."""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.alerts.red_flag_symptoms import find_red_flags
from aicoach.alerts.red_flag_terms import LABELS, RedFlag, stop_and_refer_message
from aicoach.domain.athlete import Language
from aicoach.notes.reading import NoteClassifier, NoteReading
from aicoach.notes.signals import note_signals

FLAG_VALUES = frozenset(flag.value for flag in RedFlag)
GENERIC_LABEL = {Language.ENGLISH: "a possible warning sign", Language.CHINESE: "可能的危险信号"}
"""Named when a reader (e.g. the fine-tuned model) flags wording no red-flag category matches."""


@dataclass(frozen=True, slots=True)
class Screening:
    reading: NoteReading
    flags: tuple[RedFlag, ...]
    referral: str | None
    """The fixed stop-and-refer reply, or ``None`` when the message is safe to answer."""


def screen_message(text: str, classifier: NoteClassifier, language: Language) -> Screening:
    """Read ``text`` with the note classifier (model or lexicon, red-flag lexicon always on)."""
    reading = classifier.read(text)
    if not note_signals(reading).stop_and_refer:
        return Screening(reading, (), None)
    flags = _flags(text, reading)
    if flags:
        return Screening(reading, flags, stop_and_refer_message(language, list(flags)))
    template = stop_and_refer_message(language, [RedFlag.CHEST_PAIN])
    generic = template.replace(LABELS[language][RedFlag.CHEST_PAIN], GENERIC_LABEL[language])
    return Screening(reading, (), generic)


def _flags(text: str, reading: NoteReading) -> tuple[RedFlag, ...]:
    found = [match.flag for match in find_red_flags(text)]
    for reason in reading.evidence:  # "red_flag: chest_pain: ..." from the lexicon
        parts = [p.strip() for p in reason.split(":")]
        found += [RedFlag(p) for p in parts if p in FLAG_VALUES]
    return tuple(dict.fromkeys(found))
