from django import template

from programs.selectors import upgrades_of

register = template.Library()


@register.simple_tag(takes_context=True)
def standard_upgrades(context, standard):
    request = context.get("request")
    return upgrades_of(standard=standard, user=getattr(request, "user", None))
