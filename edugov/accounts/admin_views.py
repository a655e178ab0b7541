"""Pages of the separated administrators: the system admin resets passwords and
disables accounts; the security admin unlocks, ends sessions, edits roles and gives
them to users."""

from __future__ import annotations

import secrets
import string

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from edugov.core.actions import object_view
from edugov.core.privacy import no_store
from edugov.core.views import add_service_errors

from .models import LoginLock, Role, User
from .passwords import password_set
from .security import lock_release, sessions_end, user_disable
from .services import role_save, user_roles_set


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise Http404


def temporary_password() -> str:
    """12 characters from all four classes; the user must change it at first login."""
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = (
            "".join(secrets.choice(alphabet) for _ in range(10))
            + secrets.choice("#%+=@")
            + secrets.choice(string.digits)
        )
        if any(c.islower() for c in pw) and any(c.isupper() for c in pw):
            return pw


@object_view(User, "change")
@no_store  # the page shows the temporary password: no browser or proxy may keep it
def user_reset_password(request, user: User):
    _require(request, "accounts.change_user")
    raw = temporary_password()
    password_set(user=user, raw=raw, by_self=False)
    # Shown once to the administrator, never stored or logged in clear.
    return render(request, "accounts/temporary_password.html", {"object": user, "password": raw})


@object_view(User, "change")
def user_disable_view(request, user: User):
    _require(request, "accounts.change_user")
    user_disable(user=user)
    messages.success(request, _("The account is disabled; its sessions and API tokens have ended."))
    return redirect(user.get_absolute_url())


@object_view(User, "view")
def user_end_sessions(request, user: User):
    _require(request, "accounts.delete_loginlock")
    sessions_end(user=user, reason="security admin")
    messages.success(request, _("All sessions and API tokens of this account have ended."))
    return redirect(user.get_absolute_url())


def lock_list(request):
    _require(request, "accounts.view_loginlock")
    locks = LoginLock.objects.filter(locked_until__gt=timezone.now()).order_by("-locked_at")
    return render(request, "accounts/lock_list.html", {"locks": locks, "title": _("Locked logins")})


@require_POST
def lock_unlock(request, pk: int):
    _require(request, "accounts.delete_loginlock")
    lock = LoginLock.objects.filter(pk=pk).first()
    if lock is None:
        raise Http404
    lock_release(lock=lock)
    messages.success(request, _("Unlocked."))
    return redirect("accounts:lock_list")


# The permissions' names are stored in English when ``migrate`` creates them, so a
# zh-Hans page would list "Can view supervision notice (督办单)": each is named again
# here, in the reader's language, from its action and its model's verbose name.
ACTION_LABELS = {
    "view": pgettext_lazy("permission", "View"),
    "add": pgettext_lazy("permission", "Add"),
    "change": pgettext_lazy("permission", "Change"),
    "delete": pgettext_lazy("permission", "Delete"),
    "export": pgettext_lazy("permission", "Export"),
}


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        model = obj.content_type.model_class()
        action, _sep, model_name = obj.codename.partition("_")
        if model is not None and model_name == obj.content_type.model and action in ACTION_LABELS:
            return f"{ACTION_LABELS[action]} · {model._meta.verbose_name}"
        # A custom permission's name is its msgid (``Meta.permissions`` with gettext).
        return _(obj.name)


class RoleForm(forms.ModelForm):
    permissions = PermissionChoiceField(
        queryset=Permission.objects.select_related("content_type").order_by(
            "content_type__app_label", "codename"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Role
        fields = ["code", "name", "description", "class_bound", "permissions"]


def role_list(request):
    _require(request, "accounts.view_role")
    roles = Role.objects.prefetch_related("permissions").order_by("code")
    return render(request, "accounts/role_list.html", {"roles": roles, "title": _("Roles")})


def role_edit(request, pk: int | None = None):
    _require(request, "accounts.change_role" if pk else "accounts.add_role")
    role = Role.objects.filter(pk=pk).first() if pk else None
    if pk and role is None:
        raise Http404
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            role_save(
                actor=request.user,
                role=form.save(commit=False),
                permissions=form.cleaned_data["permissions"],
                creating=role is None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("accounts:role_list")
    return render(
        request,
        "accounts/role_edit.html",
        {"form": form, "object": role, "title": _("Role")},
        status=400 if form.errors else 200,
    )


class RoleAssignForm(forms.Form):
    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("roles"),
    )


@object_view(User, "assign_role", methods=("GET", "POST"))
def role_assign(request, user: User):
    """The security admin gives a user roles (三员: not the system admin, who edits the
    account, and not for herself)."""
    form = RoleAssignForm(request.POST or None, initial={"roles": list(user.roles.all())})
    if request.method == "POST" and form.is_valid():
        try:
            user_roles_set(actor=request.user, user=user, roles=form.cleaned_data["roles"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(user.get_absolute_url())
    return render(
        request,
        "accounts/role_assign.html",
        {"form": form, "object": user, "title": _("Assign roles")},
        status=400 if form.errors else 200,
    )
