"""A scripted backend for unit tests: returns prepared replies in order. Never a default."""

from __future__ import annotations

from collections.abc import Iterator

from aicoach.backends.base import Backend, Capabilities, Completion, Request
from aicoach.backends.options import ScriptedOptions


class ScriptedBackend(Backend):
    name = "scripted"
    options_model = ScriptedOptions

    def __init__(self, options: ScriptedOptions) -> None:
        self._options = options
        self._index = 0
        self.requests: list[Request] = []
        """Every request received, for tests to inspect."""

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            streaming=True,
            json_schema=self._options.json_schema,
            tools=False,
            languages=self._options.languages,
            fluent=self._options.fluent,
        )

    def complete(self, request: Request) -> Completion:
        self.requests.append(request)
        replies = self._options.replies
        if not replies:
            return Completion(text="")
        text = replies[self._index % len(replies)]
        self._index += 1
        return Completion(text=text, completion_tokens=len(text.split()))

    def stream(self, request: Request) -> Iterator[str]:
        text = self.complete(request).text
        for index, word in enumerate(text.split(" ")):
            yield word if index == 0 else " " + word
