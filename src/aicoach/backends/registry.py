"""The backend registry: built-in backends plus any registered under the
``aicoach.backends`` entry-point group (each a ``Backend`` subclass)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points

from pydantic import ValidationError

from aicoach.backends.base import Backend
from aicoach.errors import UserError

ENTRY_POINT_GROUP = "aicoach.backends"
BUILT_IN = {
    "embedded": "aicoach.backends.embedded:EmbeddedBackend",
    "openai": "aicoach.backends.openai_compat:OpenAIBackend",
    "scripted": "aicoach.backends.scripted:ScriptedBackend",
}


def backend_names() -> list[str]:
    names = set(BUILT_IN) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(names)


def backend_class(name: str) -> type[Backend]:
    """The class registered as ``name``; a ``UserError`` naming the known ones otherwise."""
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    target = found[0].value if found else BUILT_IN.get(name)
    if target is None:
        raise UserError(f"unknown backend {name!r}; known: {', '.join(backend_names())}")
    module_name, _, attribute = target.partition(":")
    loaded = getattr(importlib.import_module(module_name), attribute)
    if not (isinstance(loaded, type) and issubclass(loaded, Backend)):
        raise UserError(f"backend {name!r} ({target}) is not an aicoach Backend")
    return loaded


def create_backend(name: str, options: Mapping[str, object] | None = None) -> Backend:
    """Build backend ``name`` from options validated by its own options model."""
    cls = backend_class(name)
    try:
        parsed = cls.options_model.model_validate(dict(options or {}))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'options'}: {e['msg']}" for e in exc.errors()
        )
        raise UserError(f"backend {name!r} options: {problems}") from exc
    return cls(parsed)  # type: ignore[call-arg]
