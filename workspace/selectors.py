"""What waits for a user, across every registered workflow process: read from work items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from core.compiled_queries import compiled_query
from core.models import WorkItem, assignment_keys
from core.workflow import processes
from core.workflow.definitions import Process, State

QUEUE_LIMIT = 200  # per user and section; a queue longer than this is a list page's job
NEAR_DAYS = 2
QUEUE_COLUMNS = ("id", "content_type_id", "object_id", "process", "state", "label", "due")


@dataclass
class QueueItem:
    obj: object
    state: State
    deadline: dt.date | None
    overdue: bool
    near: bool
    work_item: WorkItem | None = None


@dataclass
class Queue:
    process: Process
    counts: list[tuple[State, int]] = field(default_factory=list)
    items: list[QueueItem] = field(default_factory=list)


def _queue_rows(work_items):
    """The first QUEUE_LIMIT open items, deadlines first, with only the columns a queue line
    shows (the opinion, data and audit columns are the item pages' business: a third of the
    query's cost on a short queue)."""
    return work_items.only(*QUEUE_COLUMNS).order_by(F("due").asc(nulls_last=True), "id")[
        :QUEUE_LIMIT
    ]


@compiled_query(int, list[str], list[str])
def _own_queue_rows(user_id: int, roles: list[str], scopes: list[str]):
    """Every workspace's own queue: compiled once per process and number of roles and scopes."""
    return _queue_rows(WorkItem.objects.open().for_assignment(user_id, roles, scopes))


def _queues(work_items) -> list[Queue]:
    """Group open work items by process, with their records: one query for the items, one per
    kind of record (never one per item)."""
    if work_items.query.is_empty():  # known to be empty (`none()`): nothing to ask
        return []
    return _queues_of_rows(list(_queue_rows(work_items)))


def _queues_of_rows(rows: list[WorkItem]) -> list[Queue]:
    today = timezone.localdate()
    ids_by_type: dict[int, set[str]] = {}
    for row in rows:
        ids_by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    objects: dict[tuple[int, str], object] = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for pk, obj in _line_records(model).in_bulk(list(ids)).items():
            objects[(type_id, str(pk))] = obj
    by_process = {p.key: p for p in processes()}
    queues: dict[str, Queue] = {}
    seen: set[tuple[str, int, str]] = set()
    for row in rows:
        proc = by_process.get(row.process)
        obj = objects.get((row.content_type_id, row.object_id))
        key = (row.process, row.content_type_id, row.object_id)
        if proc is None or obj is None or key in seen:  # one line per record
            continue
        seen.add(key)
        queue = queues.setdefault(proc.key, Queue(process=proc))
        queue.items.append(
            QueueItem(
                obj=obj,
                state=proc.state(row.state),
                deadline=row.due,
                overdue=bool(row.due and row.due < today),
                near=bool(row.due and today <= row.due <= today + dt.timedelta(NEAR_DAYS)),
                work_item=row,
            )
        )
    for queue in queues.values():
        for state in queue.process.states:
            count = sum(1 for i in queue.items if i.state.key == state.key)
            if count:
                queue.counts.append((state, count))
    return list(queues.values())


def _line_records(model):
    """The records of one model as queue lines read them: with the relations their names show
    and, when the model declares `queue_line_fields`, only those columns (a project's line shows
    its title, not its texts)."""
    records = model._default_manager.order_by()
    relations = _line_relations(model)
    if relations:  # `select_related()` without names would follow every required relation
        records = records.select_related(*relations)
    fields = getattr(model, "queue_line_fields", None)
    return records.only(*fields) if fields is not None else records


def _line_relations(model) -> list[str]:
    """The relations a queue line reads with its record: the model's own `queue_line_related`
    when it declares one (the parents its name and URL show), else its required foreign keys:
    a record's name often shows its parents (an application is named by its policy and
    organization), which would otherwise cost two queries per line of the queue."""
    declared = getattr(model, "queue_line_related", None)
    if declared is not None:
        return list(declared)
    return [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]


def queues_for(user) -> list[Queue]:
    """待我办理: per process, the records whose open work items wait for this user, deadlines first."""
    keys = assignment_keys(user)
    return [] if keys is None else _queues_of_rows(_own_queue_rows(*keys))


def oversight_for(user) -> list[Queue]:
    """督办: open work items of others that this user's role oversees (the city over the counties)."""
    return _queues(WorkItem.objects.open().oversight_for(user))


def organization_score(user, organization):
    """The stored 标准化档案 score of the user's own organization, for the workspace card (one
    query; None before the nightly computation has reached it)."""
    if organization is None:
        return None
    from directory.selectors import organization_of
    from profiles.models import OrganizationScore

    if organization == organization_of(user):  # the own organization's score is always visible
        scores = _own_scores(organization.pk)
        return scores[0] if scores else None
    visible = OrganizationScore.objects.visible_to(user).values("pk")
    return _card_scores(organization.pk).filter(pk__in=visible).first()


def _card_scores(organization_id: int):
    from profiles.models import OrganizationScore

    # The card's figures, not the breakdown and categories (JSON decoded for nothing).
    return OrganizationScore.objects.filter(organization_id=organization_id).defer(
        "breakdown", "categories"
    )


@compiled_query(int)
def _own_scores(organization_id: int):
    """The enterprise's own score, read on every visit to its workspace: compiled once."""
    return _card_scores(organization_id)[:1]
