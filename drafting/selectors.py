"""Reads of local standard projects, scoped to the user: the tracker, the role workspaces, the
查新 (duplicate search) and the project's draft and consultation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from catalog.search import similar as _similar  # the one 查新 function
from core.compiled_queries import compiled_query
from core.models import WorkItem, about_keys
from core.workflow import Stage, get_process
from drafting.choices import REVIEW_NOTICE_DAYS
from drafting.models import DraftingUnit, LocalStandardProject, Suggestion, own_q

COMMENT_PURPOSE = "征求意见稿"
APPROVAL_PURPOSE = "报批稿"


def active_states() -> list[str]:
    """The states where someone has to act (not a draft, not finished or refused), in order."""
    return [
        s.key
        for s in process().states
        if s.stage in (Stage.PROGRESS, Stage.WAITING) and s.key != "draft"
    ]


def process():
    return get_process("local_standard")


def projects_visible_to(user) -> QuerySet[LocalStandardProject]:
    return LocalStandardProject.objects.visible_to(user).select_related(
        "organization", "standard", "sponsor"
    )


def project_get(*, pk: int, user) -> LocalStandardProject | None:
    if user is None or not user.is_authenticated:
        rows = _public_project(pk)
        return rows[0] if rows else None
    # One row by its key: the list's ordering (three terms) would only be built for nothing.
    return projects_visible_to(user).filter(pk=pk).order_by("pk").first()


def units_of(project: LocalStandardProject) -> list:
    """The drafting units in their order."""
    return _units_of(project.pk)


def revisions_visible_to(project: LocalStandardProject, user) -> list[LocalStandardProject]:
    """The projects revising this one that the user may open: a revision's title is the bureau's
    and its drafters' until its plan is issued."""
    if user is None or not user.is_authenticated:
        return _public_revisions(project.pk)
    return list(LocalStandardProject.objects.visible_to(user).filter(previous=project))


# A visitor's project page (the tracker's and the standards' links) reads these: compiled once
# per process.
@compiled_query(int)
def _public_project(pk: int):
    return projects_visible_to(None).filter(pk=pk).order_by("pk")[:1]


@compiled_query(int)
def _units_of(project_id: int):
    # By position alone: the model's ordering starts with the project, which would join the
    # projects table to order rows that all share one.
    return DraftingUnit.objects.filter(project_id=project_id).order_by("position", "id")


@compiled_query(int)
def _public_revisions(project_id: int):
    return LocalStandardProject.objects.public().filter(previous_id=project_id)


def tracker(*, state: str = "", year: int | None = None, q: str = "") -> QuerySet:
    """公开进度: the projects whose plan is issued, newest plan first."""
    qs = LocalStandardProject.objects.public().select_related("standard", "organization")
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(plan_number__icontains=q) | Q(code__icontains=q))
    return qs.order_by("-year", "-plan_number")


def my_projects(user) -> list[tuple[LocalStandardProject, list[WorkItem]]]:
    """我的项目: projects the user sponsors or drafts, each with what it waits for."""
    projects = list(
        LocalStandardProject.objects.filter(own_q(user))
        .distinct()
        .select_related("standard", "organization")
        .order_by("-updated_at")
    )
    items = waiting_items([p.pk for p in projects])
    return [(p, items.get(p.pk, [])) for p in projects]


def waiting_items(ids) -> dict[int, list[WorkItem]]:
    ct = ContentType.objects.get_for_model(LocalStandardProject)
    out: dict[int, list[WorkItem]] = {}
    for item in (
        WorkItem.objects.open()
        .filter(content_type=ct, object_id__in=[str(i) for i in ids])
        .select_related("assignee")
        .order_by("opened_at", "id")
    ):
        out.setdefault(int(item.object_id), []).append(item)
    return out


@dataclass
class StageQueue:
    key: str
    label: str
    stage: str
    projects: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def overdue(self) -> int:
        return sum(1 for p in self.projects if p.overdue)


def bureau_queues() -> list[StageQueue]:
    """The bureau's queue per stage with counts, overdue first (earliest deadline first)."""
    proc = process()
    active = active_states()
    queues = {s: StageQueue(s, proc.state_label(s), proc.state(s).stage) for s in active}
    rows = LocalStandardProject.objects.filter(state__in=active).select_related("organization")
    for project in rows.order_by(F("deadline").asc(nulls_last=True), "id"):
        queues[project.state].projects.append(project)
    return [q for q in queues.values() if q.projects]


def overdue_projects():
    today = timezone.localdate()
    return LocalStandardProject.objects.filter(
        state__in=active_states(), deadline__lt=today
    ).order_by("deadline")


def reviews_due(today: dt.date | None = None):
    """Standards in force whose 复审 falls due within 90 days (or is past due)."""
    today = today or timezone.localdate()
    return (
        LocalStandardProject.objects.filter(
            state="in_force", review_due__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS)
        )
        .select_related("standard")
        .order_by("review_due")
    )


