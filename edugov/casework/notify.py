"""Notifications, through one interface: ``notify(case=…, units=…, subject=…)``.

Channels:

- **inbox**: a ``Notification`` row per recipient, written in the caller's transaction
  (the header shows the unread count);
- **email**: Django's mail to each recipient with an address (``EDUGOV_CASEWORK_EMAIL``;
  the demo uses the console backend);
- **webhook**: a JSON POST to the 企业微信 / 钉钉 group robots listed in
  ``EDUGOV_CASEWORK_WEBHOOKS`` (none by default, so off).

Outside channels get a ``Delivery`` row in the caller's transaction and are sent after it
commits (``transaction.on_commit`` → the ``deliver`` task): a slow or failing endpoint
never holds up or rolls back a move. A failed attempt is logged and recorded (attempts,
last error) and retried with a growing pause by ``deliver_due``, which the scan runs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from edugov.core.io.bulk import bulk_insert

from .models import Case, Delivery, DeliveryStatus, Notification
from .rules import confined

log = logging.getLogger("edugov.casework.notify")

# Pause before each retry (seconds): 1 min, 5 min, 30 min, 2 h, 12 h; then it has failed.
BACKOFF = (60, 300, 1800, 7200, 43200)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A delivery being sent is leased for this long, so the scan and the after-commit task
# never send the same one twice.
LEASE = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class Message:
    """One notification about one case, to the users of its ``units`` (unit field names:
    ``unit``, ``lead_unit``, ``co_units``, ``supervising_unit``)."""

    case: Case
    units: tuple[str, ...]
    subject: str
    body: str = ""
    kind: str = "move"
    level: int = 0
    exclude: Any = None
    # Units named by id beyond the case's own fields: a unit above them that reads the
    # case through its scope (the city told of a 重大 hazard the same day).
    extra_units: tuple[int, ...] = ()


def _unit_ids(messages: list[Message]) -> dict[int, set[int]]:
    """Case pk → the unit ids its message addresses; the 协办 units of every case that
    needs them in one query."""
    want_co = [m.case.pk for m in messages if "co_units" in m.units]
    co: dict[int, set[int]] = defaultdict(set)
    if want_co:
        through = Case.co_units.through
        for case_id, unit_id in through.objects.filter(case_id__in=want_co).values_list(
            "case_id", "unit_id"
        ):
            co[case_id].add(unit_id)
    out: dict[int, set[int]] = {}
    for m in messages:
        ids = set(co[m.case.pk]) if "co_units" in m.units else set()
        ids.update(m.extra_units)
        for f in m.units:
            if f != "co_units" and getattr(m.case, f"{f}_id"):
                ids.add(getattr(m.case, f"{f}_id"))
        out[m.case.pk] = ids
    return out


def readers_by_unit(unit_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Active users of these units who may read cases (their roles hold
    ``casework.view_case``; each such unit reads the case through its own field), by
    unit: one query."""
    by_unit: dict[int, list[Any]] = defaultdict(list)
    ids = set(unit_ids)
    if not ids:
        return by_unit
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            unit_id__in=ids,
            assignments__role__permissions__content_type__app_label="casework",
            assignments__role__permissions__codename="view_case",
        )
        .distinct()
        .only("pk", "unit_id", "email", "username")
    )
    for user in users:
        by_unit[user.unit_id].append(user)
    return by_unit


def recipients(case: Case, fields: Iterable[str], *, exclude: Any = None) -> list[Any]:
    """The users ``notify`` tells for ``case`` at ``fields``."""
    message = Message(case, tuple(fields), "", exclude=exclude)
    unit_ids = _unit_ids([message])[case.pk]
    users = {u.pk: u for ids in readers_by_unit(unit_ids).values() for u in ids}
    if confined(case.case_type):
        users = readers_only(case, users)
    if exclude is not None:
        users.pop(exclude.pk, None)
    return list(users.values())


def readers_only(case: Case, users: dict[int, Any]) -> dict[int, Any]:
    """A need-to-know case (its type declares ``readers``) tells only users who may read
    it: the type's own ``recipients(case)`` and its units' users, each kept only if
    ``visible_to`` lets them read the case."""
    return _readers_of([case], {case.pk: users})[case.pk]


