"""The one workflow engine: processes declared as data, one `transition` service for all of them.

A process (`Process`) lists its states (each in a stage group), its actions (from-states → to-state,
who may act, what must come with the action, the deadline of the next stage) and is registered once
(`register`). `transition()` performs any action; `available_actions()` tells pages and the API which
buttons to show. See CONTRIBUTING.md, "Checklist: adding a workflow step".
"""

from core.workflow.definitions import (
    Action,
    Deadline,
    Process,
    Stage,
    State,
    get_process,
    process_for,
    processes,
    register,
)
from core.workflow.errors import InvalidTransition, TransitionDenied, WorkflowError
from core.workflow.selectors import available_actions, history, time_in_stages
from core.workflow.services import transition

__all__ = [
    "Action",
    "Deadline",
    "InvalidTransition",
    "Process",
    "Stage",
    "State",
    "TransitionDenied",
    "WorkflowError",
    "available_actions",
    "get_process",
    "history",
    "process_for",
    "processes",
    "register",
    "time_in_stages",
    "transition",
]
