"""The test suite: fast hashing, tasks run inline, SQLite in memory unless EDUGOV_DB."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
EDUGOV_DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The two-server test (ops/tests/test_two_servers.py) runs real `manage.py worker`
# processes on the test database: they need the database backend.
if os.environ.get("EDUGOV_TEST_TASKS") == "database":  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]

# --- Personal data keys: fixed and NOT secret (derived from public strings) -----------
import base64 as _b64  # noqa: E402
import hashlib as _hl  # noqa: E402


def _public_key(label: str) -> str:
    return _b64.b64encode(_hl.sha256(label.encode()).digest()).decode()


EDUGOV_DATA_KEYS = f"test1:{_public_key('edugov-test-data-1')}"
EDUGOV_DATA_KEY_FILE = ""
EDUGOV_INDEX_KEY = _public_key("edugov-test-index")
EDUGOV_AUDIT_KEY = f"test1:{_public_key('edugov-test-audit-1')}"
