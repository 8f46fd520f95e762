"""The notifications' menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry(
        "消息",
        "notifications:inbox",
        section=menu.USER,
        visible=menu.authenticated,
        order=10,
        badge="unread_notifications",
    ),
)
# notifications:preferences is linked from the inbox and the profile.
