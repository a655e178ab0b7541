"""One decorator for function views that act on one object.

    @object_view(DubanCase, "duban:close")
    def notice_close_view(request, notice): ...

It looks the object up through ``visible_to(user, action)`` — out of scope, or not the
actor's move, is a 404 before anything else is said, the method included — enforces the
HTTP methods, and turns a service's ``ValidationError`` or ``PermissionDenied`` into a
message on the object's page. The declaration is the one the authorization matrix reads
(``scoped_model`` / ``scoped_action``), so model and action are written once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .scoping import get_visible_or_404


def service_error(exc: ValidationError | PermissionDenied) -> str:
    """The user-facing words of a service's refusal."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("You cannot do this.")


def object_view(
    model: type[models.Model],
    action: str,
    *,
    methods: Sequence[str] = ("POST",),
    lookup: str = "pk",
    select_related: Sequence[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def inner(request, *args: Any, **kwargs: Any):
            queryset = model._default_manager.select_related(*select_related)
            obj = get_visible_or_404(queryset, request.user, action, **{lookup: kwargs.pop(lookup)})
            if request.method not in methods:
                return HttpResponseNotAllowed(list(methods))
            try:
                return view(request, obj, *args, **kwargs)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, service_error(exc))
                return redirect(obj.get_absolute_url())

        inner.scoped_model, inner.scoped_action, inner.scoped_lookup = model, action, lookup
        # Read by core/tests/test_object_views.py: a POST-only view must answer GET with 405.
        inner.allowed_methods = tuple(methods)
        return inner

    return wrap
