"""The environment tests run in, set before pytest-django reads the settings (pyproject's
addopts load this module with -p): a key of their own, since settings refuse to start without
SECRET_KEY when DEBUG is off, as in production."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-not-secret-tertib")
