"""Build the shipped bilingual dataset of labelled coaching notes.

How: every clause template of ``note_templates`` is one family, and each family is given to
exactly one split (about 60 % train, 15 % dev, 25 % test per language and category). Notes
for a split are composed of one to three clauses drawn from that split's families only, with
slots (body part, exercise, numbers) filled at random, so a test note never reuses a train
template. The hand-written notes of ``handwritten_notes`` are split by a seeded draw (40 %
train, 10 % dev, 50 % test). Exact duplicates are dropped, and any dev or test note that is a
near-duplicate of a note in another split (``splits.cross_split_near_duplicates``) is dropped
too. The output is deterministic for a seed.

The third round of hand-written notes (``handwritten_round3``) continues the same seeded
draw after the earlier hand-written notes, and is appended after every earlier row
(``append_round``): a round-3 note that repeats an earlier note or near-duplicates one in
another split is dropped, never the earlier note, so earlier rows keep their place and split.

The fourth round (``reused_blind_records``) reuses blind note sets 1 and 2 once they were
spent as blind measures (read while the red-flag detector was tuned to them; see
docs/red-flags.md): notes by other authors, in other words, drawn 80 % train and 20 % dev
(none in test, so the test split stays comparable across versions; the unread blind set 3
measures these styles). Their ``pain`` label is dropped on red-flag notes, as this dataset
does not add ``pain`` to a red flag; they carry no entity spans. Appended like round 3.

Run: ``python -m aicoach.finetune.dataset_builder [OUT.csv]`` (default: the shipped file).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from aicoach.domain.athlete import Language
from aicoach.finetune.handwritten_notes import FIRST_ROUND, HANDWRITTEN
from aicoach.finetune.handwritten_round3 import HANDWRITTEN_ROUND3
from aicoach.finetune.note_templates import (
    BODY_PARTS,
    CATEGORY_LABELS,
    EXERCISES,
    FIRST_ROUND_TEMPLATES,
    TEMPLATES,
    Category,
)
from aicoach.finetune.splits import cross_split_near_duplicates
from aicoach.notes.dataset import (
    NoteRecord,
    Origin,
    Split,
    guess_language,
    parse_markup,
    shipped_dataset_path,
    write_notes_csv,
)
from aicoach.notes.labels import NoteLabel
from aicoach.notes.text import normalise

SEED = 7
NOTES_PER_SPLIT: dict[Split, int] = {Split.TRAIN: 1500, Split.DEV: 300, Split.TEST: 500}
TEMPLATE_SHARE: dict[Split, float] = {Split.TRAIN: 0.6, Split.DEV: 0.15, Split.TEST: 0.25}
HANDWRITTEN_SHARE: dict[Split, float] = {Split.TRAIN: 0.4, Split.DEV: 0.1, Split.TEST: 0.5}
REUSED_BLIND_SETS = ("blind_holdout.csv", "blind_holdout_2.csv")
"""Blind note sets that were read and tuned to, so they no longer measure anything blind."""
REUSED_BLIND_SHARE: dict[Split, float] = {Split.TRAIN: 0.8, Split.DEV: 0.2}
CATEGORY_WEIGHTS: dict[Category, float] = {
    "fatigue": 1.0,
    "pain": 1.3,
    "illness": 0.9,
    "low_mood": 0.9,
    "motivation": 1.0,
    "red_flag": 0.9,
    "neutral": 1.2,
    "negated": 0.8,
}
CLAUSE_COUNTS = (1, 2, 3)
CLAUSE_COUNT_WEIGHTS = (0.45, 0.4, 0.15)
SEPARATORS: dict[Language, tuple[str, ...]] = {
    Language.ENGLISH: (", ", ". ", "; ", " and ", " - ", ", "),
    Language.CHINESE: ("，", "。", "；", "，而且", "，"),
}
_INCOMPATIBLE = {frozenset({"motivation", "low_mood"})}
TYPO_RATE = 0.12
"""Share of English template notes given one misspelt word (outside entity markup)."""


@dataclass(frozen=True)
class Family:
    """One clause template: its id (``en/pain/03``), language, category and markup."""

    id: str
    language: Language
    category: Category
    markup: str
    first_round: bool = True
    """From ``note_templates``' first round (not ``paraphrase_templates``)."""


def families(first_round_only: bool = False) -> list[Family]:
    out: list[Family] = []
    for language, by_category in TEMPLATES.items():
        for category, markups in by_category.items():
            first = len(FIRST_ROUND_TEMPLATES[language].get(category, ()))
            for k, markup in enumerate(markups):
                family_id = f"{language.value}/{category}/{k:02d}"
                out.append(Family(family_id, language, category, markup, k < first))
    return [f for f in out if f.first_round or not first_round_only]


