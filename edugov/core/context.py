"""The current request's who/where, for audit events written deep inside services.

A contextvar rather than a thread-local so that it is also right under ASGI and in
task workers, where the task sets it from the job's owner.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    """Who is acting, from where, under which request id."""

    user: Any = None
    ip: str = ""
    request_id: str = ""
    # Per-request memo (a user's object grants, resolved once): None outside a request
    # or an ``acting`` block, where nothing is cached.
    cache: dict | None = field(default=None, compare=False)


_EMPTY = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("edugov_request", default=_EMPTY)


def current() -> RequestContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting(user: Any = None, *, ip: str = "", request_id: str = "") -> Iterator[RequestContext]:
    """Run a block as ``user`` (a task worker, a management command, a test)."""
    ctx = RequestContext(user=user, ip=ip, request_id=request_id or new_request_id(), cache={})
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def set_current(ctx: RequestContext) -> Any:
    return _current.set(ctx)


def reset(token: Any) -> None:
    _current.reset(token)
