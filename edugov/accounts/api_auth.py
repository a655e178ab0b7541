"""Token authentication for the API that keeps the account rules of the web login."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .tokens import REFUSALS, token_for_key, token_refusal


class PolicyTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` against the hashed ``accounts.ApiToken``.

    DRF's header parsing is kept (clients of the old authtoken keep working); the lookup
    is ours. The account rules are checked on every request, not only when the token was
    made: a role needing a second factor may be granted, or a password expire, later.
    """

    def authenticate_credentials(self, key):
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, revoked or expired."))
        refusal = token_refusal(token.user)
        if refusal:
            raise exceptions.AuthenticationFailed(REFUSALS[refusal])
        return token.user, token