def state_counts() -> dict[str, int]:
    return dict(
        LocalStandardProject.objects.values_list("state").annotate(n=Count("id")).order_by()
    )


def suggestions_visible_to(user):
    return Suggestion.objects.visible_to(user).select_related("submitted_by", "answered_by")


def published_projects():
    """Published municipal standards (free full text), newest first."""
    return (
        LocalStandardProject.objects.filter(standard__isnull=False, standard__is_public=True)
        .select_related("standard")
        .order_by("-issue_date", "-id")
    )


# --- drafts and consultation ---------------------------------------------------------------


def comment_draft(obj):
    """The latest 征求意见稿 version with extracted text (DOCX), or None."""
    from drafts.selectors import latest_version

    version = latest_version(obj, COMMENT_PURPOSE)
    return version if version is not None and version.paragraphs else None


def publicity_notice(obj):
    """The project's 立项公示 (the latest notice about it), if any."""
    rows = _latest_notice(*about_keys(obj))
    return rows[0] if rows else None


def current_consultation(obj):
    rows = _latest_consultation(*about_keys(obj))
    return rows[0] if rows else None


@compiled_query(int, str)
def _latest_notice(content_type_id: int, object_id: str):
    from publicity.models import Notice

    return Notice.objects.filter(content_type_id=content_type_id, object_id=object_id).order_by(
        "-starts_on", "-id"
    )[:1]


@compiled_query(int, str)
def _latest_consultation(content_type_id: int, object_id: str):
    from consultation.models import Consultation

    return Consultation.objects.filter(
        content_type_id=content_type_id, object_id=object_id
    ).order_by("-opens_at", "-id")[:1]


# --- 查新 -------------------------------------------------------------------------------------


@dataclass
class SimilarProject:
    project: LocalStandardProject
    score: float
    matched: list[str]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_standards(text: str, *, limit: int = 8, user=None):
    """The catalog standards most like `text` (catalog.search.similar, the one 查新 function)."""
    return _similar.similar_standards(text, limit=limit, user=user, in_force_only=True)


def similar_projects(project: LocalStandardProject, *, limit: int = 8) -> list[SimilarProject]:
    """Current projects (not refused or cancelled, not this one) most like the project's title."""
    others = {
        p.pk: p
        for p in LocalStandardProject.objects.exclude(pk=project.pk)
        .exclude(state__in=("rejected", "cancelled", "replaced", "abolished"))
        .filter(standard__isnull=True)
    }
    ranked = _similar.rank_texts(project.title, [(pk, p.title) for pk, p in others.items()])
    return [SimilarProject(others[pk], s, m) for pk, s, m in ranked[:limit]]


def tracker_years() -> list[int]:
    return list(
        LocalStandardProject.objects.public()
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def public_history(project: LocalStandardProject) -> list[tuple]:
    """(date, action label, state) of every status change: what the public tracker shows."""
    proc = process()
    return [
        (
            change.at,
            getattr(proc.action(change.action), "label", change.action),
            proc.state(change.to_state),
        )
        for change in _public_changes(*about_keys(project), proc.key)
    ]


@compiled_query(int, str, str)
def _public_changes(content_type_id: int, object_id: str, process_key: str):
    from core.models import StatusChange

    # Date, action and state only: not the actor (no join) nor the opinions.
    return StatusChange.objects.filter(
        content_type_id=content_type_id, object_id=object_id, process=process_key
    ).only("at", "action", "to_state")


def draft_series(project: LocalStandardProject):
    from drafts.selectors import series_of

    return series_of(project).prefetch_related("versions")


def open_vote(project: LocalStandardProject, user):
    """The user's open technical-review vote on the project, if any."""
    if user is None or not user.is_authenticated:
        return None
    return (
        WorkItem.objects.open()
        .about(project)
        .filter(assignee=user, state="tech_review", panel__isnull=False)
        .first()
    )


def panel_items(project: LocalStandardProject, state: str):
    panel_ids = (
        WorkItem.objects.about(project)
        .filter(state=state, panel__isnull=False)
        .order_by("-panel_id")
        .values_list("panel_id", flat=True)[:1]
    )
    return (
        WorkItem.objects.filter(panel_id__in=list(panel_ids))
        .select_related("assignee")
        .order_by("id")
    )


@dataclass
class OpenDraft:
    project: LocalStandardProject
    consultation: object

    @property
    def days_left(self) -> int:
        closes = timezone.localtime(self.consultation.closes_at).date()
        return (closes - timezone.localdate()).days + 1


def open_for_comment() -> list[OpenDraft]:
    """Drafts of local standards open for public comment now, closing soonest first."""
    from consultation.models import Consultation

    ct = ContentType.objects.get_for_model(LocalStandardProject)
    consultations = list(
        Consultation.objects.open_now().filter(content_type=ct).order_by("closes_at", "id")
    )
    projects = LocalStandardProject.objects.in_bulk([int(c.object_id) for c in consultations])
    return [
        OpenDraft(projects[int(c.object_id)], c)
        for c in consultations
        if int(c.object_id) in projects
    ]