def _readers_of(cases: list[Case], candidates: dict[int, dict[int, Any]]) -> dict[int, dict]:
    """``readers_only`` for many cases: one visibility query per distinct candidate user
    over all the cases (a campaign's alerts reach a few dozen counselors, not thousands)."""
    from . import registry

    if not cases:
        return {}
    wanted: dict[int, dict[int, Any]] = {}
    for case in cases:
        users = dict(candidates.get(case.pk, {}))
        named = registry.get(case.case_type).recipients
        if named is not None:
            users.update({u.pk: u for u in named(case) if u.is_active})
        wanted[case.pk] = users
    people = {pk: u for users in wanted.values() for pk, u in users.items()}
    ids = [c.pk for c in cases]
    readable = {
        pk: set(Case.objects.visible_to(u, "view").filter(pk__in=ids).values_list("pk", flat=True))
        for pk, u in people.items()
    }
    return {
        cid: {pk: u for pk, u in users.items() if cid in readable[pk]}
        for cid, users in wanted.items()
    }


def webhooks_for(case: Case) -> list[dict[str, Any]]:
    """The configured group robots that want this case's type (all types by default)."""
    hooks = getattr(settings, "EDUGOV_CASEWORK_WEBHOOKS", ()) or ()
    return [h for h in hooks if not h.get("types") or case.case_type in h["types"]]


