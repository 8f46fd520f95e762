from django import template

from programs.selectors import upgrades_of

register = template.Library()


@register.simple_tag(takes_context=True)
def standard_upgrades(context, standard):
    request = context.get("request")
    return upgrades_of(standard=standard, user=getattr(request, "user", None))


@register.inclusion_tag("programs/_stage_badge.html")
def stage_badge(obj):
    from programs.choices import stage_of

    return {"stage": stage_of(obj.state), "label": obj.get_state_display()}


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
