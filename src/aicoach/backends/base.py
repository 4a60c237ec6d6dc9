"""The one interface every language-model backend offers, and the values it exchanges."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True, slots=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A typed tool the model may call: ``parameters`` is a JSON schema object."""

    name: str
    description: str
    parameters: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ToolCall:
    name: str
    arguments: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Request:
    """One completion request. ``json_schema`` asks for JSON of that shape (a grammar where
    the backend supports one); ``tools`` are offered to backends that can call them."""

    messages: tuple[Message, ...]
    max_tokens: int = 200
    temperature: float = 0.2
    json_schema: Mapping[str, Any] | None = None
    tools: tuple[ToolSpec, ...] = ()
    stop: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    tool_calls: tuple[ToolCall, ...] = ()
    completion_tokens: int | None = None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a backend can do. ``languages`` are the reply languages it writes well enough to be
    shown; ``fluent`` says whether its free text is good enough for more than one sentence."""

    streaming: bool = True
    json_schema: bool = False
    tools: bool = False
    languages: frozenset[str] = field(default_factory=lambda: frozenset({"en"}))
    fluent: bool = False


class Backend(ABC):
    """A language model: ``complete`` returns the whole answer, ``stream`` yields text pieces.

    Subclasses set ``name`` and ``options_model`` (a pydantic model that rejects unknown keys)
    and take an instance of it in ``__init__``.
    """

    name: ClassVar[str]
    options_model: ClassVar[type[BaseModel]]

    @property
    @abstractmethod
    def capabilities(self) -> Capabilities: ...

    @property
    def description(self) -> str:
        """What runs behind the backend, e.g. the model file or server, for reports."""
        return self.name

    def prepare(self) -> None:
        """Start any slow set-up (loading a model) in the background; default: nothing."""
        return

    def ready(self) -> None:
        """Wait until ``prepare``'s set-up is done; default: nothing to wait for."""
        return

    @abstractmethod
    def complete(self, request: Request) -> Completion: ...

    def stream(self, request: Request) -> Iterator[str]:
        """Text pieces as they are generated; backends that cannot stream yield one piece."""
        yield self.complete(request).text
