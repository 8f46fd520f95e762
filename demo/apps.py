from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`: real reference tables and standards, demo organizations and users."""

    name = "demo"
    verbose_name = "演示数据"
