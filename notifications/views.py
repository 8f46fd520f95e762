from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications.choices import Kind
from notifications.forms import PreferenceForm
from notifications.models import Notification, NotificationPreference
from notifications.services import notifications_mark_read, preference_update


@login_required
def inbox(request):
    qs = Notification.objects.visible_to(request.user)
    if request.GET.get("unread"):
        qs = qs.unread()
    paginator = Paginator(qs, 20)
    return render(
        request,
        "notifications/inbox.html",
        {"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator},
    )


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    count = notifications_mark_read(
        user=request.user, ids=[int(i) for i in ids if i.isdigit()] or None
    )
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    pref = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "email_enabled": pref.email_enabled if pref else True,
        "email_kinds": [k for k in Kind.values if not pref or k not in pref.email_muted_kinds],
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preference_update(
            user=request.user,
            email_enabled=form.cleaned_data["email_enabled"],
            email_muted_kinds=[k for k in Kind.values if k not in form.cleaned_data["email_kinds"]],
        )
        messages.success(request, "通知设置已保存。")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