def notify_many(messages: list[Message], *, now: dt.datetime) -> int:
    """Tell each message's users through every channel, in a fixed number of queries
    whatever the number of messages (the scan sends hundreds at once). Call inside the
    transaction of the change it reports; returns the number of inbox rows."""
    if not messages:
        return 0
    unit_ids = _unit_ids(messages)
    by_unit = readers_by_unit(set().union(*unit_ids.values()))
    inbox: list[tuple] = []
    deliveries: list[Delivery] = []
    send_mail_too = getattr(settings, "EDUGOV_CASEWORK_EMAIL", True)
    candidates = {
        m.case.pk: {u.pk: u for unit in unit_ids[m.case.pk] for u in by_unit.get(unit, ())}
        for m in messages
    }
    kept = _readers_of([m.case for m in messages if confined(m.case.case_type)], candidates)
    for m in messages:
        users = candidates[m.case.pk]
        confined_type = confined(m.case.case_type)
        if confined_type:
            users = kept[m.case.pk]
        if m.exclude is not None:
            users.pop(m.exclude.pk, None)
        subject = m.subject[:200]
        for user in users.values():
            inbox.append((user.pk, m.case.pk, m.kind, m.level, subject, m.body, now))
            if send_mail_too and user.email:
                deliveries.append(
                    Delivery(
                        channel="email",
                        target=user.email,
                        subject=subject,
                        body=m.body,
                        case=m.case,
                        next_attempt_at=now,
                        created_at=now,
                    )
                )
        # Every notification also goes to the group robots configured for its type; a
        # need-to-know type's only to robots that name it (a group chat is no reader).
        for hook in webhooks_for(m.case):
            if confined_type and not hook.get("types"):
                continue
            deliveries.append(
                Delivery(
                    channel="webhook",
                    target=hook["name"],
                    subject=subject,
                    body=m.body,
                    case=m.case,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    # Plain rows (COPY on PostgreSQL): the scan writes hundreds at once.
    bulk_insert(
        Notification,
        ["recipient", "case", "kind", "level", "subject", "body", "created_at"],
        inbox,
    )
    if deliveries:
        created = Delivery.objects.bulk_create(deliveries, batch_size=2000)
        ids = [d.pk for d in created]
        transaction.on_commit(lambda: _enqueue(ids))
    return len(inbox)


def notify(
    *,
    case: Case,
    units: Iterable[str],
    subject: str,
    body: str = "",
    kind: str = "move",
    level: int = 0,
    now: dt.datetime,
    exclude: Any = None,
    extra_units: Iterable[int] = (),
) -> int:
    """Tell the users of ``case``'s ``units`` (unit field names) through every channel.
    Call inside the transaction of the change it reports; returns the inbox count.
    ``extra_units`` (ids) are told too: only units that read the case (above its own)."""
    message = Message(case, tuple(units), subject, body, kind, level, exclude, tuple(extra_units))
    return notify_many([message], now=now)


def _enqueue(ids: list[int]) -> None:
    from .tasks import deliver_task

    try:
        deliver_task.enqueue(ids)
    except Exception:  # the task backend is down: the scan retries them
        log.exception("could not enqueue %d deliveries; the scan will retry them", len(ids))


# --- Channels --------------------------------------------------------------------------


class ChannelError(Exception):
    pass


def send_email(delivery: Delivery) -> None:
    send_mail(
        delivery.subject,
        delivery.body or delivery.subject,
        settings.DEFAULT_FROM_EMAIL,
        [delivery.target],
        fail_silently=False,
    )


def _hook(name: str) -> dict[str, Any]:
    for hook in getattr(settings, "EDUGOV_CASEWORK_WEBHOOKS", ()) or ():
        if hook["name"] == name:
            return hook
    raise ChannelError(f"no webhook named {name!r} is configured")


def signed_url(url: str, secret: str, now_ms: int) -> str:
    """钉钉 robots with 加签: ``timestamp`` and ``sign`` = base64(HMAC-SHA256(secret,
    "timestamp\\nsecret")) added to the URL."""
    digest = hmac.new(secret.encode(), f"{now_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}timestamp={now_ms}&sign={sign}"


def send_webhook(delivery: Delivery) -> None:
    """POST the text message both robots accept: ``{"msgtype": "text", "text": {...}}``.
    A non-2xx answer, or a JSON answer with a non-zero ``errcode``, is a failure."""
    hook = _hook(delivery.target)
    url = hook["url"]
    if not url.startswith(("https://", "http://")):
        raise ChannelError(f"webhook {hook['name']!r}: only http(s) URLs are posted to")
    if hook.get("secret"):
        url = signed_url(url, hook["secret"], int(time.time() * 1000))
    content = delivery.subject + (f"\n{delivery.body}" if delivery.body else "")
    payload = json.dumps({"msgtype": "text", "text": {"content": content}}).encode()
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, data=payload, headers={"Content-Type": "application/json"}, method="POST"
    )
    timeout = getattr(settings, "EDUGOV_CASEWORK_WEBHOOK_TIMEOUT", 5)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - as above
        answer = response.read(65536)
    try:
        errcode = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0
    if errcode:
        raise ChannelError(f"errcode {errcode}: {answer[:200]!r}")


CHANNELS = {"email": send_email, "webhook": send_webhook}


def _claim(pk: int, now: dt.datetime) -> bool:
    """Lease one due delivery; False when another sender has it or it is not due."""
    return bool(
        Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + LEASE)
    )


def attempt(delivery: Delivery, now: dt.datetime) -> bool:
    """Send one delivery and record the outcome; never raises."""
    send = CHANNELS.get(delivery.channel)
    delivery.attempts += 1
    try:
        if send is None:
            raise ChannelError(f"unknown channel {delivery.channel!r}")
        send(delivery)
    except Exception as exc:  # any failure of the outside world is recorded, not raised
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            log.error(
                "delivery %s (%s → %s) failed for good after %d attempts: %s",
                delivery.pk,
                delivery.channel,
                delivery.target,
                delivery.attempts,
                delivery.last_error,
            )
        else:
            pause = BACKOFF[delivery.attempts - 1]
            delivery.next_attempt_at = now + dt.timedelta(seconds=pause)
            log.warning(
                "delivery %s (%s → %s) attempt %d failed, retry in %ds: %s",
                delivery.pk,
                delivery.channel,
                delivery.target,
                delivery.attempts,
                pause,
                delivery.last_error,
            )
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = now
    delivery.last_error = ""
    delivery.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def deliver(ids: Iterable[int] | None = None, *, now: dt.datetime) -> tuple[int, int]:
    """Send the given deliveries, or every one due; returns (sent, failed attempts)."""
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    sent = failed = 0
    for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True):
        if not _claim(pk, now):
            continue
        delivery = Delivery.objects.get(pk=pk)
        if attempt(delivery, now):
            sent += 1
        else:
            failed += 1
    return sent, failed


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: Any, *, now: dt.datetime, pk: int | None = None) -> int:
    """Mark the user's own notifications read (one, or all)."""
    rows = Notification.objects.filter(Q(recipient=user), read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=now)
