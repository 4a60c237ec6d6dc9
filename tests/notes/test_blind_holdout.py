"""The blind held-out note sets: well formed, disjoint from the dataset, and scorable.

Each set (``notes/data/blind_holdout*.csv``, cards in ``BLIND_HOLDOUT*.md``) was written
without sight of the training data or the readers' tables; ``benchmarks/bench_blind_holdout.py``
scores the readers on it. A set measures honestly only until a reader is tuned to it: the
cards say which sets have been read since (set 1 and set 2 have, and are now training and dev
notes of the dataset's fourth round; set 3 has not).
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from aicoach.finetune.dataset_builder import REUSED_BLIND_SETS
from aicoach.notes import LexiconNoteClassifier, NoteLabel

DATA = Path(str(resources.files("aicoach.notes") / "data"))
RED_FLAG_KINDS = {
    "chest_pain",
    "fainting",
    "palpitations",
    "breathlessness",
    "stroke",
    "calf_swelling",
    "pregnancy",
}
OTHER_KINDS = {"", "hard_negative"}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


BLIND_SETS = ["blind_holdout.csv", "blind_holdout_2.csv", "blind_holdout_3.csv"]


@pytest.fixture(scope="module", params=BLIND_SETS)
def rows(request: pytest.FixtureRequest) -> list[dict[str, str]]:
    return _rows(str(request.param))


@pytest.fixture(scope="module")
def first_set() -> list[dict[str, str]]:
    return _rows("blind_holdout.csv")


def _labels(row: dict[str, str]) -> set[str]:
    return {value for value in row["labels"].split(";") if value}


def test_columns_and_values(rows: list[dict[str, str]]) -> None:
    assert list(rows[0]) == ["text", "language", "labels", "kind"]
    known = {label.value for label in NoteLabel}
    for row in rows:
        assert row["text"] == row["text"].strip() and row["text"]
        assert row["language"] in {"en", "zh"}
        assert _labels(row) <= known, row
        assert len(_labels(row)) == len(row["labels"].split(";")) or not row["labels"], row
        red = NoteLabel.RED_FLAG.value in _labels(row)
        assert (row["kind"] in RED_FLAG_KINDS) == red, row
        assert row["kind"] in RED_FLAG_KINDS | OTHER_KINDS, row


def test_languages_match_the_text(rows: list[dict[str, str]]) -> None:
    for row in rows:
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in row["text"])
        assert chinese == (row["language"] == "zh"), row


def test_sizes_and_every_red_flag_kind_in_both_languages(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 300
    for language in ("en", "zh"):
        mine = [r for r in rows if r["language"] == language]
        assert len(mine) >= 150
        assert {r["kind"] for r in mine} >= RED_FLAG_KINDS | {"hard_negative"}
    for kind in RED_FLAG_KINDS:
        assert sum(r["kind"] == kind for r in rows) >= 8, kind
    red = sum(NoteLabel.RED_FLAG.value in _labels(r) for r in rows)
    assert 100 <= red <= len(rows) - 150


def test_no_duplicate_texts(rows: list[dict[str, str]]) -> None:
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("name", [n for n in BLIND_SETS if n not in REUSED_BLIND_SETS])
def test_unspent_sets_are_disjoint_from_the_training_dataset(name: str) -> None:
    dataset = {r["text"].strip().casefold() for r in _rows("notes.csv")}
    assert not [r["text"] for r in _rows(name) if r["text"].strip().casefold() in dataset]


# Picked after measuring (2026-11-23): clear red flags the lexicon catches, and red flags
# negated, ruled out or meant for someone else that it leaves alone.
CAUGHT = [
    "chest pain about 20 min into the tempo, kind of spreading into my left arm. "
    "stopped and sat on a bench",
    "Blacked out for a second after the finish line sprint, woke up on the grass. "
    "Medics checked me over.",
    "wife says my face looked droopy on one side when I got back from the ride and my words "
    "were slurred",
    "Left calf swollen and hot after the flight home, red patch on it too. Didn't run.",
    "28 weeks pregnant, did my gentle jog and noticed some bleeding afterwards",
    "跑到20分钟左右胸口疼，还往左胳膊那边窜，赶紧停了坐路边",
    "冲线后眼前一黑直接晕倒了，醒来躺在草地上，医护过来看了",
    "骑车回来老婆说我半边脸歪了，说话也含糊不清",
    "孕14周，早上跑完见红了",
]
NOT_FLAGGED = [
    "No chest pain this time on the hills, whatever it was last week seems gone. 6x90s done.",
    "no chest tightness, no dizziness, just slow. slept 5h.",
    "No dizziness, no palpitations, just a bit tired from work. Easy 40 min.",
    "这次爬坡没有胸闷了，上周那种感觉没再出现，6组90秒都完成",
    "没胸闷没头晕，就是慢，只睡了5个小时",
    "没有头晕，没有心慌，就是上班有点累，轻松跑40分钟",
]


@pytest.mark.parametrize("text", CAUGHT)
def test_lexicon_catches_clear_red_flags(first_set: list[dict[str, str]], text: str) -> None:
    row = next(r for r in first_set if r["text"] == text)
    assert NoteLabel.RED_FLAG.value in _labels(row)
    assert LexiconNoteClassifier().read(text).has(NoteLabel.RED_FLAG)


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_lexicon_leaves_negated_red_flags_alone(first_set: list[dict[str, str]], text: str) -> None:
    row = next(r for r in first_set if r["text"] == text)
    assert NoteLabel.RED_FLAG.value not in _labels(row)
    assert not LexiconNoteClassifier().read(text).has(NoteLabel.RED_FLAG)


# (set, gold red flags, recall floor): floors guard against regressions only. Set 1 was
# measured at 87/126 on 2026-11-23 and used to develop the cue rules on 2026-12-07 (126/126
# since); set 2 at 100/112 on 2026-12-07 before anyone read it (111/112 after the round
# written in view of it); set 3 at 102/112 after that round and 100/112 after the rules were
# tightened against everyday notes, still unread.
RECALL_FLOORS = [
    ("blind_holdout.csv", 126, 0.95),
    ("blind_holdout_2.csv", 112, 0.95),
    ("blind_holdout_3.csv", 112, 0.87),
]


@pytest.mark.parametrize(("name", "gold_count", "floor"), RECALL_FLOORS)
def test_lexicon_red_flag_recall_on_the_blind_sets(
    name: str, gold_count: int, floor: float
) -> None:
    reader = LexiconNoteClassifier()
    gold = [r for r in _rows(name) if NoteLabel.RED_FLAG.value in _labels(r)]
    caught = [r for r in gold if reader.read(r["text"]).has(NoteLabel.RED_FLAG)]
    assert len(gold) == gold_count
    assert len(caught) / len(gold) >= floor
    if name == "blind_holdout.csv":
        assert set(CAUGHT) <= {r["text"] for r in caught}
