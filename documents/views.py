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
