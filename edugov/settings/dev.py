"""Local development: DEBUG on, SQLite by default."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
EDUGOV_DEMO_MODE = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The browsable API, for development only (production and demo serve JSON).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

# Casework e-mail goes to the console: development sends nothing out.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Personal data keys: fixed and NOT secret (derived from public strings) -----------
import base64 as _b64  # noqa: E402
import hashlib as _hl  # noqa: E402


def _public_key(label: str) -> str:
    return _b64.b64encode(_hl.sha256(label.encode()).digest()).decode()


EDUGOV_DATA_KEYS = EDUGOV_DATA_KEYS or f"dev1:{_public_key('edugov-dev-data-1')}"  # noqa: F405
EDUGOV_INDEX_KEY = EDUGOV_INDEX_KEY or _public_key("edugov-dev-index")  # noqa: F405
EDUGOV_AUDIT_KEY = EDUGOV_AUDIT_KEY or f"dev1:{_public_key('edugov-dev-audit-1')}"  # noqa: F405
