"""Errors of the workflow engine; each message is Chinese and says what to do."""

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(Exception):
    """Base of the engine's own errors."""


class InvalidTransition(WorkflowError, ValidationError):
    """The action cannot be taken from the record's current state (never a silent no-op)."""


class TransitionDenied(WorkflowError, PermissionDenied):
    """The user may not take this action on this record."""


class ActionBlocked(WorkflowError, ValidationError):
    """A guard of the action does not pass yet (the message says why, in Chinese)."""
