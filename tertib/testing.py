"""Test helpers for more than one app server: a shared Redis, and another process that runs
Django against the test database, as a second server would."""

import os
import socket
import subprocess
import sys
import uuid
from urllib.parse import quote, urlparse

import pytest
from django.conf import settings
from django.db import connection

from tertib.settings import BASE_DIR, cache_settings

REDIS_URL = os.environ.get("TERTIB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable(url: str = REDIS_URL) -> bool:
    address = urlparse(url)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


def use_redis(settings) -> dict[str, str]:
    """Point this test's cache and throttle at Redis under a prefix of its own (skipped when no
    Redis runs); returns the environment that gives another process the same cache."""
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = cache_settings(REDIS_URL, prefix)
    settings.THROTTLE_IN_CACHE = True
    return {"REDIS_URL": REDIS_URL, "TERTIB_CACHE_PREFIX": prefix}


def database_url() -> str:
    """The test database as a DATABASE_URL (PostgreSQL only: SQLite's test database lives in
    this process's memory)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def server_environment(**extra: str) -> dict[str, str]:
    """The environment of another app server on this test's database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "TERTIB_PRIVATE_DIR": str(settings.PRIVATE_DIR),
        "TERTIB_THROTTLE_DIR": str(settings.THROTTLE_DIR),
        **extra,
    }


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python code with Django set up in another process (another server)."""
    program = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tertib.settings",
            "SECRET_KEY": settings.SECRET_KEY,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
