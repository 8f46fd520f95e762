"""Consultation's menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry("征求意见", "consultation:list", order=40, description="正在公开征求意见的标准草案"),
)
