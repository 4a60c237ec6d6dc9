"""A small OpenAI-compatible HTTP server on 127.0.0.1 for the backend tests.

It answers ``POST /v1/chat/completions`` (plain, streamed as server-sent events, with tool
calls) and can refuse ``json_schema`` response formats or tools, as some servers do.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StubState:
    replies: list[str] = field(default_factory=lambda: ["Hello from the stub."])
    refuse: set[str] = field(default_factory=set)
    """``json_schema``, ``json_object`` or ``tools``: answered with HTTP 400."""
    tool_call: tuple[str, dict[str, Any]] | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)


def _handler(state: StubState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            kind = (body.get("response_format") or {}).get("type")
            if kind in state.refuse or ("tools" in body and "tools" in state.refuse):
                self._send(400, {"error": {"message": f"{kind or 'tools'} unsupported"}})
                return
            text = state.replies[min(len(state.requests) - 1, len(state.replies) - 1)]
            if body.get("stream"):
                self._stream(text)
                return
            message: dict[str, Any] = {"role": "assistant", "content": text}
            if state.tool_call is not None and "tools" in body:
                name, arguments = state.tool_call
                message = {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": name, "arguments": json.dumps(arguments)},
                        }
                    ],
                }
            self._send(
                200,
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "stub",
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
                },
            )

        def _send(self, status: int, document: dict[str, Any]) -> None:
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, text: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in text.split(" "):
                chunk = {
                    "id": "c",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "stub",
                    "choices": [
                        {"index": 0, "delta": {"content": word + " "}, "finish_reason": None}
                    ],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


@contextmanager
def stub_server(state: StubState) -> Iterator[str]:
    """Serve ``state`` on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
