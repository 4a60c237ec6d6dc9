"""Character spans <-> token BIO tags, through the tokenizer's offset mapping.

Every token inside an entity is tagged: the first with ``B-kind``, the rest (later words and
word pieces) with ``I-kind``; tokens outside entities are ``O``; special tokens (offsets
``(0, 0)``) get ``IGNORE`` so the loss skips them. Decoding reverses this: a ``B`` (or an
``I`` that does not continue an entity of its kind) opens a span, and the span runs from its
first token's start to its last token's end.
"""

from __future__ import annotations

from collections.abc import Sequence

from aicoach.notes.dataset import Span
from aicoach.notes.labels import OUTSIDE_TAG, EntityKind

IGNORE = -100
Offsets = Sequence[tuple[int, int]]


def tags_for_tokens(offsets: Offsets, spans: Sequence[Span], tags: Sequence[str]) -> list[int]:
    """Tag ids for each token (``IGNORE`` for special tokens)."""
    index = {tag: i for i, tag in enumerate(tags)}
    out: list[int] = []
    previous_span: Span | None = None
    for start, end in offsets:
        if start == end:
            out.append(IGNORE)
            previous_span = None
            continue
        span = next((s for s in spans if s.start <= start and end <= s.end), None)
        if span is None:
            out.append(index[OUTSIDE_TAG])
        elif span is previous_span:
            out.append(index[f"I-{span.kind.value}"])
        else:
            out.append(index[f"B-{span.kind.value}"])
        previous_span = span
    return out


def spans_from_tags(offsets: Offsets, tag_ids: Sequence[int], tags: Sequence[str]) -> list[Span]:
    """Character spans from predicted tag ids (special tokens are skipped)."""
    spans: list[Span] = []
    current: list[int] | None = None  # [start, end]
    kind: EntityKind | None = None
    for (start, end), tag_id in zip(offsets, tag_ids, strict=True):
        if start == end:
            continue
        tag = tags[tag_id]
        if tag == OUTSIDE_TAG:
            current, kind = _close(spans, current, kind)
            continue
        prefix, name = tag.split("-", 1)
        tag_kind = EntityKind(name)
        if prefix == "I" and current is not None and kind is tag_kind:
            current[1] = end
            continue
        _close(spans, current, kind)
        current, kind = [start, end], tag_kind
    _close(spans, current, kind)
    return spans


def _close(
    spans: list[Span], current: list[int] | None, kind: EntityKind | None
) -> tuple[None, None]:
    if current is not None and kind is not None:
        spans.append(Span(current[0], current[1], kind))
    return None, None
