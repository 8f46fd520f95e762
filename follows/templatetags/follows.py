"""Follow buttons for catalog pages: `{% load follows %}{% follow_button standard %}`,
`{% save_search_form %}` on the search results page."""

from django import template

from follows.models import Follow, ObjectFollow
from follows.services import NAME_MAX, SEARCH_PARAMS

register = template.Library()


@register.inclusion_tag("follows/_follow_button.html", takes_context=True)
def follow_button(context, standard):
    request = context["request"]
    user = request.user
    follow = (
        Follow.objects.filter(user=user, standard=standard).first()
        if user.is_authenticated
        else None
    )
    return {
        "standard": standard,
        "follow": follow,
        "user": user,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("follows/_object_follow_button.html", takes_context=True)
def object_follow_button(context, obj, noun="专题"):
    """`{% object_follow_button topic %}`: follow or unfollow a registered record."""
    from django.contrib.contenttypes.models import ContentType

    request = context["request"]
    user = request.user
    content_type = ContentType.objects.get_for_model(obj)
    follow = (
        ObjectFollow.objects.filter(user=user, content_type=content_type, object_id=obj.pk).first()
        if user.is_authenticated
        else None
    )
    return {
        "target": f"{content_type.app_label}.{content_type.model}:{obj.pk}",
        "noun": noun,
        "follow": follow,
        "user": user,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("follows/_save_search_form.html", takes_context=True)
def save_search_form(context):
    request = context["request"]
    params = [(k, request.GET.get(k, "")) for k in SEARCH_PARAMS if request.GET.get(k, "").strip()]
    return {
        "params": params,
        "user": request.user,
        "next": request.get_full_path(),
        "suggested_name": (request.GET.get("q", "").strip() or "我的检索")[:NAME_MAX],
        "name_max": NAME_MAX,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def search_description(params) -> str:
    """A saved search's conditions in words: ``关键词“足球”，状态：现行``."""
    from catalog.filters import StandardFilter
    from core.filters import describe_filters

    return describe_filters(StandardFilter, params or {})
