"""Production: every secret from the environment, HTTPS-only cookies, no demo accounts."""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("EDUGOV_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("EDUGOV_SECRET_KEY must be set to at least 50 random characters")
ALLOWED_HOSTS = [h for h in os.environ.get("EDUGOV_ALLOWED_HOSTS", "").split(",") if h]
EDUGOV_DEMO_MODE = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("EDUGOV_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# --- Behind a TLS-terminating reverse proxy (docs/operations.md) -----------------------
# Without them the HTTPS redirect loops (every request looks like plain HTTP) and the
# lockout and audit record the proxy's address instead of the client's.
from edugov.core.proxies import parse_ssl_header, parse_trusted_proxies  # noqa: E402

try:
    EDUGOV_TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("EDUGOV_TRUSTED_PROXIES", ""))
    SECURE_PROXY_SSL_HEADER = parse_ssl_header(os.environ.get("EDUGOV_PROXY_SSL_HEADER", ""))
except ValueError as exc:
    raise ImproperlyConfigured(f"reverse proxy: {exc}")
if SECURE_PROXY_SSL_HEADER and not EDUGOV_TRUSTED_PROXIES:
    # The header is only believed from a trusted proxy (TrustedProxyMiddleware): with no
    # proxy named it would be ignored and the redirect would loop anyway.
    raise ImproperlyConfigured("EDUGOV_PROXY_SSL_HEADER needs EDUGOV_TRUSTED_PROXIES")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
EDUGOV_API_TOKEN_DAYS = int(os.environ.get("EDUGOV_API_TOKEN_DAYS", "30"))

# --- Personal data keys: refuse to start without them (core.crypto) ------------------
from edugov.core.crypto import KeyConfigError, load_keyring  # noqa: E402

try:
    _data_ring = load_keyring(
        EDUGOV_DATA_KEYS,  # noqa: F405
        EDUGOV_DATA_KEY_FILE,  # noqa: F405
        EDUGOV_INDEX_KEY,  # noqa: F405
        EDUGOV_FIELD_CIPHER,  # noqa: F405
    )
except KeyConfigError as exc:
    raise ImproperlyConfigured(f"personal-data keys: {exc}")

# --- Audit chain key: refuse to start without it (audit.keys) ------------------------
from edugov.audit.keys import load_audit_keyring  # noqa: E402

try:
    _audit_ring = load_audit_keyring(EDUGOV_AUDIT_KEY)  # noqa: F405
except KeyConfigError as exc:
    raise ImproperlyConfigured(f"audit key: {exc}")
# One secret, one job: a data key reused as the audit key would let a leak of either
# break both.
if {*_audit_ring.keys.values()} & {*_data_ring.keys.values(), _data_ring.index_key}:
    raise ImproperlyConfigured("EDUGOV_AUDIT_KEY must differ from every data and index key")

# --- Casework notifications ------------------------------------------------------------
# E-mail only where a mail relay is named; a bureau intranet often has none.
EMAIL_HOST = os.environ.get("EDUGOV_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EDUGOV_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EDUGOV_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EDUGOV_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EDUGOV_EMAIL_TLS", "") == "1"
EDUGOV_CASEWORK_EMAIL = bool(EMAIL_HOST)
# Group robots as JSON: [{"name": "…", "url": "https://…", "secret": "", "types": []}].
EDUGOV_CASEWORK_WEBHOOKS = json.loads(os.environ.get("EDUGOV_CASEWORK_WEBHOOKS", "[]"))

# --- Structured logs (issue 25): JSON lines unless EDUGOV_LOG_FORMAT says otherwise ----
EDUGOV_LOG_FORMAT = os.environ.get("EDUGOV_LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = EDUGOV_LOG_FORMAT  # noqa: F405

# --- Uploaded files on an S3-compatible store (issue 25: several app servers) --------
# Evidence, photos and job inputs go to the default storage. On one machine that is
# MEDIA_ROOT; with several app servers it must be a store every server sees: a shared
# MEDIA_ROOT (NFS) needs nothing here, an S3-compatible store (MinIO, a cloud's object
# storage) is named with EDUGOV_S3_BUCKET (docs/operations.md, "Several app servers").
EDUGOV_S3_BUCKET = os.environ.get("EDUGOV_S3_BUCKET", "")
if EDUGOV_S3_BUCKET:
    try:
        import storages.backends.s3  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "EDUGOV_S3_BUCKET needs django-storages: pip install 'edugov[s3]'"
        ) from None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EDUGOV_S3_BUCKET,
            "endpoint_url": os.environ.get("EDUGOV_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("EDUGOV_S3_REGION") or None,
            "access_key": os.environ.get("EDUGOV_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("EDUGOV_S3_SECRET_KEY") or None,
            "location": os.environ.get("EDUGOV_S3_PREFIX", "media"),
            # Private objects, read only through the app's scoped download views (they
            # stream the file): never a public or pre-signed URL handed to a browser.
            "default_acl": "private",
            "querystring_auth": True,
            # Two servers saving "a.pdf" at once must not overwrite each other.
            "file_overwrite": False,
        },
    }
