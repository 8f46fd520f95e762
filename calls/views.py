"""Call pages: the public list and detail; the bureau's create, edit, close and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from calls import selectors, services
from calls.filters import CallFilter
from calls.forms import CallCloseForm, CallForm
from calls.models import Call
from core.forms import add_service_errors


def _bureau_only(request) -> None:
    if not request.user.is_bureau:
        raise PermissionDenied


def call_list(request):
    """征集通知: open calls first with the days left, then upcoming, then past ones."""
    filterset = CallFilter(request.GET, queryset=selectors.calls_visible_to(request.user))
    qs = filterset.qs.open_first() if filterset.is_valid() else Call.objects.none()
    page = Paginator(qs, 20)
    return render(
        request,
        "calls/call_list.html",
        {
            "filter": filterset,
            "page_obj": page.get_page(request.GET.get("page")),
            "paginator": page,
        },
    )


def call_detail(request, pk: int):
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=pk)
    from documents.forms import DocumentForm
    from documents.selectors import documents_for

    context = {"call": call, "documents": documents_for(obj=call, user=request.user)}
    if request.user.is_authenticated and request.user.is_bureau:
        context["document_form"] = DocumentForm(initial={"kind": "other"})
        context["close_form"] = CallCloseForm()
    return render(request, "calls/call_detail.html", context)


# The model's datetimes are entered as days on the form.
CALL_FIELDS = {"opens_at": "opens_on", "closes_at": "closes_on"}


@login_required
def call_create(request):
    _bureau_only(request)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error, renamed=CALL_FIELDS)
        else:
            messages.success(request, "征集通知已发布。")
            return redirect(call)
    return render(request, "calls/call_form.html", {"form": form})


@login_required
def call_edit(request, pk: int):
    _bureau_only(request)
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_for(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(call=call, actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error, renamed=CALL_FIELDS)
        else:
            messages.success(request, "征集通知已修改。")
            return redirect(call)
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@login_required
@require_POST
def call_close(request, pk: int):
    _bureau_only(request)
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=pk)
    form = CallCloseForm(request.POST)
    form.is_valid()
    try:
        services.call_close(
            call=call,
            withdraw=form.cleaned_data.get("withdraw", False),
            reason=form.cleaned_data.get("reason", ""),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request, "征集通知已撤回。" if form.cleaned_data.get("withdraw") else "征集已关闭。"
        )
    return redirect(call)


@login_required
@require_POST
def call_document_upload(request, pk: int):
    from documents.views import attach_from_post

    _bureau_only(request)
    call = get_object_or_404(selectors.calls_visible_to(request.user), pk=pk)
    attach_from_post(request, call)
    return redirect(call)
