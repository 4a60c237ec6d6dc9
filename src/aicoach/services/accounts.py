"""Accounts: registration, login, browser sessions, bearer tokens and erasure.

Secrets (session cookies, bearer tokens) are random 256-bit values; only their SHA-256 is
stored, so a copy of the database does not log anyone in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aicoach.domain.athlete import AthleteProfile, Language
from aicoach.errors import AuthenticationError, ConflictError, NotFoundError, UserError
from aicoach.services.athletes import create_athlete
from aicoach.services.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    password_matches,
    spend_verification_time,
)
from aicoach.storage.athletes import find_athlete
from aicoach.storage.server_tables import ApiTokenRow, UserRow, WebSessionRow
from aicoach.storage.tables import AthleteRow

TOKEN_PREFIX = "aic_"  # noqa: S105  (a label, not a secret)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class Role(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"
    ADMIN = "admin"


SELF_SERVICE_ROLES = frozenset({Role.ATHLETE, Role.COACH})
"""Roles a person may choose at registration; admin is granted by another admin or the CLI."""


@dataclass(frozen=True, slots=True)
class NewWebSession:
    cookie_token: str
    csrf_token: str
    expires_at: datetime


def register_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role = Role.ATHLETE,
    language: Language = Language.ENGLISH,
) -> UserRow:
    """Create a login and its athlete profile; the e-mail is the login, case-insensitive."""
    email = normalise_email(email)
    _require_password_strength(password)
    if role not in SELF_SERVICE_ROLES:
        raise UserError(f"role {role.value!r} cannot be chosen at registration")
    if session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
        raise ConflictError(f"{email} is already registered")
    profile = AthleteProfile(name=_unique_athlete_name(session, display_name), language=language)
    create_athlete(session, profile)
    athlete = find_athlete(session, profile.name)
    assert athlete is not None
    user = UserRow(
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        athlete_id=athlete.id,
        language=language.value,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> UserRow:
    """The user with this e-mail and password; one message for every failure."""
    user = session.scalar(select(UserRow).where(UserRow.email == normalise_email(email, False)))
    if user is None:
        spend_verification_time(password)
        raise AuthenticationError("wrong e-mail or password")
    if not password_matches(user.password_hash, password):
        raise AuthenticationError("wrong e-mail or password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    return user


def change_password(session: Session, user: UserRow, current: str, new: str) -> None:
    """Set a new password and end every other browser session and token of the user."""
    if not password_matches(user.password_hash, current):
        raise AuthenticationError("the current password is wrong")
    _require_password_strength(new)
    user.password_hash = hash_password(new)
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user.id))


def start_web_session(session: Session, user: UserRow, ttl: timedelta) -> NewWebSession:
    cookie_token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + ttl
    session.add(
        WebSessionRow(
            user_id=user.id,
            token_sha256=secret_digest(cookie_token),
            csrf_token=csrf_token,
            expires_at=expires_at,
        )
    )
    return NewWebSession(cookie_token, csrf_token, expires_at)


def web_session_for(session: Session, cookie_token: str) -> WebSessionRow | None:
    """The live browser session behind a cookie, or None (unknown or expired)."""
    row = session.scalar(
        select(WebSessionRow).where(WebSessionRow.token_sha256 == secret_digest(cookie_token))
    )
    if row is None or row.expires_at <= datetime.now(UTC):
        return None
    return row


def end_web_session(session: Session, cookie_token: str) -> None:
    session.execute(
        delete(WebSessionRow).where(WebSessionRow.token_sha256 == secret_digest(cookie_token))
    )


def create_api_token(
    session: Session, user: UserRow, name: str, valid_days: int | None = None
) -> tuple[ApiTokenRow, str]:
    """A new bearer token; the plain value is returned once and never stored."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise UserError("a token needs a name of 1-100 characters")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + timedelta(days=valid_days) if valid_days else None
    row = ApiTokenRow(
        user_id=user.id, name=name, token_sha256=secret_digest(plain), expires_at=expires_at
    )
    session.add(row)
    session.flush()
    return row, plain


def user_for_api_token(session: Session, plain: str) -> UserRow | None:
    """The user a live bearer token belongs to (one query), or None."""
    found = session.execute(
        select(UserRow, ApiTokenRow.expires_at)
        .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
        .where(ApiTokenRow.token_sha256 == secret_digest(plain))
    ).first()
    if found is None:
        return None
    user, expires_at = found
    if expires_at is not None and expires_at <= datetime.now(UTC):
        return None
    return user


def list_api_tokens(session: Session, user: UserRow) -> list[ApiTokenRow]:
    statement = select(ApiTokenRow).where(ApiTokenRow.user_id == user.id).order_by(ApiTokenRow.id)
    return list(session.scalars(statement))


def revoke_api_token(session: Session, user: UserRow, token_id: int) -> None:
    row = session.get(ApiTokenRow, token_id)
    if row is None or row.user_id != user.id:
        raise NotFoundError("no such token", kind="token", identifier=str(token_id))
    session.delete(row)


def erase_account(session: Session, user: UserRow, uploads_dir: Path) -> None:
    """Delete the user, their athlete and everything either owns, and their uploaded files.

    Database rows go through ``ON DELETE CASCADE`` from the athlete and the user; the audit
    log keeps bare ids (no content) so that the erasure itself stays on record.
    """
    athlete_id = user.athlete_id
    session.delete(user)
    athlete = session.get(AthleteRow, athlete_id)
    if athlete is not None:
        session.delete(athlete)
    session.flush()
    shutil.rmtree(uploads_dir / str(athlete_id), ignore_errors=True)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_email(email: str, strict: bool = True) -> str:
    cleaned = email.strip().lower()
    if strict and (len(cleaned) > 254 or not _EMAIL.match(cleaned)):
        raise UserError(f"{email!r} is not an e-mail address")
    return cleaned


def _require_password_strength(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise UserError(f"a password needs {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} characters")
    if password.strip() == "" or len(set(password)) < 4:
        raise UserError("that password is too easy to guess; use a longer, varied one")


def _unique_athlete_name(session: Session, display_name: str) -> str:
    """The display name, or the display name with a number when someone has it already."""
    base = " ".join(display_name.split())[:180]
    if not base:
        raise UserError("a display name is required")
    candidate, number = base, 2
    while find_athlete(session, candidate) is not None:
        candidate, number = f"{base} ({number})", number + 1
    return candidate


def set_role(session: Session, email: str, role: Role) -> UserRow:
    """Give an account another role (the command line's job: admins are made there)."""
    user = session.scalar(select(UserRow).where(UserRow.email == normalise_email(email, False)))
    if user is None:
        raise NotFoundError(f"no account with e-mail {email!r}", kind="user", identifier=email)
    user.role = role.value
    return user


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.id)))
