"""The unread count in the header of every page."""

from notifications.models import Notification


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.visible_to(user).unread().count()}
