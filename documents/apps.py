from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "附件材料"

    def ready(self):
        from documents.hooks import register

        register()  # the workflow engine's attachments
