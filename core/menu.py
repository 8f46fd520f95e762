"""The site's menus as data: each app declares its entries in its own ``menu.py``.

An app adds pages to the menus without touching the base template::

    # myapp/menu.py  (imported by core.menu.autodiscover(), like admin.py)
    from core import menu

    menu.register(
        menu.Entry("征求意见", "drafts:list", section=menu.MAIN, order=40),
        menu.Entry("意见处理", "drafts:review_queue", section=menu.MANAGE,
                   visible=menu.has_perm("drafts.review_draft")),
    )
    # A page reached only through a flow (a "done" page, a form's second step):
    menu.unlisted("drafts:submitted", "shown after submitting")
    # A page for signed-out visitors only (linked for them, not for signed-in users):
    menu.visitors_only("drafts:public_form")

Sections: ``MAIN`` (the main navigation, everyone who passes ``visible``), ``MANAGE``
(业务管理: officers' and organizations' work pages, in the main navigation after a separator and
on the workspace), ``USER`` (the user menu: messages, follows, profile), ``FOOTER`` (every
page's footer: accessibility statement, API documentation), ``WORKSPACE`` (only on the
workspace, beside the ``MANAGE`` entries: for entries whose check needs a query).

Menus are computed on every page, so keep ``visible`` cheap: ``authenticated``, ``staff`` and
``has_role``/``bureau`` (one query per request, shared with the views' own role checks) cost
nothing more; ``has_perm`` loads the user's permissions (two queries) and anything that reads
the database belongs in ``WORKSPACE``. ``visible(user)`` decides
who sees an entry; make it agree with the view's own check (the reachability test in
``portal/tests/test_menu_reachability.py`` opens every parameterless URL as each persona and fails
when a page that answers 200 is linked from no menu or workspace).

``core`` imports no domain app: the predicates below take the user only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

MAIN = "main"
MANAGE = "manage"
USER = "user"
FOOTER = "footer"
WORKSPACE = "workspace"
SECTIONS = (MAIN, MANAGE, USER, FOOTER, WORKSPACE)

Predicate = Callable[[object], bool]


def anyone(user) -> bool:
    return True


def authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def anonymous(user) -> bool:
    return not authenticated(user)


def bureau(user) -> bool:
    """City bureau staff and administrators."""
    return authenticated(user) and bool(getattr(user, "is_bureau", False))


def staff(user) -> bool:
    return authenticated(user) and bool(user.is_staff)


def has_perm(perm: str) -> Predicate:
    def check(user) -> bool:
        return authenticated(user) and user.has_perm(perm)

    check.__name__ = f"has_perm({perm})"
    return check


def has_role(*roles: str) -> Predicate:
    """Users holding one of the roles (keys as in accounts.roles.Role); superusers, who hold
    every permission, too."""
    keys = {str(r) for r in roles}

    def check(user) -> bool:
        if not authenticated(user):
            return False
        return user.is_superuser or bool(set(getattr(user, "role_keys", ())) & keys)

    check.__name__ = f"has_role({', '.join(sorted(keys))})"
    return check


def all_of(*predicates: Predicate) -> Predicate:
    def check(user) -> bool:
        return all(p(user) for p in predicates)

    return check


def any_of(*predicates: Predicate) -> Predicate:
    def check(user) -> bool:
        return any(p(user) for p in predicates)

    return check


@dataclass(frozen=True)
class Entry:
    """One menu link. ``url_name`` is reversed without arguments; ``active_prefix`` marks the
    entry as current for paths under it (defaults to its URL)."""

    label: str
    url_name: str
    section: str = MAIN
    visible: Predicate = anyone
    order: int = 100
    active_prefix: str = ""
    description: str = ""
    # The name of a context variable holding a count shown beside the label (unread messages).
    badge: str = ""

    def __post_init__(self):
        if self.section not in SECTIONS:
            raise ValueError(f"unknown menu section {self.section!r}")


@dataclass
class _Registry:
    entries: dict[str, Entry] = field(default_factory=dict)
    unlisted: dict[str, str] = field(default_factory=dict)
    visitors_only: set[str] = field(default_factory=set)


_registry = _Registry()


def register(*entries: Entry) -> None:
    """Add entries; registering the same URL name again replaces the entry (reloads are safe)."""
    for entry in entries:
        _registry.entries[entry.url_name] = entry
    _ordered.clear()


def unlisted(url_name: str, reason: str) -> None:
    """Declare a parameterless page that is deliberately in no menu (reached through a flow)."""
    if not reason:
        raise ValueError("say why the page is not in a menu")
    _registry.unlisted[url_name] = reason


def unlisted_names() -> dict[str, str]:
    return dict(_registry.unlisted)


def visitors_only(*url_names: str) -> None:
    """Declare pages meant for signed-out visitors (log in, register): they must be linked for
    anonymous visitors; a signed-in user who types their URL needs no link to them."""
    _registry.visitors_only.update(url_names)


def visitors_only_names() -> set[str]:
    return set(_registry.visitors_only)


_ordered: list[Entry] = []  # the entries in menu order, sorted again after a register()


def registered() -> list[Entry]:
    if not _ordered:
        _ordered.extend(sorted(_registry.entries.values(), key=lambda e: (e.order, e.label)))
    return list(_ordered)


def autodiscover(module: str = "menu") -> None:
    """Import ``<app>.<module>`` for every installed app that has one (called by
    CoreConfig.ready for ``menu`` and ``audit_labels``)."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{module}"
        if config.name != "core" and find_spec(name) is not None:
            import_module(name)


# Every page draws its menus: reversing some fifty names each time cost ~2 ms a page. The URL of
# a parameterless name changes only with the URLconf or the script prefix, which key the cache.
_urls: dict[tuple[object, str, str], str | None] = {}


def _url(name: str) -> str | None:
    key = (get_urlconf(), get_script_prefix(), name)
    try:
        return _urls[key]
    except KeyError:
        pass
    try:
        url = reverse(name)
    except NoReverseMatch:
        url = None
    _urls[key] = url
    return url


@receiver(setting_changed)
def _urlconf_changed(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _urls.clear()


def section_for(user, section: str) -> list[dict[str, str]]:
    """The entries of one section this user sees, as dicts for templates: label, url,
    active_prefix, description, badge."""
    result = []
    for entry in registered():
        if entry.section != section or not entry.visible(user):
            continue
        url = _url(entry.url_name)
        if url is None:  # the app's URLs are not installed
            continue
        result.append(
            {
                "label": entry.label,
                "url": url,
                "active_prefix": entry.active_prefix or url,
                "description": entry.description,
                "badge": entry.badge,
            }
        )
    return result


class Menus(Mapping):
    """A user's menus by section, each computed when a template first reads it."""

    def __init__(self, user):
        self._user = user
        self._cache: dict[str, list[dict[str, str]]] = {}

    def __getitem__(self, section: str) -> list[dict[str, str]]:
        if section not in SECTIONS:
            raise KeyError(section)
        if section not in self._cache:
            self._cache[section] = section_for(self._user, section)
        return self._cache[section]

    def __iter__(self) -> Iterator[str]:
        return iter(SECTIONS)

    def __len__(self) -> int:
        return len(SECTIONS)
