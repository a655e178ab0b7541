"""Settings shared by every deployment of edugov."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("EDUGOV_VAR_DIR", REPO_DIR / "var"))

SECRET_KEY = os.environ.get("EDUGOV_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "edugov.core",
    "edugov.audit",
    "edugov.org",
    "edugov.accounts",
    "edugov.jobs",
    "edugov.demo",
    "edugov.ops",
    "edugov.casework",  # the case mechanism the modules declare their case types on
    "edugov.proposals",  # 人大建议 / 政协提案 (point 28), case types on casework
    "edugov.hotline",  # 12345 orders and 舆情 items, on casework
    "edugov.students",  # personal data: 学籍 registry
    "edugov.registry",
    "edugov.workplan",
    "edugov.inspection",  # 督导 (issue 16 §4)
    "edugov.private",  # 民办学校 (issue 19)
    "edugov.safety",  # 平安校园 and 后勤 (issue 17)
    "edugov.wellbeing",  # 心理健康 (issue 18), case types on casework
    "edugov.enrolment",  # 义务教育招生入学 (issue 24), on casework and the admissions lottery
    "edugov.fitness",  # 体质健康 (issue 23 §1)
    "edugov.admissions",
    "edugov.academics",
    "edugov.exchange",  # national data exchange: 教基 workbooks, 体质健康 upload (issue 26)
    "edugov.training",  # 双减: off-campus training and 课后服务 (issue 20), on casework
    "edugov.projects",  # 重大重点项目 and 教育经费 (issue 22), on casework
    "edugov.teachers",  # 教师队伍 (issue 21): registry, 县管校聘, 交流轮岗, 继续教育, 师德
    "edugov.portfolio",  # 综合素质评价 (issue 23 §2); derives the admissions' 综评达标 flag
    "edugov.programmes",  # programme registry and 党建 coverage (issue 23 §3)
]

MIDDLEWARE = [
    "edugov.core.middleware.TrustedProxyMiddleware",
    "edugov.core.middleware.UploadLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "edugov.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "edugov.accounts.middleware.SessionPolicyMiddleware",
    "edugov.core.middleware.RequestUserMiddleware",
    "edugov.audit.middleware.DeniedAccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "edugov.core.middleware.LoginRequiredMiddleware",
]

# Reverse proxies whose X-Forwarded-For (and SECURE_PROXY_SSL_HEADER) are believed, as
# IP networks; empty: none. Production reads both from the environment (operations.md).
EDUGOV_TRUSTED_PROXIES: tuple[str, ...] = ()

ROOT_URLCONF = "edugov.urls"
WSGI_APPLICATION = "edugov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "edugov.core.context_processors.shell",
                "csp.context_processors.nonce",
            ],
        },
    }
]


def _database() -> dict:
    """SQLite is the embedded default; EDUGOV_DB=postgres selects PostgreSQL."""
    if os.environ.get("EDUGOV_DB", "sqlite") == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("EDUGOV_PG_NAME", "test"),
            "USER": os.environ.get("EDUGOV_PG_USER", "postgres"),
            "PASSWORD": os.environ.get("EDUGOV_PG_PASSWORD", ""),
            "HOST": os.environ.get("EDUGOV_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("EDUGOV_PG_PORT", "5432"),
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 60,
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EDUGOV_SQLITE_PATH", str(VAR_DIR / "edugov.sqlite3")),
        # WAL lets the task worker write progress while the web server reads it.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["edugov.accounts.backends.RoleBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Chinese first; English is the switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Whitenoise serves the vendored assets straight from the apps: no CDN, no collectstatic
# step needed on a bureau intranet.
WHITENOISE_USE_FINDERS = True
# Files a browser asks for at the site's root whatever the page says: Chromium fetches
# /favicon.ico beside the page's SVG icon on some pages, and its 404 was a console error
# (the browser crawl). The .ico is core/static/core/favicon.svg drawn at 16, 32 and 48 px.
WHITENOISE_ROOT = BASE_DIR / "core" / "root"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads: Django refuses bodies over this with 400 before any parser runs; the
# import framework applies its own, per-kind limits on top.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The platform's "today" (core.clock): empty in production (the real date); a demo fixed
# in time sets it so every page, number and date agrees (YYYY-MM-DD).
EDUGOV_TODAY = os.environ.get("EDUGOV_TODAY") or None
EDUGOV_IMPORT_MAX_BYTES = int(os.environ.get("EDUGOV_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
EDUGOV_IMPORT_MAX_ROWS = 2_000_000
# An xlsx is a zip: refuse archives that would expand past these before parsing.
EDUGOV_XLSX_MAX_EXPANDED = 100 * 1024 * 1024
EDUGOV_XLSX_MAX_ENTRIES = 500
EDUGOV_XLSX_MAX_RATIO = 100
# Imports smaller than this run inside the request; larger ones go to the task worker.
EDUGOV_INLINE_IMPORT_BYTES = 256 * 1024
# Every uploaded sheet is parsed in a forked child (core.io.sandbox) under these limits:
# address space (a 50 MB workbook of 600k rows needs ~400 MB), CPU seconds, and the
# bytes of rows it may send back. Hitting one is "the file could not be read".
EDUGOV_READER_MAX_MEMORY = int(os.environ.get("EDUGOV_READER_MAX_MEMORY", 2 * 1024**3))
EDUGOV_READER_MAX_CPU_SECONDS = int(os.environ.get("EDUGOV_READER_MAX_CPU_SECONDS", 120))
EDUGOV_READER_MAX_OUTPUT = 1024**3
# Uploaded job files may hold personal data in clear: owner-only until deleted.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# A running job whose process has not touched its heartbeat for this long is dead
# (killed, out of memory); the reaper marks it failed and deletes its file.
EDUGOV_JOB_HEARTBEAT_SECONDS = 30
EDUGOV_JOB_STALE_SECONDS = 600

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "edugov.accounts.api_auth.PolicyTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable renderer's forms list related rows (finding M4) and add
    # nothing a client needs. dev.py turns it back on; the OpenAPI docs stay everywhere.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "edugov API",
    "DESCRIPTION": _("教育治理平台 REST API. Every endpoint is scoped to the caller's unit."),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every model and field: it is for logged-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Units and the registry's dated status history share one ownership choice set.
    "ENUM_NAME_OVERRIDES": {
        "OwnershipEnum": "edugov.org.models.Ownership",
        # Fields named alike in several modules with different choices (the APIs of the
        # casework modules and fitness): one stable name each, not a hash suffix.
        "PrivateRiskTierEnum": "edugov.private.models.risk.TIER_CHOICES",
        "HazardLevelEnum": "edugov.safety.models.inspections.Level",
        "FitnessLevelEnum": "edugov.fitness.models.Level",
        "IncidentSexEnum": "edugov.safety.models.logistics.Sex",
        "AnalysisLevelEnum": "edugov.academics.models.Level",
        "StudentSexEnum": "edugov.students.models.Sex",
        "ScreeningTierEnum": "edugov.wellbeing.models.screening.Tier",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"edugov": {"level": "INFO"}},
}

# URLs reachable without logging in. A meta-test walks the URL conf and fails when any
# other URL answers without a login.
EDUGOV_PUBLIC_URL_NAMES = {
    "accounts:login",
    "set_language",
    "api-token",
    # 双减 (issue 20): a parent checks an institution and complains; rate-limited.
    "training:public_lookup",
    "training:public_complaint",
}
EDUGOV_PUBLIC_URL_NAMES |= {"private:public_list"}  # licensed private schools, rate-limited
# 心理健康 (issue 18): students answer a screening with a one-time code, without an
# account (wellbeing/views/public.py).
EDUGOV_PUBLIC_URL_NAMES |= {"wellbeing:answer_start", "wellbeing:answer_sheet"}
EDUGOV_ORG_ROOT_CODE = "360100"

# --- Casework notifications (casework/notify.py) ---------------------------------------
# E-mail each notified user who has an address (the demo prints mail to the console).
EDUGOV_CASEWORK_EMAIL = True
DEFAULT_FROM_EMAIL = os.environ.get("EDUGOV_FROM_EMAIL", "edugov@localhost")
# 企业微信 / 钉钉 group robots: off until listed. Each entry: {"name": "东湖区督办群",
# "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…", "secret": "" (钉钉
# 加签), "types": ["hotline"] (empty: every type)}.
EDUGOV_CASEWORK_WEBHOOKS: list[dict] = []
EDUGOV_CASEWORK_WEBHOOK_TIMEOUT = 5
# 人大建议 / 政协提案 (docs/modules/proposals.md): the answer's limit from 交办, the limit of
# an answer redone after 不满意, the result classes and those that need a reason.
EDUGOV_PROPOSALS_DEADLINE = "3 个月"
EDUGOV_PROPOSALS_REDO_DEADLINE = "1 个月"
EDUGOV_PROPOSALS_CLASSES = (
    ("A", "已解决或采纳"),
    ("B", "正在解决或列入计划"),
    ("C", "因条件限制暂不能解决"),
)
EDUGOV_PROPOSALS_REASON_CLASSES = ("C",)

# --- Authentication and sessions (等保 2.0 §8.1.4.1) -----------------------------------
EDUGOV_PASSWORD_MIN_LENGTH = 8
EDUGOV_PASSWORD_MAX_AGE_DAYS = 90
EDUGOV_PASSWORD_HISTORY = 5
EDUGOV_LOCKOUT_FAILURES = 5
EDUGOV_LOCKOUT_WINDOW_MINUTES = 15
EDUGOV_LOCKOUT_MINUTES = 30
EDUGOV_IDLE_MINUTES = 30
EDUGOV_ADMIN_IDLE_MINUTES = 15
EDUGOV_SESSION_HOURS = 12
EDUGOV_ADMIN_SESSION_HOURS = 8
EDUGOV_ACCOUNT_IDLE_DAYS = 90
# API tokens (accounts.ApiToken) expire this many days after they are made.
EDUGOV_API_TOKEN_DAYS = 30
EDUGOV_ADMIN_ROLES = ("city_admin", "system_admin", "security_admin", "audit_admin")
# Roles whose home page is the 领导驾驶舱 (where the year stands over their scope) rather
# than the staff inbox; roles are data, so which of them lead is configuration too.
EDUGOV_LEADER_ROLES = ("city_admin", "district_admin")
EDUGOV_2FA_ROLES = ("city_admin", "system_admin", "security_admin", "audit_admin")
# Any role that can read mental-health records or full ID numbers needs 2FA too.
EDUGOV_2FA_PERMISSIONS: tuple[str, ...] = (
    "students.view_full_personal_data",
    "wellbeing.view_casefile",  # mental-health records (issue 18)
    "wellbeing.view_submission",
    "teachers.view_full_personal_data",  # teachers' full ID numbers (issue 21)
)
SESSION_COOKIE_AGE = EDUGOV_SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "edugov.accounts.passwords.ComplexityValidator"},
    {"NAME": "edugov.accounts.passwords.NotContainingUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "edugov.accounts.passwords.HistoryValidator"},
]
OTP_TOTP_ISSUER = "edugov"

# --- Content security policy: no inline script without a nonce, nothing off-host -----
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # ECharts and htmx set element styles; styles cannot run code.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# A request body larger than this is answered 413 before anything reads it.
EDUGOV_MAX_REQUEST_BYTES = 60 * 1024 * 1024

# --- Personal data: field encryption and blind-index keys (core.crypto) --------------
# Keys live outside the database. EDUGOV_DATA_KEYS is "kid:base64,kid:base64" (32-byte
# keys, the first is current), or EDUGOV_DATA_KEY_FILE names a 0600 file with one
# "kid:base64" per line (and "index:base64" for the blind-index key). Generate a key
# with `python -c "import base64,os;print(base64.b64encode(os.urandom(32)).decode())"`.
EDUGOV_DATA_KEYS = os.environ.get("EDUGOV_DATA_KEYS", "")
EDUGOV_DATA_KEY_FILE = os.environ.get("EDUGOV_DATA_KEY_FILE", "")
EDUGOV_INDEX_KEY = os.environ.get("EDUGOV_INDEX_KEY", "")
# "aes-256-gcm" (default) or "sm4-gcm" (GB/T 32907); values written under either stay
# readable, and `manage.py rotate_keys` moves them to the current cipher and key.
EDUGOV_FIELD_CIPHER = os.environ.get("EDUGOV_FIELD_CIPHER", "aes-256-gcm")
EDUGOV_AUDIT_RETENTION_DAYS = 180
# --- Audit chain (audit.keys, audit.anchors) ------------------------------------------
# The HMAC key of the audit chain, outside the database like the data keys:
# "kid:base64[,kid:base64…]", 32-byte keys, the first signs new events, the others only
# verify older ones (rotation). Required in production; must differ from every data key.
EDUGOV_AUDIT_KEY = os.environ.get("EDUGOV_AUDIT_KEY", "")
# The chain head is appended here daily (`manage.py anchor_audit`) and on every backup.
EDUGOV_AUDIT_ANCHOR_FILE = os.environ.get(
    "EDUGOV_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log")
)

# 义务教育招生入学 (issue 24): the public catchment search and the parents' SMS login.
EDUGOV_PUBLIC_URL_NAMES |= {"enrolment:catchment_search", "enrolment:parent_login"}

# --- Exam analysis backend (issue 25, academics.analysis) -----------------------------
# The analysis job's count pass: "numpy" (default, in-process), "duckdb" (in-process
# SQL) or "spark" (the same SQL on Spark; pip install 'edugov[spark]' and Java 17+).
# The stored results are identical whichever runs it. EDUGOV_SPARK_MASTER is a Spark
# master URL: local[2] on the worker's machine, or a province's cluster
# (spark://host:7077, yarn, k8s://https://…). EDUGOV_SPARK_CONF adds spark.* options,
# "key=value" pairs separated by ";". EDUGOV_SPARK_STAGING_DIR is a directory every
# executor sees by the same path (a shared mount); without it a cluster gets the marks
# through the driver. See docs/operations.md, "Exam analysis on Spark".
EDUGOV_EXAM_ENGINE = os.environ.get("EDUGOV_EXAM_ENGINE", "numpy")
EDUGOV_SPARK_MASTER = os.environ.get("EDUGOV_SPARK_MASTER", "local[2]")
EDUGOV_SPARK_CONF: dict[str, str] = dict(
    item.strip().split("=", 1)
    for item in os.environ.get("EDUGOV_SPARK_CONF", "").split(";")
    if "=" in item
)
EDUGOV_SPARK_STAGING_DIR = os.environ.get("EDUGOV_SPARK_STAGING_DIR") or None

# --- Health, metrics and JSON logs (issue 25, edugov/ops; docs/operations.md) ---------
# Request latency by view: django-prometheus's middleware, first and last in the chain.
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# /ops/health/ answers the load balancer without a login (one word per check, no
# reasons); /ops/metrics only to the bearer of EDUGOV_METRICS_TOKEN, from
# EDUGOV_METRICS_NETWORKS when set (a 404 to anyone else; docs/security.md).
EDUGOV_PUBLIC_URL_NAMES |= {"ops:health", "ops:metrics"}
EDUGOV_HEALTH_JOB_QUEUE_MAX_AGE = int(os.environ.get("EDUGOV_HEALTH_JOB_QUEUE_MAX_AGE", 900))
EDUGOV_HEALTH_CACHE_SECONDS = 5
EDUGOV_METRICS_TOKEN = os.environ.get("EDUGOV_METRICS_TOKEN", "")
from edugov.core.proxies import parse_trusted_proxies as _parse_networks  # noqa: E402

EDUGOV_METRICS_NETWORKS = _parse_networks(os.environ.get("EDUGOV_METRICS_NETWORKS", ""))
# "plain" (development) or "json": one object per line with the request id the audit
# trail carries (edugov/ops/logs.py); production defaults to json.
EDUGOV_LOG_FORMAT = os.environ.get("EDUGOV_LOG_FORMAT", "plain")
LOGGING["formatters"]["json"] = {"()": "edugov.ops.logs.JsonFormatter"}
LOGGING["filters"] = {"request_id": {"()": "edugov.ops.logs.RequestIdFilter"}}
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
LOGGING["handlers"]["console"]["formatter"] = EDUGOV_LOG_FORMAT

# 义务教育招生入学 (issue 24): the SMS backend from the environment (default: the console;
# ``edugov.enrolment.sms.OutboxSMS`` appends to EDUGOV_SMS_OUTBOX for a relay, and the
# load bench reads it). The parents' login codes live in a cache every app server and
# worker shares: Django's database cache (table ``edugov_cache_sms``, created by
# enrolment's migration 0004). The default cache is per process: a code sent through one
# gunicorn worker, or one of several app servers, would be refused by the next.
EDUGOV_SMS_BACKEND = os.environ.get("EDUGOV_SMS_BACKEND", "edugov.enrolment.sms.ConsoleSMS")
EDUGOV_SMS_OUTBOX = os.environ.get("EDUGOV_SMS_OUTBOX", str(VAR_DIR / "sms-outbox.jsonl"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "enrolment_sms": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "edugov_cache_sms",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
}

# An unfiltered list over more rows than this shows PostgreSQL's estimate ("约 1,000,000")
# and pages without COUNT(*) (core/tables.py).
EDUGOV_ESTIMATE_COUNT_ABOVE = 100_000