def split_families(seed: int = SEED, first_round_only: bool = False) -> dict[Split, list[Family]]:
    """Each family in exactly one split, stratified by language and category.

    First-round families are split exactly as before the paraphrases were added (same seed,
    same draws), and the paraphrase families separately, so a first-round test template is a
    test template in every version of the dataset.
    """
    out: dict[Split, list[Family]] = {split: [] for split in Split}
    every = families(first_round_only)
    _split_strata(random.Random(seed), [f for f in every if f.first_round], out)
    _split_strata(random.Random(seed + 1000), [f for f in every if not f.first_round], out)
    return out


def _split_strata(
    rng: random.Random, members_of: Sequence[Family], out: dict[Split, list[Family]]
) -> None:
    strata: dict[tuple[Language, Category], list[Family]] = {}
    for family in members_of:
        strata.setdefault((family.language, family.category), []).append(family)
    for members in strata.values():
        shuffled = members[:]
        rng.shuffle(shuffled)
        n_dev = max(1, round(len(shuffled) * TEMPLATE_SHARE[Split.DEV]))
        n_test = max(1, round(len(shuffled) * TEMPLATE_SHARE[Split.TEST]))
        out[Split.DEV] += shuffled[:n_dev]
        out[Split.TEST] += shuffled[n_dev : n_dev + n_test]
        out[Split.TRAIN] += shuffled[n_dev + n_test :]


def fill(markup: str, language: Language, rng: random.Random) -> str:
    """Fill the slots of a template (the result is still markup)."""
    slots = {
        "bp": lambda: rng.choice(BODY_PARTS[language]),
        "ex": lambda: f"[{rng.choice(EXERCISES[language])}|e]",
        "n": lambda: str(rng.randint(2, 9)),
        "km": lambda: str(rng.randint(3, 30)),
    }
    return re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)](), markup)


def compose(
    pool: Sequence[Family], language: Language, rng: random.Random, typo_rate: float = TYPO_RATE
) -> tuple[str, str]:
    """One note's markup and its family ids (``+``-joined), from clauses of ``pool``."""
    by_category: dict[Category, list[Family]] = {}
    for family in pool:
        if family.language is language:
            by_category.setdefault(family.category, []).append(family)
    count = rng.choices(CLAUSE_COUNTS, CLAUSE_COUNT_WEIGHTS)[0]
    chosen: list[Category] = []
    names = list(CATEGORY_WEIGHTS)
    while len(chosen) < count:
        category = rng.choices(names, [CATEGORY_WEIGHTS[n] for n in names])[0]
        clash = any(frozenset({category, c}) in _INCOMPATIBLE for c in chosen)
        if category not in chosen and not clash and category in by_category:
            chosen.append(category)
    clauses = [rng.choice(by_category[category]) for category in chosen]
    text = fill(clauses[0].markup, language, rng)
    for family in clauses[1:]:
        text += rng.choice(SEPARATORS[language]) + fill(family.markup, language, rng)
    if typo_rate and language is Language.ENGLISH and rng.random() < typo_rate:
        text = add_typo(text, rng)
    if language is Language.ENGLISH and rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    return text, "+".join(family.id for family in clauses)


def add_typo(markup: str, rng: random.Random) -> str:
    """One word of five letters or more, outside ``[...]`` markup, misspelt.

    Two inner letters are swapped ("tierd") or one is dropped ("exhaused"), as in hurried
    diary notes; entity offsets stay right because marked-up words are never touched.
    """
    words = [
        m
        for m in re.finditer(r"[a-z]{5,}", markup)
        if markup.count("[", 0, m.start()) == markup.count("]", 0, m.start())
    ]
    if not words:
        return markup
    m = rng.choice(words)
    word = m.group(0)
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5 and word[i] != word[i + 1]:
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    else:
        word = word[:i] + word[i + 1 :]
    return markup[: m.start()] + word + markup[m.end() :]


def _labels(families_id: str) -> frozenset[NoteLabel]:
    categories = [part.split("/")[1] for part in families_id.split("+")]
    return frozenset(NoteLabel(label) for c in categories for label in CATEGORY_LABELS[c])


def template_notes(seed: int = SEED, first_round_only: bool = False) -> list[NoteRecord]:
    rng = random.Random(seed)
    pools = split_families(seed, first_round_only)
    typo_rate = 0.0 if first_round_only else TYPO_RATE
    notes: list[NoteRecord] = []
    for split, count in NOTES_PER_SPLIT.items():
        for k in range(count):
            language = Language.ENGLISH if k % 2 == 0 else Language.CHINESE
            markup, ids = compose(pools[split], language, rng, typo_rate)
            text, spans = parse_markup(markup)
            group = ids.split("+")[0]
            notes.append(
                NoteRecord(text, _labels(ids), spans, language, split, Origin.TEMPLATE, group)
            )
    return notes


