"""Mood from notes in English and Chinese: negative notes lower intensity, positive ones do not.

These use the real readers: VADER, SnowNLP and the lexicon note classifier.
"""

from __future__ import annotations

from functools import cache

import pytest

from aicoach.domain.athlete import Language
from aicoach.domain.plan import Intensity
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.recommend.mood import BilingualSentiment, MoodScorer, note_language
from tests.recommend.support import context, greedy

ORDER = list(Intensity)


@cache
def scorer() -> MoodScorer:
    return MoodScorer(LexiconNoteClassifier())


NEGATIVE = [
    "I feel exhausted and miserable today, no energy at all",
    "Slept badly, legs heavy and I'm really stressed",
    "今天感觉很累，心情很差",
    "心情低落，压力大，不想动",
]
POSITIVE = [
    "Feeling great today, keen to train!",
    "Slept well, full of energy and motivated",
    "今天状态很好，很开心，想跑步",
    "睡得很好，精力充沛",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_a_clearly_negative_note_lowers_intensity(text: str) -> None:
    mood = scorer().read(text)
    assert mood.clearly_negative, mood
    neutral = greedy(context())
    assert neutral.chosen.intensity is Intensity.HARD  # intervals planned, athlete ready
    lowered = greedy(context(note=mood))
    assert ORDER.index(lowered.chosen.intensity) < ORDER.index(Intensity.HARD)
    assert "no hard session" in lowered.verdict.message


@pytest.mark.parametrize("text", POSITIVE)
def test_a_positive_note_does_not_lower_intensity(text: str) -> None:
    mood = scorer().read(text)
    assert mood.mood > 0 and mood.energy > 0, mood
    chosen = greedy(context(note=mood)).chosen
    assert chosen.intensity is Intensity.HARD and chosen.arm == "planned"


def test_sentiment_models_read_valence_in_both_languages() -> None:
    sentiment = BilingualSentiment()
    assert sentiment.valence("What a wonderful, happy run") > 0.5
    assert sentiment.valence("Awful, terrible, I hate this") < -0.5
    assert sentiment.valence("今天非常开心，状态很好") > 0.5
    assert sentiment.valence("今天感觉很累，心情很差") < 0.0
    assert sentiment.valence("   ") == 0.0


def test_labels_outweigh_a_misreading_sentiment_model() -> None:
    """SnowNLP reads this low-mood note as positive; the lexicon's low_mood label wins."""
    text = "心情低落，压力大"
    assert BilingualSentiment().valence(text) > 0
    mood = scorer().read(text)
    assert mood.mood <= -0.5 and mood.source == "lexicon+sentiment"


def test_pain_illness_and_red_flags_come_through() -> None:
    knee = scorer().read("left knee sore after yesterday's run")
    assert knee.pain and knee.pain_sites == ("left knee",)
    fever = scorer().read("发烧了，浑身没劲")
    assert fever.illness and fever.fever and fever.language is Language.CHINESE
    chest = scorer().read("chest pain when climbing the stairs")
    assert chest.stop_and_refer and [f.value for f in chest.red_flags] == ["chest_pain"]
    assert note_language("easy run 5k") is Language.ENGLISH


def test_a_red_flag_note_stops_everything_with_the_fixed_message() -> None:
    decision = greedy(context(note=scorer().read("chest pain when climbing the stairs")))
    assert decision.chosen.arm == "rest"
    assert decision.verdict.level.label == "stop"
    assert decision.reasons[0].startswith("Stop: your notes mention chest pain or pressure.")
