"""One POST handler for every process's buttons, and the context of the workflow panel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.workflow.definitions import Process, process_for
from core.workflow.errors import InvalidTransition, TransitionDenied
from core.workflow.selectors import available_actions, history
from core.workflow.services import transition


def workflow_panel(obj, user, process: Process | None = None) -> dict:
    """What `includes/workflow_panel.html` shows: state, deadline, this user's buttons, history."""
    proc = process or process_for(obj)
    state = proc.state(getattr(obj, proc.state_field))
    return {
        "process": proc,
        "state": state,
        "deadline": getattr(obj, proc.deadline_field) if proc.deadline_field else None,
        "actions": available_actions(obj, user, proc),
        "history": [
            (c, proc.state(c.to_state), getattr(proc.action(c.action), "label", c.action))
            for c in history(obj).filter(process=proc.key)
        ],
    }


def handle_transition(
    request: HttpRequest, obj, *, next_url: str, process: Process | None = None
) -> HttpResponse:
    """Run the posted action; success and refusals come back as messages on `next_url`."""
    proc = process or process_for(obj)
    action = request.POST.get("action", "")
    try:
        transition(
            obj=obj,
            action=action,
            actor=request.user,
            opinion=request.POST.get("opinion", ""),
            process=proc,
        )
    except TransitionDenied:
        raise PermissionDenied from None
    except InvalidTransition as error:
        messages.error(request, " ".join(error.messages))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        act = proc.action(action)
        messages.success(request, f"已{act.label}。")
    return redirect(next_url)
