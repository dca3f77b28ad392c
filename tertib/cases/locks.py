"""One runner at a time for the daily commands, across every app server sharing the database."""

import contextlib
import hashlib
import secrets

from django.core.cache import cache
from django.db import connection


class Busy(Exception):
    """Another server is running the same command now."""


_HELD: set[str] = set()  # PostgreSQL lets one session take its own lock twice; this process won't


def _key(name: str) -> int:
    """A stable signed 64-bit number for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def command_lock(name: str, *, timeout: int = 3600):
    """Hold the named lock while the block runs, or raise Busy at once.

    PostgreSQL: a session-level advisory lock, released when the block ends or the connection
    drops, so every server on the database agrees even when their caches differ. Elsewhere
    (SQLite): an entry added to the shared cache (the database's, or Redis with REDIS_URL: an
    atomic SET NX) that expires after timeout seconds, so a killed run does not block the next
    day's."""
    if name in _HELD:
        raise Busy(name)
    _HELD.add(name)
    try:
        with _database_lock(name, timeout):
            yield
    finally:
        _HELD.discard(name)


@contextlib.contextmanager
def _database_lock(name: str, timeout: int):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(name)])
            if not cursor.fetchone()[0]:
                raise Busy(name)
            try:
                yield
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
        return
    key, token = f"command-lock:{name}", secrets.token_hex(8)
    if not cache.add(key, token, timeout):
        raise Busy(name)
    try:
        yield
    finally:
        if cache.get(key) == token:  # a run that outlived its timeout frees no one else's lock
            cache.delete(key)
