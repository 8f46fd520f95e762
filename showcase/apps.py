from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "成果展示"

    def ready(self):
        from reference.models import IndustryClass, Region
        from showcase.forms import reference_choices_forget

        # A cache, not business logic: the filter's choices follow an edit of the reference data.
        for model in (Region, IndustryClass):
            post_save.connect(reference_choices_forget, sender=model, dispatch_uid=f"sc-{model}")
            post_delete.connect(reference_choices_forget, sender=model, dispatch_uid=f"sd-{model}")
