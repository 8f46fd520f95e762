"""Showcase pages: the public list and each achievement's page; the bureau's list, create, edit,
publish, withdraw, feature, order and images of the curated items. Thin: forms in, services and
selectors out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.pagecache import public_page
from notices import editorial
from showcase import selectors, services
from showcase.choices import Kind
from showcase.forms import ImageForm, ItemForm, ShowcaseFilter
from showcase.models import ShowcaseImage, ShowcaseItem

PER_PAGE = 12


_bureau_only = editorial.bureau_only


@public_page
def showcase_list(request):
    """成果展示: every kind of achievement, filtered by kind, year, county and industry."""
    form = ShowcaseFilter(request.GET or None)
    filters = form.filters()
    page_obj = selectors.achievements_page(filters, request.GET.get("page"), PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "showcase/list.html",
        {
            "form": form,
            "filters": filters,
            "kind_label": Kind(filters.kind).label if filters.kind else "",
            "kinds": Kind.choices,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "entries": selectors.entries(page_obj.object_list),
            "query": query.urlencode(),
        },
    )


@public_page
def showcase_detail(request, kind: str, pk: int):
    entry = selectors.entry_get(kind, pk, request.user)
    if entry is None:
        raise Http404
    context = {"entry": entry}
    if kind == Kind.CURATED:
        item = entry.record
        context.update(
            item=item,
            images=selectors.public_images(item),
            links=selectors.linked_records(item, request.user),
        )
        if request.user.is_authenticated and request.user.is_bureau:
            context["image_form"] = ImageForm()
    return render(request, "showcase/detail.html", context)


def showcase_image(request, pk: int):
    """An image of a curated item, shown inline (a published item's, or any for the bureau)."""
    from documents.filetypes import MIME
    from documents.public import file_response

    image = selectors.image_visible(pk, request.user)
    if image is None:
        raise Http404
    document = image.document
    response = file_response(
        document.file,
        filename=document.original_name,
        content_type=MIME[document.file_type],
        public=False,
        etag=f'"{document.sha256}"',
    )
    response["Content-Disposition"] = "inline"
    if image.item.state == "published":
        # Shown on public pages: shared caches may keep it briefly (a withdrawn item's image
        # stops being served at once; a cache forgets it within five minutes).
        response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def item_manage(request):
    """The bureau's list of every curated item, in the order the public sees them."""
    _bureau_only(request)
    paginator = Paginator(selectors.manage_items(), 50)
    return render(
        request,
        "showcase/manage.html",
        {"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator},
    )


@login_required
def item_create(request):
    _bureau_only(request)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存为草稿，可添加图片，确认无误后点击“发布”。")
            return redirect(item)
    return render(request, "showcase/form.html", {"form": form})


@login_required
def item_edit(request, pk: int):
    _bureau_only(request)
    item = get_object_or_404(ShowcaseItem.objects.select_related("standard", "organization"), pk=pk)
    form = ItemForm(request.POST or None, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "修改已保存。")
            return redirect(item)
    return render(request, "showcase/form.html", {"form": form, "item": item})


def _act(request, pk: int, action, done: str, **kwargs):
    _bureau_only(request)
    item = get_object_or_404(ShowcaseItem, pk=pk)
    editorial.act(request, action, done, item=item, **kwargs)
    return redirect(request.POST.get("next") or item.get_absolute_url())


@login_required
@require_POST
def item_publish(request, pk: int):
    return _act(request, pk, services.item_publish, "已发布，公众可在成果展示中看到。")


@login_required
@require_POST
def item_unpublish(request, pk: int):
    return _act(
        request,
        pk,
        services.item_unpublish,
        "已撤下，公众不再能看到该条目。",
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def item_feature(request, pk: int):
    featured = request.POST.get("featured") == "1"
    return _act(
        request,
        pk,
        services.item_feature,
        "已设为首页推荐。" if featured else "已取消首页推荐。",
        featured=featured,
    )


@login_required
@require_POST
def item_move(request, pk: int):
    _bureau_only(request)
    item = get_object_or_404(ShowcaseItem, pk=pk)
    try:
        services.item_move(
            item=item, direction=request.POST.get("direction", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("showcase:manage")


@login_required
@require_POST
def image_add(request, pk: int):
    _bureau_only(request)
    item = get_object_or_404(ShowcaseItem, pk=pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(item)
    try:
        services.image_add(
            item=item,
            upload=form.cleaned_data["file"],
            alt=form.cleaned_data["alt"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "图片已添加。")
    return redirect(item)


@login_required
@require_POST
def image_remove(request, pk: int):
    _bureau_only(request)
    image = get_object_or_404(ShowcaseImage.objects.select_related("item"), pk=pk)
    services.image_remove(image=image, actor=request.user)
    messages.success(request, "图片已移除。")
    return redirect(image.item)
