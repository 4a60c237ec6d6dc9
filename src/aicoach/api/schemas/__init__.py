"""Request and response models: ``XCreate``/``XUpdate`` refuse unknown fields (no mass
assignment of owner or role), ``XPublic`` is what the API shows."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictInput(BaseModel):
    """Base of every request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
