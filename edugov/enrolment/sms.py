"""The SMS interface: a parent's login code and their notices go through one backend
named by ``settings.EDUGOV_SMS_BACKEND`` (a dotted path to a class with
``send(phone, text)``). The default prints to the console (the demo; README); production
plugs in a provider's client."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

log = logging.getLogger("edugov.enrolment.sms")

CODE_SECONDS = 300
MAX_TRIES = 5


class ConsoleSMS:
    """Prints the message: the demo's "SMS". Never in production."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        ConsoleSMS.sent.append((phone, text))
        print(f"[SMS to {phone}] {text}")  # noqa: T201 - the demo reads the code here


def backend():
    return import_string(
        getattr(settings, "EDUGOV_SMS_BACKEND", "edugov.enrolment.sms.ConsoleSMS")
    )()


def _key(phone: str) -> str:
    return "enrolment-sms:" + hashlib.sha256(phone.encode()).hexdigest()


def send_code(phone: str) -> None:
    """Send a 6-digit code, valid 5 minutes; only its hash is kept."""
    code = f"{secrets.randbelow(10**6):06d}"
    digest = hashlib.sha256(code.encode()).hexdigest()
    cache.set(_key(phone), {"h": digest, "t": 0, "at": time.time()}, CODE_SECONDS)
    backend().send(phone, f"您的入学报名验证码是 {code}，5分钟内有效。")


def check_code(phone: str, code: str) -> bool:
    """True once for the right code; five wrong tries spend it."""
    entry = cache.get(_key(phone))
    if not entry:
        return False
    ok = hmac.compare_digest(entry["h"], hashlib.sha256(code.strip().encode()).hexdigest())
    if ok or entry["t"] + 1 >= MAX_TRIES:
        cache.delete(_key(phone))
    else:
        entry["t"] += 1
        cache.set(_key(phone), entry, CODE_SECONDS)
    return ok
