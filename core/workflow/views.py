"""One POST handler for every process's buttons, and the context of the workflow panel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from core.workflow import hooks
from core.workflow.deadlines import deadline_extend, may_extend
from core.workflow.definitions import Process, process_for
from core.workflow.errors import TransitionDenied
from core.workflow.forms import action_form
from core.workflow.selectors import available_actions, history
from core.workflow.services import transition


def _refill_key(obj) -> str:
    return f"workflow-refill:{obj._meta.label_lower}:{obj.pk}"


def _keep_for_refill(request: HttpRequest, obj, act) -> None:
    """What was posted with a refused action, so the page shows it again with its errors."""
    if act is None or not hasattr(request, "session"):
        return
    prefix = f"{act.key}-"
    request.session[_refill_key(obj)] = {
        "action": act.key,
        "opinion": request.POST.get("opinion", "")[:2000],
        "post": {k: request.POST.getlist(k) for k in request.POST if k.startswith(prefix)},
    }


def _refill(request: HttpRequest | None, obj) -> dict:
    if request is None or not hasattr(request, "session"):
        return {}
    return request.session.pop(_refill_key(obj), None) or {}


def workflow_panel(obj, user, process: Process | None = None, *, request=None) -> dict:
    """What `includes/workflow_panel.html` shows: state, deadline, this user's buttons (each with
    the reason it is disabled), the forms of actions that declare one, history. Given the
    request, an action refused a moment ago comes back with what was typed and its errors."""
    proc = process or process_for(obj)
    state = proc.state(getattr(obj, proc.state_field))
    actions = available_actions(obj, user, proc)
    refill = _refill(request, obj)

    def form_of(a):
        if refill.get("action") == a.key:
            data = QueryDict(mutable=True)
            for name, values in refill.get("post", {}).items():
                data.setlist(name, values)
            return action_form(a, obj, prefix=a.key, data=data)
        return action_form(a, obj, prefix=a.key)

    return {
        "process": proc,
        "state": state,
        "deadline": getattr(obj, proc.deadline_field) if proc.deadline_field else None,
        "actions": [a for a in actions if a.form is None],
        "form_actions": [(a, form_of(a)) for a in actions if a.form is not None],
        "refill_action": refill.get("action", ""),
        "refill_opinion": refill.get("opinion", ""),
        "may_extend": may_extend(proc, obj, user),
        "history": [
            (c, proc.state(c.to_state), getattr(proc.action(c.action), "label", c.action))
            for c in history(obj).filter(process=proc.key)
        ],
    }


def _posted_data(request: HttpRequest, act, obj) -> dict:
    """The action form's fields from the POST (prefixed by the action key), unprefixed."""
    if act is None or act.form is None:
        return {}
    data = {}
    for name in action_form(act, obj).fields:
        values = request.POST.getlist(f"{act.key}-{name}")
        if values:
            data[name] = values if len(values) > 1 else values[0]
    return data


def handle_transition(
    request: HttpRequest, obj, *, next_url: str, process: Process | None = None
) -> HttpResponse:
    """Run the posted action with its opinion, form data and uploaded attachments (through the
    documents app's `attach` hook, in the same transaction); success and refusals come back as
    messages on `next_url`."""
    proc = process or process_for(obj)
    action = request.POST.get("action", "")
    act = proc.action(action)
    attachments: list = []
    try:
        with transaction.atomic():
            kind = request.POST.get("attachment_kind") or "other"
            for upload in request.FILES.getlist("attachments"):
                attachments.append(
                    hooks.attach(obj=obj, upload=upload, kind=kind, actor=request.user)
                )
            transition(
                obj=obj,
                action=action,
                actor=request.user,
                opinion=request.POST.get("opinion", ""),
                attachments=attachments,
                data=_posted_data(request, act, obj),
                process=proc,
            )
    except BaseException as error:
        for document in attachments:  # their rows were rolled back: no file without its row
            stored = getattr(document, "file", None)
            if stored:
                stored.delete(save=False)
        if isinstance(error, TransitionDenied):
            raise PermissionDenied from None
        if isinstance(error, ValidationError):  # InvalidTransition, ActionBlocked, form errors
            _keep_for_refill(request, obj, act)
            messages.error(request, "；".join(error.messages))
            return redirect(next_url)
        raise
    messages.success(request, f"已{act.label}。")
    return redirect(next_url)


def handle_deadline_extend(
    request: HttpRequest, obj, *, next_url: str, process: Process | None = None
) -> HttpResponse:
    """POST `days` and `reason` (the panel shows the form when the page passes `extend_url`)."""
    proc = process or process_for(obj)
    try:
        days = int(request.POST.get("days", ""))
    except ValueError:
        days = 0
    try:
        due = deadline_extend(
            obj=obj,
            days=days,
            reason=request.POST.get("reason", ""),
            actor=request.user,
            process=proc,
        )
    except TransitionDenied:
        raise PermissionDenied from None
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"办理期限已延长至{due:%Y年%m月%d日}。")
    return redirect(next_url)
