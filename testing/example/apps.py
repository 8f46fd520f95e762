from django.apps import AppConfig


class ExampleConfig(AppConfig):
    """A small process using every engine feature; installed only when TESTING."""

    name = "testing.example"
    label = "workflow_example"
    verbose_name = "流程示例（测试）"

    def ready(self):
        from testing.example import workflows  # noqa: F401  (registers the process)
