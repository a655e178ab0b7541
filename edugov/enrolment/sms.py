"""The SMS interface: a parent's login code and their notices go through one backend
named by ``settings.EDUGOV_SMS_BACKEND`` (a dotted path to a class with
``send(phone, text)``). The default prints to the console (the demo; README); production
plugs in a provider's client; ``OutboxSMS`` writes each message to an outbox file a
relay (or the load bench, ``bench/enrolment.py``) reads.

Login codes are kept in the ``enrolment_sms`` cache, which every worker process shares
(settings: Django's database cache, so every app server shares it too): a code sent through one gunicorn worker is
checked by whichever worker takes the next request."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import time

from django.conf import settings
from django.core.cache import cache, caches
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


class OutboxSMS:
    """Appends each message as one JSON line (``at``, ``phone``, ``text``) to the file
    ``settings.EDUGOV_SMS_OUTBOX``, for a relay to a provider to send. One ``write`` in
    append mode per message: the lines of several workers never interleave."""

    def send(self, phone: str, text: str) -> None:
        line = json.dumps({"at": time.time(), "phone": phone, "text": text}, ensure_ascii=False)
        fd = os.open(settings.EDUGOV_SMS_OUTBOX, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)


def _codes():
    """The codes' store: the shared ``enrolment_sms`` cache when configured (the
    default cache is per process)."""
    return caches["enrolment_sms"] if "enrolment_sms" in settings.CACHES else cache


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
    _codes().set(_key(phone), {"h": digest, "t": 0, "at": time.time()}, CODE_SECONDS)
    backend().send(phone, f"您的入学报名验证码是 {code}，5分钟内有效。")


def check_code(phone: str, code: str) -> bool:
    """True once for the right code; five wrong tries spend it."""
    store = _codes()
    entry = store.get(_key(phone))
    if not entry:
        return False
    ok = hmac.compare_digest(entry["h"], hashlib.sha256(code.strip().encode()).hexdigest())
    if ok or entry["t"] + 1 >= MAX_TRIES:
        store.delete(_key(phone))
    else:
        entry["t"] += 1
        store.set(_key(phone), entry, CODE_SECONDS)
    return ok
