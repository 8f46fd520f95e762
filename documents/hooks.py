"""What documents give the workflow engine (registered in `DocumentsConfig.ready`): the kinds
attached to a record, a kind's label, and attaching an upload to a record (checked by content)."""

from core.workflow import hooks
from documents.choices import DocumentKind
from documents.selectors import document_kinds_of
from documents.services import document_attach


def _label(kind: str) -> str:
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return kind


def register() -> None:
    hooks.register_hook("document_kinds", document_kinds_of)
    hooks.register_hook("document_label", _label)
    hooks.register_hook("attach", document_attach)
