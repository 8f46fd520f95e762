"""An application (申报) moving through the example process; test-only (no migrations: the test
database is created from the model)."""

from decimal import Decimal

from django.db import models

from core.models import TimeStampedModel


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self


class Application(TimeStampedModel):
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("项目名称", max_length=200, blank=True)
    budget = models.DecimalField("预算", max_digits=12, decimal_places=2, default=Decimal("0"))
    state = models.CharField("状态", max_length=20, default="draft")
    state_changed_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    publicity_ends = models.DateField("公示截止", null=True, blank=True)
    number = models.CharField("编号", max_length=40, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        app_label = "workflow_example"

    def __str__(self) -> str:
        return self.title or f"申报 {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/example/{self.pk}/"