def handwritten_records(seed: int = SEED, first_round_only: bool = False) -> list[NoteRecord]:
    """Every hand-written note (rounds one to three; the first only with ``first_round_only``)
    with its split from one seeded draw in order, so a later round never moves an earlier
    note's split. Groups are ``hw/000``, ``hw/001``, ... in the same order."""
    rng = random.Random(seed + 1)
    splits = list(HANDWRITTEN_SHARE)
    weights = list(HANDWRITTEN_SHARE.values())
    records: list[NoteRecord] = []
    notes = FIRST_ROUND if first_round_only else (*HANDWRITTEN, *HANDWRITTEN_ROUND3)
    for k, (markup, labels) in enumerate(notes):
        text, spans = parse_markup(markup)
        label_set = frozenset(NoteLabel(part) for part in labels.split(";") if part)
        split = rng.choices(splits, weights)[0]
        language = guess_language(text)
        records.append(
            NoteRecord(text, label_set, spans, language, split, Origin.HANDWRITTEN, f"hw/{k:03d}")
        )
    return records


def reused_blind_records(seed: int = SEED) -> list[NoteRecord]:
    """The notes of ``REUSED_BLIND_SETS`` in file order, each with a split from one seeded
    draw; groups ``blind1/000``, ``blind2/000``, ... (see the module docstring)."""
    rng = random.Random(seed + 4)
    splits = list(REUSED_BLIND_SHARE)
    weights = list(REUSED_BLIND_SHARE.values())
    records: list[NoteRecord] = []
    for number, name in enumerate(REUSED_BLIND_SETS, start=1):
        path = Path(str(resources.files("aicoach.notes") / "data" / name))
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for k, row in enumerate(rows):
            labels = {NoteLabel(part) for part in row["labels"].split(";") if part}
            if NoteLabel.RED_FLAG in labels:
                labels.discard(NoteLabel.PAIN)
            split = rng.choices(splits, weights)[0]
            text = row["text"]
            group = f"blind{number}/{k:03d}"
            records.append(
                NoteRecord(
                    text, frozenset(labels), (), guess_language(text), split,
                    Origin.HANDWRITTEN, group,
                )
            )  # fmt: skip
    return records


def deduplicate(records: Sequence[NoteRecord]) -> list[NoteRecord]:
    """Drop exact repeats (after normalisation), then non-train near-duplicates across splits."""
    seen: set[str] = set()
    unique: list[NoteRecord] = []
    for record in records:
        key = _key(record)
        if key not in seen:
            seen.add(key)
            unique.append(record)
    while pairs := cross_split_near_duplicates(unique):
        drop: set[int] = set()
        for a, b in pairs:
            loser = b if _rank(b) >= _rank(a) else a
            drop.add(id(loser))
        unique = [r for r in unique if id(r) not in drop]
    return unique


def append_round(earlier: Sequence[NoteRecord], new: Sequence[NoteRecord]) -> list[NoteRecord]:
    """``earlier`` unchanged, then the notes of ``new`` that leak nothing into it.

    A new note is dropped when it repeats an earlier or new note (after normalisation) or
    is a near-duplicate of a note in another split; between two new notes the test copy goes
    first, then dev, as in ``deduplicate``. Earlier rows are never dropped or moved.
    """
    seen = {_key(record) for record in earlier}
    kept: list[NoteRecord] = []
    for record in new:
        key = _key(record)
        if key not in seen:
            seen.add(key)
            kept.append(record)
    fresh = {id(record) for record in kept}
    while kept and (pairs := cross_split_near_duplicates([*earlier, *kept])):
        drop: set[int] = set()
        for a, b in pairs:
            if id(a) in fresh and id(b) in fresh:
                drop.add(id(b if _rank(b) >= _rank(a) else a))
            else:
                drop.add(id(a) if id(a) in fresh else id(b))
        kept = [r for r in kept if id(r) not in drop]
    return [*earlier, *kept]


def _key(record: NoteRecord) -> str:
    return " ".join(normalise(record.text).split())


def _rank(record: NoteRecord) -> int:
    """Which copy to drop first: test, then dev; a train note is kept."""
    order = {Split.TRAIN: 0, Split.DEV: 1, Split.TEST: 2, None: 3}
    return order[record.split]


def build(
    seed: int = SEED,
    first_round_only: bool = False,
    with_round3: bool = True,
    with_round4: bool = True,
) -> list[NoteRecord]:
    """The dataset; ``first_round_only`` rebuilds the first version (before paraphrases,
    typos and the second round of hand-written notes), whose test notes stay held out;
    ``with_round3=False`` the second version (before ``handwritten_round3``) and
    ``with_round4=False`` the third (before the reused blind sets): each is the first rows of
    the next, in the same order and splits."""
    handwritten = handwritten_records(seed, first_round_only)
    earlier = deduplicate(
        [
            *handwritten[: len(HANDWRITTEN)],
            *template_notes(seed, first_round_only),
        ]
    )
    if not with_round3:
        return earlier
    third = append_round(earlier, handwritten[len(HANDWRITTEN) :])
    if not with_round4 or first_round_only:
        return third
    return append_round(third, reused_blind_records(seed))


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else shipped_dataset_path()
    records = build()
    write_notes_csv(records, out)
    sys.stdout.write(f"wrote {len(records)} notes to {out}\n")


if __name__ == "__main__":
    main()
