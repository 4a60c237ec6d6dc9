"""Train/dev/test splits without near-duplicates across them.

Two notes are near-duplicates when the Jaccard similarity of their character shingles
(3-grams for English, 2-grams for Chinese, on text lower-cased with digits replaced by 0 and
spaces collapsed) is at least ``NEAR_DUPLICATE_JACCARD``. Candidate pairs come from MinHash
with banding (LSH); each candidate is checked with the exact Jaccard. Near-duplicates and
notes of the same ``group`` are joined into one cluster (union-find), and whole clusters go
to one split, so "left knee sore" in train cannot face "right knee sore" in test.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from aicoach.notes.dataset import NoteRecord, Split
from aicoach.notes.text import has_chinese, normalise

NEAR_DUPLICATE_JACCARD = 0.6
DEFAULT_FRACTIONS: dict[Split, float] = {Split.TRAIN: 0.7, Split.DEV: 0.1, Split.TEST: 0.2}
_BANDS = 20
_ROWS = 3
_PRIME = (1 << 61) - 1


def shingles(text: str) -> frozenset[int]:
    """Hashed character shingles of the normalised note."""
    normal = re.sub(r"\s+", " ", re.sub(r"\d", "0", normalise(text))).strip()
    size = 2 if has_chinese(normal) else 3
    if len(normal) <= size:
        return frozenset({zlib.crc32(normal.encode())})
    grams = {normal[i : i + size] for i in range(len(normal) - size + 1)}
    return frozenset(zlib.crc32(gram.encode()) for gram in grams)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose shingle Jaccard is at least ``threshold``."""
    sets = [shingles(text) for text in texts]
    signatures = _minhash(sets)
    candidates: set[tuple[int, int]] = set()
    for band in range(_BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        rows = signatures[:, band * _ROWS : (band + 1) * _ROWS]
        for i in range(len(sets)):
            buckets[rows[i].tobytes()].append(i)
        for members in buckets.values():
            candidates.update((a, b) for k, a in enumerate(members) for b in members[k + 1 :])
    return sorted((a, b) for a, b in candidates if jaccard(sets[a], sets[b]) >= threshold)


def _minhash(sets: list[frozenset[int]]) -> npt.NDArray[np.uint64]:
    rng = np.random.default_rng(20240607)
    count = _BANDS * _ROWS
    a = rng.integers(1, _PRIME, size=count, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=count, dtype=np.uint64)
    out = np.empty((len(sets), count), dtype=np.uint64)
    for i, items in enumerate(sets):
        x = np.fromiter(items, dtype=np.uint64)[:, None]
        # (a*x + b) mod p on uint64 wraps; the wrap is a fixed hash, which is all MinHash needs.
        out[i] = ((x * a + b) % _PRIME).min(axis=0)
    return out


def clusters(records: Sequence[NoteRecord]) -> list[int]:
    """A cluster id per record: near-duplicates and same-``group`` records share one."""
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    first_of_group: dict[str, int] = {}
    for i, record in enumerate(records):
        if record.group:
            union(i, first_of_group.setdefault(record.group, i))
    for i, j in near_duplicate_pairs([r.text for r in records]):
        union(i, j)
    return [find(i) for i in range(len(records))]


def assign_splits(
    records: Sequence[NoteRecord],
    fractions: dict[Split, float] | None = None,
    seed: int = 13,
) -> list[NoteRecord]:
    """The records with ``split`` set, whole clusters at a time, near the given fractions."""
    targets = fractions or DEFAULT_FRACTIONS
    members: dict[int, list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters(records)):
        members[cluster].append(i)
    groups = list(members.values())
    random.Random(seed).shuffle(groups)
    groups.sort(key=len, reverse=True)
    filled = dict.fromkeys(targets, 0)
    chosen: dict[int, Split] = {}
    total = len(records)
    for group in groups:
        split = max(targets, key=lambda s: targets[s] * total - filled[s])
        filled[split] += len(group)
        chosen.update(dict.fromkeys(group, split))
    return [replace(record, split=chosen[i]) for i, record in enumerate(records)]


def cross_split_near_duplicates(
    records: Sequence[NoteRecord], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[NoteRecord, NoteRecord]]:
    """Near-duplicate pairs whose two notes are in different splits (should be none)."""
    pairs = near_duplicate_pairs([r.text for r in records], threshold)
    return [(records[i], records[j]) for i, j in pairs if records[i].split != records[j].split]
