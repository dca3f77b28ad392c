"""REDIS_URL switches the cache (and the throttle's counters) to Redis; without it the
database cache stays."""

import os
import subprocess
import sys

from tertib.settings import BASE_DIR, cache_settings


def test_without_redis_url_the_database_cache_stays():
    caches = cache_settings("")

    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"]["LOCATION"] == "tertib_cache"
    assert caches["default"]["OPTIONS"]["MAX_ENTRIES"] == 100_000


def test_redis_url_selects_redis_under_a_prefix():
    caches = cache_settings("redis://10.0.0.5:6379/2", "kudus")

    assert caches == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://10.0.0.5:6379/2",
            "KEY_PREFIX": "kudus",
        }
    }


def settings_read_with(env: dict) -> list[str]:
    code = (
        "from django.conf import settings\n"
        "print(settings.CACHES['default']['BACKEND'])\n"
        "print(settings.CACHES['default'].get('KEY_PREFIX', ''))\n"
        "print(settings.THROTTLE_IN_CACHE)\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TERTIB_CACHE_PREFIX"}}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tertib.settings", "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.split("\n")[:3]


def test_environment_without_redis_keeps_files_for_the_throttle():
    assert settings_read_with({}) == ["django.core.cache.backends.db.DatabaseCache", "", "False"]


def test_environment_with_redis_moves_cache_and_throttle_there():
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "TERTIB_CACHE_PREFIX": "kudus"}

    assert settings_read_with(env) == [
        "django.core.cache.backends.redis.RedisCache",
        "kudus",
        "True",
    ]
