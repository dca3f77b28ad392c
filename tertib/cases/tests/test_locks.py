"""Two servers' timers never run the same daily command at once."""

import threading

import pytest
from django.db import connection, connections

from tertib.cases.locks import Busy, command_lock


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
def test_daily_commands_refuse_to_run_twice_at_once():
    from django.core.management import CommandError, call_command

    with command_lock("sweep"), pytest.raises(CommandError, match="sedang dijalankan server lain"):
        call_command("sweep")
    with command_lock("audit_checkpoint"), pytest.raises(CommandError, match="server lain"):
        call_command("audit_checkpoint")
