"""Two servers' timers never run the same daily command at once."""

import io
import os
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tertib.cases.locks import Busy, command_lock
from tertib.settings import BASE_DIR
from tertib.testing import run_django, server_environment, use_redis


@pytest.mark.django_db
def test_second_holder_is_refused_until_the_first_is_done():
    with command_lock("sweep"):
        with pytest.raises(Busy), command_lock("sweep"):
            pass
        with command_lock("audit_checkpoint"):  # another name is another lock
            pass
    with command_lock("sweep"):  # free again
        pass


@pytest.mark.django_db(transaction=True)
def test_lock_holds_across_database_connections():
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite runs on one machine")
    results = []
    entered, release = threading.Event(), threading.Event()

    def first_server():
        with command_lock("sweep"):
            entered.set()
            release.wait(10)
        connections.close_all()

    def second_server():
        try:
            with command_lock("sweep"):
                results.append("ran")
        except Busy:
            results.append("busy")
        connections.close_all()

    holder = threading.Thread(target=first_server)
    holder.start()
    entered.wait(10)
    other = threading.Thread(target=second_server)
    other.start()
    other.join(10)
    release.set()
    holder.join(10)
    assert results == ["busy"]


@pytest.mark.django_db
def test_daily_commands_skip_quietly_while_another_runs_them(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path
    for name, said in [
        ("sweep", "Dilewati: sapuan harian sedang dijalankan server lain.\n"),
        ("audit_checkpoint", "Dilewati: checkpoint sedang dibuat oleh server lain.\n"),
        ("issue_documents", "Dilewati: dokumen tertunda sedang dirender oleh server lain.\n"),
    ]:
        out = io.StringIO()
        with command_lock(name):
            call_command(name, stdout=out)
        assert out.getvalue() == said
    assert list(tmp_path.iterdir()) == []  # the skipped checkpoint wrote nothing


HOLD_THE_LOCK = """
import sys
from tertib.cases.locks import command_lock
with command_lock("{name}"):
    print("held", flush=True)
    sys.stdin.readline()
"""


def hold_elsewhere(name: str, env: dict) -> subprocess.Popen:
    """Another server's timer holding the named lock until told to stop."""
    program = "import django; django.setup()\n" + HOLD_THE_LOCK.format(name=name)
    holder = subprocess.Popen(
        [sys.executable, "-c", program],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "tertib.settings"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def release(holder: subprocess.Popen) -> None:
    holder.communicate("\n", timeout=30)
    assert holder.returncode == 0


@pytest.mark.django_db(transaction=True)
def test_two_servers_timers_one_runs_the_daily_commands_the_other_skips():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite's test database is in memory")
    env = server_environment()
    holder = hold_elsewhere("sweep", env)
    try:
        skipped = run_django(
            "from django.core.management import call_command\ncall_command('sweep')", **env
        )
        out = io.StringIO()
        call_command("sweep", stdout=out)
        assert out.getvalue().startswith("Dilewati: sapuan harian sedang dijalankan server lain")
    finally:
        release(holder)
    ran = run_django(
        "from django.core.management import call_command\ncall_command('sweep')", **env
    )

    assert skipped.returncode == 0, skipped.stderr  # a timer that skips has not failed
    assert "Dilewati: sapuan harian sedang dijalankan server lain" in skipped.stdout
    assert "tagihan diperiksa" not in skipped.stdout
    assert ran.returncode == 0, ran.stderr
    assert "tagihan diperiksa" in ran.stdout


@pytest.mark.django_db(transaction=True)
def test_audit_checkpoint_is_skipped_while_another_server_holds_it(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite's test database is in memory")
    settings.AUDIT_CHECKPOINT_DIR = tmp_path
    holder = hold_elsewhere("audit_checkpoint", server_environment())
    try:
        out = io.StringIO()
        call_command("audit_checkpoint", stdout=out)
    finally:
        release(holder)
    assert out.getvalue() == "Dilewati: checkpoint sedang dibuat oleh server lain.\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_postgresql_lock_holds_even_when_the_servers_caches_differ(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    use_redis(settings)  # this server's cache is Redis; the other one keeps the database cache
    holder = hold_elsewhere("sweep", server_environment(REDIS_URL=""))
    try:
        with pytest.raises(Busy), command_lock("sweep"):
            pass
    finally:
        release(holder)


def test_redis_lock_is_held_across_processes(settings):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the daily commands take the advisory lock, not the cache's")
    env = use_redis(settings)
    holder = hold_elsewhere("sweep", {**os.environ, "SECRET_KEY": "x", **env})
    try:
        with pytest.raises(Busy), command_lock("sweep"):
            pass
    finally:
        release(holder)

    with command_lock("sweep"):  # given back when the other process was done
        pass


@pytest.mark.django_db
def test_expired_cache_lock_is_not_freed_by_its_late_owner(settings):
    from django.core.cache import cache

    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the daily commands take the advisory lock, not the cache's")
    with command_lock("sweep"):
        cache.set("command-lock:sweep", "taken by the next day's run", 60)  # ours expired
    assert cache.get("command-lock:sweep") == "taken by the next day's run"
    with pytest.raises(Busy), command_lock("sweep"):
        pass
