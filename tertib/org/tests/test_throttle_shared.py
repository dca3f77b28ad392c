"""With REDIS_URL the throttle's counters are shared: failures on one app server count on the
other. Each "server" here is a process of its own with its own cache client."""

import pytest
from django.contrib.auth import get_user_model

from tertib.org import throttle
from tertib.testing import run_django, use_redis

STRANGER = "203.0.113.66"

GUESS_ON_OTHER_SERVER = """
from django.contrib.auth import get_user_model
from tertib.org import throttle
official = get_user_model()(username="camat.undaan")
official.set_password("sandi-benar")
results = []
for guess in range({guesses}):
    try:
        results.append(throttle.verify_password(
            user=official, password="{password}", address="{address}"))
    except throttle.Throttled:
        results.append("refused")
print(results)
"""


def official():
    user = get_user_model()(username="camat.undaan")
    user.set_password("sandi-benar")
    return user


def guess_elsewhere(env, *, guesses: int, password: str = "tebak") -> str:
    code = GUESS_ON_OTHER_SERVER.format(guesses=guesses, password=password, address=STRANGER)
    done = run_django(code, **env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_failures_on_another_server_lock_this_one(settings):
    env = use_redis(settings)

    assert guess_elsewhere(env, guesses=5) == str([False] * 5)

    with pytest.raises(throttle.Throttled, match="Coba lagi 15 menit lagi"):
        throttle.verify_password(user=official(), password="sandi-benar", address=STRANGER)


def test_failures_here_lock_the_other_server(settings):
    env = use_redis(settings)
    for _ in range(4):
        assert throttle.verify_password(user=official(), password="x", address=STRANGER) is False

    assert guess_elsewhere(env, guesses=2) == "[False, 'refused']"


def test_right_password_on_another_server_clears_the_failures(settings):
    env = use_redis(settings)
    for _ in range(4):
        throttle.verify_password(user=official(), password="x", address=STRANGER)

    assert guess_elsewhere(env, guesses=1, password="sandi-benar") == "[True]"

    results = [
        throttle.verify_password(user=official(), password="x", address=STRANGER) for _ in range(5)
    ]
    assert results == [False] * 5


def test_public_lookups_are_counted_across_servers(settings):
    env = use_redis(settings)
    for _ in range(3):
        throttle.count_visit(scope="lacak", address=STRANGER, limit=5)

    code = (
        "from tertib.org import throttle\n"
        "for _ in range(3):\n"
        "    try:\n"
        f"        throttle.count_visit(scope='lacak', address='{STRANGER}', limit=5)\n"
        "        print('ok')\n"
        "    except throttle.Throttled:\n"
        "        print('refused')\n"
    )
    done = run_django(code, **env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok", "ok", "refused"]


def test_a_key_held_by_a_dead_server_frees_itself(settings):
    from django.core.cache import cache

    use_redis(settings)
    key = "p:" + STRANGER + ":camat.undaan"
    name = "throttle:" + __import__("hashlib").sha256(key.encode()).hexdigest() + ":lock"
    cache.set(name, "a server that died", 1)  # it would have held it for MUTEX_SECONDS

    assert throttle.verify_password(user=official(), password="x", address=STRANGER) is False
