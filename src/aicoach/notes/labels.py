"""The closed label sets of note understanding: note labels, entity kinds and BIO tags.

A note carries any number of labels (multi-label):

- ``fatigue``: tiredness, heavy legs, poor sleep, feeling flat or drained.
- ``pain``: pain, soreness beyond ordinary training ache, a niggle or an injury that hurts.
- ``illness``: cold, flu, fever, sore throat, stomach bug, feeling ill.
- ``low_mood``: low mood, stress, anxiety, low motivation ("can't be bothered").
- ``motivation``: positive, high motivation: feeling great, keen, a personal best.
- ``red_flag``: one of the red flags of DESIGN.md (chest pain, fainting, palpitations,
  breathlessness out of proportion, stroke signs, calf swelling, pregnancy warning signs).

A label is what the note asserts: "no chest pain" does not carry ``red_flag`` and "knee
fine now" does not carry ``pain``. Entities, by contrast, tag what the note mentions, negated
or not: in "no chest pain", "chest pain" is still a ``symptom`` entity.
"""

from __future__ import annotations

from enum import StrEnum


class NoteLabel(StrEnum):
    FATIGUE = "fatigue"
    PAIN = "pain"
    ILLNESS = "illness"
    LOW_MOOD = "low_mood"
    MOTIVATION = "motivation"
    RED_FLAG = "red_flag"


class EntityKind(StrEnum):
    BODY_PART = "body_part"
    SYMPTOM = "symptom"
    EXERCISE = "exercise"


OUTSIDE_TAG = "O"


def bio_tags() -> list[str]:
    """Every BIO tag, in a fixed order: ``O``, then ``B-``/``I-`` for each entity kind."""
    tags = [OUTSIDE_TAG]
    for kind in EntityKind:
        tags += [f"B-{kind.value}", f"I-{kind.value}"]
    return tags
