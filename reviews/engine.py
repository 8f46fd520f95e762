"""The one seam between reviews and the workflow engine's panels (会签).

A record whose model declares `review_panel_rule` ("all", "majority" or "chair") and is moved by a
registered process has its expert reviews run as an engine panel of its current stage:

- `assigned`: opens the stage's panel with one work item per expert (user = the expert, due date =
  the reviews' due date), so the expert's queue and the stage's completion rule come from the
  engine (guard `panel_completed`); a second assignment in the same stage is refused while the
  panel is open;
- `submitted`: completes the expert's work item with outcome = the vote (通过 / 修改后通过 →
  approve, 不通过 → reject) and data = the scores (criterion id → points), the total and the vote.

Records whose model does not opt in keep plain `Review` rows (nothing happens here).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from core.models import WorkItem
from core.workflow import panel_open, process_for, work_item_complete
from reviews.choices import Vote
from reviews.models import Review

REJECTING_VOTES = {Vote.FAIL.value}


def _rule(obj: models.Model) -> str | None:
    return getattr(type(obj), "review_panel_rule", None)


def assigned(*, object: models.Model, reviews: Sequence[Review], actor) -> None:
    """Called in the assignment's transaction, after the rows exist."""
    rule = _rule(object)
    if rule is None or not reviews:
        return
    proc = process_for(object)
    state = type(object)._default_manager.values_list(proc.state_field, flat=True).get(pk=object.pk)
    panel_open(
        obj=object,
        state=state,
        members=[r.expert for r in reviews],
        rule=rule,
        due=reviews[0].due,
        actor=actor,
        label="专家评审",
        process=proc,
    )


def submitted(*, review: Review, actor) -> None:
    """Called in the submission's transaction, after the review is saved."""
    subject = review.subject
    if subject is None or _rule(subject) is None:
        return
    item = (
        WorkItem.objects.open()
        .about(subject)
        .filter(assignee=review.expert, panel__isnull=False)
        .order_by("-id")
        .first()
    )
    if item is None:
        return
    work_item_complete(
        item=item,
        actor=actor,
        outcome="reject" if review.vote in REJECTING_VOTES else "approve",
        data={"scores": review.scores, "total": review.total, "vote": review.vote},
        opinion=review.opinion,
    )
