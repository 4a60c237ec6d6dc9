"""A database with the synthetic evaluation athlete, and coaches over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from aicoach.backends.base import Backend
from aicoach.backends.options import ScriptedOptions
from aicoach.backends.scripted import ScriptedBackend
from aicoach.coach.eval_athlete import create_eval_athlete
from aicoach.coach.pipeline import Coach, TurnResult
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.settings import Settings
from aicoach.storage.database import Database

Ask = Callable[[str], TurnResult]


@pytest.fixture
def today() -> date:
    return datetime.now(UTC).date()


@pytest.fixture
def athlete_db(database: Database, today: date) -> Database:
    with database.sessions.begin() as session:
        create_eval_athlete(session, today)
    return database


def scripted(*replies: str, languages: frozenset[str] = frozenset({"en", "zh"})) -> ScriptedBackend:
    return ScriptedBackend(ScriptedOptions(replies=replies, languages=languages))


@pytest.fixture
def ask_with(
    athlete_db: Database, today: date, tmp_path: object
) -> Iterator[Callable[[Backend | None], Ask]]:
    """``ask_with(backend)(message)``: one committed turn per call, one conversation."""
    settings = Settings(home=tmp_path)  # type: ignore[arg-type]

    def make(backend: Backend | None) -> Ask:
        state: dict[str, int | None] = {"conversation": None}

        def ask(message: str) -> TurnResult:
            with athlete_db.sessions.begin() as session:
                coach = Coach(
                    session,
                    settings,
                    backend,
                    LexiconNoteClassifier(),
                    today=today,
                    continue_recent=False,
                )
                coach._conversation_id = state["conversation"]
                result = coach.turn(message).finish()
                state["conversation"] = coach._conversation_id
                return result

        return ask

    yield make
