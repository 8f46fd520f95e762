from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from notifications.models import Notification
from workspace.selectors import queues_for


@login_required
def home(request):
    """工作台: what waits for this user, and their latest notifications."""
    user = request.user
    return render(
        request,
        "workspace/home.html",
        {
            "queues": queues_for(user),
            "organization": user.organization,
            "notifications": Notification.objects.visible_to(user)[:5],
        },
    )
