from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.roles import Role
from core.models import StageDeadlineSetting
from core.workflow import processes
from core.workflow.deadlines import deadline_setting_save
from core.workflow.definitions import Stage
from notifications.selectors import latest_with_unread_count
from programs.selectors import workspace_for as programs_workspace
from workspace.forms import StageDeadlineForm
from workspace.selectors import organization_score, oversight_for, queues_for


@login_required
def home(request):
    """工作台: what waits for this user, and their latest notifications."""
    user = request.user
    organization = user.organization
    notifications, unread = latest_with_unread_count(user)
    return render(
        request,
        "workspace/home.html",
        {
            "queues": queues_for(user),
            "oversight": oversight_for(user),
            "sets_deadlines": may_set_deadlines(user),
            "organization": organization,
            "score": organization_score(user, organization),
            "notifications": notifications,
            "programs": programs_workspace(user),
            # The header's unread badge (notifications.context_processors.unread), known already.
            "unread_notifications": unread,
        },
    )


def may_set_deadlines(user) -> bool:
    return user.has_role(Role.CITY_OFFICER, Role.ADMINISTRATOR)


@login_required
@require_http_methods(["GET", "POST"])
def deadlines(request):
    """环节办理期限: the city bureau sets each stage's deadline (the default comes from the code)."""
    if not may_set_deadlines(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = StageDeadlineForm(request.POST)
        if form.is_valid():
            try:
                deadline_setting_save(**form.cleaned_data, actor=request.user)
            except (KeyError, ValidationError):
                messages.error(request, "该流程环节不存在或不设办理期限。")
            else:
                messages.success(request, "已保存办理期限，新进入该环节的事项按此计算。")
        else:
            messages.error(request, "请填写 0 至 365 的天数（0 表示恢复默认）。")
        return redirect("workspace:deadlines")
    settings = {(s.process, s.state): s for s in StageDeadlineSetting.objects.all()}
    rows = [
        (proc, state, settings.get((proc.key, state.key)))
        for proc in processes()
        for state in proc.states
        if state.stage != Stage.DONE
        and not state.waits_for_applicant
        and (state.deadline or (proc.key, state.key) in settings)
    ]
    return render(request, "workspace/deadlines.html", {"rows": rows})
