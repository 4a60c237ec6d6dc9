"""A backend for any OpenAI-compatible server (Ollama, vLLM, llama.cpp server, LM Studio,
hosted APIs) through the ``openai`` SDK.

Structured output falls back step by step, remembering what the server accepted:
``json_schema`` response format, then ``json_object`` with the schema in the prompt, then the
schema in the prompt alone. Tools are offered when enabled and dropped when refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from aicoach.backends.base import Backend, Capabilities, Completion, Request, ToolCall
from aicoach.backends.options import OpenAIOptions
from aicoach.backends.url_guard import check_base_url
from aicoach.errors import UserError


class JsonMode(StrEnum):
    SCHEMA = "json_schema"
    OBJECT = "json_object"
    PROMPT = "prompt"


class OpenAIBackend(Backend):
    name = "openai"
    options_model = OpenAIOptions

    def __init__(self, options: OpenAIOptions) -> None:
        import openai

        self._options = options
        self._openai = openai
        self._client = openai.OpenAI(
            base_url=check_base_url(options.base_url),
            api_key=options.api_key or "not-needed",
            timeout=options.timeout_s,
            max_retries=0,
        )
        self._json_mode = JsonMode.SCHEMA
        self._tools = options.tools

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            streaming=True,
            json_schema=True,
            tools=self._tools,
            languages=frozenset({"en", "zh"}),
            fluent=self._options.fluent,
        )

    @property
    def description(self) -> str:
        return f"openai: {self._options.model} at {self._options.base_url}"

    def complete(self, request: Request) -> Completion:
        while True:
            try:
                response = self._client.chat.completions.create(**self._arguments(request))
            except self._openai.BadRequestError as exc:
                if not self._step_down(request):
                    raise UserError(f"the model server refused the request: {exc}") from exc
                continue
            except self._openai.OpenAIError as exc:
                raise UserError(f"model server {self._options.base_url}: {exc}") from exc
            choice = response.choices[0].message
            calls = tuple(
                ToolCall(c.function.name, _arguments_of(c.function.arguments))
                for c in (choice.tool_calls or ())
                if getattr(c, "function", None) is not None
            )
            usage = response.usage.completion_tokens if response.usage else None
            return Completion(text=choice.content or "", tool_calls=calls, completion_tokens=usage)

    def stream(self, request: Request) -> Iterator[str]:
        plain = Request(
            request.messages, request.max_tokens, request.temperature, stop=request.stop
        )
        try:
            chunks = self._client.chat.completions.create(**self._arguments(plain), stream=True)
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except self._openai.OpenAIError as exc:
            raise UserError(f"model server {self._options.base_url}: {exc}") from exc

    def _step_down(self, request: Request) -> bool:
        """Drop the tools, else use the next weaker structured-output mode; False when none
        is left."""
        if request.tools and self._tools:
            self._tools = False
            return True
        if request.json_schema is None:
            return False
        order = list(JsonMode)
        index = order.index(self._json_mode)
        if index + 1 == len(order):
            return False
        self._json_mode = order[index + 1]
        return True

    def _arguments(self, request: Request) -> dict[str, Any]:
        messages = [{"role": m.role.value, "content": m.content} for m in request.messages]
        arguments: dict[str, Any] = {
            "model": self._options.model,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
        }
        if request.stop:
            arguments["stop"] = list(request.stop)
        schema = request.json_schema
        if schema is not None:
            if self._json_mode is JsonMode.SCHEMA:
                arguments["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": dict(schema)},
                }
            else:
                hint = "Answer with JSON only, matching this JSON schema: " + json.dumps(schema)
                messages = [*messages, {"role": "system", "content": hint}]
                if self._json_mode is JsonMode.OBJECT:
                    arguments["response_format"] = {"type": "json_object"}
        if request.tools and self._tools:
            arguments["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": t.name,
                        "description": t.description,
                        "parameters": dict(t.parameters),
                    },
                }
                for t in request.tools
            ]
        arguments["messages"] = messages
        return arguments


def _arguments_of(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
