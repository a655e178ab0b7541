"""``/api/token/`` for scripts, and each user's page of her own tokens."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from edugov.core.middleware import client_ip
from edugov.core.privacy import mark_no_store, no_store

from .models import ApiToken
from .security import credentials_check
from .tokens import REFUSALS, token_create, token_refusal, token_revoke


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="API")


class ObtainToken(APIView):
    """Exchange a username and password for a new token, through the login page's gate:
    the same lock, the same failure count, the same audit events."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request=TokenRequest,
        responses={
            200: inline_serializer(
                "TokenIssued",
                {"token": serializers.CharField(), "expires": serializers.DateTimeField()},
            )
        },
    )
    def post(self, request):
        # One answer for every refusal (wrong password, unknown user, lock, an account
        # that may not use tokens), as on the login page: it tells a guesser nothing.
        refused = Response(
            {"detail": _("Wrong username or password, or this account may not use API tokens.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
        data = TokenRequest(data=request.data)
        if not data.is_valid():
            return refused
        outcome = credentials_check(
            request._request,
            data.validated_data["username"],
            data.validated_data["password"],
            client_ip(request._request),
            channel="api token",
            refuse=token_refusal,
        )
        if outcome.user is None:
            return refused
        token, key = token_create(user=outcome.user, name=data.validated_data["name"])
        return mark_no_store(
            Response({"token": key, "expires": token.expires_at}, status=status.HTTP_200_OK)
        )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=100,
        help_text=gettext_lazy("For example: nightly sync of the school roster."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


def _page(request, *, form: TokenForm, key: str = "", status_code: int = 200):
    refusal = token_refusal(request.user)
    return render(
        request,
        "accounts/token_list.html",
        {
            "title": _("API tokens"),
            "tokens": ApiToken.objects.filter(user=request.user),
            "form": form,
            "key": key,
            "refusal": REFUSALS[refusal] if refusal else "",
            "now": timezone.now(),
            "token_days": settings.EDUGOV_API_TOKEN_DAYS,
        },
        status=status_code,
    )


def token_list(request):
    """The signed-in user's own tokens: no one else's are listed or reachable."""
    return _page(request, form=TokenForm())


@no_store
@require_POST
def token_create_view(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status_code=400)
    try:
        _token, key = token_create(user=request.user, name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:token_list")
    # The key is rendered in this response only; the database keeps its hash.
    return _page(request, form=TokenForm(), key=key)


@require_POST
def token_revoke_view(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).select_related("user").first()
    if token is None:
        raise Http404
    token_revoke(token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:token_list")
