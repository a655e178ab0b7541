"""Token authentication for the API that keeps the account rules of the web login."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .passwords import must_change


class PolicyTokenAuthentication(TokenAuthentication):
    """A token is a password-only credential, so accounts whose role requires a second
    factor cannot use one, and neither can an account that owes a password change."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if user.requires_2fa():
            raise exceptions.AuthenticationFailed(
                "this account requires two-factor authentication; use the web session"
            )
        if must_change(user):
            raise exceptions.AuthenticationFailed("the password must be changed first")
        return user, token
