"""Documents are served only here: after checking the user may see the parent record, or, for
visitors who are not signed in, under the explicit public-attachment rule (`documents.public`)."""

from django.contrib.auth.views import redirect_to_login

from documents.counters import count_download
from documents.public import document_response, public_document_get
from documents.selectors import document_get


def download(request, pk: int):
    public = False
    if request.user.is_authenticated:
        document = document_get(pk=pk, user=request.user)
    else:
        document = public_document_get(pk)
        if document is None:  # as before: sign in, then the scope check decides
            return redirect_to_login(request.get_full_path())
        public = True
    response = document_response(document)
    if public:
        count_download(document)
    return response


def attach_from_post(request, obj) -> None:
    """The shared body of a record's "upload an attachment" POST: validate the form, store the
    file for `obj` and say how it went in a message. The caller has checked the user may add to
    `obj` and redirects back to it."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    from documents.forms import DocumentForm
    from documents.services import document_attach

    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return
    try:
        document_attach(
            obj=obj,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "附件已上传。")
