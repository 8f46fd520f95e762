"""Reads of the audit log: only for those whose role grants `core.view_auditevent`."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from core.models import AuditEvent


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    if not (user.is_authenticated and user.is_bureau and user.has_perm("core.view_auditevent")):
        raise PermissionDenied
    return AuditEvent.objects.select_related("object_type")
