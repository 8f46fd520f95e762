"""The one workflow engine: processes declared as data, one `transition` service for all of them.

A process (`Process`) lists its states (each in a stage group, with the work items opened on entry
and the default stage deadline), its actions (from-states → to-state, who may act, guards, form,
what must come with the action) and is registered once (`register`). `transition()` performs any
action; `available_actions()` tells pages and the API which buttons to show (with the reason a
button is disabled). Work items, panels, timers, stage deadlines and numbering: see
docs/workflow.md and CONTRIBUTING.md, "The workflow engine".
"""

from core.workflow.deadlines import deadline_extend, stage_deadline
from core.workflow.definitions import (
    Action,
    Deadline,
    Process,
    Stage,
    State,
    Task,
    get_process,
    process_for,
    processes,
    register,
)
from core.workflow.errors import ActionBlocked, InvalidTransition, TransitionDenied, WorkflowError
from core.workflow.forms import ActionForm
from core.workflow.hooks import register_hook
from core.workflow.numbering import format_standard_number, format_year_number, next_number
from core.workflow.selectors import AvailableAction, available_actions, history, time_in_stages
from core.workflow.services import start, transition
from core.workflow.workitems import (
    items_of,
    panel_completed,
    panel_open,
    panel_result,
    work_item_complete,
)

__all__ = [
    "Action",
    "ActionBlocked",
    "ActionForm",
    "AvailableAction",
    "Deadline",
    "InvalidTransition",
    "Process",
    "Stage",
    "State",
    "Task",
    "TransitionDenied",
    "WorkflowError",
    "available_actions",
    "deadline_extend",
    "format_standard_number",
    "format_year_number",
    "get_process",
    "history",
    "items_of",
    "next_number",
    "panel_completed",
    "panel_open",
    "panel_result",
    "process_for",
    "processes",
    "register",
    "register_hook",
    "stage_deadline",
    "start",
    "time_in_stages",
    "transition",
    "work_item_complete",
]
