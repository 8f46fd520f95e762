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
def local_standards_home(limit: int = 5):
    """Home page: drafts open for comment, projects in progress, the latest DB3708/T standards."""
    return {
        "open": selectors.open_for_comment()[:limit],
        "in_progress": selectors.tracker().exclude(state__in=selectors.FINISHED_STATES).count(),
        "latest": list(selectors.published_projects()[:limit]),
    }
