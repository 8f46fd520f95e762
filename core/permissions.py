"""View guards: anonymous users are sent to log in, logged-in users without the right get 403.
And the internal scope: who may see a record's documents and workflow record."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models


def permission_required(perm: str) -> Callable:
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def internal_scope(model: type[models.Model], user) -> models.QuerySet:
    """Records whose internal parts (documents, workflow history and opinions) the user may see.

    A queryset's `internal_visible_to(user)` decides where a record can be public while its
    internals are not (a verified organization); otherwise `visible_to(user)`; a model with
    neither shows nothing."""
    manager = model._default_manager
    if hasattr(manager, "internal_visible_to"):
        return manager.internal_visible_to(user)
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return manager.none()


def sees_internals(obj: models.Model, user) -> bool:
    return internal_scope(type(obj), user).filter(pk=obj.pk).exists()
