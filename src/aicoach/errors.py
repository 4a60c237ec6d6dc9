"""The one exception tree of aicoach.

Every error carries structured fields so that the edges (CLI, API) can translate it into an
exit code or an HTTP status without parsing messages. ``UserError`` means the request was
wrong (exit code 1); ``DataError`` means an input file or value was wrong (exit code 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AicoachError(Exception):
    """Base of every error raised on purpose by aicoach."""

    message: str

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass
class UserError(AicoachError):
    """The request itself is wrong: an unknown athlete, a bad option value, a missing setting."""


@dataclass
class AthleteNotFoundError(UserError):
    """No athlete matches the requested name, or there is none yet."""

    name: str | None = None


@dataclass
class AthleteAmbiguousError(UserError):
    """Several athletes exist and the command did not say which one to use."""

    names: list[str] = field(default_factory=list)


@dataclass
class NotFoundError(UserError):
    """A requested object (activity, entry) does not exist for this athlete."""

    kind: str = ""
    identifier: str = ""


@dataclass
class DataError(AicoachError):
    """Input data is wrong: a corrupt file, an impossible value, an unsafe archive.

    ``source`` names the file (or ``archive.zip!member``); ``line`` and ``field`` point into it
    when the format has lines or named fields; ``offset`` is a byte offset for binary formats.
    """

    source: str | None = None
    line: int | None = None
    field: str | None = None
    offset: int | None = None

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def location(self) -> str:
        """The place of the error, e.g. ``runs.csv, line 4, field 'hr_bpm'``."""
        parts: list[str] = []
        if self.source:
            parts.append(self.source)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field '{self.field}'")
        if self.offset is not None:
            parts.append(f"byte {self.offset}")
        return ", ".join(parts)


@dataclass
class UnsupportedFormatError(DataError):
    """The file is not in a format aicoach reads."""


@dataclass
class CorruptFileError(DataError):
    """The file claims a known format but its content cannot be decoded."""


@dataclass
class ImplausibleValueError(DataError):
    """A value is outside what a human body or a device can produce (HR 300 bpm, SpO2 120 %)."""

    value: float | str | None = None


@dataclass
class UnsafeInputError(DataError):
    """The input looks like an attack: XML entities, a zip bomb, a path escaping the archive."""


@dataclass
class EmptyFileError(DataError):
    """The file has no bytes, or no data aicoach could use."""


@dataclass
class UnknownRuleError(UserError):
    """A rule name (in a rule list or in parameter overrides) that the registry does not know."""

    name: str = ""
    known: list[str] = field(default_factory=list)


@dataclass
class InvalidRuleParamsError(UserError):
    """Parameter overrides name an unknown parameter, give a wrong type, or break a limit."""

    rule: str = ""
    parameter: str = ""


@dataclass
class AuthenticationError(UserError):
    """No valid login: wrong e-mail or password, an expired session or an unknown token."""


@dataclass
class PermissionDeniedError(UserError):
    """The user is logged in but their role may not do this (not used to hide objects)."""


@dataclass
class RateLimitedError(UserError):
    """Too many attempts in a short time; ``retry_after_s`` says when to try again."""

    retry_after_s: int = 60


@dataclass
class ConflictError(UserError):
    """The request clashes with what exists: an e-mail already registered, a duplicate."""
