import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p8Vw2kQ7s9ZrT4mX1bN6cH3yJ5dF0gLaEeUoIiPq-RtYuWxSzCvBnMlKjHgFdSaQ",
    "ALLOWED_HOSTS": "tertib.kuduskab.go.id",
    "TERTIB_HTTPS": "1",
}


def run_check(extra: dict) -> subprocess.CompletedProcess:
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (see conftest) is no production setting.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(PRODUCTION, **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_clean_with_production_settings():
    result = run_check({})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_key():
    result = run_check({"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr


def test_development_starts_without_a_key():
    result = run_check({"SECRET_KEY": "", "DEBUG": "1"})
    assert "SECRET_KEY is not set" not in result.stderr
    assert "security.W009" in result.stdout + result.stderr  # the development key, flagged
