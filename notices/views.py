"""Article pages: the public lists per category and the article; the bureau's list, create, edit,
publish, withdraw and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.pagecache import public_page
from notices import editorial, selectors, services
from notices.choices import Category
from notices.forms import ArticleForm, ArticleListFilter
from notices.models import Article

PER_PAGE = 20


_bureau_only = editorial.bureau_only


@public_page
def article_list(request, category: str = ""):
    """The public list of one category (or all), pinned first, newest first."""
    category = category or request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    page = Paginator(selectors.public_articles(category or None), PER_PAGE)
    return render(
        request,
        "notices/list.html",
        {
            "category": category,
            "category_label": Category(category).label if category else "通知公告",
            "categories": Category.choices,
            "page_obj": page.get_page(request.GET.get("page")),
            "paginator": page,
        },
    )


@public_page
def article_detail(request, pk: int):
    article = get_object_or_404(
        selectors.articles_visible_to(request.user).select_related("author"), pk=pk
    )
    from documents.forms import DocumentForm
    from documents.selectors import documents_for

    context = {"article": article, "documents": documents_for(obj=article, user=request.user)}
    if request.user.is_authenticated and request.user.is_bureau:
        context["document_form"] = DocumentForm(initial={"kind": "other"})
    return render(request, "notices/detail.html", context)


@login_required
def article_manage(request):
    """The bureau's list of every article: drafts, scheduled, published and withdrawn."""
    _bureau_only(request)
    filter_form = ArticleListFilter(request.GET or None)
    qs = Article.objects.order_by("-updated_at", "-id")
    if filter_form.is_valid() and filter_form.cleaned_data["category"]:
        qs = qs.filter(category=filter_form.cleaned_data["category"])
    page = Paginator(qs, PER_PAGE)
    return render(
        request,
        "notices/manage.html",
        {"filter_form": filter_form, "page_obj": page.get_page(request.GET.get("page")),
         "paginator": page},
    )  # fmt: skip


@login_required
def article_create(request):
    _bureau_only(request)
    form = ArticleForm(request.POST or None, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存为草稿，确认无误后点击“发布”。")
            return redirect(article)
    return render(request, "notices/form.html", {"form": form})


@login_required
def article_edit(request, pk: int):
    _bureau_only(request)
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(request.POST or None, initial=ArticleForm.initial_for(article))
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(article=article, actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "修改已保存。")
            return redirect(article)
    return render(request, "notices/form.html", {"form": form, "article": article})


@login_required
@require_POST
def article_publish(request, pk: int):
    _bureau_only(request)
    article = get_object_or_404(Article, pk=pk)
    editorial.act(
        request,
        services.article_publish,
        lambda a: "已发布，将于发布时间到达后对公众公开。" if a.scheduled else "已发布。",
        article=article,
    )
    return redirect(article)


@login_required
@require_POST
def article_withdraw(request, pk: int):
    _bureau_only(request)
    article = get_object_or_404(Article, pk=pk)
    editorial.act(
        request,
        services.article_withdraw,
        "已撤回，公众不再能看到该文章。",
        article=article,
        reason=request.POST.get("reason", ""),
    )
    return redirect(article)


@login_required
@require_POST
def article_document_upload(request, pk: int):
    from documents.views import attach_from_post

    _bureau_only(request)
    article = get_object_or_404(Article, pk=pk)
    attach_from_post(request, article)
    return redirect(article)
