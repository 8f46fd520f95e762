"""Chinese names for third-party apps in the admin (their own AppConfigs name them in English)."""

from axes.apps import AppConfig as _AxesConfig
from django_tasks_db.apps import TasksAppConfig as _TasksConfig


class AxesConfig(_AxesConfig):
    verbose_name = "登录安全"


class TasksConfig(_TasksConfig):
    verbose_name = "后台任务"
