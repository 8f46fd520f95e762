"""Every API error has the same shape: {"error": {"code", "message", "fields"?}}."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    from core.workflow import ActionBlocked, InvalidTransition

    if isinstance(exc, ActionBlocked):
        # A guard says why not yet (all comments answered, the panel completed…).
        body = {"error": {"code": "action_blocked", "message": " ".join(exc.messages)}}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, InvalidTransition):
        # The record moved on (or never was there): a conflict, not a malformed request.
        body = {"error": {"code": "invalid_transition", "message": " ".join(exc.messages)}}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RequestDataTooBig):  # core.uploads stopped reading the body
        body = {"error": {"code": "too_large", "message": f"请求内容过大：{exc}"}}
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        fields = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        body = {"error": {"code": "invalid", "message": "请求参数有误", "fields": fields}}
    else:
        detail = (
            response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        )
        body = {"error": {"code": getattr(detail, "code", code), "message": str(detail)}}
    return Response(body, status=response.status_code, headers=dict(response.items()))


def invalid_filters(errors) -> Response:
    return Response(
        {"error": {"code": "invalid", "message": "筛选参数有误", "fields": errors}},
        status=status.HTTP_400_BAD_REQUEST,
    )
