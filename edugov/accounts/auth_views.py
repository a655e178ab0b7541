"""Log in, log out, the second factor, and changing one's password."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from edugov.audit.services import audit_record
from edugov.core.middleware import client_ip
from edugov.core.privacy import no_store

from .passwords import password_set
from .security import login_attempt

RECOVERY_CODES = 10


def _next(request, default: str = "/") -> str:
    """Where to go after logging in: a path on this site that resolves to a page, else
    ``default``.

    ``url_has_allowed_host_and_scheme`` alone lets a bare word through ("nonexistent"),
    which ``redirect()`` then tried to reverse as a URL name: a 500 after a good login
    (issue 13 L5). So the target must also be an absolute local path that resolves, and
    callers redirect to it as a URL, never as a name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    try:
        resolve(parts.path)
    except Resolver404:
        return default
    return target


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(max_length=256, strip=False, widget=forms.PasswordInput)


def login_view(request):
    """The same words for a wrong password, an unknown user and a lock, so the page
    never tells an attacker which accounts exist."""
    if request.user.is_authenticated:
        return HttpResponseRedirect(_next(request))
    error = ""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = login_attempt(
            request,
            form.cleaned_data["username"],
            form.cleaned_data["password"],
            client_ip(request),
        )
        if outcome.user is not None:
            return HttpResponseRedirect(_next(request))
        error = (
            _("Too many failed attempts. Try again in %(n)d minutes.")
            % {"n": settings.EDUGOV_LOCKOUT_MINUTES}
            if outcome.locked
            else _("Wrong username or password.")
        )
    elif request.method == "POST":
        error = _("Wrong username or password.")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _next(request, "")},
        status=200,
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit_record("logout", obj=request.user)
    logout(request)
    return redirect("accounts:login")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@no_store
def two_factor(request):
    """Set up TOTP on first use (showing the recovery codes once), else verify a code.

    A recovery code works once: django-otp deletes a static token when it matches.
    Every answer is ``no-store``: the set-up page carries the TOTP secret and the next
    one the recovery codes, which a cached copy would hand to the next user of the
    browser or to a shared proxy.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():
        return HttpResponseRedirect(_next(request))
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    form = TokenForm(request.POST or None)
    if not confirmed:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "totp"}
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and device.verify_token(form.cleaned_data["token"].strip())
        ):
            codes = _confirm_device(user, device)
            otp_login(request, device)
            audit_record("2fa.setup", obj=user)
            return render(
                request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next(request)}
            )
        if request.method == "POST":
            audit_record("2fa.failure", obj=user, outcome="failure")
            form.add_error("token", _("The code is not valid."))
        qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
        return render(
            request,
            "accounts/two_factor_setup.html",
            {"form": form, "qr": qr, "secret": _b32(device), "next": _next(request)},
        )
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            audit_record("2fa.success", obj=user, detail=type(device).__name__)
            return HttpResponseRedirect(_next(request))
        audit_record("2fa.failure", obj=user, outcome="failure")
        form.add_error("token", _("The code is not valid."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


def _b32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _confirm_device(user, device: TOTPDevice) -> list[str]:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        static, _created = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True}
        )
        static.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=gettext_lazy("Current password"), strip=False, widget=forms.PasswordInput
    )
    new_password1 = forms.CharField(
        label=gettext_lazy("New password"), strip=False, max_length=256, widget=forms.PasswordInput
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("New password again"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self):
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise ValidationError(_("The current password is wrong."))
        return self.cleaned_data["old_password"]

    def clean(self):
        data = super().clean()
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2 and new1 != new2:
            self.add_error("new_password2", _("The two new passwords differ."))
        elif new1:
            try:
                validate_password(new1, self.user)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_set(user=request.user, raw=form.cleaned_data["new_password1"], by_self=True)
        update_session_auth_hash(request, request.user)
        return HttpResponseRedirect(_next(request))
    return render(request, "accounts/password_change.html", {"form": form, "next": _next(request)})
