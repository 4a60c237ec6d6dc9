"""The backend registry, typed options and the scripted test double."""

from __future__ import annotations

import pytest

from aicoach.backends.base import Message, Request, Role
from aicoach.backends.registry import backend_class, backend_names, create_backend
from aicoach.backends.scripted import ScriptedBackend
from aicoach.errors import UserError

HELLO = Request((Message(Role.USER, "hi"),))


def test_built_in_backends_are_registered() -> None:
    assert {"embedded", "openai", "scripted"} <= set(backend_names())
    assert backend_class("scripted") is ScriptedBackend


def test_unknown_backend_names_the_known_ones() -> None:
    with pytest.raises(UserError, match=r"unknown backend 'gpt9'; known: .*embedded"):
        backend_class("gpt9")


def test_unknown_option_is_rejected_by_name() -> None:
    with pytest.raises(UserError, match=r"backend 'scripted' options: temprature: Extra inputs"):
        create_backend("scripted", {"temprature": 0.5})


def test_wrong_option_type_is_rejected() -> None:
    with pytest.raises(UserError, match=r"options: timeout_s"):
        create_backend("openai", {"timeout_s": -1})


def test_scripted_backend_replays_its_script_and_records_requests() -> None:
    backend = create_backend("scripted", {"replies": ["one two", "three"]})
    assert isinstance(backend, ScriptedBackend)
    assert backend.complete(HELLO).text == "one two"
    assert "".join(backend.stream(HELLO)) == "three"
    assert backend.complete(HELLO).text == "one two"  # the script repeats
    assert len(backend.requests) == 3
