"""Failed-login limiting: a sliding window of failures per client address and e-mail.

Kept in the database by default (``DatabaseFailureLimiter``), so the limit holds across
server processes (``aicoach serve --workers``) and restarts; in Redis when Redis is
configured.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, func, select

from aicoach.errors import RateLimitedError
from aicoach.storage.database import Database
from aicoach.storage.server_tables import LoginFailureRow


class FailureLimiter(Protocol):
    def check(self, key: str) -> None:
        """Raise ``RateLimitedError`` when ``key`` has used up its failures."""

    def record_failure(self, key: str) -> None: ...

    def reset(self, key: str) -> None: ...


class DatabaseFailureLimiter:
    """The same window as rows of ``login_failures``, shared by every process on the database.

    Keys are stored as SHA-256 digests (no addresses or e-mails at rest); rows older than
    the window are deleted as new failures arrive.
    """

    def __init__(self, database: Database, allowed: int, window_s: float) -> None:
        self._database = database
        self._allowed = allowed
        self._window = timedelta(seconds=window_s)

    def check(self, key: str) -> None:
        since = datetime.now(UTC) - self._window
        with self._database.sessions() as session:
            count, oldest = session.execute(
                select(func.count(LoginFailureRow.id), func.min(LoginFailureRow.failed_at)).where(
                    LoginFailureRow.key_sha256 == _digest(key), LoginFailureRow.failed_at > since
                )
            ).one()
        if count >= self._allowed and oldest is not None:
            wait_s = int((oldest + self._window - datetime.now(UTC)).total_seconds()) + 1
            raise RateLimitedError(
                f"too many failed logins; try again in {wait_s} s", retry_after_s=max(wait_s, 1)
            )

    def record_failure(self, key: str) -> None:
        now = datetime.now(UTC)
        with self._database.sessions.begin() as session:
            session.execute(
                delete(LoginFailureRow).where(LoginFailureRow.failed_at <= now - self._window)
            )
            session.add(LoginFailureRow(key_sha256=_digest(key), failed_at=now))

    def reset(self, key: str) -> None:
        with self._database.sessions.begin() as session:
            session.execute(
                delete(LoginFailureRow).where(LoginFailureRow.key_sha256 == _digest(key))
            )


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class RedisFailureLimiter:
    """The same window kept in Redis (a counter that expires), shared by every process."""

    def __init__(self, redis_url: str, allowed: int, window_s: float) -> None:
        import redis

        self._redis = redis.Redis.from_url(redis_url)
        self._allowed = allowed
        self._window_s = int(window_s)

    def check(self, key: str) -> None:
        count = self._redis.get(self._key(key))
        if count is not None and int(count) >= self._allowed:
            wait_s = max(int(self._redis.ttl(self._key(key))), 1)
            raise RateLimitedError(
                f"too many failed logins; try again in {wait_s} s", retry_after_s=wait_s
            )

    def record_failure(self, key: str) -> None:
        pipe = self._redis.pipeline()
        pipe.incr(self._key(key))
        pipe.expire(self._key(key), self._window_s, nx=True)
        pipe.execute()

    def reset(self, key: str) -> None:
        self._redis.delete(self._key(key))

    @staticmethod
    def _key(key: str) -> str:
        return f"aicoach:login-failures:{key}"
