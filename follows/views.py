"""我的关注: follow/unfollow standards, save/delete searches. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from follows import selectors, services
from follows.forms import SavedSearchForm


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@login_required
def home(request):
    return render(
        request,
        "follows/home.html",
        {
            "follows": selectors.follows_of(request.user),
            "searches": selectors.saved_search_rows(request.user),
            "object_follows": selectors.object_follow_rows(request.user),
        },
    )


@login_required
@require_POST
def follow_create(request):
    code = request.POST.get("code", "")
    try:
        follow, created = services.follow_create(user=request.user, code=code)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(request, "follows:home")
    if created:
        messages.success(request, f"已关注 {follow.standard.code}，状态变化时会通知您。")
    else:
        messages.info(request, f"您已关注 {follow.standard.code}。")
    return _back(request, "follows:home")


@login_required
@require_POST
def follow_delete(request, pk):
    follow = selectors.follow_get(user=request.user, pk=pk)
    code = follow.standard.code
    services.follow_delete(follow=follow, actor=request.user)
    messages.success(request, f"已取消关注 {code}。")
    return _back(request, "follows:home")


@login_required
@require_POST
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        saved = services.saved_search_create(
            user=request.user, name=form.cleaned_data["name"], params=request.POST
        )
    except ValidationError as exc:
        messages.error(request, "未能保存检索：" + _error_text(exc))
        return _back(request, "catalog:standard_list")
    messages.success(request, f"已保存检索“{saved.name}”，有新标准符合时会通知您。")
    return _back(request, "follows:home")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = selectors.saved_search_get(user=request.user, pk=pk)
    name = saved.name
    services.saved_search_delete(saved=saved, actor=request.user)
    messages.success(request, f"已删除检索“{name}”。")
    return redirect("follows:home")


@login_required
def saved_search_open(request, pk):
    """Open a saved search's results; its new matches count from now."""
    saved = selectors.saved_search_get(user=request.user, pk=pk)
    services.saved_search_mark_seen(saved=saved)
    return redirect(selectors.search_url(saved))


@login_required
@require_POST
def object_follow_create(request):
    try:
        follow, created = services.object_follow_create(
            user=request.user, target=request.POST.get("target", "")
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(request, "follows:home")
    if created:
        messages.success(request, f"已关注“{follow.target}”，有更新时会通知您。")
    else:
        messages.info(request, f"您已关注“{follow.target}”。")
    return _back(request, "follows:home")


@login_required
@require_POST
def object_follow_delete(request, pk):
    follow = selectors.object_follow_get(user=request.user, pk=pk)
    services.object_follow_delete(follow=follow, actor=request.user)
    messages.success(request, "已取消关注。")
    return _back(request, "follows:home")
