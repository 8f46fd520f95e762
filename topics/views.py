"""Topic pages: the public list, a topic (tree, counts, gaps, outdated standards, search,
follow), a node's standards, the topic search and the Excel 体系表; the bureau's pages to edit
topics, trees, placements and rules. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.pagecache import public_page
from topics import excel, selectors, services
from topics.forms import NodeForm, PlacementForm, RuleForm, TopicForm, TopicSearchForm
from topics.models import NodePlacement, NodeRule, Topic, TopicNode
from topics.refresh import RULE_CAP

PER_PAGE = 20


def _bureau_only(request) -> None:
    if not request.user.is_authenticated or not request.user.is_bureau:
        raise PermissionDenied


# --- public ---------------------------------------------------------------------------------


@public_page
def topic_list(request):
    topics = selectors.topics_visible_to(request.user).select_related("cluster")
    page = Paginator(topics, PER_PAGE)
    return render(
        request,
        "topics/list.html",
        {"page_obj": page.get_page(request.GET.get("page")), "paginator": page},
    )


@public_page
def topic_detail(request, slug):
    topic = selectors.topic_get(user=request.user, slug=slug)
    roots = selectors.topic_tree(request.user, topic)
    nodes = selectors.flatten(roots)
    outdated, outdated_total = selectors.outdated(request.user, topic)
    return render(
        request,
        "topics/detail.html",
        {
            "topic": topic,
            "roots": roots,
            "gaps": [v for v in nodes if v.gap],
            "node_count": len(nodes),
            "outdated": outdated,
            "outdated_total": outdated_total,
            "capped": any(v.node.capped for v in nodes),
            "rule_cap": RULE_CAP,
            "search_form": TopicSearchForm(),
            "is_bureau": request.user.is_authenticated and request.user.is_bureau,
        },
    )


@public_page
def node_detail(request, slug, pk):
    topic = selectors.topic_get(user=request.user, slug=slug)
    node = selectors.node_get(user=request.user, topic=topic, pk=pk)
    page = Paginator(selectors.node_placements(request.user, node), PER_PAGE)
    return render(
        request,
        "topics/node.html",
        {"topic": topic, "node": node, "page_obj": page.get_page(request.GET.get("page")),
         "paginator": page},
    )  # fmt: skip


def topic_search(request, slug):
    topic = selectors.topic_get(user=request.user, slug=slug)
    form = TopicSearchForm(request.GET or None)
    context = {"topic": topic, "search_form": form}
    if form.is_valid():
        page_number = request.GET.get("page") or 1
        try:
            page_number = max(1, min(int(page_number), 500))
        except ValueError:
            page_number = 1
        offset = (page_number - 1) * PER_PAGE
        hits = selectors.topic_search(
            user=request.user, topic=topic, data=form.cleaned_data, offset=offset, limit=PER_PAGE
        )
        page = Paginator(hits, PER_PAGE)
        context.update(page_obj=page.get_page(page_number), paginator=page)
    return render(request, "topics/search.html", context)


def topic_export(request, slug):
    topic = selectors.topic_get(user=request.user, slug=slug)
    if excel.is_small(request.user, topic):
        data, _rows, name = excel.build(request.user, topic)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    if not request.user.is_authenticated:
        messages.info(request, "该专题的标准较多，请登录后在后台导出。")
        return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
    from core.exports import export_job_create

    try:
        export_job_create(
            kind="topic", params={"slug": [topic.slug]}, label=f"标准体系表-{topic.name}",
            actor=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(topic.get_absolute_url())
    messages.success(request, "标准较多，已在后台生成，完成后可在“导出任务”中下载。")
    return redirect("exports:list")


# --- the bureau -----------------------------------------------------------------------------


@login_required
def topic_manage(request):
    _bureau_only(request)
    page = Paginator(Topic.objects.select_related("cluster").order_by("order", "id"), PER_PAGE)
    return render(
        request,
        "topics/manage.html",
        {"page_obj": page.get_page(request.GET.get("page")), "paginator": page},
    )


def _topic_values(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("ics_codes", None)
    data.pop("ccs_codes", None)
    return data


def _classes(form) -> dict:
    return {"ics": form.cleaned_data["ics_codes"], "ccs": form.cleaned_data["ccs_codes"]}


@login_required
def topic_create(request):
    _bureau_only(request)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                actor=request.user, values=_topic_values(form), **_classes(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新建专题“{topic.name}”，请继续编制标准体系表。")
            return redirect("topics:edit", topic.slug)
    return render(request, "topics/topic_form.html", {"form": form, "topic": None})


@login_required
def topic_edit(request, slug):
    """The bureau's page of one topic: its settings, and the tree with every node's actions."""
    _bureau_only(request)
    topic = get_object_or_404(Topic, slug=slug)
    initial = {f: getattr(topic, f) for f in services.TOPIC_FIELDS}
    initial["ics_codes"] = " ".join(c.code for c in topic.ics.all())
    initial["ccs_codes"] = " ".join(c.code for c in topic.ccs.all())
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_update(
                topic=topic, actor=request.user, values=_topic_values(form), **_classes(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已保存专题设置。")
            return redirect("topics:edit", topic.slug)
    roots = selectors.topic_tree(request.user, topic, per_node=0, rules=True)
    return render(
        request,
        "topics/edit.html",
        {
            "topic": topic,
            "form": form,
            "nodes": selectors.flatten(roots),
            "node_form": NodeForm(topic=topic, prefix="node"),
            "rule_cap": RULE_CAP,
        },
    )


@login_required
@require_POST
def node_create(request, slug):
    _bureau_only(request)
    topic = get_object_or_404(Topic, slug=slug)
    form = NodeForm(request.POST, topic=topic, prefix="node")
    if form.is_valid():
        try:
            node = services.node_create(topic=topic, actor=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "未能新增节点：" + "；".join(exc.messages))
        else:
            messages.success(request, f"已新增节点“{node}”。")
    else:
        messages.error(request, "未能新增节点：请填写节点名称，并检查各项")
    return redirect("topics:edit", topic.slug)


def _node(slug, pk) -> TopicNode:
    return get_object_or_404(TopicNode.objects.select_related("topic"), topic__slug=slug, pk=pk)


@login_required
def node_edit(request, slug, pk):
    """One node: its fields (and parent), its standards placed by hand, its rules."""
    _bureau_only(request)
    node = _node(slug, pk)
    topic = node.topic
    initial = {
        "code": node.code,
        "name": node.name,
        "category": node.category,
        "parent": node.parent,
    }
    form = NodeForm(request.POST or None, topic=topic, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.node_update(node=node, actor=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已保存节点。")
            return redirect("topics:node_edit", slug, node.pk)
    hand = NodePlacement.objects.filter(node=node, rule__isnull=True).select_related("standard")
    return render(
        request,
        "topics/node_edit.html",
        {
            "topic": topic,
            "node": node,
            "form": form,
            "hand": hand.order_by("standard__code_key")[:200],
            "hand_total": hand.count(),
            "rules": NodeRule.objects.filter(node=node),
            "placement_form": PlacementForm(prefix="placement"),
            "rule_form": RuleForm(),
            "rule_cap": RULE_CAP,
        },
    )


@login_required
@require_POST
def node_move(request, slug, pk):
    _bureau_only(request)
    node = _node(slug, pk)
    try:
        moved = services.node_move(
            node=node, actor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, "未能移动节点：" + "；".join(exc.messages))
    else:
        if not moved:
            messages.info(request, "已在最前或最后。")
    return redirect(reverse("topics:edit", args=[slug]) + f"#node-{node.pk}")


@login_required
@require_POST
def node_delete(request, slug, pk):
    _bureau_only(request)
    node = _node(slug, pk)
    name = str(node)
    services.node_delete(node=node, actor=request.user)
    messages.success(request, f"已删除节点“{name}”及其下级节点。")
    return redirect("topics:edit", slug)


@login_required
@require_POST
def placement_add(request, slug, pk):
    _bureau_only(request)
    node = _node(slug, pk)
    form = PlacementForm(request.POST, prefix="placement")
    try:
        if not form.is_valid():
            raise ValidationError("请填写标准号")
        placement = services.placement_add(
            node=node, actor=request.user, code=form.cleaned_data["code"],
            note=form.cleaned_data["note"],
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, "未能放入：" + "；".join(exc.messages))
    else:
        messages.success(request, f"已将 {placement.standard.code} 放入该节点。")
    return redirect("topics:node_edit", slug, node.pk)


@login_required
@require_POST
def placement_remove(request, slug, pk):
    _bureau_only(request)
    placement = get_object_or_404(
        NodePlacement.objects.select_related("node", "standard"), node__topic__slug=slug, pk=pk
    )
    try:
        services.placement_remove(placement=placement, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已移除 {placement.standard.code}。")
    return redirect("topics:node_edit", slug, placement.node_id)


@login_required
@require_POST
def placement_replace(request, slug, pk):
    _bureau_only(request)
    placement = get_object_or_404(
        NodePlacement.objects.select_related("node", "standard"), node__topic__slug=slug, pk=pk
    )
    try:
        new = services.replace_in_tree(
            placement=placement, actor=request.user, new_code=request.POST.get("new_code", "")
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, f"已在体系表中以 {new.standard.code} 替换 {placement.standard.code}。"
        )
    return redirect(reverse("topics:detail", args=[slug]) + "#outdated")


@login_required
@require_POST
def rule_create(request, slug, pk):
    _bureau_only(request)
    node = _node(slug, pk)
    try:
        services.rule_create(node=node, actor=request.user, params=request.POST)
    except ValidationError as exc:
        messages.error(request, "未能保存规则：" + "；".join(exc.messages))
    else:
        messages.success(request, f"已保存规则，命中的标准（最多 {RULE_CAP} 项）已放入该节点。")
    return redirect("topics:node_edit", slug, node.pk)


@login_required
@require_POST
def rule_delete(request, slug, pk):
    _bureau_only(request)
    rule = get_object_or_404(NodeRule.objects.select_related("node"), node__topic__slug=slug, pk=pk)
    node_id = rule.node_id
    services.rule_delete(rule=rule, actor=request.user)
    messages.success(request, "已删除规则及其归集的标准。")
    return redirect("topics:node_edit", slug, node_id)
