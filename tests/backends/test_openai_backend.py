"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from aicoach.backends.base import Message, Request, Role, ToolSpec
from aicoach.backends.openai_compat import JsonMode, OpenAIBackend
from aicoach.backends.options import OpenAIOptions
from aicoach.backends.structured import ask_typed
from aicoach.errors import UserError
from tests.backends.openai_stub import StubState, stub_server

HELLO = (Message(Role.USER, "hello"),)


class Answer(BaseModel):
    verdict: str
    score: int


@pytest.fixture
def state() -> StubState:
    return StubState()


@pytest.fixture
def backend(state: StubState) -> Iterator[OpenAIBackend]:
    with stub_server(state) as url:
        yield OpenAIBackend(OpenAIOptions(base_url=url, model="stub", timeout_s=5))


def test_complete_returns_the_server_text(backend: OpenAIBackend, state: StubState) -> None:
    completion = backend.complete(Request(HELLO, max_tokens=12))
    assert completion.text == "Hello from the stub."
    assert completion.completion_tokens == 4
    assert state.requests[0]["max_tokens"] == 12
    assert state.requests[0]["messages"] == [{"role": "user", "content": "hello"}]


def test_stream_yields_the_words_in_order(backend: OpenAIBackend) -> None:
    pieces = list(backend.stream(Request(HELLO)))
    assert len(pieces) > 1
    assert "".join(pieces).strip() == "Hello from the stub."


def test_structured_output_falls_back_until_the_server_accepts(
    backend: OpenAIBackend, state: StubState
) -> None:
    state.refuse = {"json_schema", "json_object"}
    state.replies = ['Sure: {"verdict": "easy day", "score": 3}']
    answer = ask_typed(backend, HELLO, Answer)
    assert answer == Answer(verdict="easy day", score=3)
    formats = [(r.get("response_format") or {}).get("type") for r in state.requests]
    assert formats == ["json_schema", "json_object", None]
    assert "JSON schema" in state.requests[-1]["messages"][-1]["content"]
    assert backend._json_mode is JsonMode.PROMPT


def test_invalid_json_is_asked_again_once(backend: OpenAIBackend, state: StubState) -> None:
    state.replies = ['{"verdict": "easy"}', '{"verdict": "easy", "score": 2}']
    assert ask_typed(backend, HELLO, Answer) == Answer(verdict="easy", score=2)
    assert len(state.requests) == 2
    assert "not valid" in state.requests[1]["messages"][-1]["content"]


def test_two_invalid_answers_give_none(backend: OpenAIBackend, state: StubState) -> None:
    state.replies = ["no json here"]
    assert ask_typed(backend, HELLO, Answer) is None
    assert len(state.requests) == 2


def test_tool_calls_are_returned_typed(backend: OpenAIBackend, state: StubState) -> None:
    state.tool_call = ("metric", {"metric": "ctl"})
    tool = ToolSpec("metric", "a metric", {"type": "object", "properties": {}})
    completion = backend.complete(Request(HELLO, tools=(tool,)))
    assert completion.tool_calls[0].name == "metric"
    assert completion.tool_calls[0].arguments == {"metric": "ctl"}
    assert state.requests[0]["tools"][0]["function"]["name"] == "metric"


def test_tools_are_dropped_when_the_server_refuses_them(
    backend: OpenAIBackend, state: StubState
) -> None:
    state.refuse = {"tools"}
    tool = ToolSpec("metric", "a metric", {"type": "object", "properties": {}})
    completion = backend.complete(Request(HELLO, tools=(tool,)))
    assert completion.text == "Hello from the stub."
    assert "tools" not in state.requests[-1]
    assert backend.capabilities.tools is False


def test_an_unreachable_server_is_a_clear_error() -> None:
    backend = OpenAIBackend(OpenAIOptions(base_url="http://127.0.0.1:9/v1", timeout_s=2))
    with pytest.raises(UserError, match=r"model server http://127\.0\.0\.1:9/v1"):
        backend.complete(Request(HELLO))


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/v1",
        "http://metadata.google.internal/v1",
        "http://100.100.100.200/v1",
        "http://[::ffff:169.254.169.254]/v1",
        "ftp://127.0.0.1/v1",
    ],
)
def test_metadata_and_link_local_base_urls_are_refused(url: str) -> None:
    with pytest.raises(UserError, match="base URL"):
        OpenAIBackend(OpenAIOptions(base_url=url))
