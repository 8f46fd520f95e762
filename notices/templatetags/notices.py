"""`{% notices_home %}`: pinned and latest 通知公告 for the home page (one bounded query)."""

from django import template

from notices.selectors import home_notices

register = template.Library()


@register.inclusion_tag("notices/_home.html")
def notices_home(limit: int = 5):
    return {"articles": home_notices(limit)}
