"""Stage updates of provincial projects (省标进度确认): a drafting unit reports, the city bureau
confirms or returns.

draft ─submit (a member of the reporting unit)→ submitted ─confirm (city bureau; effect: the
project moves to the stage)→ confirmed; submitted ─return (with an opinion)→ returned (final: the
unit sends a new update).
"""

from __future__ import annotations

from accounts.roles import Role
from core.workflow import Action, Deadline, Process, Stage, State, Task, register
from directory.permissions import is_member
from provincial.choices import ProvincialStage, UpdateState, stage_index

CITY = frozenset({Role.CITY_OFFICER.value})


def by_reporting_unit(user, obj) -> bool:
    return obj.proposed_by_id == user.pk and is_member(user, obj.organization)


def still_ahead(obj) -> str | None:
    """The project must not have reached this stage meanwhile (another update confirmed)."""
    project = obj.project
    if stage_index(obj.stage) <= stage_index(project.stage):
        return f"项目已处于“{project.get_stage_display()}”阶段，本次报送已过时"
    return None


def apply_stage(obj, data, actor) -> list[str]:
    """Confirming moves the project to the reported stage, records its date and, on
    publication, the code (linked to the catalog record when it exists)."""
    from provincial.services import project_apply_stage

    project_apply_stage(update=obj, actor=actor)
    return []


def tell_reporter(obj, change):
    return [obj.proposed_by]


STAGE_UPDATE = register(
    Process(
        key="provincial_stage_update",
        label="省级地方标准进度确认",
        model="provincial.StageUpdate",
        states=(
            State(UpdateState.DRAFT.value, UpdateState.DRAFT.label, Stage.PROGRESS),
            State(
                UpdateState.SUBMITTED.value,
                UpdateState.SUBMITTED.label,
                Stage.WAITING,
                tasks=(Task("确认省标项目进度", role=Role.CITY_OFFICER.value, key="confirm"),),
                deadline=Deadline(5),
            ),
            State(UpdateState.CONFIRMED.value, UpdateState.CONFIRMED.label, Stage.DONE),
            State(UpdateState.RETURNED.value, UpdateState.RETURNED.label, Stage.REFUSED),
        ),
        actions=(
            Action(
                "submit",
                "提交",
                (UpdateState.DRAFT.value,),
                UpdateState.SUBMITTED.value,
                scope=by_reporting_unit,
            ),
            Action(
                "confirm",
                "确认",
                (UpdateState.SUBMITTED.value,),
                UpdateState.CONFIRMED.value,
                CITY,
                guards=(still_ahead,),
                effect=apply_stage,
                notify=tell_reporter,
            ),
            Action(
                "return",
                "退回",
                (UpdateState.SUBMITTED.value,),
                UpdateState.RETURNED.value,
                CITY,
                opinion_required=True,
                notify=tell_reporter,
                style="danger",
            ),
        ),
    )
)

__all__ = ["STAGE_UPDATE", "ProvincialStage"]
