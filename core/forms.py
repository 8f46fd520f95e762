"""Form helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError


def add_service_errors(
    form, error: ValidationError, *, renamed: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form that called it: each message on its field
    where the form has that field (`renamed` maps a model field to the form's name for it),
    else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = (renamed or {}).get(name, name)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
