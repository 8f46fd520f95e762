"""Background work of notifications (django-tasks; `manage.py db_worker` runs it in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from notifications.models import Notification, NotificationPreference


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email the given notifications to recipients who want email of that kind; returns the count."""
    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at=None).select_related(
        "recipient"
    )
    prefs = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user__in=[n.recipient_id for n in rows])
    }
    site = settings.SITE
    for notification in rows:
        user = notification.recipient
        pref = prefs.get(user.pk)
        if not user.email or (pref is not None and not pref.wants_email(notification.kind)):
            continue
        context = {
            "notification": notification,
            "user": user,
            "site": site,
            "link": (settings.SITE_URL + notification.url) if notification.url else "",
        }
        send_mail(
            subject=f"【{site['short_name']}】{notification.title}",
            message=render_to_string("notifications/email/notification.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
