"""Step 4 of a turn: the reply. The fact template is streamed first (fast and always right);
then the model's words are streamed sentence by sentence, each shown only after it passed
``verify.check_sentence``. A model whose first sentence fails is asked once more; after that
the fact template stands alone."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aicoach.backends.base import Backend, Request, Role
from aicoach.coach.prompts import coaching_messages, encouragement_messages
from aicoach.coach.verify import Verdict, allowed_numbers, check_sentence
from aicoach.domain.athlete import Language
from aicoach.errors import AicoachError

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")
"""A Latin full stop ends a sentence only before white space, so "39.7" is never cut."""
MAX_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class ModelPlan:
    """How much a backend may add: sentences and tokens."""

    sentences: int
    max_tokens: int


FLUENT = ModelPlan(sentences=3, max_tokens=120)
TERSE = ModelPlan(sentences=1, max_tokens=40)


@dataclass(slots=True)
class Composition:
    template: str
    added: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    """Why model sentences were dropped (for logs and evaluation)."""


def compose(
    backend: Backend | None,
    lines: Sequence[str],
    facts: dict[str, Any],
    language: Language,
    question: str,
    history: Sequence[tuple[str, str]],
    out: Composition,
) -> Iterator[str]:
    """Yield the reply piece by piece; ``out`` collects what was shown and dropped."""
    yield out.template
    if backend is None or language.value not in backend.capabilities.languages:
        return
    plan = FLUENT if backend.capabilities.fluent else TERSE
    allowed = allowed_numbers([out.template, *_texts(facts)])
    if backend.capabilities.fluent:
        messages = coaching_messages(language, question, facts, history, plan.sentences)
    else:
        messages = encouragement_messages(language, out.template)
    for attempt in range(MAX_ATTEMPTS):
        request = Request(messages, max_tokens=plan.max_tokens, temperature=0.3 + 0.3 * attempt)
        try:
            yield from _checked(backend, request, plan, allowed, language, out)
        except AicoachError as exc:  # a model server that fails leaves the facts standing
            out.rejected.append(f"model failed: {exc}")
            return
        if out.added:
            return


def _checked(
    backend: Backend,
    request: Request,
    plan: ModelPlan,
    allowed: frozenset[float],
    language: Language,
    out: Composition,
) -> Iterator[str]:
    """The model's sentences that pass the checks, up to the first one that does not."""
    instructions = " ".join(m.content for m in request.messages if m.role is Role.SYSTEM)
    for sentence in _sentences(backend.stream(request)):
        if len(out.added) >= plan.sentences:
            return
        verdict = check_sentence(sentence, allowed, language, addressed=plan is TERSE)
        if verdict.ok and sentence.lower().rstrip(".。") in instructions.lower():
            verdict = Verdict(False, "repeats the instructions")
        if not verdict.ok:
            out.rejected.append(f"{verdict.reason}: {sentence[:120]}")
            return
        if _is_new(sentence, out):
            out.added.append(sentence)
            yield ("" if language is Language.CHINESE else " ") + sentence


def _sentences(pieces: Iterator[str]) -> Iterator[str]:
    """Whole sentences out of streamed text pieces (the last one even without a full stop)."""
    buffer = ""
    for piece in pieces:
        buffer += piece
        parts = SENTENCE_END.split(buffer)
        for done in parts[:-1]:
            if done.strip():
                yield done.strip()
        buffer = parts[-1]
    if len(buffer.strip()) > 0 and buffer.rstrip()[-1:] in ".!?。！？":
        yield buffer.strip()


def _is_new(sentence: str, out: Composition) -> bool:
    """Skip sentences that repeat the template or an earlier sentence, and fragments."""
    words = sentence.split()
    too_short = len(sentence) < 6 if not sentence.isascii() else len(words) < 3
    return not too_short and sentence not in out.template and sentence not in out.added


def _texts(value: object) -> Iterator[str]:
    """Numbers and dates among the facts (strings, which may quote user text, do not count)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, int | float | date) and not isinstance(value, bool):
        yield str(value)
