from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "消息通知"

    def ready(self):
        from notifications.hooks import register

        register()  # the workflow engine's inbox and task-done hooks
