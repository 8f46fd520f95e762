"""Template tags other pages use to show local standards without importing this app's code:
the "制定过程" section of a catalog standard (registered with catalog's detail sections) and the
block of the portal home page."""

from django import template

from drafting import selectors
from drafting.models import LocalStandardProject

register = template.Library()


@register.simple_tag
def standard_process(standard):
    """The project that made `standard` (or None) and its public history."""
    project = LocalStandardProject.objects.filter(standard=standard).first()
    if project is None:
        return None
    return {"project": project, "history": selectors.public_history(project)}


@register.inclusion_tag("drafting/_home_block.html")
def local_standards_home():
    """Home page: where to follow local standards (links only: the home page's queries are
    pinned, and the drafts open for comment are listed by consultation's own block)."""
    return {}
