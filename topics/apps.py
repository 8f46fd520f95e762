from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "重点产业专题"

    def ready(self):
        from catalog.outbox import changes_indexed
        from follows import followables
        from topics import excel  # noqa: F401 (registers the background export)
        from topics.refresh import on_changes_indexed
        from topics.selectors import topics_visible_to

        changes_indexed.connect(on_changes_indexed, dispatch_uid="topics.refresh")
        followables.register("topics.topic", noun="专题", visible=topics_visible_to)
