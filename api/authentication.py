"""Token authentication for organizations' systems, refused for officers and staff."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.roles import may_hold_api_token


class OrganizationTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (header "Authorization: Token <key>"), for the accounts that
    `accounts.roles.may_hold_api_token` allows; anyone else's token is refused."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not may_hold_api_token(user):
            raise exceptions.AuthenticationFailed("该账号不能使用接口令牌，请登录平台办理")
        return user, token
