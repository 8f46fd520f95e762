"""Review pages: an expert's tasks and review form; the bureau's sheets, assignment and the
side-by-side comparison of an object's reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.permissions import internal_scope
from directory.models import Expert
from directory.selectors import experts_eligible_for
from reviews import selectors, services
from reviews.forms import AssignForm, CriterionFormSet, ReviewForm, SheetForm, criteria_from
from reviews.models import ScoreSheet


def _bureau_only(request) -> None:
    if not request.user.is_bureau:
        raise PermissionDenied


def _subject(request, content_type_id: int, object_id: str):
    """The reviewed object, if the bureau user may see its internals; 404 otherwise."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    obj = internal_scope(model, request.user).filter(pk=object_id).first()
    if obj is None:
        raise Http404
    return obj


@login_required
def task_list(request):
    """我的评审任务: what is assigned to me, with due dates (experts only)."""
    if not request.user.has_role(Role.EXPERT):
        raise PermissionDenied
    return render(
        request, "reviews/task_list.html", {"reviews": selectors.my_review_tasks(request.user)}
    )


@login_required
def review_detail(request, pk: int):
    """The expert's review form (their own review); the bureau reads a submitted one."""
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    own = review.expert_id == request.user.pk
    form = None
    if own and not review.is_submitted:
        form = ReviewForm(request.POST or None, sheet=review.sheet)
        if request.method == "POST" and form.is_valid():
            try:
                services.review_submit(
                    object=review.subject,
                    expert=request.user,
                    actor=request.user,
                    **form.service_values(),
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, "评审意见已提交。")
                return redirect("reviews:task_list")
    elif request.method == "POST":
        if not own:
            raise PermissionDenied  # only the assigned expert submits
        messages.error(request, "评审意见已提交，不能重复提交。")
        return redirect(review)
    criteria = list(review.sheet.criteria.all())
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "form": form,
            "scored": [(c, review.score_for(c)) for c in criteria],
        },
    )


@login_required
def compare(request, content_type_id: int, object_id: str):
    """Side by side: experts as columns, criteria as rows, totals, mean, pass or fail."""
    _bureau_only(request)
    obj = _subject(request, content_type_id, object_id)
    return render(
        request,
        "reviews/compare.html",
        {
            "subject": obj,
            "tables": selectors.score_tables(obj, request.user),
            "assign_url": selectors.assign_url(obj),
        },
    )


@login_required
def assign(request, content_type_id: int, object_id: str):
    """Choose experts from the pool; those with a conflict are marked and refused."""
    _bureau_only(request)
    obj = _subject(request, content_type_id, object_id)
    organization = services.organization_of(obj)
    eligible = set(experts_eligible_for(organization).values_list("pk", flat=True))
    pool = (
        Expert.objects.visible_to(request.user)
        .filter(is_active=True, user__isnull=False)
        .select_related("employer")
    )
    form = AssignForm(request.POST or None, sheets=ScoreSheet.objects.all(), experts=pool)
    form.fields["experts"].label_from_instance = lambda e: (
        f"{e.name}（{e.employer.name if e.employer else '—'}）"
        + ("" if e.pk in eligible else " 须回避")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_assign(
                object=obj,
                experts=form.cleaned_data["experts"],
                sheet=form.cleaned_data["sheet"],
                due=form.cleaned_data["due"],
                organization=organization,
                actor=request.user,
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "已指派评审专家。")
            return redirect(selectors.comparison_url(obj))
    return render(request, "reviews/assign.html", {"subject": obj, "form": form})


@login_required
def sheet_list(request):
    _bureau_only(request)
    return render(
        request, "reviews/sheet_list.html", {"sheets": selectors.sheets_visible_to(request.user)}
    )


@login_required
def sheet_create(request):
    _bureau_only(request)
    return _sheet_form(request, None)


@login_required
def sheet_edit(request, pk: int):
    _bureau_only(request)
    sheet = get_object_or_404(selectors.sheets_visible_to(request.user), pk=pk)
    return _sheet_form(request, sheet)


def _sheet_form(request, sheet):
    initial = None
    rows = None
    if sheet is not None:
        initial = {"name": sheet.name, "program": sheet.program, "pass_mark": sheet.pass_mark}
        rows = [
            {"label": c.label, "description": c.description, "max_points": c.max_points}
            for c in sheet.criteria.all()
        ]
    form = SheetForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(request.POST or None, initial=rows, prefix="criteria")
    if sheet is not None:
        form.fields["program"].disabled = True
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            if sheet is None:
                sheet = services.sheet_create(
                    name=data["name"],
                    program=data["program"],
                    pass_mark=data["pass_mark"],
                    criteria=criteria_from(formset),
                    actor=request.user,
                )
            else:
                services.sheet_update(
                    sheet=sheet,
                    name=data["name"],
                    pass_mark=data["pass_mark"],
                    criteria=criteria_from(formset),
                    actor=request.user,
                )
        except ValidationError as error:
            for name, errors in (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            ).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "评分表已保存。")
            return redirect("reviews:sheet_edit", pk=sheet.pk)
    return render(
        request, "reviews/sheet_form.html", {"sheet": sheet, "form": form, "formset": formset}
    )


@login_required
@require_POST
def sheet_copy(request, pk: int):
    _bureau_only(request)
    sheet = get_object_or_404(selectors.sheets_visible_to(request.user), pk=pk)
    copy = services.sheet_new_version(sheet=sheet, actor=request.user)
    messages.success(request, f"已复制为第 {copy.version} 版，可以修改。")
    return redirect("reviews:sheet_edit", pk=copy.pk)
