"""Local development: DEBUG on, SQLite by default."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
EDUGOV_DEMO_MODE = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
