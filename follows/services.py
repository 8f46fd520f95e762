"""Writes of follows. Each takes keyword-only arguments and the acting user, and is audited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalog.codes import InvalidStandardCode, parse_code
from catalog.models import Standard
from core import audit
from follows import followables
from follows.models import Follow, ObjectFollow, SavedSearch

# The standard list's parameters a saved search keeps (the same names as the page and the API).
SEARCH_PARAMS = ("q", "kind", "status", "nature", "ics", "ccs", "year", "issuing_body")
NAME_MAX = 60
OBJECT_FOLLOW_MAX = 100


def clean_search_params(data) -> dict:
    """The query and filters of a saved search, validated by the standard list's own filter set.
    Raises ValidationError (in Chinese) for invalid filters or an empty search."""
    from catalog.filters import StandardFilter

    raw = {k: str(data.get(k, "")).strip() for k in SEARCH_PARAMS if data.get(k) not in (None, "")}
    form = StandardFilter(raw, queryset=Standard.objects.none()).form
    if not form.is_valid():
        messages = [f"{form.fields[f].label}：{'；'.join(e)}" for f, e in form.errors.items()]
        raise ValidationError({"params": "检索条件有误：" + "；".join(messages)})
    params = {}
    for key in SEARCH_PARAMS:
        value = form.cleaned_data.get(key)
        if value in (None, ""):
            continue
        params[key] = str(int(value)) if key == "year" else " ".join(str(value).split())
    if not params:
        raise ValidationError({"params": "请先输入关键词或选择筛选条件，再保存检索"})
    return params


def _standard_for(user: User, code: str) -> Standard:
    try:
        key = parse_code(code or "").key
    except InvalidStandardCode:
        raise ValidationError({"code": "标准号无法识别"}) from None
    standard = Standard.objects.visible_to(user).filter(code_key=key).first()
    if standard is None:
        raise ValidationError({"code": f"没有找到标准 {code}"})
    return standard


@transaction.atomic
def follow_create(*, user: User, code: str) -> tuple[Follow, bool]:
    """Follow a standard by any spelling of its code; following twice is harmless."""
    standard = _standard_for(user, code)
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialize the limit check
    existing = Follow.objects.filter(user=user, standard=standard).first()
    if existing is not None:
        return existing, False
    limit = settings.FOLLOW_MAX_STANDARDS
    if Follow.objects.filter(user=user).count() >= limit:
        raise ValidationError({"code": f"最多可关注 {limit} 项标准，请先取消一些关注"})
    follow = Follow.objects.create(user=user, standard=standard)
    audit.record(actor=user, action="follow.create", obj=follow, extra={"standard": standard.code})
    return follow, True


@transaction.atomic
def follow_delete(*, follow: Follow, actor: User) -> None:
    audit.record(
        actor=actor,
        action="follow.delete",
        obj=follow,
        before=audit.snapshot(follow),
        extra={"standard": follow.standard.code},
    )
    follow.delete()


@transaction.atomic
def saved_search_create(*, user: User, name: str, params) -> SavedSearch:
    """Save the current search under a name (1–60 characters, unique for the user)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "请填写检索名称"})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"检索名称不能超过 {NAME_MAX} 个字"})
    cleaned = clean_search_params(params)
    User.objects.select_for_update().filter(pk=user.pk).first()
    if SavedSearch.objects.filter(user=user, name=name).exists():
        raise ValidationError({"name": f"已有名为“{name}”的检索，请换一个名称"})
    limit = settings.FOLLOW_MAX_SAVED_SEARCHES
    if SavedSearch.objects.filter(user=user).count() >= limit:
        raise ValidationError({"name": f"最多可保存 {limit} 个检索，请先删除不用的检索"})
    saved = SavedSearch.objects.create(
        user=user, name=name, params=cleaned, last_seen_at=timezone.now()
    )
    audit.record(actor=user, action="saved_search.create", obj=saved, after=audit.snapshot(saved))
    return saved


@transaction.atomic
def saved_search_delete(*, saved: SavedSearch, actor: User) -> None:
    audit.record(actor=actor, action="saved_search.delete", obj=saved, before=audit.snapshot(saved))
    saved.delete()


def saved_search_mark_seen(*, saved: SavedSearch) -> None:
    """The user looked at the results: new matches count from now (not audited, like reading)."""
    SavedSearch.objects.filter(pk=saved.pk).update(last_seen_at=timezone.now())


def _followed_object(user: User, target: str):
    """`target` is "app_label.model:pk" of a registered followable the user may see."""
    label, _, pk = (target or "").partition(":")
    kind = followables.get(label)
    if kind is None or not pk.isdigit():
        raise ValidationError({"target": "无法关注该对象"})
    obj = kind.get(user, int(pk))
    if obj is None:
        raise ValidationError({"target": f"没有找到该{kind.noun}"})
    return kind, obj


@transaction.atomic
def object_follow_create(*, user: User, target: str) -> tuple[ObjectFollow, bool]:
    """Follow a topic (or another registered record); following twice is harmless."""
    from django.contrib.contenttypes.models import ContentType

    kind, obj = _followed_object(user, target)
    User.objects.select_for_update().filter(pk=user.pk).first()
    content_type = ContentType.objects.get_for_model(obj)
    existing = ObjectFollow.objects.filter(
        user=user, content_type=content_type, object_id=obj.pk
    ).first()
    if existing is not None:
        return existing, False
    if ObjectFollow.objects.filter(user=user).count() >= OBJECT_FOLLOW_MAX:
        raise ValidationError({"target": f"最多可关注 {OBJECT_FOLLOW_MAX} 项，请先取消一些关注"})
    follow = ObjectFollow.objects.create(user=user, content_type=content_type, object_id=obj.pk)
    audit.record(actor=user, action="object_follow.create", obj=follow, extra={kind.noun: str(obj)})
    return follow, True


@transaction.atomic
def object_follow_delete(*, follow: ObjectFollow, actor: User) -> None:
    audit.record(
        actor=actor, action="object_follow.delete", obj=follow, before=audit.snapshot(follow)
    )
    follow.delete()
