"""A character the vocabulary lacks reads as [MASK], in training and in the predictor alike."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("tokenizers")

from tokenizers import Tokenizer  # noqa: E402

from aicoach.finetune.encoder import build_tokenizer, extend_vocab  # noqa: E402
from aicoach.finetune.encoding import encode_record, encode_text  # noqa: E402
from aicoach.finetune.predictor import FineTunedNoteClassifier, LabelMap  # noqa: E402
from aicoach.notes.dataset import NoteRecord, Split, parse_markup  # noqa: E402
from aicoach.notes.labels import NoteLabel, bio_tags  # noqa: E402

BASE_VOCAB = {
    token: i
    for i, token in enumerate(
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "knee", "sore", "after", "the", ","]
    )
}
TRAIN_TEXT = "膝盖外侧疼，下楼更明显"
UNSEEN = "饕"  # in no training note, so not in the vocabulary


def tokenizer() -> Tokenizer:
    return build_tokenizer(extend_vocab(BASE_VOCAB, [TRAIN_TEXT]), 32)


def ids_of(tok: Tokenizer, *tokens: str) -> list[int]:
    found = [tok.token_to_id(token) for token in tokens]
    assert all(i is not None for i in found)
    return [int(i) for i in found if i is not None]


def test_raw_tokenizer_gives_unk_for_an_unseen_character() -> None:
    tok = tokenizer()
    assert UNSEEN not in extend_vocab(BASE_VOCAB, [TRAIN_TEXT])
    assert tok.token_to_id("[UNK]") in tok.encode(f"膝{UNSEEN}疼").ids


def test_encode_text_reads_an_unseen_character_as_mask() -> None:
    tok = tokenizer()
    unk, mask, knee, seen = ids_of(tok, "[UNK]", "[MASK]", "膝", "疼")
    ids, offsets = encode_text(tok, f"膝{UNSEEN}疼")
    assert unk not in ids
    assert ids[1:-1] == [knee, mask, seen]
    assert offsets == [(int(a), int(b)) for a, b in tok.encode(f"膝{UNSEEN}疼").offsets]
    # an unknown English word piece and an emoji follow the same rule
    english, _ = encode_text(tok, "knee zzqx sore 🙂")
    assert unk not in english and english.count(mask) == 2


def test_training_encoder_path_uses_mask_and_keeps_entity_tags() -> None:
    tok = tokenizer()
    unk, mask = ids_of(tok, "[UNK]", "[MASK]")
    text, spans = parse_markup(f"[膝盖|b]{UNSEEN}[疼|s]")
    record = NoteRecord(text, frozenset({NoteLabel.PAIN}), spans, split=Split.TRAIN)
    encoded = encode_record(tok, record, tuple(NoteLabel), bio_tags(), True)
    assert unk not in encoded.ids and encoded.ids[3] == mask
    tags = bio_tags()
    assert [tags[t] for t in encoded.tags[1:-1]] == [
        "B-body_part",
        "I-body_part",
        "O",
        "B-symptom",
    ]


class RecordingModel(torch.nn.Module):  # type: ignore[misc]
    """Stands in for ``NoteModel``: remembers the ids it was given, predicts nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[list[int]] = []

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        self.seen += input_ids.tolist()
        batch, width = input_ids.shape
        return torch.zeros(batch, len(NoteLabel)), torch.zeros(batch, width, len(bio_tags()))


@pytest.mark.parametrize("saved", [False, True])
def test_predictor_reads_an_unseen_character_as_mask(tmp_path: Path, saved: bool) -> None:
    tok = tokenizer()
    if saved:  # a model folder's tokenizer.json, loaded back as ``saved.load_model`` does
        tok.save(str(tmp_path / "tokenizer.json"))
        tok = Tokenizer.from_file(str(tmp_path / "tokenizer.json"))
    unk, mask = ids_of(tok, "[UNK]", "[MASK]")
    label_map = LabelMap(
        tuple(NoteLabel), tuple(bio_tags()), dict.fromkeys(NoteLabel, 0.5), True, 32
    )
    model = RecordingModel()
    classifier = FineTunedNoteClassifier(model, tok, label_map, torch.device("cpu"))  # type: ignore[arg-type]
    classifier.read(f"膝{UNSEEN}疼")
    assert model.seen and unk not in model.seen[0] and mask in model.seen[0]
