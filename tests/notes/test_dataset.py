"""The labelled-notes CSV format and the shipped bilingual dataset."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from aicoach.domain.athlete import Language
from aicoach.errors import DataError
from aicoach.notes.dataset import (
    NoteRecord,
    Origin,
    Span,
    Split,
    parse_markup,
    read_notes_csv,
    shipped_dataset_path,
    write_notes_csv,
)
from aicoach.notes.labels import EntityKind, NoteLabel


def test_markup_gives_text_and_offsets() -> None:
    text, spans = parse_markup("[left knee|b] [sore|s] after the [long run|e]")
    assert text == "left knee sore after the long run"
    assert [(text[s.start : s.end], s.kind) for s in spans] == [
        ("left knee", EntityKind.BODY_PART),
        ("sore", EntityKind.SYMPTOM),
        ("long run", EntityKind.EXERCISE),
    ]


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    text, spans = parse_markup("[膝盖外侧|b][疼|s]，下楼更明显")
    records = [
        NoteRecord(text, frozenset({NoteLabel.PAIN}), spans, Language.CHINESE, Split.TEST),
        NoteRecord('said "no", felt great', frozenset({NoteLabel.MOTIVATION}), split=Split.TRAIN),
    ]
    path = tmp_path / "notes.csv"
    write_notes_csv(records, path)
    assert read_notes_csv(path) == records


def test_minimal_user_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("text,labels\nlegs heavy,fatigue\n胸闷,red_flag\nfelt ok,\n", "utf-8")
    records = read_notes_csv(path)
    assert [r.language for r in records] == [Language.ENGLISH, Language.CHINESE, Language.ENGLISH]
    assert records[2].labels == frozenset()
    assert all(r.split is None and r.origin is Origin.HANDWRITTEN for r in records)


def with_entities(entities: str) -> str:
    quoted = entities.replace('"', '""')
    return f'text,labels,entities\nknee sore,pain,"{quoted}"\n'


@pytest.mark.parametrize(
    ("content", "line", "field"),
    [
        ("text\nlegs heavy\n", 1, None),
        ("text,labels\nlegs heavy,tired\n", 2, "labels"),
        ("text,labels\nok,\nlegs heavy,fatigue;sleepy\n", 3, "labels"),
        ("text,labels,language\nlegs heavy,fatigue,fr\n", 2, "language"),
        ("text,labels,split\nlegs heavy,fatigue,validation\n", 2, "split"),
        ("text,labels,origin\nlegs heavy,fatigue,scraped\n", 2, "origin"),
        ("text,labels\n ,fatigue\n", 2, "text"),
        (with_entities('[{"start": 0, "end": 40, "kind": "body_part"}]'), 2, "entities"),
        (with_entities('[{"start": 0, "end": 4, "kind": "organ"}]'), 2, "entities"),
        (with_entities('[{"start": 0, "end": 4, "kind": "symptom", "text": "x"}]'), 2, "entities"),
        (with_entities("not json"), 2, "entities"),
    ],
)
def test_bad_rows_name_line_and_field(
    tmp_path: Path, content: str, line: int, field: str | None
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(DataError) as info:
        read_notes_csv(path)
    assert info.value.source == str(path)
    assert info.value.line == line
    assert info.value.field == field
    assert f"line {line}" in str(info.value)


def test_shipped_dataset_is_bilingual_split_and_labelled() -> None:
    records = read_notes_csv(shipped_dataset_path())
    assert 1500 <= len(records) <= 5000
    assert all(r.split is not None for r in records)
    by_split = Counter(r.split for r in records)
    assert by_split[Split.TRAIN] > by_split[Split.TEST] > by_split[Split.DEV] > 100
    for split in Split:
        rows = [r for r in records if r.split is split]
        assert {r.language for r in rows} == set(Language)
        assert {label for r in rows for label in r.labels} == set(NoteLabel)
    handwritten_test = [
        r for r in records if r.origin is Origin.HANDWRITTEN and r.split is Split.TEST
    ]
    assert len(handwritten_test) >= 30
    assert all(isinstance(s, Span) for r in records for s in r.entities)


def test_shipped_dataset_ends_with_the_third_round_then_the_reused_blind_sets() -> None:
    from aicoach.finetune.handwritten_round3 import HANDWRITTEN_ROUND3

    records = read_notes_csv(shipped_dataset_path())
    reused = [r for r in records if r.group.startswith("blind")]
    assert records[-len(reused) :] == reused
    third = records[-len(reused) - len(HANDWRITTEN_ROUND3) : -len(reused)]
    assert [r.text for r in third] == [parse_markup(m)[0] for m, _ in HANDWRITTEN_ROUND3]
    assert all(r.origin is Origin.HANDWRITTEN for r in third + reused)
    for split in (Split.TRAIN, Split.TEST):
        assert {r.language for r in third if r.split is split} == set(Language)
    assert {r.split for r in reused} == {Split.TRAIN, Split.DEV}
    assert {r.language for r in reused} == set(Language)
