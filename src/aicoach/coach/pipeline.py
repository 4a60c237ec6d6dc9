"""One turn of the conversation: safety screen, understanding, tools, reply, memory."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.backends.base import Backend
from aicoach.coach import tools
from aicoach.coach.compose import Composition, compose
from aicoach.coach.intent import Intent, Metric, Understanding
from aicoach.coach.language import detect_language
from aicoach.coach.safety import screen_message
from aicoach.coach.templates import render
from aicoach.coach.tools import ToolContext, ToolResult
from aicoach.coach.understand import understand
from aicoach.domain.athlete import Language
from aicoach.notes.reading import NoteClassifier
from aicoach.settings import Settings
from aicoach.storage import conversations as memory
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.tables import AthleteRow, ConversationTurnRow

MAX_MESSAGE_CHARS = 4000


@dataclass(slots=True)
class TurnResult:
    reply: str
    language: Language
    referral: bool
    intent: str | None
    facts: dict[str, Any]
    timings: dict[str, float]
    backend: str
    rejected: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "reply": self.reply,
            "language": self.language.value,
            "referral": self.referral,
            "intent": self.intent,
            "facts": self.facts,
            "timings": self.timings,
            "backend": self.backend,
        }


class TurnStream:
    """The reply's pieces when iterated; ``result`` once they have all been read."""

    def __init__(self, pieces: Generator[str, None, TurnResult]) -> None:
        self._pieces = pieces
        self.result: TurnResult | None = None

    def __iter__(self) -> Iterator[str]:
        self.result = yield from self._pieces

    def finish(self) -> TurnResult:
        for _ in self:
            pass
        assert self.result is not None
        return self.result


@dataclass(slots=True)
class Coach:
    """The coach for one athlete; ``session`` is committed by the caller after each turn."""

    session: Session
    settings: Settings
    backend: Backend | None
    classifier: NoteClassifier
    athlete_name: str | None = None
    today: date | None = None
    continue_recent: bool = True
    clock: Callable[[], float] = time.perf_counter
    _conversation_id: int | None = None

    def turn(self, message: str) -> TurnStream:
        return TurnStream(self._turn(message[:MAX_MESSAGE_CHARS]))

    @property
    def backend_name(self) -> str:
        return self.backend.description if self.backend is not None else "templates"

    def _turn(self, message: str) -> Generator[str, None, TurnResult]:
        started = self.clock()
        if self.backend is not None:
            self.backend.prepare()  # load the model while the facts are computed
        athlete = resolve_athlete(self.session, self.athlete_name)
        language = detect_language(message, Language(athlete.language))
        first: list[float] = []
        pieces: list[str] = []

        def emit(piece: str) -> str:
            if not first:
                if self.backend is not None:
                    self.backend.ready()
                first.append(self.clock() - started)
            pieces.append(piece)
            return piece

        screening = screen_message(message, self.classifier, language)
        conversation = self._conversation(athlete)
        if screening.referral is not None:
            yield emit(screening.referral)
            facts: dict[str, Any] = {"red_flags": [f.value for f in screening.flags]}
            result = self._result("".join(pieces), language, None, facts, started, first)
            result.referral = True
            self._remember(athlete, conversation, message, result, None)
            return result
        history = memory.recent_turns(self.session, conversation)
        pending = history[-1].pending if history else None
        understanding = understand(message, screening.reading, pending, self.backend)
        context = ToolContext(
            self.session, athlete.name, self.settings, self._today(athlete), language
        )
        outcome = run_tool(context, understanding, message)
        lines = render(outcome, language)
        composition = Composition(
            template=" ".join(lines) if language is Language.ENGLISH else "".join(lines)
        )
        model = None if outcome.missing else self.backend
        past = [(t.message, t.reply) for t in history if not t.referral]
        for piece in compose(model, lines, outcome.values, language, message, past, composition):
            yield emit(piece)
        facts = {"tool": outcome.tool, **outcome.values}
        if outcome.missing:
            facts["missing"] = list(outcome.missing)
        result = self._result(
            "".join(pieces), language, understanding.intent.value, facts, started, first
        )
        result.rejected = composition.rejected
        waiting = understanding.model_dump(mode="json") if outcome.missing else None
        self._remember(athlete, conversation, message, result, waiting)
        return result

    def _conversation(self, athlete: AthleteRow) -> int:
        if self._conversation_id is None:
            row = (
                memory.recent_conversation(self.session, athlete.id)
                if self.continue_recent
                else None
            )
            row = row or memory.start_conversation(self.session, athlete.id, self.backend_name)
            self._conversation_id = row.id
        return self._conversation_id

    def _today(self, athlete: AthleteRow) -> date:
        return self.today or datetime.now(ZoneInfo(athlete.timezone)).date()

    def _result(
        self,
        reply: str,
        language: Language,
        intent: str | None,
        facts: dict[str, Any],
        started: float,
        first: list[float],
    ) -> TurnResult:
        total = self.clock() - started
        timings = {
            "first_token_s": round(first[0] if first else total, 4),
            "total_s": round(total, 4),
        }
        return TurnResult(reply, language, False, intent, facts, timings, self.backend_name)

    def _remember(
        self,
        athlete: AthleteRow,
        conversation: int,
        message: str,
        result: TurnResult,
        pending: dict[str, Any] | None,
    ) -> None:
        memory.add_turn(
            self.session,
            ConversationTurnRow(
                conversation_id=conversation,
                athlete_id=athlete.id,
                message=message,
                reply=result.reply,
                language=result.language.value,
                intent=result.intent,
                referral=result.referral,
                facts=_json_ready(result.facts),
                pending=pending,
                timings=result.timings,
            ),
        )


def run_tool(context: ToolContext, understanding: Understanding, message: str) -> ToolResult:
    """Dispatch an understood request to its tool (exhaustive over ``Intent``)."""
    slots = understanding.slots
    match understanding.intent:
        case Intent.METRIC:
            return tools.metric(context, slots.metric or Metric.CTL)
        case Intent.TODAY:
            return tools.today_session(context, message)
        case Intent.PLAN_QUESTION:
            return tools.plan_overview(context)
        case Intent.PLAN_CHANGE:
            return tools.change_plan(context, slots)
        case Intent.PAIN:
            return tools.pain_report(context, slots, message)
        case Intent.GENERAL:
            return tools.general(context, message)


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
