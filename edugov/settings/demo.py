"""`make demo`: production-like (DEBUG off) on SQLite, with the demo accounts allowed."""

from .base import *  # noqa: F403

SECRET_KEY = SECRET_KEY or "demo-only-not-secret"  # noqa: F405
EDUGOV_DEMO_MODE = True
