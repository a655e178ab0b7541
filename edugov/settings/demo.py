"""`make demo`: production-like (DEBUG off) on SQLite, with the demo accounts allowed."""

from .base import *  # noqa: F403

SECRET_KEY = SECRET_KEY or "demo-only-not-secret"  # noqa: F405
EDUGOV_DEMO_MODE = True
# The demo's plan stands as on 2023-09-06 (workplan.demo.FROZEN_ON): a 督办单 issued in
# the demo is numbered and dated in 2023, like the statuses it acts on.
EDUGOV_TODAY = EDUGOV_TODAY or "2023-09-06"  # noqa: F405

# Casework e-mail goes to the console: the demo sends nothing out.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Personal data keys: fixed and NOT secret (derived from public strings) -----------
import base64 as _b64  # noqa: E402
import hashlib as _hl  # noqa: E402


def _public_key(label: str) -> str:
    return _b64.b64encode(_hl.sha256(label.encode()).digest()).decode()


EDUGOV_DATA_KEYS = EDUGOV_DATA_KEYS or f"demo1:{_public_key('edugov-demo-data-1')}"  # noqa: F405
EDUGOV_INDEX_KEY = EDUGOV_INDEX_KEY or _public_key("edugov-demo-index")  # noqa: F405
EDUGOV_AUDIT_KEY = EDUGOV_AUDIT_KEY or f"demo1:{_public_key('edugov-demo-audit-1')}"  # noqa: F405
