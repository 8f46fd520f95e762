from django.apps import AppConfig


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = "关注与提醒"

    def ready(self):
        from catalog.outbox import changes_indexed
        from follows.alerts import on_changes_indexed

        changes_indexed.connect(on_changes_indexed, dispatch_uid="follows.alerts")
