"""Publicity pages: current notices, a notice with its objection form, the bureau's objections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.ratelimit import post_rate_limit
from publicity import selectors, services
from publicity.forms import AnswerForm, ObjectionForm
from publicity.models import Objection


def notice_list(request):
    """公示: notices in their period (ending soonest first), then the latest that ended."""
    ended = selectors.notices_visible_to(request.user).ended().order_by("-ends_on", "-id")
    page = Paginator(ended, 20)
    return render(
        request,
        "publicity/notice_list.html",
        {
            "current": selectors.current_notices(request.user),
            "page_obj": page.get_page(request.GET.get("page")),
            "paginator": page,
        },
    )


@post_rate_limit("objection")
def notice_detail(request, pk: int):
    """The notice as printed, and while it is open the objection form (anyone may post)."""
    notice = get_object_or_404(selectors.notices_visible_to(request.user), pk=pk)
    form = ObjectionForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_spam():
            form.add_error(None, "提交未被受理，请刷新页面后重试。")
        elif form.is_valid():
            try:
                objection = services.objection_submit(
                    notice=notice, user=request.user, **form.service_values()
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, f"异议已提交，回执编号 {objection.receipt}，请妥善保存。")
                return redirect(notice)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "publicity/notice_detail.html", {"notice": notice, "form": form}, status=status
    )


@login_required
def objection_list(request):
    """The bureau's objections to answer, unanswered first."""
    if not request.user.is_bureau:
        raise PermissionDenied
    page = Paginator(selectors.objections_to_answer(request.user), 20)
    return render(
        request,
        "publicity/objection_list.html",
        {
            "page_obj": page.get_page(request.GET.get("page")),
            "paginator": page,
            "answer_form": AnswerForm(),
        },
    )


@login_required
@require_POST
def objection_answer(request, pk: int):
    if not request.user.is_bureau:
        raise PermissionDenied
    objection = get_object_or_404(Objection.objects.visible_to(request.user), pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(
                objection=objection, answer=form.cleaned_data["answer"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已答复异议 {objection.receipt}。")
    else:
        messages.error(request, "请填写答复内容。")
    return redirect("publicity:objection_list")
