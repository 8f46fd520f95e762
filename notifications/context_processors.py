"""The unread count in the header of every page."""

from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread(request):
    """Counted when the page reads it, so that a view which already knows the count (the
    workspace reads it with the latest notifications) passes its own and no query is run."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
