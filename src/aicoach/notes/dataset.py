"""Labelled notes: the CSV format of the shipped dataset and of a user's own data.

Columns (UTF-8, header row, comma-separated, quoted as CSV quotes):

- ``text`` (required): the note.
- ``labels`` (required, may be empty): note labels separated by ``;`` (``fatigue;pain``).
- ``entities`` (optional): a JSON list of ``{"start": 0, "end": 4, "kind": "body_part"}``
  with character offsets into ``text``; an optional ``"text"`` key is checked against them.
- ``language`` (optional): ``en`` or ``zh``; guessed from the characters when empty.
- ``split`` (optional): ``train``, ``dev`` or ``test``; when the column is absent or empty
  for every row, splits are assigned by near-duplicate groups (``aicoach.finetune.splits``).
- ``origin`` (optional): ``template`` or ``handwritten`` (default ``handwritten``).
- ``group`` (optional): a family name; rows of one family always share a split.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from aicoach.domain.athlete import Language
from aicoach.errors import DataError
from aicoach.notes.labels import EntityKind, NoteLabel
from aicoach.notes.text import has_chinese

COLUMNS = ("text", "language", "labels", "entities", "split", "origin", "group")
REQUIRED_COLUMNS = ("text", "labels")


class Split(StrEnum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


class Origin(StrEnum):
    TEMPLATE = "template"
    HANDWRITTEN = "handwritten"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: EntityKind


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """One labelled note."""

    text: str
    labels: frozenset[NoteLabel]
    entities: tuple[Span, ...] = ()
    language: Language = Language.ENGLISH
    split: Split | None = None
    origin: Origin = Origin.HANDWRITTEN
    group: str = ""


def shipped_dataset_path() -> Path:
    """The bilingual dataset that ships with aicoach (see docs/notes-dataset.md)."""
    return Path(str(resources.files("aicoach.notes") / "data" / "notes.csv"))


def guess_language(text: str) -> Language:
    return Language.CHINESE if has_chinese(text) else Language.ENGLISH


_MARKUP = re.compile(r"\[([^\[\]|]+)\|([bse])\]")
_MARKUP_KINDS = {"b": EntityKind.BODY_PART, "s": EntityKind.SYMPTOM, "e": EntityKind.EXERCISE}


def parse_markup(markup: str) -> tuple[str, tuple[Span, ...]]:
    """``"[left knee|b] [sore|s]"`` -> ``("left knee sore", spans)``."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    position = 0
    for m in _MARKUP.finditer(markup):
        plain = markup[position : m.start()]
        parts.append(plain)
        length += len(plain)
        words = m.group(1)
        spans.append(Span(length, length + len(words), _MARKUP_KINDS[m.group(2)]))
        parts.append(words)
        length += len(words)
        position = m.end()
    parts.append(markup[position:])
    return "".join(parts), tuple(spans)


def read_notes_csv(path: Path) -> list[NoteRecord]:
    """Read labelled notes; any bad row raises ``DataError`` naming the file, line and field."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise DataError("file not found", source=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise DataError("not UTF-8 text", source=str(path)) from exc
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = reader.fieldnames or []
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise DataError(f"missing column(s): {', '.join(missing)}", source=str(path), line=1)
    records = [_record(row, str(path), n) for n, row in enumerate(reader, start=2)]
    if not records:
        raise DataError("no notes in the file", source=str(path))
    return records


def _record(row: dict[str, str | None], source: str, line: int) -> NoteRecord:
    def value(name: str) -> str:
        return (row.get(name) or "").strip()

    text = row.get("text") or ""
    if not text.strip():
        raise DataError("empty note", source=source, line=line, field="text")

    def choice(name: str, allowed: type[StrEnum], raw: str) -> str:
        if raw not in {member.value for member in allowed}:
            options = ", ".join(member.value for member in allowed)
            raise DataError(f"{raw!r} is not one of: {options}", source, line, name)
        return raw

    parts = [part.strip() for part in value("labels").split(";") if part.strip()]
    labels = frozenset(NoteLabel(choice("labels", NoteLabel, part)) for part in parts)
    raw_language = value("language")
    language = Language(choice("language", Language, raw_language)) if raw_language else None
    split = Split(choice("split", Split, value("split"))) if value("split") else None
    origin = Origin(choice("origin", Origin, value("origin"))) if value("origin") else None
    entities = _entities(value("entities"), text, source, line)
    return NoteRecord(
        text,
        labels,
        entities,
        language or guess_language(text),
        split,
        origin or Origin.HANDWRITTEN,
        value("group"),
    )


def _entities(raw: str, text: str, source: str, line: int) -> tuple[Span, ...]:
    if not raw:
        return ()
    try:
        items = json.loads(raw)
        spans = tuple(
            Span(int(item["start"]), int(item["end"]), EntityKind(item["kind"])) for item in items
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"bad entities JSON: {exc}", source, line, "entities") from exc
    previous_end = 0
    for span, item in zip(spans, items, strict=True):
        if not previous_end <= span.start < span.end <= len(text):
            raise DataError(
                f"span {span.start}-{span.end} is outside the text or overlaps the one before",
                source,
                line,
                "entities",
            )
        if "text" in item and item["text"] != text[span.start : span.end]:
            raise DataError(f"span text {item['text']!r} does not match", source, line, "entities")
        previous_end = span.end
    return spans


def write_notes_csv(records: Iterable[NoteRecord], path: Path) -> None:
    """Write notes in the documented format (the shipped dataset is written by this)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in records:
        entities = [
            {"start": s.start, "end": s.end, "kind": s.kind.value, "text": r.text[s.start : s.end]}
            for s in r.entities
        ]
        writer.writerow(
            [
                r.text,
                r.language.value,
                ";".join(sorted(label.value for label in r.labels)),
                json.dumps(entities, ensure_ascii=False) if entities else "",
                r.split.value if r.split else "",
                r.origin.value,
                r.group,
            ]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")
